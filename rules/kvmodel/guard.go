package kvmodel

import (
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Guards: is a write decided by what a read returned? Check-then-set rules
// ask it of a read and a later write of the same key.

// Decides reports whether the write (a node with its enclosing nodes, in
// the read's function) runs only when a condition on the read's value
// holds: it lies in a branch of an if, a conditional expression or the
// right side of &&, || or ?? whose test depends on the read, or it follows
// an early exit (`if (!token) return ...`, `if (seen) throw ...`) whose
// test does. The test that decides is returned.
func (m *Model) Decides(read *Op, write js_ast.Expr, writeParents []any) (js_ast.Expr, bool) {
	return m.ReadValue(read).Decides(write, writeParents)
}

// ReadValue is what a function does with one read's value: the variables
// that carry it are found once and answer the questions below.
type ReadValue struct {
	m      *Model
	read   *Op
	direct map[ast.Ref]bool // the variables the read is stored in
	full   map[ast.Ref]bool // and every variable computed from them (on need)
}

// ReadValue traces the value of a read through its function.
func (m *Model) ReadValue(read *Op) *ReadValue {
	return &ReadValue{m: m, read: read, direct: m.directVars(read)}
}

func (v *ReadValue) tainted() map[ast.Ref]bool {
	if v.full == nil {
		v.full = v.m.taint(v.read, nil)
	}
	return v.full
}

// directVars returns the variables a read's value is stored in: the
// variable or pattern it initializes, or the declaration whose value
// holds it (const grant = JSON.parse(await kv.get(k))).
func (m *Model) directVars(read *Op) map[ast.Ref]bool {
	out := map[ast.Ref]bool{}
	switch u := m.ResultUse(read); u.Kind {
	case UseVariable:
		out[u.Ref] = true
		return out
	case UsePattern:
		m.taintPattern(&js_ast.Binding{Data: u.Pattern}, out)
		return out
	}
	if st := innermostStmt(read.Parents); st != nil {
		if l, ok := st.Data.(*js_ast.SLocal); ok {
			for i := range l.Decls {
				d := &l.Decls[i]
				if d.ValueOrNil.Data != nil && int(d.ValueOrNil.Loc.Start) <= read.Start && (i+1 == len(l.Decls) || int(l.Decls[i+1].Binding.Loc.Start) > read.Start) {
					m.taintPattern(&d.Binding, out)
				}
			}
		}
	}
	return out
}

// Decides answers Model.Decides. The variables the read is stored in are
// tried first, then every variable computed from them.
func (v *ReadValue) Decides(write js_ast.Expr, writeParents []any) (js_ast.Expr, bool) {
	if test, ok := v.decides(write, writeParents, v.direct); ok {
		return test, true
	}
	return v.decides(write, writeParents, v.tainted())
}

func (v *ReadValue) decides(write js_ast.Expr, writeParents []any, tainted map[ast.Ref]bool) (js_ast.Expr, bool) {
	m, read := v.m, v.read
	dep := func(e js_ast.Expr) bool { return e.Data != nil && m.mentions(e, read.Call, tainted) }
	for i := len(writeParents) - 1; i >= 0; i-- {
		var child any = write.Data
		if i+1 < len(writeParents) {
			child = writeParents[i+1]
		}
		switch p := writeParents[i].(type) {
		case *js_ast.Fn:
			if c, ok := child.(*js_ast.Stmt); ok {
				if test, ok := m.exitBefore(p.Body.Block.Stmts, c, read, dep); ok {
					return test, true
				}
			}
			return js_ast.Expr{}, false
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SIf:
				if (child == any(&s.Yes) || child == any(&s.NoOrNil)) && dep(s.Test) {
					return s.Test, true
				}
			case *js_ast.SWhile:
				if dep(s.Test) {
					return s.Test, true
				}
			}
			if c, ok := child.(*js_ast.Stmt); ok {
				if list := stmtList(p, c); list != nil {
					if test, ok := m.exitBefore(list, c, read, dep); ok {
						return test, true
					}
				}
			}
		case *js_ast.Expr:
			switch x := p.Data.(type) {
			case *js_ast.EArrow:
				if c, ok := child.(*js_ast.Stmt); ok {
					if test, ok := m.exitBefore(x.Body.Block.Stmts, c, read, dep); ok {
						return test, true
					}
				}
				return js_ast.Expr{}, false
			case *js_ast.EIf:
				if (child == x.Yes.Data || child == any(&x.Yes) || child == x.No.Data || child == any(&x.No)) && dep(x.Test) {
					return x.Test, true
				}
			case *js_ast.EBinary:
				switch x.Op {
				case js_ast.BinOpLogicalAnd, js_ast.BinOpLogicalOr, js_ast.BinOpNullishCoalescing:
					if (child == x.Right.Data || child == any(&x.Right)) && dep(x.Left) {
						return x.Left, true
					}
				}
			}
		}
	}
	return js_ast.Expr{}, false
}

