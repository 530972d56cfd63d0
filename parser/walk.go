package parser

import "github.com/kvlint/kvlint/internal/esbuild/js_ast"

// Visitor is what Walk calls for each node: its Visit method is called for each node Walk meets, in source
// order. If it returns a non-nil visitor w, Walk visits the node's children
// with w and then calls w.Visit(nil), as go/ast.Walk does.
//
// Nodes are *js_ast.Stmt, *js_ast.Expr, *js_ast.Binding, *js_ast.Fn (the
// parameters and body of a function or method; an arrow function is its
// *js_ast.Expr), *js_ast.Class and *js_ast.Property.
type Visitor interface {
	Visit(node any) (w Visitor)
}

// Inspect walks stmts calling f for each node; f returning false skips the
// node's children.
func Inspect(stmts []js_ast.Stmt, f func(node any) bool) {
	WalkStmts(Inspector(f), stmts)
}

// Inspector adapts a function to a Visitor: it is called for each node,
// and returning false skips the node's children. Use it with WalkExpr,
// WalkBinding and the other Walk functions.
type Inspector func(node any) bool

// Visit implements Visitor.
func (f Inspector) Visit(node any) Visitor {
	if node != nil && f(node) {
		return f
	}
	return nil
}

// StackInspector is an Inspector that keeps, in *Stack, the ancestors of
// the node it is called for (outermost first).
type StackInspector struct {
	Stack *[]any
	F     func(node any) bool
}

// Visit implements Visitor.
func (v StackInspector) Visit(n any) Visitor {
	if n == nil {
		*v.Stack = (*v.Stack)[:len(*v.Stack)-1]
		return nil
	}
	if !v.F(n) {
		return nil
	}
	*v.Stack = append(*v.Stack, n)
	return v
}

// Verdict is what AnyExpr's function says of an expression.
type Verdict uint8

// The verdicts.
const (
	Descend Verdict = iota // not this one; look at its children
	Skip                   // not this one, nor anything inside it
	Found                  // this one: stop
)

// AnyExpr reports whether f finds an expression in e (e itself or one
// inside it, nested functions included unless f skips them), stopping at
// the first it finds.
func AnyExpr(e js_ast.Expr, f func(x js_ast.Expr) Verdict) bool {
	found := false
	WalkExpr(Inspector(func(n any) bool {
		if found {
			return false
		}
		x, ok := n.(*js_ast.Expr)
		if !ok {
			return true
		}
		switch f(*x) {
		case Found:
			found = true
			return false
		case Skip:
			return false
		}
		return true
	}), &e)
	return found
}

// WalkStmts walks each statement.
func WalkStmts(v Visitor, stmts []js_ast.Stmt) {
	for i := range stmts {
		WalkStmt(v, &stmts[i])
	}
}

// WalkAST walks every statement of a parsed file.
func WalkAST(v Visitor, tree *js_ast.AST) {
	for i := range tree.Parts {
		WalkStmts(v, tree.Parts[i].Stmts)
	}
}

// WalkStmt walks one statement and its children.
func WalkStmt(v Visitor, s *js_ast.Stmt) {
	if s == nil || s.Data == nil {
		return
	}
	if v = v.Visit(s); v == nil {
		return
	}
	switch d := s.Data.(type) {
	case *js_ast.SBlock:
		WalkStmts(v, d.Stmts)
	case *js_ast.SExportDefault:
		WalkStmt(v, &d.Value)
	case *js_ast.SExportEquals:
		WalkExpr(v, &d.Value)
	case *js_ast.SLazyExport:
		WalkExpr(v, &d.Value)
	case *js_ast.SExpr:
		WalkExpr(v, &d.Value)
	case *js_ast.SEnum:
		for i := range d.Values {
			WalkExpr(v, &d.Values[i].ValueOrNil)
		}
	case *js_ast.SNamespace:
		WalkStmts(v, d.Stmts)
	case *js_ast.SFunction:
		WalkFn(v, &d.Fn)
	case *js_ast.SClass:
		WalkClass(v, &d.Class)
	case *js_ast.SLabel:
		WalkStmt(v, &d.Stmt)
	case *js_ast.SIf:
		WalkExpr(v, &d.Test)
		WalkStmt(v, &d.Yes)
		WalkStmt(v, &d.NoOrNil)
	case *js_ast.SFor:
		WalkStmt(v, &d.InitOrNil)
		WalkExpr(v, &d.TestOrNil)
		WalkExpr(v, &d.UpdateOrNil)
		WalkStmt(v, &d.Body)
	case *js_ast.SForIn:
		WalkStmt(v, &d.Init)
		WalkExpr(v, &d.Value)
		WalkStmt(v, &d.Body)
	case *js_ast.SForOf:
		WalkStmt(v, &d.Init)
		WalkExpr(v, &d.Value)
		WalkStmt(v, &d.Body)
	case *js_ast.SDoWhile:
		WalkStmt(v, &d.Body)
		WalkExpr(v, &d.Test)
	case *js_ast.SWhile:
		WalkExpr(v, &d.Test)
		WalkStmt(v, &d.Body)
	case *js_ast.SWith:
		WalkExpr(v, &d.Value)
		WalkStmt(v, &d.Body)
	case *js_ast.STry:
		WalkStmts(v, d.Block.Stmts)
		if d.Catch != nil {
			WalkBinding(v, &d.Catch.BindingOrNil)
			WalkStmts(v, d.Catch.Block.Stmts)
		}
		if d.Finally != nil {
			WalkStmts(v, d.Finally.Block.Stmts)
		}
	case *js_ast.SSwitch:
		WalkExpr(v, &d.Test)
		for i := range d.Cases {
			WalkExpr(v, &d.Cases[i].ValueOrNil)
			WalkStmts(v, d.Cases[i].Body)
		}
	case *js_ast.SReturn:
		WalkExpr(v, &d.ValueOrNil)
	case *js_ast.SThrow:
		WalkExpr(v, &d.Value)
	case *js_ast.SLocal:
		for i := range d.Decls {
			WalkBinding(v, &d.Decls[i].Binding)
			WalkExpr(v, &d.Decls[i].ValueOrNil)
		}
	}
	v.Visit(nil)
}

