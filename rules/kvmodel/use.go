package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// UseKind says what the code does with a KV call's result.
type UseKind uint8

// How a result is used.
const (
	UseOther     UseKind = iota // anything not listed (an argument, an operand, ...)
	UseDiscarded                // an expression statement: the value is dropped
	UseReturned                 // returned (or the body of an arrow)
	UseVariable                 // assigned to a variable: Use.Ref
	UsePattern                  // destructured: Use.Pattern
	UseMember                   // a property read: Use.Member
	UseChained                  // .then/.catch/.finally called on the promise
)

// Use describes the nearest use of a call's value, looking through await,
// parentheses and type assertions.
type Use struct {
	Kind    UseKind
	Awaited bool
	Ref     ast.Ref         // UseVariable
	Pattern *js_ast.BObject // UsePattern
	Member  string          // UseMember, UseChained: the property name
	// Node is the node the value flows into.
	Node any
}

// ResultUse reports how op's result is used.
func (m *Model) ResultUse(op *Op) Use {
	var u Use
	child := op.Expr.Data
	for i := len(op.Parents) - 1; i >= 0; i-- {
		switch p := op.Parents[i].(type) {
		case *js_ast.Expr:
			switch x := p.Data.(type) {
			case *js_ast.EAwait:
				u.Awaited = true
				child = p.Data
				continue
			case *js_ast.EAnnotation:
				child = p.Data
				continue
			case *js_ast.EDot:
				if x.Target.Data == child {
					u.Member = x.Name
					u.Node = p
					switch x.Name {
					case "then", "catch", "finally":
						u.Kind = UseChained
					default:
						u.Kind = UseMember
					}
					return u
				}
			case *js_ast.EBinary:
				if x.Op == js_ast.BinOpAssign && x.Right.Data == child {
					if id, ok := x.Left.Data.(*js_ast.EIdentifier); ok {
						u.Kind, u.Ref, u.Node = UseVariable, m.File.Resolve(id.Ref), p
						return u
					}
				}
			case *js_ast.EArrow:
				// An arrow whose body is the expression returns it.
				u.Kind, u.Node = UseReturned, p
				return u
			}
			u.Node = p
			return u
		case *js_ast.Stmt:
			u.Node = p
			switch x := p.Data.(type) {
			case *js_ast.SExpr:
				u.Kind = UseDiscarded
			case *js_ast.SReturn:
				u.Kind = UseReturned
			case *js_ast.SLocal:
				for _, d := range x.Decls {
					if d.ValueOrNil.Data != child {
						continue
					}
					switch b := d.Binding.Data.(type) {
					case *js_ast.BIdentifier:
						u.Kind, u.Ref = UseVariable, m.File.Resolve(b.Ref)
					case *js_ast.BObject:
						u.Kind, u.Pattern = UsePattern, b
					}
				}
			}
			return u
		default:
			u.Node = p
			return u
		}
	}
	return u
}

// SymbolUse is one read of a variable.
type SymbolUse struct {
	Expr    *js_ast.Expr    // the identifier
	Member  string          // `x.member` (or x?.member): the member read
	Pattern *js_ast.BObject // `const { a, b } = x`
	// Whole reports a use of the value as a whole: passed, returned,
	// spread, stored.
	Whole bool
	// Written reports a store into a member: x.member = ...
	Written bool
	// Parent is the node holding the identifier.
	Parent any
}

// Uses lists the reads of a variable in the file, in source order. One walk
// of the file indexes the uses of every variable, on first need.
func (m *Model) Uses(ref ast.Ref) []SymbolUse {
	m.usesOnce.Do(m.indexUses)
	return m.uses[m.File.Resolve(ref)]
}

func (m *Model) indexUses() {
	m.uses = map[ast.Ref][]SymbolUse{}
	var stack []any
	visit := func(n any) bool {
		e, ok := n.(*js_ast.Expr)
		if !ok {
			return true
		}
		id, ok := e.Data.(*js_ast.EIdentifier)
		if !ok {
			return true
		}
		ref := m.File.Resolve(id.Ref)
		u := SymbolUse{Expr: e, Whole: true}
		if len(stack) > 0 {
			u.Parent = stack[len(stack)-1]
			switch p := stack[len(stack)-1].(type) {
			case *js_ast.Expr:
				switch x := p.Data.(type) {
				case *js_ast.EDot:
					if x.Target.Data == e.Data {
						u.Member, u.Whole = x.Name, false
						if len(stack) > 1 {
							if gp, ok := stack[len(stack)-2].(*js_ast.Expr); ok {
								if b, ok := gp.Data.(*js_ast.EBinary); ok && b.Op >= js_ast.BinOpAssign && b.Left.Data == p.Data {
									u.Written = true
								}
							}
						}
					}
				case *js_ast.EIndex:
					if x.Target.Data == e.Data && len(stack) > 1 {
						u.Whole = false
						if gp, ok := stack[len(stack)-2].(*js_ast.Expr); ok {
							if b, ok := gp.Data.(*js_ast.EBinary); ok && b.Op >= js_ast.BinOpAssign && b.Left.Data == p.Data {
								u.Written = true
							}
						}
					}
				case *js_ast.EBinary:
					if x.Op >= js_ast.BinOpAssign && x.Left.Data == e.Data {
						u.Whole = false // a write, not a read
					}
				}
			case *js_ast.Stmt:
				if l, ok := p.Data.(*js_ast.SLocal); ok {
					for _, d := range l.Decls {
						if b, ok := d.Binding.Data.(*js_ast.BObject); ok && d.ValueOrNil.Data == e.Data {
							u.Pattern, u.Whole = b, false
						}
					}
				}
			}
		}
		m.uses[ref] = append(m.uses[ref], u)
		return true
	}
	parser.WalkAST(parser.StackInspector{Stack: &stack, F: visit}, &m.File.AST)
}
