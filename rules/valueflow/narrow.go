package valueflow

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// narrow refines the state c.st for the code that runs when test has the
// outcome truth: `x < 60` bounds x, `!x` and `x === undefined` tell
// whether x is undefined, && and || combine.
func (fl *File) narrow(test js_ast.Expr, truth bool, c *Ctx) {
	switch x := test.Data.(type) {
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpNot {
			fl.narrow(x.Value, !truth, c)
		}
	case *js_ast.EIdentifier, *js_ast.EDot:
		v, ok := fl.currentOf(test, c)
		if !ok {
			return
		}
		if truth {
			if v.Kind == Undefined || v.Kind == Null {
				c.st.dead = true
				return
			}
			fl.store(test, v.defined().excluding(0), c) // a 0 is falsy
		} else if v.Kind == Unknown && !v.HasLo && !v.HasHi || v.MayUndef {
			// Falsy: taken as nothing (x || fallback is the fallback; a
			// 0 is not told apart).
			fl.store(test, Value{Kind: Undefined}, c)
		}
	case *js_ast.EBinary:
		switch x.Op {
		case js_ast.BinOpLogicalAnd, js_ast.BinOpLogicalOr:
			and := x.Op == js_ast.BinOpLogicalAnd
			if truth == and {
				// Both sides have the outcome.
				fl.narrow(x.Left, truth, c)
				fl.narrow(x.Right, truth, c)
				return
			}
			// Either the left side decides, or the left side has the
			// other outcome and the right side decides: join the two.
			k1, k2 := c.st.child(), c.st.child()
			c1, c2 := *c, *c
			c1.st, c2.st = k1, k2
			fl.narrow(x.Left, truth, &c1)
			fl.narrow(x.Left, !truth, &c2)
			fl.narrow(x.Right, truth, &c2)
			c.st.merge(k1, k2)
		case js_ast.BinOpLt, js_ast.BinOpLe, js_ast.BinOpGt, js_ast.BinOpGe:
			fl.narrowCompare(x.Op, x.Left, x.Right, truth, c)
			fl.narrowCompare(flip(x.Op), x.Right, x.Left, truth, c)
		case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq, js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
			eq := x.Op == js_ast.BinOpStrictEq || x.Op == js_ast.BinOpLooseEq
			fl.narrowEq(x.Left, x.Right, eq == truth, c)
			fl.narrowEq(x.Right, x.Left, eq == truth, c)
		}
	}
}

// current is a variable's value in the walk state (or, for one the state
// does not hold yet, from the host).
func (fl *File) current(ref ast.Ref, c *Ctx) (Value, bool) {
	if v, ok := c.st.lookup(ref); ok {
		return v, true
	}
	if c.Deep() {
		return Value{}, false
	}
	return fl.host.Symbol(ref, c.Outer()), true
}

// currentOf is the current value of a variable or of a property of one
// (o.p).
func (fl *File) currentOf(e js_ast.Expr, c *Ctx) (Value, bool) {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		return fl.current(fl.f.Resolve(x.Ref), c)
	case *js_ast.EDot:
		if !isPath(x.Target) {
			return Value{}, false
		}
		sc := *c
		sc.st, sc.scratch = c.st.child(), true
		return fl.eval(e, &sc), true
	}
	return Value{}, false
}

// isPath reports whether a narrowing can store into e: a variable, a field
// of this, or a property of either.
func isPath(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier, *js_ast.EThis:
		return true
	case *js_ast.EDot:
		_, ok := x.Target.Data.(*js_ast.EThis)
		return ok
	}
	return false
}

// thisRefs interns the names of this's fields as refs of the walk state
// (in no source: SourceIndex is never a file's).
var (
	thisRefs     sync.Map // string -> uint32
	thisNames    sync.Map // uint32 -> string
	thisRefCount atomic.Uint32
)

