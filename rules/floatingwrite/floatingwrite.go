package floatingwrite

import (
	_ "embed"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
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
	// The async functions handed to each call, writing KV (forEach and
	// map callbacks), indexed once.
	asyncWriters := map[*js_ast.ECall]bool{}
	for _, fn := range m.Funcs {
		if fn.ArgOf != nil && fn.Async && !asyncWriters[fn.ArgOf] && m.FuncWritesKV(fn) {
			asyncWriters[fn.ArgOf] = true
		}
	}
	var diags []analysis.Diagnostic
	var fixes []candidate
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
		} else if d, ok := c.Call.Target.Data.(*js_ast.EDot); ok && d.Name == "forEach" && asyncWriters[c.Call] {
			msg = "forEach does not wait for its async callback, which writes KV: the writes may be cancelled when the response is sent; use for...of with await, or Promise.all with map"
		} else if ok && (d.Name == "map" || d.Name == "flatMap") && asyncWriters[c.Call] && m.Floating(c.Expr, c.Parents) {
			msg = d.Name + " with an async callback that writes KV makes a list of promises nobody awaits: the writes may be cancelled when the response is sent; await Promise.all of it, or hand that to waitUntil"
		} else {
			_, callee := m.Callee(c.Call)
			if callee == nil || !returnsPromise(callee) || !writesOwnKV(m, c.Call) || !m.Floating(c.Expr, c.Parents) {
				continue
			}
			msg = "call of " + calleeName(callee) + ", which writes KV, is not awaited, returned or passed to waitUntil: its writes may be cancelled when the response is sent"
		}
		if h := chainedWith(c); h != "" {
			msg += " (." + h + " handles its result but keeps nothing alive)"
		}
		start, end := int(c.Expr.Loc.Start), m.File.ExprEnd(c.Expr)
		diags = append(diags, analysis.Diagnostic{Pos: m.Pos(start), End: m.Pos(end), Category: name, Message: msg})
		if r, ok := waitUntilReceiver(m, c.Fn); ok && isStatement(c) {
			fixes = append(fixes, candidate{diag: len(diags) - 1, start: start, end: end, recv: r})
		}
	}
	offerFixes(m, diags, fixes)
	for _, d := range diags {
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

// candidate is a waitUntil fix to be offered if its receiver resolves.
type candidate struct {
	diag       int // index in the diagnostics
	start, end int // the floating expression
	recv       receiver
}

// offerFixes attaches each candidate fix whose receiver, written at the
// insertion point, names the handler's own context parameter. That is
// decided by esbuild on the fixed text, through its scopes: a callback's
// own ctx parameter, a nested function's, a block-scoped `const ctx`
// shadow the handler's, and the fix is then not offered.
func offerFixes(m *kvmodel.Model, diags []analysis.Diagnostic, cands []candidate) {
	if len(cands) == 0 {
		return
	}
	type insert struct {
		at   int
		text string
	}
	var ins []insert
	for _, c := range cands {
		ins = append(ins, insert{c.start, c.recv.expr + ".waitUntil("}, insert{c.end, ")"})
	}
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].at < ins[j].at })
	// shift maps an offset of the original text to the fixed text: every
	// insertion before it moves it on.
	before := make([]int, len(ins)+1) // text inserted before ins[i]
	for i, in := range ins {
		before[i+1] = before[i] + len(in.text)
	}
	shift := func(off int) int {
		return off + before[sort.Search(len(ins), func(i int) bool { return ins[i].at >= off })]
	}
	src := m.File.Src
	var b strings.Builder
	last := 0
	for _, in := range ins {
		b.Write(src[last:in.at])
		b.WriteString(in.text)
		last = in.at
	}
	b.Write(src[last:])
	qs := make([]parser.Binding, len(cands))
	for i, c := range cands {
		qs[i] = parser.Binding{Use: shift(c.start), Decl: shift(c.recv.decl)}
	}
	ok := parser.SameSymbols(m.File.Path, []byte(b.String()), qs)
	for i, c := range cands {
		if !ok[i] {
			continue
		}
		diags[c.diag].SuggestedFixes = []analysis.SuggestedFix{{
			Message: "hand the promise to " + c.recv.expr + ".waitUntil",
			TextEdits: []analysis.TextEdit{
				{Pos: m.Pos(c.start), End: m.Pos(c.start), NewText: []byte(c.recv.expr + ".waitUntil(")},
				{Pos: m.Pos(c.end), End: m.Pos(c.end), NewText: []byte(")")},
			},
		}}
	}
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

// receiver is what offers waitUntil: an expression rooted at a parameter
// of a handler.
type receiver struct {
	expr string // ctx, context, c.executionCtx
	decl int    // offset of the parameter's binding identifier
}

// waitUntilReceiver finds, in the handlers enclosing fn, the expression
// that offers waitUntil: the execution context parameter of fetch,
// scheduled or queue; `c.executionCtx` of a Hono route; the context of a
// Pages function.
func waitUntilReceiver(m *kvmodel.Model, fn *kvmodel.Func) (receiver, bool) {
	param := func(f *kvmodel.Func, i int) (receiver, bool) {
		if i >= len(f.Params) || f.Params[i] == ast.InvalidRef {
			return receiver{}, false
		}
		at, ok := paramAt(f, i)
		return receiver{expr: m.File.Name(f.Params[i]), decl: at}, ok
	}
	for f := fn; f != nil; f = f.Parent {
		switch {
		case f.Name == "fetch" || f.Name == "scheduled" || f.Name == "queue":
			if r, ok := param(f, 2); ok {
				return r, true
			}
		case strings.HasPrefix(f.Name, "onRequest"):
			if r, ok := param(f, 0); ok {
				return r, true
			}
		case f.ArgOf != nil && m.Entries(f).Has(kvmodel.EntryRequest) && f.Parent == nil:
			if r, ok := param(f, 0); ok {
				r.expr += ".executionCtx"
				return r, true
			}
		}
	}
	return receiver{}, false
}

// paramAt is the offset of the identifier binding fn's i-th parameter.
func paramAt(fn *kvmodel.Func, i int) (int, bool) {
	var args []js_ast.Arg
	switch n := fn.Node.(type) {
	case *js_ast.Fn:
		args = n.Args
	case *js_ast.Expr:
		if a, ok := n.Data.(*js_ast.EArrow); ok {
			args = a.Args
		}
	}
	if i >= len(args) {
		return 0, false
	}
	if _, ok := args[i].Binding.Data.(*js_ast.BIdentifier); !ok {
		return 0, false
	}
	return int(args[i].Binding.Loc.Start), true
}

// writesOwnKV reports whether the call writes KV other than in a function
// literal handed to it: a callback's own write is reported where it is
// written (wrapping the call would not keep it alive).
func writesOwnKV(m *kvmodel.Model, call *js_ast.ECall) bool {
	for _, e := range m.Effects(call) {
		if !e.IsWrite() {
			continue
		}
		inArg := false
		if e.OpModel == m {
			for fn := e.Op.Fn; fn != nil; fn = fn.Parent {
				if fn.ArgOf == call {
					inArg = true
					break
				}
			}
		}
		if !inArg {
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
