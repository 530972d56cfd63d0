package floatingwrite

import (
	_ "embed"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "floatingwrite"

//go:embed doc.go
var doc string

// Analyzer reports unawaited KV writes.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	isOp := map[*js_ast.ECall]*kvmodel.Op{}
	for _, op := range m.Ops {
		isOp[op.Call] = op
	}
	for _, c := range m.Calls {
		if c.Fn == nil {
			continue
		}
		var msg string
		if op, ok := isOp[c.Call]; ok {
			if !op.IsWrite() || !m.Floating(c.Expr, c.Parents) {
				continue
			}
			msg = op.Method + " to " + op.NS.String() + " is not awaited, returned or passed to waitUntil: the write may be cancelled when the response is sent"
		} else if d, ok := c.Call.Target.Data.(*js_ast.EDot); ok && d.Name == "forEach" && asyncWriterCallback(m, c.Call) {
			msg = "forEach does not wait for its async callback, which writes KV: the writes may be cancelled when the response is sent; use for...of with await, or Promise.all with map"
		} else {
			_, callee := m.Callee(c.Call)
			if callee == nil || !returnsPromise(callee) || !m.WritesKV(c.Call) || !m.Floating(c.Expr, c.Parents) {
				continue
			}
			msg = "call of " + calleeName(callee) + ", which writes KV, is not awaited, returned or passed to waitUntil: its writes may be cancelled when the response is sent"
		}
		if h := chainedWith(c); h != "" {
			msg += " (." + h + " handles its result but keeps nothing alive)"
		}
		start, end := int(c.Expr.Loc.Start), m.File.ExprEnd(c.Expr)
		d := analysis.Diagnostic{Pos: m.Pos(start), End: m.Pos(end), Category: name, Message: msg}
		if ctx := waitUntilReceiver(m, c.Fn); ctx != "" && isStatement(c) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "hand the promise to " + ctx + ".waitUntil",
				TextEdits: []analysis.TextEdit{
					{Pos: m.Pos(start), End: m.Pos(start), NewText: []byte(ctx + ".waitUntil(")},
					{Pos: m.Pos(end), End: m.Pos(end), NewText: []byte(")")},
				},
			}}
		}
		pass.Report(d)
	}
	return nil, nil
}

// chainedWith returns the promise method (then, catch, finally) called
// on the call's result, if any.
func chainedWith(c *kvmodel.CallSite) string {
	if len(c.Parents) == 0 {
		return ""
	}
	p, ok := c.Parents[len(c.Parents)-1].(*js_ast.Expr)
	if !ok {
		return ""
	}
	if d, ok := p.Data.(*js_ast.EDot); ok && d.Target.Data == c.Expr.Data {
		switch d.Name {
		case "then", "catch", "finally":
			return d.Name
		}
	}
	return ""
}

// isStatement reports whether the call is a whole expression statement
// (where wrapping it in waitUntil changes nothing else).
func isStatement(c *kvmodel.CallSite) bool {
	if len(c.Parents) == 0 {
		return false
	}
	s, ok := c.Parents[len(c.Parents)-1].(*js_ast.Stmt)
	if !ok {
		return false
	}
	e, ok := s.Data.(*js_ast.SExpr)
	return ok && e.Value.Data == c.Expr.Data
}

// waitUntilReceiver finds, in the handlers enclosing fn, the expression
// that offers waitUntil: the execution context parameter of fetch,
// scheduled or queue; `c.executionCtx` of a Hono route; the context of a
// Pages function.
func waitUntilReceiver(m *kvmodel.Model, fn *kvmodel.Func) string {
	param := func(f *kvmodel.Func, i int) string {
		if i < len(f.Params) && f.Params[i] != ast.InvalidRef {
			return m.File.Name(f.Params[i])
		}
		return ""
	}
	for f := fn; f != nil; f = f.Parent {
		switch {
		case f.Name == "fetch" || f.Name == "scheduled" || f.Name == "queue":
			if p := param(f, 2); p != "" {
				return p
			}
		case strings.HasPrefix(f.Name, "onRequest"):
			if p := param(f, 0); p != "" {
				return p
			}
		case f.ArgOf != nil && m.Entries(f).Has(kvmodel.EntryRequest) && f.Parent == nil:
			if p := param(f, 0); p != "" {
				return p + ".executionCtx"
			}
		}
	}
	return ""
}

// asyncWriterCallback reports whether a forEach call's callback is async
// and writes KV.
func asyncWriterCallback(m *kvmodel.Model, call *js_ast.ECall) bool {
	for _, fn := range m.Funcs {
		if fn.ArgOf == call && fn.Async && m.FuncWritesKV(fn) {
			return true
		}
	}
	return false
}

// returnsPromise reports whether calling fn yields a promise: it is async,
// or its body returns a value (such as the put's promise).
func returnsPromise(fn *kvmodel.Func) bool {
	if fn.Async {
		return true
	}
	for _, s := range fn.Body() {
		if r, ok := s.Data.(*js_ast.SReturn); ok && r.ValueOrNil.Data != nil {
			return true
		}
	}
	return false
}

func calleeName(fn *kvmodel.Func) string {
	if fn.Name == "" {
		return "a function"
	}
	return fn.Name + "()"
}