// thisRef is the walk-state ref of this.name.
func thisRef(name string) ast.Ref {
	if i, ok := thisRefs.Load(name); ok {
		return ast.Ref{SourceIndex: math.MaxUint32, InnerIndex: i.(uint32)}
	}
	n := thisRefCount.Add(1)
	i, loaded := thisRefs.LoadOrStore(name, n)
	if !loaded {
		thisNames.Store(n, name)
	}
	return ast.Ref{SourceIndex: math.MaxUint32, InnerIndex: i.(uint32)}
}

func thisName(ref ast.Ref) string {
	n, _ := thisNames.Load(ref.InnerIndex)
	name, _ := n.(string)
	return name
}

// trackThis makes the walk state hold this.name (from the host) at the
// root, as track does for a variable.
func (fl *File) trackThis(this js_ast.Expr, name string, c *Ctx) {
	ref := thisRef(name)
	if _, ok := c.st.lookup(ref); ok || c.Deep() {
		return
	}
	v := fl.member(this, name, &Ctx{depth: c.depth, holding: c.holding, fl: fl})
	c.st.root().set(ref, v)
}

// recordThisExit keeps the fields of this a unit's walk holds at its end.
func (fl *File) recordThisExit(fn any, c *Ctx) {
	var out map[string]Value
	seen := map[ast.Ref]bool{}
	for t := c.st; t != nil; t = t.parent {
		for ref, v := range t.vars {
			if ref.SourceIndex != math.MaxUint32 || seen[ref] {
				continue
			}
			seen[ref] = true
			if out == nil {
				out = map[string]Value{}
			}
			out[thisName(ref)] = v
		}
	}
	if out != nil {
		if c.u.thisExit == nil {
			c.u.thisExit = map[any]map[string]Value{}
		}
		c.u.thisExit[fn] = out
	}
}

// track makes the walk state hold the value a variable the walk has not
// assigned has from the host (a module constant, a variable of an outer
// function), at the root, where the walk started: a narrowing on one
// branch then joins with that value on the others, not with unknown.
func (fl *File) track(ref ast.Ref, c *Ctx) {
	if _, ok := c.st.lookup(ref); ok || c.Deep() {
		return
	}
	c.st.root().set(ref, fl.host.Symbol(ref, c.Outer()))
}

// store sets a variable, or a property of one, to a narrowed value.
func (fl *File) store(e js_ast.Expr, v Value, c *Ctx) {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		ref := fl.f.Resolve(x.Ref)
		fl.track(ref, c)
		c.st.set(ref, v)
	case *js_ast.EDot:
		switch t := x.Target.Data.(type) {
		case *js_ast.EIdentifier:
			ref := fl.f.Resolve(t.Ref)
			fl.track(ref, c)
			if o, _ := fl.current(ref, c); o.Kind == Undefined || o.Kind == Null {
				return
			}
			fl.setMember(x.Target, x.Name, v, c)
		case *js_ast.EThis:
			fl.trackThis(x.Target, x.Name, c)
			c.st.set(thisRef(x.Name), v)
		case *js_ast.EDot:
			if _, ok := t.Target.Data.(*js_ast.EThis); ok {
				fl.trackThis(t.Target, t.Name, c)
				if o, _ := c.st.lookup(thisRef(t.Name)); o.Kind == Undefined || o.Kind == Null {
					return
				}
				fl.setMember(x.Target, x.Name, v, c)
			}
		}
	}
}

func flip(op js_ast.OpCode) js_ast.OpCode {
	switch op {
	case js_ast.BinOpLt:
		return js_ast.BinOpGt
	case js_ast.BinOpLe:
		return js_ast.BinOpGe
	case js_ast.BinOpGt:
		return js_ast.BinOpLt
	}
	return js_ast.BinOpLe
}

