package cachewarm

import (
	_ "embed"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "cachewarm"

//go:embed doc.go
var doc string

// Analyzer reports cache-warming loops of puts.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// warmWords name functions that warm caches.
var warmWords = map[string]bool{"warm": true, "prewarm": true, "warmup": true, "prime": true, "preload": true, "populate": true, "seed": true}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	isOp := map[*js_ast.ECall]bool{}
	for _, op := range m.Ops {
		isOp[op.Call] = true
		if op.Method != kvmodel.Put || op.Fn == nil {
			continue
		}
		why := warming(m, op.Fn, op.Parents)
		if why == "" {
			continue
		}
		pos, end := m.CallRange(op)
		pass.Report(analysis.Diagnostic{
			Pos:      pos,
			End:      end,
			Category: name,
			Message:  "put in a loop " + why + " looks like cache warming: " + warmsNothing,
		})
	}
	// Calls of helpers that write KV, once per element.
	for _, c := range m.Calls {
		if c.Fn == nil || isOp[c.Call] {
			continue
		}
		if !m.WritesKV(c.Call) {
			continue
		}
		why := warming(m, c.Fn, c.Parents)
		if why == "" {
			continue
		}
		_, callee := m.Callee(c.Call)
		pass.Report(analysis.Diagnostic{
			Pos:      m.Pos(int(c.Expr.Loc.Start)),
			End:      m.Pos(m.File.ExprEnd(c.Expr)),
			Category: name,
			Message:  "call of " + calleeName(callee) + ", which writes KV, in a loop " + why + " looks like cache warming: " + warmsNothing,
		})
	}
	return nil, nil
}

const warmsNothing = "a KV write does not warm other locations (each fills its cache on its own first read), so this pays for writes and warms nothing; populate lazily on a miss with a TTL"

func calleeName(fn *kvmodel.Func) string {
	if fn == nil || fn.Name == "" {
		return "a function"
	}
	return fn.Name + "()"
}

// warming says why code in fn at parents, run per element, looks like
// cache warming ("" if it does not).
func warming(m *kvmodel.Model, fn *kvmodel.Func, parents []any) string {
	loop, perElement := loopOf(fn, parents)
	switch {
	case !perElement:
		return ""
	case constantCollection(m, loop):
		return "over a constant list of keys"
	case warmingName(fn) != "":
		return "in " + warmingName(fn)
	case m.Entries(fn).Has(kvmodel.EntryScheduled) && !m.Entries(fn).Has(kvmodel.EntryRequest):
		return "in a scheduled handler"
	}
	return ""
}

// loopOf returns the collection code in fn at parents runs per element of
// (the iterated expression of a for-of/for-in, or the receiver of
// forEach/map), and whether it runs per element at all.
func loopOf(fn *kvmodel.Func, parents []any) (js_ast.Expr, bool) {
	for i := len(parents) - 1; i >= 0; i-- {
		switch p := parents[i].(type) {
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SForOf:
				return s.Value, true
			case *js_ast.SForIn:
				return s.Value, true
			case *js_ast.SFor, *js_ast.SWhile, *js_ast.SDoWhile:
				return js_ast.Expr{}, true
			}
		case *js_ast.Fn:
			return callbackCollection(fn, p)
		case *js_ast.Expr:
			if _, ok := p.Data.(*js_ast.EArrow); ok {
				return callbackCollection(fn, p)
			}
		}
	}
	return js_ast.Expr{}, false
}

// callbackCollection: the function boundary was reached; the op runs per
// element if the function is a forEach/map/... callback.
func callbackCollection(fn *kvmodel.Func, node any) (js_ast.Expr, bool) {
	for f := fn; f != nil; f = f.Parent {
		if f.Node != node {
			continue
		}
		if f.ArgOf != nil {
			if d, ok := f.ArgOf.Target.Data.(*js_ast.EDot); ok && perElementMethods[d.Name] {
				return d.Target, true
			}
		}
		return js_ast.Expr{}, f.InLoop()
	}
	return js_ast.Expr{}, false
}

var perElementMethods = map[string]bool{"forEach": true, "map": true, "flatMap": true}

// constantCollection reports whether the loop iterates an array literal
// of constants (directly or through a constant variable), or Object.keys /
// entries of a constant object.
func constantCollection(m *kvmodel.Model, coll js_ast.Expr) bool {
	if coll.Data == nil {
		return false
	}
	e := m.Resolve(coll)
	if call, ok := e.Data.(*js_ast.ECall); ok {
		if d, ok := call.Target.Data.(*js_ast.EDot); ok && len(call.Args) == 1 && (d.Name == "keys" || d.Name == "entries" || d.Name == "values") {
			if _, ok := m.Resolve(call.Args[0]).Data.(*js_ast.EObject); ok {
				return m.Eval(call.Args[0]).Kind == kvmodel.Object
			}
		}
		return false
	}
	arr, ok := e.Data.(*js_ast.EArray)
	if !ok || len(arr.Items) == 0 {
		return false
	}
	for _, it := range arr.Items {
		if m.Eval(it).Kind == kvmodel.Unknown {
			return false
		}
	}
	return true
}

// warmingName returns the name of the function (or an enclosing one) that
// is named like a cache warmer.
func warmingName(fn *kvmodel.Func) string {
	for f := fn; f != nil; f = f.Parent {
		for _, w := range words(f.Name) {
			if warmWords[w] {
				return f.Name
			}
		}
	}
	return ""
}

// words splits camelCase, PascalCase, snake_case and kebab-case names into
// lower-case words.
func words(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, strings.ToLower(cur.String()))
			cur.Reset()
		}
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '-' || r == '$':
			flush()
		case unicode.IsUpper(r) && i > 0:
			flush()
			cur.WriteRune(r)
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}