// WalkBinding walks a binding pattern, including default values.
func WalkBinding(v Visitor, b *js_ast.Binding) {
	if b == nil || b.Data == nil {
		return
	}
	if v = v.Visit(b); v == nil {
		return
	}
	switch d := b.Data.(type) {
	case *js_ast.BArray:
		for i := range d.Items {
			WalkBinding(v, &d.Items[i].Binding)
			WalkExpr(v, &d.Items[i].DefaultValueOrNil)
		}
	case *js_ast.BObject:
		for i := range d.Properties {
			p := &d.Properties[i]
			if p.IsComputed {
				WalkExpr(v, &p.Key)
			}
			WalkBinding(v, &p.Value)
			WalkExpr(v, &p.DefaultValueOrNil)
		}
	}
	v.Visit(nil)
}

// WalkFn walks a function's parameters and body.
func WalkFn(v Visitor, fn *js_ast.Fn) {
	if v = v.Visit(fn); v == nil {
		return
	}
	walkParams(v, fn.Args)
	WalkStmts(v, fn.Body.Block.Stmts)
	v.Visit(nil)
}

func walkParams(v Visitor, args []js_ast.Arg) {
	for i := range args {
		WalkBinding(v, &args[i].Binding)
		WalkExpr(v, &args[i].DefaultOrNil)
	}
}

// WalkClass walks a class's heritage and members.
func WalkClass(v Visitor, c *js_ast.Class) {
	if v = v.Visit(c); v == nil {
		return
	}
	WalkExpr(v, &c.ExtendsOrNil)
	for i := range c.Properties {
		WalkProperty(v, &c.Properties[i])
	}
	v.Visit(nil)
}

// WalkProperty walks an object or class member.
func WalkProperty(v Visitor, p *js_ast.Property) {
	if v = v.Visit(p); v == nil {
		return
	}
	if p.ClassStaticBlock != nil {
		WalkStmts(v, p.ClassStaticBlock.Block.Stmts)
	}
	WalkExpr(v, &p.Key)
	WalkExpr(v, &p.ValueOrNil)
	WalkExpr(v, &p.InitializerOrNil)
	v.Visit(nil)
}

// WalkExpr walks one expression and its children.
func WalkExpr(v Visitor, e *js_ast.Expr) {
	if e == nil || e.Data == nil {
		return
	}
	if v = v.Visit(e); v == nil {
		return
	}
	switch d := e.Data.(type) {
	case *js_ast.EArray:
		for i := range d.Items {
			WalkExpr(v, &d.Items[i])
		}
	case *js_ast.EUnary:
		WalkExpr(v, &d.Value)
	case *js_ast.EBinary:
		WalkExpr(v, &d.Left)
		WalkExpr(v, &d.Right)
	case *js_ast.ENew:
		WalkExpr(v, &d.Target)
		for i := range d.Args {
			WalkExpr(v, &d.Args[i])
		}
	case *js_ast.ECall:
		WalkExpr(v, &d.Target)
		for i := range d.Args {
			WalkExpr(v, &d.Args[i])
		}
	case *js_ast.EDot:
		WalkExpr(v, &d.Target)
	case *js_ast.EIndex:
		WalkExpr(v, &d.Target)
		WalkExpr(v, &d.Index)
	case *js_ast.EArrow:
		// An arrow has no Fn node: its Expr is the function.
		walkParams(v, d.Args)
		WalkStmts(v, d.Body.Block.Stmts)
	case *js_ast.EFunction:
		WalkFn(v, &d.Fn)
	case *js_ast.EClass:
		WalkClass(v, &d.Class)
	case *js_ast.EJSXElement:
		WalkExpr(v, &d.TagOrNil)
		for i := range d.Properties {
			WalkProperty(v, &d.Properties[i])
		}
		for i := range d.NullableChildren {
			WalkExpr(v, &d.NullableChildren[i])
		}
	case *js_ast.EObject:
		for i := range d.Properties {
			WalkProperty(v, &d.Properties[i])
		}
	case *js_ast.ESpread:
		WalkExpr(v, &d.Value)
	case *js_ast.ETemplate:
		WalkExpr(v, &d.TagOrNil)
		for i := range d.Parts {
			WalkExpr(v, &d.Parts[i].Value)
		}
	case *js_ast.EInlinedEnum:
		WalkExpr(v, &d.Value)
	case *js_ast.EAnnotation:
		WalkExpr(v, &d.Value)
	case *js_ast.EAwait:
		WalkExpr(v, &d.Value)
	case *js_ast.EYield:
		WalkExpr(v, &d.ValueOrNil)
	case *js_ast.EIf:
		WalkExpr(v, &d.Test)
		WalkExpr(v, &d.Yes)
		WalkExpr(v, &d.No)
	case *js_ast.EImportCall:
		WalkExpr(v, &d.Expr)
		WalkExpr(v, &d.OptionsOrNil)
	}
	v.Visit(nil)
}