// narrowEq refines x for `x === other` (eq) or its negation.
func (fl *File) narrowEq(lhs, rhs js_ast.Expr, eq bool, c *Ctx) {
	var ref ast.Ref
	undefCheck := false
	switch l := lhs.Data.(type) {
	case *js_ast.EIdentifier:
		ref = fl.f.Resolve(l.Ref)
		switch r := rhs.Data.(type) {
		case *js_ast.EUndefined, *js_ast.ENull:
			undefCheck = true
		case *js_ast.EUnary:
			undefCheck = r.Op == js_ast.UnOpVoid
		}
	case *js_ast.EUnary:
		// typeof x === "undefined" / "number"
		id, ok := l.Value.Data.(*js_ast.EIdentifier)
		s, isStr := rhs.Data.(*js_ast.EString)
		if l.Op != js_ast.UnOpTypeof || !ok || !isStr {
			return
		}
		ref = fl.f.Resolve(id.Ref)
		switch {
		case helpers.UTF16ToString(s.Value) == "undefined":
			undefCheck = true
		case eq:
			if v, ok := fl.current(ref, c); ok {
				fl.track(ref, c)
				c.st.set(ref, v.defined())
			}
			return
		default:
			return
		}
	default:
		return
	}
	v, ok := fl.current(ref, c)
	if !ok {
		return
	}
	fl.track(ref, c)
	if undefCheck {
		if eq {
			if v.Kind != Undefined && v.Kind != Null && !v.MayUndef && v.Kind != Unknown {
				c.st.dead = true
				return
			}
			c.st.set(ref, Value{Kind: Undefined})
		} else {
			if v.Kind == Undefined {
				c.st.dead = true
				return
			}
			c.st.set(ref, v.defined())
		}
		return
	}
	if n, isNum := rhs.Data.(*js_ast.ENumber); isNum {
		switch {
		case eq:
			nv := num(n.Value)
			nv.Src = v.Src
			c.st.set(ref, nv)
		case v.HasSome && v.Some == n.Value:
			c.st.set(ref, v.excluding(n.Value)) // ttl !== 0: not the fallback 0
		}
	}
}

// narrowCompare refines the variable in lhs (scale·x + offset) from
// `lhs op rhs` having the outcome truth.
func (fl *File) narrowCompare(op js_ast.OpCode, lhs, rhs js_ast.Expr, truth bool, c *Ctx) {
	target, scale, offset, ok := fl.linear(lhs, c, 0)
	if !ok || scale == 0 {
		return
	}
	// Evaluate the bound in a scratch state: its effects happened already.
	sc := *c
	sc.st, sc.scratch = c.st.child(), true
	bound := fl.eval(rhs, &sc)
	if !truth {
		// !(a < b) is a >= b.
		switch op {
		case js_ast.BinOpLt:
			op = js_ast.BinOpGe
		case js_ast.BinOpLe:
			op = js_ast.BinOpGt
		case js_ast.BinOpGt:
			op = js_ast.BinOpLe
		case js_ast.BinOpGe:
			op = js_ast.BinOpLt
		}
	}
	// x op' (bound - offset) / scale
	b := arith(js_ast.BinOpSub, bound, num(offset))
	b = arith(js_ast.BinOpDiv, b, num(scale))
	if scale < 0 {
		op = flip(op)
	}
	lower := op == js_ast.BinOpGt || op == js_ast.BinOpGe
	strict := op == js_ast.BinOpGt || op == js_ast.BinOpLt
	v, ok := fl.currentOf(target, c)
	if !ok {
		return
	}
	nv, feasible := constrain(v, b, lower, strict)
	if !feasible {
		c.st.dead = true
		return
	}
	if nv == v {
		return
	}
	fl.store(target, nv, c)
}

