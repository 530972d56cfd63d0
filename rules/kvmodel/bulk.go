package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Sequential reads: awaited gets on one namespace, one after another,
// whose keys do not depend on what the earlier ones read: one bulk get.

// GetRun is a run of two or more awaited gets of text or JSON on one
// namespace, in statements that follow one another in one block (with
// nothing between them that leaves the block or touches KV), whose keys
// use nothing declared or assigned since the run began.
type GetRun struct {
	Gets []*Op
	// Awaits are the await expressions around each get.
	Awaits []js_ast.Expr
	// First is the statement holding the first get: the place a bulk read
	// would go.
	First *js_ast.Stmt
	// Adjacent tells that no other statement lies between the gets'
	// statements.
	Adjacent bool
}

// GetRuns lists the file's runs of sequential gets.
func (m *Model) GetRuns() []GetRun {
	// The awaited gets of each statement, in source order.
	byStmt := map[*js_ast.Stmt][]*Op{}
	kvStmts := map[*js_ast.Stmt]int{} // KV operations per statement
	for _, op := range m.Ops {
		if op.Fn == nil {
			continue
		}
		st := innermostStmt(op.Parents)
		if st == nil {
			continue
		}
		kvStmts[st]++
		if m.sequentialGet(op, st) {
			byStmt[st] = append(byStmt[st], op)
		}
	}
	if len(byStmt) == 0 {
		return nil
	}
	for _, c := range m.Calls {
		if c.Fn != nil && m.WritesKV(c.Call) {
			if st := innermostStmt(c.Parents); st != nil {
				kvStmts[st]++ // a helper that writes: reads must not move across it
			}
		}
	}
	var out []GetRun
	seen := map[*js_ast.Stmt]bool{}
	for _, fn := range m.Funcs {
		visitLists(fn.Body(), func(list []js_ast.Stmt) {
			if len(list) == 0 || seen[&list[0]] {
				return
			}
			seen[&list[0]] = true
			out = append(out, m.runsIn(list, byStmt, kvStmts)...)
		})
	}
	return out
}

// visitLists calls f for each statement list of a function body (the body
// and the blocks nested in it), not entering nested functions.
func visitLists(body []js_ast.Stmt, f func([]js_ast.Stmt)) {
	f(body)
	parser.Inspect(body, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SBlock:
				f(s.Stmts)
			case *js_ast.STry:
				f(s.Block.Stmts)
				if s.Catch != nil {
					f(s.Catch.Block.Stmts)
				}
				if s.Finally != nil {
					f(s.Finally.Block.Stmts)
				}
			case *js_ast.SSwitch:
				for i := range s.Cases {
					f(s.Cases[i].Body)
				}
			case *js_ast.SFunction, *js_ast.SClass:
				return false
			}
		case *js_ast.Expr:
			switch x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
				return false
			}
		case *js_ast.Fn:
			return false // a method: a function of its own
		}
		return true
	})
}

func innermostStmt(parents []any) *js_ast.Stmt {
	for i := len(parents) - 1; i >= 0; i-- {
		if s, ok := parents[i].(*js_ast.Stmt); ok {
			return s
		}
	}
	return nil
}

// sequentialGet reports an awaited get of text or JSON, in a declaration,
// expression or return statement, evaluated whenever the statement runs
// (not in a branch of ?:, the right of &&/||/??, or a nested function),
// whose key awaits nothing.
func (m *Model) sequentialGet(op *Op, st *js_ast.Stmt) bool {
	if op.Method != Get || op.Key.Data == nil {
		return false
	}
	if _, ok := op.Key.Data.(*js_ast.EArray); ok {
		return false
	}
	switch st.Data.(type) {
	case *js_ast.SLocal, *js_ast.SExpr, *js_ast.SReturn:
	default:
		return false
	}
	if !m.textOrJSON(op) || hasAwait(op.Key) {
		return false
	}
	n := len(op.Parents)
	if n == 0 {
		return false
	}
	if p, ok := op.Parents[n-1].(*js_ast.Expr); !ok {
		return false
	} else if _, ok := p.Data.(*js_ast.EAwait); !ok {
		return false
	}
	// From the statement down to the get: nothing conditional.
	child := op.Expr.Data
	for i := n - 1; i >= 0; i-- {
		p := op.Parents[i]
		if p == any(st) {
			return true
		}
		switch x := p.(type) {
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction:
				return false
			case *js_ast.EIf:
				if child != e.Test.Data {
					return false
				}
			case *js_ast.EBinary:
				switch e.Op {
				case js_ast.BinOpLogicalAnd, js_ast.BinOpLogicalOr, js_ast.BinOpNullishCoalescing:
					if child != e.Left.Data {
						return false
					}
				}
			}
			child = x.Data
		case *js_ast.Fn:
			return false
		}
	}
	return false
}

// textOrJSON reports a get read as text or JSON (bulk reads support no
// other type).
func (m *Model) textOrJSON(op *Op) bool {
	if op.Options.Data == nil {
		return true
	}
	typ := op.Options
	if o, ok := m.Option(op, "type"); ok {
		typ = o.Value
	} else if _, isObj := op.Options.Data.(*js_ast.EObject); isObj {
		return true // { cacheTtl }: text
	}
	v := m.Eval(typ)
	return v.Kind == String && (v.Str == "text" || v.Str == "json")
}

