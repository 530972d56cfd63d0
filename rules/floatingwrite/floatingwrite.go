package floatingwrite

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

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
		pass.Report(analysis.Diagnostic{
			Pos:      m.Pos(int(c.Expr.Loc.Start)),
			End:      m.Pos(m.File.ExprEnd(c.Expr)),
			Category: name,
			Message:  msg,
		})
	}
	return nil, nil
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