// constrain bounds v from below (lower) or above by b.
func constrain(v, b Value, lower, strict bool) (Value, bool) {
	if b.Kind == Time && b.Rel {
		off := b.Lo
		has := b.HasLo
		if !lower {
			off, has = b.Hi, b.HasHi
		}
		if !has {
			return v, true
		}
		switch {
		case v.Kind == Time && v.Rel && near(v.Scale, b.Scale):
		case v.Kind == Unknown || v.Kind == Time && !v.Rel:
			v = Value{Kind: Time, Scale: b.Scale, Rel: true, Src: v.Src, Param: v.Param}
		default:
			return v, true
		}
		if lower && (!v.HasLo || off > v.Lo) {
			v.Lo, v.HasLo = off, true
		}
		if !lower && (!v.HasHi || off < v.Hi) {
			v.Hi, v.HasHi = off, true
		}
		return v, true
	}
	n, ok := b.toNumber()
	if !ok || v.Kind == Time || math.IsNaN(n) {
		return v, true
	}
	if strict && n == math.Trunc(n) {
		// Counts of seconds are whole numbers: x > 59 is x >= 60.
		if lower {
			n++
		} else {
			n--
		}
	}
	switch v.Kind {
	case Number:
		if lower {
			if v.hi() < n {
				return v, false
			}
			if v.Num < n {
				v.Num, v.Lo = n, n
			}
		} else {
			if v.Num > n {
				return v, false
			}
			if v.hi() > n {
				v.Hi = n
			}
		}
		return v, true
	case Unknown:
		v.MayUndef = false
		if lower && (!v.HasLo || n > v.Lo) {
			v.Lo, v.HasLo = n, true
		}
		if !lower && (!v.HasHi || n < v.Hi) {
			v.Hi, v.HasHi = n, true
		}
		if v.HasSome && (v.HasLo && v.Some < v.Lo || v.HasHi && v.Some > v.Hi) {
			v.HasSome = false
		}
	}
	return v, true
}

// linear matches e against scale·x + offset for one variable x, through
// + - * / by constants and Math.floor/ceil/round/trunc.
func (fl *File) linear(e js_ast.Expr, c *Ctx, depth int) (target js_ast.Expr, scale, offset float64, ok bool) {
	if depth > 8 {
		return target, 0, 0, false
	}
	constant := func(e js_ast.Expr) (float64, bool) {
		switch x := e.Data.(type) {
		case *js_ast.ENumber:
			return x.Value, true
		case *js_ast.EIdentifier, *js_ast.EImportIdentifier, *js_ast.EBinary, *js_ast.EDot:
			sc := *c
			sc.st, sc.scratch = c.st.child(), true
			v := fl.eval(e, &sc)
			if v.Kind == Number && v.hi() == v.Num {
				return v.Num, true
			}
		}
		return 0, false
	}
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		return e, 1, 0, true
	case *js_ast.EDot:
		if isPath(x.Target) {
			return e, 1, 0, true
		}
	case *js_ast.ECall:
		if d, isDot := x.Target.Data.(*js_ast.EDot); isDot && len(x.Args) == 1 && fl.isGlobal(d.Target, "Math") {
			switch d.Name {
			case "floor", "ceil", "round", "trunc":
				return fl.linear(x.Args[0], c, depth+1)
			}
		}
		if id, isID := x.Target.Data.(*js_ast.EIdentifier); isID && len(x.Args) == 1 {
			if s := fl.f.Symbol(id.Ref); s.Kind == ast.SymbolUnbound && (s.OriginalName == "Number" || s.OriginalName == "parseInt") {
				return fl.linear(x.Args[0], c, depth+1)
			}
		}
	case *js_ast.EBinary:
		if k, isConst := constant(x.Right); isConst {
			r, a, b, ok := fl.linear(x.Left, c, depth+1)
			if !ok {
				break
			}
			switch x.Op {
			case js_ast.BinOpAdd:
				return r, a, b + k, true
			case js_ast.BinOpSub:
				return r, a, b - k, true
			case js_ast.BinOpMul:
				return r, a * k, b * k, true
			case js_ast.BinOpDiv:
				if k != 0 {
					return r, a / k, b / k, true
				}
			}
		} else if k, isConst := constant(x.Left); isConst && (x.Op == js_ast.BinOpAdd || x.Op == js_ast.BinOpMul) {
			r, a, b, ok := fl.linear(x.Right, c, depth+1)
			if ok {
				if x.Op == js_ast.BinOpAdd {
					return r, a, b + k, true
				}
				return r, a * k, b * k, true
			}
		}
	}
	return target, 0, 0, false
}
