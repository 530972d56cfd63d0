package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// promiseMethods chain a promise into another.
var promiseMethods = map[string]bool{"then": true, "catch": true, "finally": true}

// promiseCombinators take an iterable of promises.
var promiseCombinators = map[string]bool{"all": true, "allSettled": true, "race": true, "any": true}

// Floating reports whether the promise of the call at the end of parents
// (its enclosing nodes, outermost first) is dropped: neither awaited,
// returned, handed to waitUntil, stored in a variable that is used, nor
// collected into something that is. Chained with then/catch/finally, it is
// as floating as the chain. A `void` in front of it drops it explicitly.
func (m *Model) Floating(call js_ast.Expr, parents []any) bool {
	child := call.Data
walk:
	for i := len(parents) - 1; i >= 0; i-- {
		switch p := parents[i].(type) {
		case *js_ast.Expr:
			switch x := p.Data.(type) {
			case *js_ast.EAwait, *js_ast.EYield:
				return false
			case *js_ast.EAnnotation, *js_ast.ESpread, *js_ast.EIf:
				child = p.Data
				continue
			case *js_ast.EArray:
				child = p.Data
				continue
			case *js_ast.EUnary:
				if x.Op == js_ast.UnOpVoid {
					return true
				}
				return false
			case *js_ast.EBinary:
				switch x.Op {
				case js_ast.BinOpLogicalAnd, js_ast.BinOpLogicalOr, js_ast.BinOpNullishCoalescing:
					child = p.Data
					continue
				case js_ast.BinOpComma:
					if x.Left.Data == child {
						return true
					}
					child = p.Data
					continue
				case js_ast.BinOpAssign:
					if x.Right.Data == child {
						return m.assignedUnused(x.Left)
					}
				}
				return false
			case *js_ast.EDot:
				// p.then(f), p.catch(f), p.finally(f) is another promise
				// that settles after p: as floating as that one (a handler
				// keeps nothing alive). Any other member reads it.
				if !promiseMethods[x.Name] || x.Target.Data != child || i == 0 {
					return false
				}
				outer, ok := parents[i-1].(*js_ast.Expr)
				if !ok {
					return false
				}
				c, ok := outer.Data.(*js_ast.ECall)
				if !ok || c.Target.Data != p.Data {
					return false
				}
				if m.signalsCaller(c, parents[:i]) {
					return false // `.then(() => callback())`: the caller waits for it
				}
				child = outer.Data
				i--
				continue
			case *js_ast.ECall:
				if x.Target.Data == child {
					return false
				}
				if d, ok := x.Target.Data.(*js_ast.EDot); ok && promiseCombinators[d.Name] && m.isGlobal(d.Target, "Promise") {
					// Promise.all([...]) is as floating as its own result.
					child = p.Data
					continue
				}
				// waitUntil(p), list.push(p), or any function it is passed to.
				return false
			case *js_ast.EArrow:
				// An expression-bodied arrow returns it: to its caller,
				// or into what an array method makes of it.
				if j, call, each := arrayCallback(parents, i); j >= 0 {
					if each {
						return true // forEach drops what the callback returns
					}
					child, i = call, j
					continue
				}
				return false
			}
			return false
		case *js_ast.Stmt:
			switch x := p.Data.(type) {
			case *js_ast.SReturn:
				// Returned from a callback of list.map(...): as floating as
				// the list of promises map makes.
				for f := i - 1; f >= 0; f-- {
					if !isFunctionNode(parents[f]) {
						continue
					}
					if j, call, each := arrayCallback(parents, f); j >= 0 {
						if each {
							return true
						}
						child, i = call, j
						continue walk
					}
					return false
				}
				return false
			case *js_ast.SExpr:
				return true
			case *js_ast.SLocal:
				for _, d := range x.Decls {
					if d.ValueOrNil.Data == child {
						if b, ok := d.Binding.Data.(*js_ast.BIdentifier); ok {
							return len(m.Uses(b.Ref)) == 0
						}
					}
				}
				return false
			}
			return false
		default:
			return false
		}
	}
	return false
}

