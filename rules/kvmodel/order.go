package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// MayFollow reports whether, on some execution path of one function run,
// the node second (with its enclosing nodes secondParents) executes after
// the node first: second comes later in the source, is not on a branch
// exclusive with first (the other arm of an if, a conditional expression
// or another switch case), and first's path does not leave the function
// (return or throw) before reaching it, nor leave, by continue or break,
// the loop iteration that both lie in.
func MayFollow(first js_ast.Expr, firstParents []any, second js_ast.Expr, secondParents []any) bool {
	if second.Loc.Start <= first.Loc.Start {
		return false
	}
	// The deepest common ancestor.
	k := 0
	for k < len(firstParents) && k < len(secondParents) && firstParents[k] == secondParents[k] {
		k++
	}
	if k == 0 {
		return true
	}
	lca := firstParents[k-1]
	var a, b any = first.Data, second.Data
	if k < len(firstParents) {
		a = firstParents[k]
	}
	if k < len(secondParents) {
		b = secondParents[k]
	}
	if exclusive(lca, a, b) {
		return false
	}
	// Does first's path exit before leaving the subtree it shares with
	// second? Look at every statement list on first's side below the LCA.
	for i := len(firstParents) - 1; i >= k; i-- {
		var child any = first.Data
		if i+1 < len(firstParents) {
			child = firstParents[i+1]
		}
		if s, ok := child.(*js_ast.Stmt); ok {
			if exits(*s) && i+1 < len(firstParents) {
				return false // `return await kv.put(...)`, `throw ...`
			}
			rest := stmtsFrom(firstParents[i], s)
			if exitsIn(rest) {
				return false
			}
			// `delete(k); continue;` (or break) in a loop that holds
			// both: second is not reached in this iteration.
			if isBreak, ok := jumpsIn(rest); ok {
				if j := jumpTarget(firstParents[:i+1], isBreak); j >= 0 && j < k {
					return false
				}
			}
		}
	}
	return true
}

// exclusive reports whether the children a and b of n run on exclusive
// branches.
func exclusive(n, a, b any) bool {
	switch x := n.(type) {
	case *js_ast.Stmt:
		switch s := x.Data.(type) {
		case *js_ast.SIf:
			return a == any(&s.Yes) && b == any(&s.NoOrNil) || a == any(&s.NoOrNil) && b == any(&s.Yes)
		case *js_ast.SSwitch:
			return caseOf(s, a) != caseOf(s, b) && caseOf(s, a) >= 0 && caseOf(s, b) >= 0
		case *js_ast.STry:
			return false
		}
	case *js_ast.Expr:
		if c, ok := x.Data.(*js_ast.EIf); ok {
			return a == any(&c.Yes) && b == any(&c.No) || a == any(&c.No) && b == any(&c.Yes)
		}
	}
	return false
}

func caseOf(s *js_ast.SSwitch, child any) int {
	for i := range s.Cases {
		body := s.Cases[i].Body
		for j := range body {
			if child == any(&body[j]) {
				return i
			}
		}
	}
	return -1
}

// stmtList returns the statement list of parent that holds child.
func stmtList(parent any, child *js_ast.Stmt) []js_ast.Stmt {
	list, _ := stmtIndex(parent, child)
	return list
}

// stmtsFrom returns the statements of parent's list from child on (child
// first), or nil when no list of parent holds child.
func stmtsFrom(parent any, child *js_ast.Stmt) []js_ast.Stmt {
	list, i := stmtIndex(parent, child)
	if list == nil {
		return nil
	}
	return list[i:]
}

// stmtIndex returns the statement list of parent that holds child, and
// child's index in it.
func stmtIndex(parent any, child *js_ast.Stmt) ([]js_ast.Stmt, int) {
	var lists [][]js_ast.Stmt
	switch p := parent.(type) {
	case *js_ast.Stmt:
		switch s := p.Data.(type) {
		case *js_ast.SBlock:
			lists = append(lists, s.Stmts)
		case *js_ast.STry:
			lists = append(lists, s.Block.Stmts)
			if s.Catch != nil {
				lists = append(lists, s.Catch.Block.Stmts)
			}
			if s.Finally != nil {
				lists = append(lists, s.Finally.Block.Stmts)
			}
		case *js_ast.SSwitch:
			for i := range s.Cases {
				lists = append(lists, s.Cases[i].Body)
			}
		}
	case *js_ast.Fn:
		lists = append(lists, p.Body.Block.Stmts)
	case *js_ast.Expr:
		if a, ok := p.Data.(*js_ast.EArrow); ok {
			lists = append(lists, a.Body.Block.Stmts)
		}
	}
	for _, l := range lists {
		for i := range l {
			if &l[i] == child {
				return l, i
			}
		}
	}
	return nil, 0
}