// exitBefore finds, among the statements of list before child and after
// the read, an if whose test depends on the read and whose branch leaves
// the function.
func (m *Model) exitBefore(list []js_ast.Stmt, child *js_ast.Stmt, read *Op, dep func(js_ast.Expr) bool) (js_ast.Expr, bool) {
	at := -1
	for j := len(list) - 1; j >= 0; j-- {
		if &list[j] == child {
			at = j
			break
		}
	}
	// Backwards from the write to the statement that holds the read.
	for j := at - 1; j >= 0; j-- {
		s := &list[j]
		if x, ok := s.Data.(*js_ast.SIf); ok && dep(x.Test) && (exits(x.Yes) || x.NoOrNil.Data != nil && exits(x.NoOrNil)) {
			return x.Test, true
		}
		if s.Loc.Start <= int32(read.Start) {
			break
		}
	}
	return js_ast.Expr{}, false
}

// UsedAsData reports whether the read's value is used for more than a
// test: returned, passed to a function (other than JSON.parse, Number,
// String, Boolean and KV calls), or put into an object or array, directly
// or through the variables it flows into. A lock or a replay marker is
// only tested; a cache hit is served.
func (m *Model) UsedAsData(read *Op) bool { return m.ReadValue(read).UsedAsData() }

// UsedAsData answers Model.UsedAsData.
func (v *ReadValue) UsedAsData() bool {
	m, read, tainted := v.m, v.read, v.tainted()
	mention := func(e js_ast.Expr) bool { return e.Data != nil && m.mentions(e, read.Call, tainted) }
	if u := m.ResultUse(read); u.Kind == UseReturned {
		return true
	}
	if read.Fn == nil {
		return false
	}
	used := false
	parser.Inspect(read.Fn.Body(), func(n any) bool {
		if used {
			return false
		}
		switch x := n.(type) {
		case *js_ast.Stmt:
			if r, ok := x.Data.(*js_ast.SReturn); ok && mention(r.ValueOrNil) {
				used = true
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.ECall:
				if m.testOnlyCall(e) {
					return true
				}
				for _, a := range e.Args {
					if mention(a) {
						used = true
					}
				}
			case *js_ast.ENew:
				for _, a := range e.Args {
					if mention(a) {
						used = true
					}
				}
			case *js_ast.EArrow:
				if e.PreferExpr && len(e.Body.Block.Stmts) == 1 {
					if r, ok := e.Body.Block.Stmts[0].Data.(*js_ast.SReturn); ok && mention(r.ValueOrNil) {
						used = true
					}
				}
			}
		}
		return !used
	})
	return used
}

// Returned reports whether the read's value, or something computed from
// it, is returned by the read's function: what a consumed token grants
// (its user, its scopes) leaves with the result.
func (m *Model) Returned(read *Op) bool {
	if read.Fn == nil {
		return false
	}
	return m.ReadValue(read).Returned(m.ReturnDeps(read.Fn))
}

// Returned answers Model.Returned; deps is ReturnDeps of the read's
// function.
func (v *ReadValue) Returned(deps *ReturnFlow) bool {
	m, read := v.m, v.read
	if u := m.ResultUse(read); u.Kind == UseReturned || deps.Calls[read.Call] {
		return true
	}
	for ref := range v.direct {
		if deps.Vars[ref] {
			return true
		}
	}
	return false
}

// ComparesContent reports whether test compares what the read holds with
// another value (`current.token !== lock.token`, `n > limit`): the
// decision rests on the content read, not on whether the key exists. A
// comparison with null or undefined, or of a typeof, is a test of
// presence.
func (v *ReadValue) ComparesContent(test js_ast.Expr) bool {
	m, read, tainted := v.m, v.read, v.tainted()
	return parser.AnyExpr(test, func(e js_ast.Expr) parser.Verdict {
		b, ok := e.Data.(*js_ast.EBinary)
		if !ok {
			return parser.Descend
		}
		switch b.Op {
		case js_ast.BinOpStrictEq, js_ast.BinOpStrictNe, js_ast.BinOpLooseEq, js_ast.BinOpLooseNe,
			js_ast.BinOpLt, js_ast.BinOpLe, js_ast.BinOpGt, js_ast.BinOpGe:
		default:
			return parser.Descend
		}
		if presence(b.Left) || presence(b.Right) {
			return parser.Skip
		}
		if m.mentions(b.Left, read.Call, tainted) != m.mentions(b.Right, read.Call, tainted) {
			return parser.Found
		}
		return parser.Skip
	})
}