func hasAwait(e js_ast.Expr) bool {
	return parser.AnyExpr(e, func(x js_ast.Expr) parser.Verdict {
		if _, ok := x.Data.(*js_ast.EAwait); ok {
			return parser.Found
		}
		return parser.Descend
	})
}

// runsIn finds the runs of one statement list.
func (m *Model) runsIn(list []js_ast.Stmt, byStmt map[*js_ast.Stmt][]*Op, kvStmts map[*js_ast.Stmt]int) []GetRun {
	var out []GetRun
	var cur GetRun
	declared := map[ast.Ref]bool{}
	lastIdx := -1
	flush := func() {
		if len(cur.Gets) >= 2 {
			out = append(out, cur)
		}
		cur = GetRun{}
		declared = map[ast.Ref]bool{}
	}
	for i := range list {
		s := &list[i]
		gets := byStmt[s]
		if len(gets) == 0 && len(cur.Gets) == 0 {
			continue // no run open: nothing to learn from the statement
		}
		if len(gets) == 0 {
			if kvStmts[s] > 0 || leavesSomehow(s) {
				flush()
				continue
			}
			m.declare(s, declared)
			continue
		}
		for _, g := range gets {
			// const a = await kv.get("a"), b = await kv.get(a): the
			// declarations before the get's own count as earlier.
			if l, ok := s.Data.(*js_ast.SLocal); ok {
				for i := range l.Decls {
					if int(l.Decls[i].Binding.Loc.Start) < g.Start && (l.Decls[i].ValueOrNil.Data == nil || int(l.Decls[i].ValueOrNil.Loc.Start) < g.Start && !declContains(&l.Decls[i], g)) {
						m.declareBinding(l.Decls[i].Binding, declared)
					}
				}
			}
			if len(cur.Gets) > 0 && (!cur.Gets[0].NS.Same(g.NS) || m.mentions(g.Key, nil, declared)) {
				flush()
			}
			if len(cur.Gets) == 0 {
				cur.First, cur.Adjacent = s, true
			} else if lastIdx != i && lastIdx != i-1 {
				cur.Adjacent = false
			}
			cur.Gets = append(cur.Gets, g)
			cur.Awaits = append(cur.Awaits, *g.Parents[len(g.Parents)-1].(*js_ast.Expr))
			lastIdx = i
		}
		if len(gets) != kvStmts[s] {
			flush() // another KV operation in the statement
			continue
		}
		if leavesSomehow(s) {
			flush()
			continue
		}
		m.declare(s, declared)
	}
	flush()
	return out
}

// declContains reports whether the get lies in the declaration's value.
func declContains(d *js_ast.Decl, g *Op) bool {
	return parser.AnyExpr(d.ValueOrNil, func(x js_ast.Expr) parser.Verdict {
		if x.Data == g.Expr.Data {
			return parser.Found
		}
		return parser.Descend
	})
}

// declareBinding adds the names a pattern declares.
func (m *Model) declareBinding(b js_ast.Binding, declared map[ast.Ref]bool) {
	parser.WalkBinding(parser.Inspector(func(n any) bool {
		if x, ok := n.(*js_ast.Binding); ok {
			if id, ok := x.Data.(*js_ast.BIdentifier); ok {
				declared[m.File.Resolve(id.Ref)] = true
			}
		}
		return true
	}), &b)
}

// declare adds the names a statement declares or assigns.
func (m *Model) declare(s *js_ast.Stmt, declared map[ast.Ref]bool) {
	parser.WalkStmt(parser.Inspector(func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Binding:
			if id, ok := x.Data.(*js_ast.BIdentifier); ok {
				declared[m.File.Resolve(id.Ref)] = true
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EBinary:
				if e.Op >= js_ast.BinOpAssign {
					if id, ok := e.Left.Data.(*js_ast.EIdentifier); ok {
						declared[m.File.Resolve(id.Ref)] = true
					}
				}
			case *js_ast.EUnary:
				if e.Op >= js_ast.UnOpPreDec && e.Op <= js_ast.UnOpPostInc {
					if id, ok := e.Value.Data.(*js_ast.EIdentifier); ok {
						declared[m.File.Resolve(id.Ref)] = true
					}
				}
			}
		}
		return true
	}), s)
}

// leavesSomehow reports a statement that may leave the block: a return,
// throw, break or continue anywhere in it outside nested functions.
func leavesSomehow(s *js_ast.Stmt) bool {
	found := false
	parser.WalkStmt(parser.Inspector(func(n any) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch x.Data.(type) {
			case *js_ast.SReturn, *js_ast.SThrow, *js_ast.SBreak, *js_ast.SContinue:
				found = true
			case *js_ast.SFunction, *js_ast.SClass:
				return false
			}
		case *js_ast.Expr:
			switch x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
				return false
			}
		}
		return !found
	}), s)
	return found
}