// exitsIn reports whether the statements have a return or throw (one that
// always leaves the function).
func exitsIn(stmts []js_ast.Stmt) bool {
	for _, s := range stmts {
		if exits(s) {
			return true
		}
	}
	return false
}

// jumpsIn reports whether the statements have an unlabelled continue or
// break, and which comes first.
func jumpsIn(stmts []js_ast.Stmt) (isBreak, ok bool) {
	for i := range stmts {
		switch x := stmts[i].Data.(type) {
		case *js_ast.SContinue:
			if x.Label == nil {
				return false, true
			}
		case *js_ast.SBreak:
			if x.Label == nil {
				return true, true
			}
		}
	}
	return false, false
}

// jumpTarget returns the index in parents of the statement an unlabelled
// continue (or break) in the innermost of them leaves: the nearest loop (a
// break also leaves a switch), or -1 (none in this function).
func jumpTarget(parents []any, isBreak bool) int {
	for j := len(parents) - 1; j >= 0; j-- {
		switch p := parents[j].(type) {
		case *js_ast.Stmt:
			switch p.Data.(type) {
			case *js_ast.SFor, *js_ast.SForIn, *js_ast.SForOf, *js_ast.SWhile, *js_ast.SDoWhile:
				return j
			case *js_ast.SSwitch:
				if isBreak {
					return j
				}
			case *js_ast.SFunction, *js_ast.SClass:
				return -1
			}
		case *js_ast.Fn:
			return -1
		case *js_ast.Expr:
			switch p.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
				return -1
			}
		}
	}
	return -1
}

// exits reports whether a statement always leaves the function.
func exits(s js_ast.Stmt) bool {
	switch x := s.Data.(type) {
	case *js_ast.SReturn, *js_ast.SThrow:
		return true
	case *js_ast.SBlock:
		return len(x.Stmts) > 0 && exits(x.Stmts[len(x.Stmts)-1])
	case *js_ast.SIf:
		return x.NoOrNil.Data != nil && exits(x.Yes) && exits(x.NoOrNil)
	}
	return false
}

// Exits reports whether a statement always leaves the function (return,
// throw, or a block or if/else whose every arm does).
func Exits(s js_ast.Stmt) bool { return exits(s) }

// Unordered reports whether two nodes of one function (each with its
// enclosing nodes) run concurrently, in no order: they lie in different
// elements of one array passed to Promise.all, allSettled, race or any
// (`Promise.all([save(k), load(k)])`).
func (m *Model) Unordered(a js_ast.Expr, aParents []any, b js_ast.Expr, bParents []any) bool {
	k := 0
	for k < len(aParents) && k < len(bParents) && aParents[k] == bParents[k] {
		k++
	}
	if k < 2 || a.Data == b.Data {
		return false
	}
	arr, ok := aParents[k-1].(*js_ast.Expr)
	if !ok {
		return false
	}
	if _, ok := arr.Data.(*js_ast.EArray); !ok {
		return false
	}
	call, ok := aParents[k-2].(*js_ast.Expr)
	if !ok {
		return false
	}
	c, ok := call.Data.(*js_ast.ECall)
	if !ok || len(c.Args) == 0 || c.Args[0].Data != arr.Data {
		return false
	}
	d, ok := c.Target.Data.(*js_ast.EDot)
	return ok && promiseCombinators[d.Name] && m.isGlobal(d.Target, "Promise")
}

// InCatch reports whether a node with enclosing nodes parents lies in the
// catch clause of a try statement of its function (a function nested in
// the clause is not in it).
func InCatch(parents []any) bool {
	for i := len(parents) - 2; i >= 0; i-- {
		p, ok := parents[i].(*js_ast.Stmt)
		if !ok {
			continue
		}
		switch s := p.Data.(type) {
		case *js_ast.STry:
			if s.Catch == nil {
				continue
			}
			for j := range s.Catch.Block.Stmts {
				if parents[i+1] == any(&s.Catch.Block.Stmts[j]) {
					return true
				}
			}
		case *js_ast.SFunction, *js_ast.SClass:
			return false
		}
	}
	return false
}