// presence reports whether e is null, undefined or a typeof: what a
// comparison with it tests is whether a value is there.
func presence(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.ENull, *js_ast.EUndefined:
		return true
	case *js_ast.EUnary:
		return x.Op == js_ast.UnOpTypeof || x.Op == js_ast.UnOpVoid
	case *js_ast.EString:
		return true // typeof x === "string" (a typeof on the other side)
	}
	return false
}

// ReturnFlow is what reaches a function's return values: the calls inside
// them and the variables whose values flow there.
type ReturnFlow struct {
	Vars  map[ast.Ref]bool
	Calls map[*js_ast.ECall]bool
}

// ReturnDeps returns what reaches the function's return values: the
// variables and calls they mention, and, backwards, the variables the
// declarations, assignments and pushes of those mention. One pass over the
// function answers it for every read in it.
func (m *Model) ReturnDeps(fn *Func) *ReturnFlow {
	flow := &ReturnFlow{Vars: map[ast.Ref]bool{}, Calls: map[*js_ast.ECall]bool{}}
	deps := flow.Vars
	addMentioned := func(e js_ast.Expr) bool {
		changed := false
		parser.WalkExpr(parser.Inspector(func(n any) bool {
			if x, ok := n.(*js_ast.Expr); ok {
				switch d := x.Data.(type) {
				case *js_ast.EIdentifier:
					ref := m.File.Resolve(d.Ref)
					if !deps[ref] {
						deps[ref] = true
						changed = true
					}
				case *js_ast.ECall:
					flow.Calls[d] = true
				}
			}
			return true
		}), &e)
		return changed
	}
	for _, ret := range fn.returns {
		addMentioned(ret)
	}
	body := fn.Body()
	for round := 0; round < 6; round++ {
		changed := false
		parser.Inspect(body, func(n any) bool {
			switch x := n.(type) {
			case *js_ast.Stmt:
				if l, ok := x.Data.(*js_ast.SLocal); ok {
					for i := range l.Decls {
						d := &l.Decls[i]
						if d.ValueOrNil.Data != nil && m.bindsAny(d.Binding, deps) && addMentioned(d.ValueOrNil) {
							changed = true
						}
					}
				}
			case *js_ast.Expr:
				switch e := x.Data.(type) {
				case *js_ast.EBinary:
					if e.Op >= js_ast.BinOpAssign && m.rootTainted(e.Left, deps) && addMentioned(e.Right) {
						changed = true
					}
				case *js_ast.ECall:
					if d, ok := e.Target.Data.(*js_ast.EDot); ok && (d.Name == "push" || d.Name == "unshift" || d.Name == "set") && m.rootTainted(d.Target, deps) {
						for _, a := range e.Args {
							if addMentioned(a) {
								changed = true
							}
						}
					}
				}
			}
			return true
		})
		if !changed {
			break
		}
	}
	return flow
}

// bindsAny reports whether a pattern declares one of the variables.
func (m *Model) bindsAny(b js_ast.Binding, refs map[ast.Ref]bool) bool {
	found := false
	parser.WalkBinding(parser.Inspector(func(n any) bool {
		if x, ok := n.(*js_ast.Binding); ok {
			if id, ok := x.Data.(*js_ast.BIdentifier); ok && refs[m.File.Resolve(id.Ref)] {
				found = true
			}
		}
		return !found
	}), &b)
	return found
}

// testOnlyCall reports calls that only convert or inspect the value:
// JSON.parse, Number, String, Boolean, and KV operations.
func (m *Model) testOnlyCall(c *js_ast.ECall) bool {
	switch t := c.Target.Data.(type) {
	case *js_ast.EIdentifier:
		return m.isGlobal(c.Target, "Number") || m.isGlobal(c.Target, "String") || m.isGlobal(c.Target, "Boolean") || m.isGlobal(c.Target, "parseInt")
	case *js_ast.EDot:
		if m.isGlobal(t.Target, "JSON") && t.Name == "parse" {
			return true
		}
		if _, isKV := m.IsKV(t.Target); isKV {
			return true
		}
	}
	return false
}

// FromAnotherSource reports whether a written value is computed from
// something awaited, fetched or computed by an async function of the
// project: the value of a cache fill, not a marker. It looks through
// the initializers of the variables the value uses, a few steps deep.
func (m *Model) FromAnotherSource(value js_ast.Expr) bool {
	return m.fromAnotherSource(value, 0)
}

