package badkey

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"go/token"
	"math"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "badkey"

//go:embed doc.go
var doc string

// Analyzer reports keys, limits and metadata KV rejects.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// KV's limits (KV_FACTS.md, "Limits").
const (
	maxKeyBytes      = 512
	maxListLimit     = 1000
	maxMetadataBytes = 1024
)

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	report := func(pos, end token.Pos, format string, args ...any) {
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: name, Message: fmt.Sprintf(format, args...)})
	}
	for _, op := range m.Ops {
		callPos, callEnd := m.CallRange(op)
		switch op.Method {
		case kvmodel.Get, kvmodel.GetWithMetadata, kvmodel.Put, kvmodel.Delete:
			for _, key := range keys(m, op) {
				v := m.Eval(key)
				if v.Kind != kvmodel.String {
					continue
				}
				if problem := keyProblem(v.Str); problem != "" {
					report(callPos, callEnd, "%s key %s: %s", op.Method, quote(v.Str), problem)
				}
			}
		}
		switch op.Method {
		case kvmodel.List:
			o, ok := m.Option(op, "limit")
			if !ok {
				continue
			}
			if v := m.Eval(o.Value); v.IsNumber() && v.Num > maxListLimit {
				pos, end := m.OptionRange(op, o)
				report(pos, end, "list() limit %v is above KV's maximum of %d: the call fails; page with cursor instead", v.Num, maxListLimit)
			}
		case kvmodel.Put:
			o, ok := m.Option(op, "metadata")
			if !ok {
				continue
			}
			if size, ok := jsonSize(m, o.Value, 0); ok && size > maxMetadataBytes {
				pos, end := m.OptionRange(op, o)
				report(pos, end, "metadata serializes to %d bytes, above KV's limit of %d bytes: the put fails", size, maxMetadataBytes)
			}
		}
	}
	return nil, nil
}

// keys returns the key expressions of an operation: its key, or each
// element of a bulk get's array.
func keys(m *kvmodel.Model, op *kvmodel.Op) []js_ast.Expr {
	if op.Key.Data == nil {
		return nil
	}
	if arr, ok := m.Resolve(op.Key).Data.(*js_ast.EArray); ok && op.Method == kvmodel.Get {
		return arr.Items
	}
	return []js_ast.Expr{op.Key}
}

func keyProblem(k string) string {
	switch {
	case k == "":
		return "KV rejects empty keys"
	case k == "." || k == "..":
		return "KV rejects the keys \".\" and \"..\""
	case len(k) > maxKeyBytes:
		return fmt.Sprintf("%d bytes, above KV's limit of %d bytes", len(k), maxKeyBytes)
	}
	return ""
}

func quote(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%q…", s[:37])
	}
	return fmt.Sprintf("%q", s)
}

// jsonSize returns the length of JSON.stringify of a constant value.
func jsonSize(m *kvmodel.Model, e js_ast.Expr, depth int) (int, bool) {
	if depth > 16 {
		return 0, false
	}
	e = m.Resolve(e)
	switch x := e.Data.(type) {
	case *js_ast.EObject:
		n := 2 // {}
		count := 0
		for i := range x.Properties {
			p := &x.Properties[i]
			name, ok := kvmodel.PropName(p)
			if !ok || p.Kind != js_ast.PropertyField || p.ValueOrNil.Data == nil {
				return 0, false
			}
			vs, ok := jsonSize(m, p.ValueOrNil, depth+1)
			if !ok {
				return 0, false
			}
			n += jsonStringLen(name) + 1 + vs
			count++
		}
		if count > 1 {
			n += count - 1
		}
		return n, true
	case *js_ast.EArray:
		n := 2
		for i, it := range x.Items {
			vs, ok := jsonSize(m, it, depth+1)
			if !ok {
				return 0, false
			}
			n += vs
			if i > 0 {
				n++
			}
		}
		return n, true
	}
	v := m.Eval(e)
	switch v.Kind {
	case kvmodel.String:
		return jsonStringLen(v.Str), true
	case kvmodel.Number:
		if math.IsInf(v.Num, 0) || math.IsNaN(v.Num) {
			return 4, true // null
		}
		b, _ := json.Marshal(v.Num)
		return len(b), true
	case kvmodel.Bool:
		if v.Num != 0 {
			return 4, true
		}
		return 5, true
	case kvmodel.Null:
		return 4, true
	}
	return 0, false
}

// jsonStringLen is the length of JSON.stringify(s): like encoding/json, but
// without HTML escaping, as JavaScript does it.
func jsonStringLen(s string) int {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return b.Len() - 1 // Encode appends a newline
}