// arrayCallback reports whether the function at parents[i] is the callback
// of an array method that keeps what it returns (map, flatMap: it returns
// the index of that call and the call) or drops it (forEach: each).
// j is -1 when it is neither.
func arrayCallback(parents []any, i int) (j int, call js_ast.E, each bool) {
	arg := parents[i]
	for j = i - 1; j >= 0; j-- {
		e, ok := parents[j].(*js_ast.Expr)
		if !ok {
			return -1, nil, false
		}
		switch x := e.Data.(type) {
		case *js_ast.EFunction:
			arg = parents[j] // the argument is the function expression holding the Fn
			continue
		case *js_ast.ECall:
			switch callbackMethod(x, arg) {
			case "map", "flatMap":
				return j, e.Data, false
			case "forEach":
				return j, e.Data, true
			}
		}
		return -1, nil, false
	}
	return -1, nil, false
}

// callbackMethod returns the array method (forEach, map, flatMap) whose
// callback, its first argument, is the enclosing node arg of the call;
// "" when it is none.
func callbackMethod(call *js_ast.ECall, arg any) string {
	d, ok := call.Target.Data.(*js_ast.EDot)
	if !ok || len(call.Args) == 0 || arg != any(&call.Args[0]) {
		return ""
	}
	switch d.Name {
	case "forEach", "map", "flatMap":
		return d.Name
	}
	return ""
}

// isFunctionNode reports whether an enclosing node is a function: an arrow
// or a function expression's or declaration's Fn.
func isFunctionNode(n any) bool {
	switch x := n.(type) {
	case *js_ast.Fn:
		return true
	case *js_ast.Expr:
		_, ok := x.Data.(*js_ast.EArrow)
		return ok
	}
	return false
}

// assignedUnused reports whether an assignment target is a variable that
// is never read.
func (m *Model) assignedUnused(target js_ast.Expr) bool {
	id, ok := target.Data.(*js_ast.EIdentifier)
	if !ok {
		return false
	}
	for _, u := range m.Uses(id.Ref) {
		if u.Whole || u.Member != "" || u.Pattern != nil {
			if u.Expr.Data != target.Data {
				return false
			}
		}
	}
	return true
}

func (m *Model) isGlobal(e js_ast.Expr, name string) bool {
	id, ok := e.Data.(*js_ast.EIdentifier)
	return ok && m.fm.isGlobal(id.Ref, name)
}

// signalsCaller reports whether a then/catch/finally call hands the
// promise's completion to the enclosing function's caller: a handler calls
// one of that function's parameters (`.then(() => callback())`, the
// callback style of session stores), so the caller can wait for it.
func (m *Model) signalsCaller(chain *js_ast.ECall, parents []any) bool {
	params := map[ast.Ref]bool{}
	for i := len(parents) - 1; i >= 0 && len(params) == 0; i-- {
		var args []js_ast.Arg
		switch p := parents[i].(type) {
		case *js_ast.Fn:
			args = p.Args
		case *js_ast.Expr:
			if a, ok := p.Data.(*js_ast.EArrow); ok {
				args = a.Args
			} else {
				continue
			}
		default:
			continue
		}
		for _, a := range args {
			if id, ok := a.Binding.Data.(*js_ast.BIdentifier); ok {
				params[m.File.Resolve(id.Ref)] = true
			}
		}
		if len(params) == 0 {
			return false
		}
	}
	if len(params) == 0 {
		return false
	}
	found := false
	for i := range chain.Args {
		// .then(callback): the parameter itself is the handler.
		if id, ok := chain.Args[i].Data.(*js_ast.EIdentifier); ok && params[m.File.Resolve(id.Ref)] {
			return true
		}
		parser.WalkExpr(parser.Inspector(func(n any) bool {
			if x, ok := n.(*js_ast.Expr); ok {
				if c, ok := x.Data.(*js_ast.ECall); ok {
					if id, ok := c.Target.Data.(*js_ast.EIdentifier); ok && params[m.File.Resolve(id.Ref)] {
						found = true
					}
				}
			}
			return !found
		}), &chain.Args[i])
	}
	return found
}
