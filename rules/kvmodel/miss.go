package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// FillsOnMiss reports whether a write runs only when an earlier read of
// the same key on the same namespace, in the same function, found nothing
// (a fill once per key lifetime, not once per request): the write is in
// the branch of `if (!v)`, `if (v === null)`, `if (v == undefined)`, `if
// (!v || stale(v))`, in the else of `if (v)`, or after `if (v) return ...`
// in a block around it, where v is the read's result or a member of it. A
// read through a helper that returns what it read counts as a read.
func (m *Model) FillsOnMiss(w *Op) bool {
	if w.Fn == nil || w.Key.Data == nil {
		return false
	}
	rs := m.readsBefore(w.Fn)
	for _, i := range rs.keys.Candidates(w.Key) {
		r := rs.reads[i]
		if r.start < w.Start && r.op.NS.Same(w.NS) && m.SameKey(r.op.Key, w.Key) && m.guardedByMiss(w, r.call, m.resultRef(r.op)) {
			return true
		}
	}
	return false
}

// resultRef returns the variables a read's result is kept in: its
// variable, or the names it is destructured into (`{ value }` of
// getWithMetadata).
func (m *Model) resultRef(r *Op) []ast.Ref {
	switch u := m.ResultUse(r); u.Kind {
	case UseVariable:
		return []ast.Ref{u.Ref}
	case UsePattern:
		var refs []ast.Ref
		for _, p := range u.Pattern.Properties {
			if id, ok := p.Value.Data.(*js_ast.BIdentifier); ok {
				refs = append(refs, m.File.Resolve(id.Ref))
			}
		}
		return refs
	}
	return nil
}

// guardedByMiss reports whether w runs only when the read (the call read,
// its result kept in the variables ref) found nothing.
func (m *Model) guardedByMiss(w *Op, read *js_ast.ECall, ref []ast.Ref) bool {
	// child is the node below parent: a *js_ast.Stmt or *js_ast.Expr of
	// the parents, or nil for the write itself (its data is childData).
	var child any
	childData := w.Expr.Data
	for i := len(w.Parents) - 1; i >= 0; i-- {
		parent := w.Parents[i]
		if cs, ok := child.(*js_ast.Stmt); ok {
			// An earlier `if (v) return v` in the same list.
			list := stmtList(parent, cs)
			for j := range list {
				if &list[j] == cs {
					break
				}
				if s, ok := list[j].Data.(*js_ast.SIf); ok && s.NoOrNil.Data == nil && exits(s.Yes) &&
					m.missPolarity(s.Test, read, ref) < 0 {
					return true
				}
			}
		}
		switch p := parent.(type) {
		case *js_ast.Stmt:
			if s, ok := p.Data.(*js_ast.SIf); ok {
				pol := m.missPolarity(s.Test, read, ref)
				if pol > 0 && child == any(&s.Yes) || pol < 0 && child == any(&s.NoOrNil) {
					return true
				}
			}
			child, childData = p, nil
		case *js_ast.Expr:
			switch x := p.Data.(type) {
			case *js_ast.EIf:
				pol := m.missPolarity(x.Test, read, ref)
				if pol > 0 && child == any(&x.Yes) || pol < 0 && child == any(&x.No) {
					return true
				}
			case *js_ast.EBinary:
				// v ?? fill(), v || fill()
				if (x.Op == js_ast.BinOpNullishCoalescing || x.Op == js_ast.BinOpLogicalOr) && childData == x.Right.Data &&
					m.isReadValue(x.Left, read, ref) {
					return true
				}
			case *js_ast.EArrow:
				return false
			}
			child, childData = p, p.Data
		case *js_ast.Fn:
			return false
		default:
			child, childData = parent, nil
		}
	}
	return false
}

// missPolarity tells what a test says about the read: 1 when it is true
// on a miss (`!v`, `v === null`, `!v || old`), -1 when it is true on a hit
// (`v`, `v !== null`, `v && fresh`), 0 when it cannot tell.
func (m *Model) missPolarity(test js_ast.Expr, read *js_ast.ECall, ref []ast.Ref) int {
	if m.isReadValue(test, read, ref) {
		return -1
	}
	switch x := test.Data.(type) {
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpNot {
			return -m.missPolarity(x.Value, read, ref)
		}
	case *js_ast.EBinary:
		switch x.Op {
		case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq, js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
			side := x.Left
			other := x.Right
			if !m.isReadValue(side, read, ref) {
				side, other = x.Right, x.Left
			}
			if !m.isReadValue(side, read, ref) || !isNothing(other) {
				return 0
			}
			if x.Op == js_ast.BinOpStrictEq || x.Op == js_ast.BinOpLooseEq {
				return 1
			}
			return -1
		case js_ast.BinOpLogicalOr:
			if m.missPolarity(x.Left, read, ref) > 0 || m.missPolarity(x.Right, read, ref) > 0 {
				return 1
			}
		case js_ast.BinOpLogicalAnd:
			if m.missPolarity(x.Left, read, ref) < 0 || m.missPolarity(x.Right, read, ref) < 0 {
				return -1
			}
		}
	}
	return 0
}

// isReadValue reports whether e is the read's value or a member of it:
// the read call (awaited), its variable, `v.value`, `v?.data`.
func (m *Model) isReadValue(e js_ast.Expr, read *js_ast.ECall, ref []ast.Ref) bool {
	for depth := 0; depth < maxDepth; depth++ {
		switch x := e.Data.(type) {
		case *js_ast.ECall:
			return x == read
		case *js_ast.EAwait:
			e = x.Value
		case *js_ast.EIdentifier:
			r := m.File.Resolve(x.Ref)
			for _, v := range ref {
				if v == r {
					return true
				}
			}
			return false
		case *js_ast.EDot:
			e = x.Target
		case *js_ast.EIndex:
			e = x.Target
		default:
			return false
		}
	}
	return false
}

func isNothing(e js_ast.Expr) bool {
	switch e.Data.(type) {
	case *js_ast.ENull, *js_ast.EUndefined:
		return true
	}
	return false
}
