package missingttl

import (
	"math"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// A put that leaves out its TTL only where the code itself tested that the
// lifetime asked for is infinite (`ttl === Infinity`, `!Number.isFinite(ttl)`)
// keeps that entry forever on purpose: the caller asked for it, in the
// code's own words. A TTL that is also undefined on any other path (an
// option left out, a falsy TTL, `let ttl;`) is still none there.

// forever reports whether a put without a TTL (on some path) lacks it only
// on paths where a test has established that the lifetime is infinite: the
// put lies in such a branch, or each of its TTL options is undefined only
// in one.
func forever(m *kvmodel.Model, op *kvmodel.Op) bool {
	if inInfiniteArm(m, op.Parents, len(op.Parents)) {
		return true
	}
	if m.TTLOf(op) != kvmodel.TTLSomePaths {
		return false
	}
	f := &finite{m: m, fn: op.Fn}
	named := false
	for _, name := range ttlNames {
		o, ok := m.Option(op, name)
		if !ok {
			continue
		}
		named = true
		if !f.definedUnlessInfinite(o.Value, 0) {
			return false
		}
	}
	return named && f.sawInfinite
}

// inInfiniteArm reports whether the node below parents[:n] lies in the arm
// of an if or a conditional that a test proves infinite.
func inInfiniteArm(m *kvmodel.Model, parents []any, n int) bool {
	for i := n - 2; i >= 0; i-- {
		child := parents[i+1]
		switch p := parents[i].(type) {
		case *js_ast.Stmt:
			if s, ok := p.Data.(*js_ast.SIf); ok {
				if arm := infiniteArm(m, s.Test); arm == 1 && child == any(&s.Yes) || arm == 0 && child == any(&s.NoOrNil) {
					return true
				}
			}
		case *js_ast.Expr:
			if x, ok := p.Data.(*js_ast.EIf); ok {
				if arm := infiniteArm(m, x.Test); arm == 1 && child == any(&x.Yes) || arm == 0 && child == any(&x.No) {
					return true
				}
			}
		case *js_ast.Fn:
			return false
		}
	}
	return false
}

// finite checks that a value is defined on every path but those a test
// proves infinite.
type finite struct {
	m           *kvmodel.Model
	fn          *kvmodel.Func
	sawInfinite bool // some undefined was left out for being in an infinite arm
}

func (f *finite) defined(e js_ast.Expr) bool {
	v := f.m.Eval(e)
	return v.Kind != kvmodel.Undefined && v.Kind != kvmodel.Null && !v.MayUndef
}

// definedUnlessInfinite reports whether e is defined except where a test
// proves the lifetime infinite: a conditional whose other arms are
// defined, or a local variable each of whose writes is.
func (f *finite) definedUnlessInfinite(e js_ast.Expr, depth int) bool {
	if f.defined(e) {
		return true
	}
	if depth > 4 {
		return false
	}
	switch x := e.Data.(type) {
	case *js_ast.EIf:
		arm := infiniteArm(f.m, x.Test)
		yes := arm == 1 || f.definedUnlessInfinite(x.Yes, depth+1)
		no := arm == 0 || f.definedUnlessInfinite(x.No, depth+1)
		if arm >= 0 && yes && no {
			f.sawInfinite = true
		}
		return yes && no
	case *js_ast.EIdentifier:
		return f.writesDefined(x.Ref, depth)
	}
	return false
}

// writesDefined reports whether every value a local variable of the put's
// function is given (its initializer, each assignment) is defined, or lies
// in an infinite arm. A parameter, or a variable declared without a value,
// may be undefined.
func (f *finite) writesDefined(ref ast.Ref, depth int) bool {
	if f.fn == nil {
		return false
	}
	ws := writesOf(f.m, f.fn)[f.m.File.Resolve(ref)]
	declared := false
	for _, w := range ws {
		switch {
		case w.decl:
			declared = true
			if w.value.Data == nil || !f.definedUnlessInfinite(w.value, depth+1) {
				return false
			}
		case w.infinite:
			f.sawInfinite = true
		case !w.plain, !f.definedUnlessInfinite(w.value, depth+1):
			return false
		}
	}
	return declared
}

// varWrite is a value a variable is given: its declaration, or an
// assignment (plain `=`, in an infinite arm or not).
type varWrite struct {
	value    js_ast.Expr
	decl     bool
	plain    bool
	infinite bool
}

type writesKey struct{ fn *kvmodel.Func }

// writesOf indexes the writes of every variable in a function, in one walk
// per function however many puts ask.
func writesOf(m *kvmodel.Model, fn *kvmodel.Func) map[ast.Ref][]varWrite {
	return m.Prog.Memo(writesKey{fn}, func() any {
		out := map[ast.Ref][]varWrite{}
		var stack []any
		visit := func(n any) bool {
			switch x := n.(type) {
			case *js_ast.Stmt:
				if l, ok := x.Data.(*js_ast.SLocal); ok {
					for _, d := range l.Decls {
						if b, ok := d.Binding.Data.(*js_ast.BIdentifier); ok {
							ref := m.File.Resolve(b.Ref)
							out[ref] = append(out[ref], varWrite{value: d.ValueOrNil, decl: true})
						}
					}
				}
			case *js_ast.Expr:
				if b, ok := x.Data.(*js_ast.EBinary); ok && b.Op >= js_ast.BinOpAssign {
					if id, ok := b.Left.Data.(*js_ast.EIdentifier); ok {
						ref := m.File.Resolve(id.Ref)
						out[ref] = append(out[ref], varWrite{
							value: b.Right, plain: b.Op == js_ast.BinOpAssign,
							infinite: inInfiniteArm(m, append(stack, n), len(stack)+1),
						})
					}
				}
			}
			return true
		}
		parser.WalkStmts(parser.StackInspector{Stack: &stack, F: visit}, fn.Body())
		return out
	}).(map[ast.Ref][]varWrite)
}

// infiniteArm tells which arm of a test holds an infinite lifetime: 1 the
// "yes" arm (`t === Infinity`, `!Number.isFinite(t)`), 0 the "no" arm
// (`t !== Infinity`, `isFinite(t)`), -1 neither (any other test, or one
// that mixes in other conditions).
func infiniteArm(m *kvmodel.Model, test js_ast.Expr) int {
	switch x := test.Data.(type) {
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpNot {
			if arm := infiniteArm(m, x.Value); arm >= 0 {
				return 1 - arm
			}
		}
	case *js_ast.EBinary:
		if !isInfinity(m, x.Left) && !isInfinity(m, x.Right) {
			return -1
		}
		switch x.Op {
		case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
			return 1
		case js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
			return 0
		}
	case *js_ast.ECall:
		if len(x.Args) == 1 && isFiniteFunc(m, x.Target) {
			return 0
		}
	}
	return -1
}

// isInfinity reports whether e is Infinity (the global, Number.POSITIVE_INFINITY,
// or a constant holding it).
func isInfinity(m *kvmodel.Model, e js_ast.Expr) bool {
	switch x := m.Resolve(e).Data.(type) {
	case *js_ast.ENumber:
		return math.IsInf(x.Value, 1)
	case *js_ast.EIdentifier:
		if s := m.File.Symbol(x.Ref); s.Kind == ast.SymbolUnbound && s.OriginalName == "Infinity" {
			return true
		}
	case *js_ast.EDot:
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && x.Name == "POSITIVE_INFINITY" {
			s := m.File.Symbol(id.Ref)
			return s.Kind == ast.SymbolUnbound && s.OriginalName == "Number"
		}
	}
	v := m.Eval(e)
	return v.Kind == kvmodel.Number && math.IsInf(v.Num, 1)
}

// isFiniteFunc reports whether e is the global isFinite or Number.isFinite.
func isFiniteFunc(m *kvmodel.Model, e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		s := m.File.Symbol(x.Ref)
		return s.Kind == ast.SymbolUnbound && s.OriginalName == "isFinite"
	case *js_ast.EDot:
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && x.Name == "isFinite" {
			s := m.File.Symbol(id.Ref)
			return s.Kind == ast.SymbolUnbound && s.OriginalName == "Number"
		}
	}
	return false
}