func (m *Model) fromAnotherSource(value js_ast.Expr, depth int) bool {
	return m.anyThroughInits(value, depth, anotherSourceVisit)
}

func anotherSourceVisit(m *Model, x js_ast.Expr, _ int) parser.Verdict {
	switch e := x.Data.(type) {
	case *js_ast.EAwait:
		return parser.Found
	case *js_ast.ECall:
		if id, ok := e.Target.Data.(*js_ast.EIdentifier); ok && m.fm.isGlobal(id.Ref, "fetch") {
			return parser.Found
		} else if _, fn := m.Callee(e); fn != nil && fn.Async {
			return parser.Found // an async computation; a sync helper (a token generator) makes markers
		}
	}
	return parser.Descend
}

// anyThroughInits is parser.AnyExpr over e that also looks into the
// initializer of each variable e uses, one step of depth each, at most 4,
// and never into a function's body. visit sees every node first; a
// verdict other than Descend is final for that node.
func (m *Model) anyThroughInits(e js_ast.Expr, depth int, visit func(m *Model, x js_ast.Expr, depth int) parser.Verdict) bool {
	if e.Data == nil || depth > 4 {
		return false
	}
	return parser.AnyExpr(e, func(x js_ast.Expr) parser.Verdict {
		if v := visit(m, x, depth); v != parser.Descend {
			return v
		}
		switch d := x.Data.(type) {
		case *js_ast.EIdentifier:
			if init, ok := m.fm.initOf(m.File.Resolve(d.Ref)); ok && m.anyThroughInits(init, depth+1, visit) {
				return parser.Found
			}
		case *js_ast.EArrow, *js_ast.EFunction:
			return parser.Skip
		}
		return parser.Descend
	})
}

// NamesCache reports whether a namespace or a key names a cache: the
// binding's name, or the constant text of the key, says "cache".
func (m *Model) NamesCache(ns Namespace, key js_ast.Expr) bool {
	if strings.Contains(strings.ToLower(ns.Binding), "cache") {
		return true
	}
	return strings.Contains(strings.ToLower(m.keyText(key, 0)), "cache")
}

// keyText returns the constant parts of a key expression, concatenated.
func (m *Model) keyText(e js_ast.Expr, depth int) string {
	if e.Data == nil || depth > 4 {
		return ""
	}
	if v := m.Eval(e); v.Kind == String {
		return v.Str
	}
	switch x := e.Data.(type) {
	case *js_ast.ETemplate:
		var b strings.Builder
		b.WriteString(helpers.UTF16ToString(x.HeadCooked))
		for _, p := range x.Parts {
			b.WriteString(m.keyText(p.Value, depth+1))
			b.WriteString(helpers.UTF16ToString(p.TailCooked))
		}
		return b.String()
	case *js_ast.EBinary:
		if x.Op == js_ast.BinOpAdd {
			return m.keyText(x.Left, depth+1) + m.keyText(x.Right, depth+1)
		}
	case *js_ast.EIdentifier:
		if init, ok := m.fm.initOf(m.File.Resolve(x.Ref)); ok {
			return m.keyText(init, depth+1)
		}
		return m.File.Name(x.Ref)
	case *js_ast.ECall:
		if inner, ok := m.inline(x, x.Args, depth+1); ok {
			return m.keyText(inner, depth+1)
		}
	}
	return ""
}

// DropsAfter reports whether a write (with its enclosing nodes parents)
// is followed, in the statement list that holds it, by a throw or by a
// return of nothing (no value, undefined, null or false: `if
// (expired(meta)) { await kv.delete(k); return undefined }`): the path
// reports the entry as gone, so a second request doing the same does no
// harm. A return of anything else (the value, `true`, a response) may be
// a token consumed, and counts.
func DropsAfter(parents []any) bool {
	for i := len(parents) - 1; i >= 1; i-- {
		s, ok := parents[i].(*js_ast.Stmt)
		if !ok {
			continue
		}
		rest := stmtsFrom(parents[i-1], s)
		if rest == nil {
			continue
		}
		for _, st := range rest[1:] {
			switch x := st.Data.(type) {
			case *js_ast.SReturn:
				return nothing(x.ValueOrNil)
			case *js_ast.SThrow:
				return true
			}
		}
		return false // only the innermost list: what follows it may use the value
	}
	return false
}

// nothing reports whether a returned value says "none": no value,
// undefined, null, void 0 or false.
func nothing(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case nil, *js_ast.EUndefined, *js_ast.ENull:
		return true
	case *js_ast.EBoolean:
		return !x.Value
	case *js_ast.EUnary:
		return x.Op == js_ast.UnOpVoid
	}
	return false
}
