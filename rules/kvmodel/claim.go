package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Claims: a create-if-absent. A read-through cache serves what it read
// when the key is present; a claim refuses (throws, answers with a client
// error status, returns something other than what it read), so the put
// that follows on a miss is meant to happen once per key.

// RefusesWhenPresent reports whether the if statement whose test decides
// the write (the test Decides returned) refuses when the key is present:
// the test is true exactly when the read found a value (`existing`,
// `x !== null`) or exactly when it did not (`!x`, `x === null`), the write
// lies on the other path, and the path taken when the key is present
// leaves the function refusing. Refusing is a throw, a 4xx status (a call
// argument or a status property), or a return whose value does not use
// what was read; a bare return counts only when the function returns a
// value elsewhere (a void fill that stops on a hit refuses nothing).
func (v *ReadValue) RefusesWhenPresent(test js_ast.Expr, write js_ast.Expr, writeParents []any) bool {
	pol := v.presence(test, 0)
	if pol == 0 || v.read.Fn == nil {
		return false
	}
	// The test is an if around the write: the present branch is the other one.
	for i, p := range writeParents {
		st, ok := p.(*js_ast.Stmt)
		if !ok {
			continue
		}
		s, ok := st.Data.(*js_ast.SIf)
		if !ok || s.Test.Data != test.Data {
			continue
		}
		var child any = write.Data
		if i+1 < len(writeParents) {
			child = writeParents[i+1]
		}
		inYes := child == any(&s.Yes)
		if !inYes && child != any(&s.NoOrNil) {
			return false
		}
		if inYes == (pol > 0) {
			return false // written when present: an update
		}
		if pol > 0 {
			return v.refuses([]js_ast.Stmt{s.Yes})
		}
		if s.NoOrNil.Data != nil {
			return v.refuses([]js_ast.Stmt{s.NoOrNil})
		}
		// if (!x) { put; return } refuse: what follows the if is the present path.
		if !exits(s.Yes) || i == 0 {
			return false
		}
		list := stmtList(writeParents[i-1], st)
		for j := range list {
			if &list[j] == st {
				return v.refuses(list[j+1:])
			}
		}
		return false
	}
	// An early exit before the write: if (x) throw ...
	var found *js_ast.SIf
	parser.Inspect(v.read.Fn.Body(), func(n any) bool {
		if found != nil {
			return false
		}
		if st, ok := n.(*js_ast.Stmt); ok {
			if s, ok := st.Data.(*js_ast.SIf); ok && s.Test.Data == test.Data {
				found = s
			}
		}
		return found == nil
	})
	if found == nil {
		return false
	}
	if pol > 0 {
		return exits(found.Yes) && v.refuses([]js_ast.Stmt{found.Yes})
	}
	return found.NoOrNil.Data != nil && exits(found.NoOrNil) && v.refuses([]js_ast.Stmt{found.NoOrNil})
}

// presence is +1 when the test is true exactly when the read found a
// value, -1 when exactly when it did not, 0 when it cannot tell.
func (v *ReadValue) presence(e js_ast.Expr, depth int) int {
	if depth > 4 {
		return 0
	}
	switch x := e.Data.(type) {
	case *js_ast.EAwait:
		return v.presence(x.Value, depth+1)
	case *js_ast.ECall:
		if x == v.read.Call {
			return 1
		}
		if v.m.isGlobal(x.Target, "Boolean") && len(x.Args) == 1 {
			return v.presence(x.Args[0], depth+1)
		}
	case *js_ast.EIdentifier:
		if v.direct[v.m.File.Resolve(x.Ref)] {
			return 1
		}
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpNot {
			return -v.presence(x.Value, depth+1)
		}
	case *js_ast.EBinary:
		sign := 0
		switch x.Op {
		case js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
			sign = 1
		case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
			sign = -1
		default:
			return 0
		}
		if v.m.nullish(x.Right) {
			return sign * v.presence(x.Left, depth+1)
		}
		if v.m.nullish(x.Left) {
			return sign * v.presence(x.Right, depth+1)
		}
	}
	return 0
}

func (m *Model) nullish(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.ENull, *js_ast.EUndefined:
		return true
	case *js_ast.EIdentifier:
		return m.File.Name(x.Ref) == "undefined"
	}
	return false
}

// refuses reports whether statements taken when the key is present leave
// the function refusing (see RefusesWhenPresent).
func (v *ReadValue) refuses(stmts []js_ast.Stmt) bool {
	leaves := false
	for _, s := range stmts {
		if exits(s) {
			leaves = true
			break
		}
	}
	if !leaves {
		return false
	}
	m, tainted := v.m, v.tainted()
	mention := func(e js_ast.Expr) bool { return e.Data != nil && m.mentions(e, v.read.Call, tainted) }
	var throws, status, bare, valued, served, uses bool
	parser.Inspect(stmts, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SFunction, *js_ast.SClass:
				return false
			case *js_ast.SThrow:
				throws = true
			case *js_ast.SReturn:
				switch {
				case s.ValueOrNil.Data == nil:
					bare = true
				case mention(s.ValueOrNil):
					served = true
				default:
					valued = true
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
				return false
			case *js_ast.ECall:
				status = status || clientError(e.Args)
				uses = uses || e == v.read.Call
			case *js_ast.ENew:
				status = status || clientError(e.Args)
			case *js_ast.EObject:
				for i := range e.Properties {
					p := &e.Properties[i]
					if name, ok := PropName(p); ok && (name == "status" || name == "statusCode") && isClientError(p.ValueOrNil) {
						status = true
					}
				}
			case *js_ast.EIdentifier:
				if tainted[m.File.Resolve(e.Ref)] {
					uses = true
				}
			}
		}
		return true
	})
	switch {
	case status:
		return true
	case served:
		return false // the hit is returned: a cache
	case throws:
		return true
	case uses:
		return false
	case valued:
		return true
	case bare:
		return len(v.read.Fn.returns) > 0
	}
	return false
}

func clientError(args []js_ast.Expr) bool {
	for _, a := range args {
		if isClientError(a) {
			return true
		}
	}
	return false
}

func isClientError(e js_ast.Expr) bool {
	n, ok := e.Data.(*js_ast.ENumber)
	return ok && n.Value >= 400 && n.Value < 500 && n.Value == float64(int(n.Value))
}
