package missingttl

import (
	_ "embed"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "missingttl"

//go:embed doc.go
var doc string

// Analyzer reports puts that set no expiration.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	each := m.Tool().Setting(name, "mode") == "each"
	var idx *index
	if !each {
		idx = programIndex(m.Prog)
	}
	for _, op := range m.Ops {
		if op.Method != kvmodel.Put || !m.TTLRequired(op.NS) || !noTTL(m, op) {
			continue
		}
		pos, end := m.CallRange(op)
		d := analysis.Diagnostic{
			Pos:      pos,
			End:      end,
			Category: name,
			Message:  "put to " + op.NS.String() + " never expires: " + passTTL,
		}
		if !each && !grouped(m, op, idx.verdicts[op], &d) {
			continue
		}
		if m.TTLOf(op) == kvmodel.TTLSomePaths {
			d.Message = strings.Replace(d.Message, "never expires", "never expires on some paths, where its expiration is undefined", 1)
		}
		pass.Report(d)
	}
	// A wrapper whose TTL parameter the caller leaves out: at the call.
	for _, site := range m.Calls {
		if op, ok := m.OmitsTTL(site); ok {
			pass.Report(analysis.Diagnostic{
				Pos: m.Pos(int(site.Expr.Loc.Start)), End: m.Pos(m.File.ExprEnd(site.Expr)), Category: name,
				Message: "this call leaves out the expiration its put to " + op.NS.String() + " takes from a parameter, so the value never expires: pass a TTL",
			})
		}
	}
	return nil, nil
}

const passTTL = "pass { expirationTtl: seconds } (at least 60) or { expiration }"

// noTTL reports whether a put provably sets no TTL (on some path, at
// least: see kvmodel.TTLOf).
func noTTL(m *kvmodel.Model, op *kvmodel.Op) bool {
	if len(op.Call.Args) > 3 || hasSpreadArg(op.Call) {
		return false
	}
	t := m.TTLOf(op)
	return t == kvmodel.TTLNone || t == kvmodel.TTLSomePaths
}

// TTL evidence a put gives for its namespace.
const (
	ttlNone  = iota
	ttlMaybe // its options name a TTL on some path (`t ? { expirationTtl: t } : {}`, `opts.expirationTtl = t`)
	ttlSet   // its options set one
)

// ttlOf tells whether a put's options set expiration or expirationTtl,
// or name one that may be set.
func ttlOf(m *kvmodel.Model, op *kvmodel.Op) int {
	for _, name := range ttlNames {
		if o, ok := m.Option(op, name); ok {
			if v := m.Eval(o.Value); v.Kind != kvmodel.Undefined && v.Kind != kvmodel.Null {
				return ttlSet
			}
		}
	}
	if op.Options.Data != nil && namesTTL(m, op.Options, 0) {
		return ttlMaybe
	}
	return ttlNone
}

var ttlNames = []string{"expiration", "expirationTtl"}

// namesTTL reports whether an options expression names a TTL property:
// in an object literal, a conditional's arms, a variable's initializer or
// a store into one of its members.
func namesTTL(m *kvmodel.Model, e js_ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	switch x := e.Data.(type) {
	case *js_ast.EObject:
		for _, n := range ttlNames {
			if p, _ := kvmodel.Property(x, n); p != nil {
				return true
			}
		}
	case *js_ast.EIf:
		return namesTTL(m, x.Yes, depth+1) || namesTTL(m, x.No, depth+1)
	case *js_ast.EBinary:
		return namesTTL(m, x.Left, depth+1) || namesTTL(m, x.Right, depth+1)
	case *js_ast.EIdentifier:
		for _, u := range m.Uses(x.Ref) {
			if u.Written && (u.Member == "expiration" || u.Member == "expirationTtl") {
				return true
			}
		}
		if r := m.Resolve(e); r.Data != e.Data {
			return namesTTL(m, r, depth+1)
		}
	}
	return false
}

func hasSpreadArg(call *js_ast.ECall) bool {
	for _, a := range call.Args {
		if _, ok := a.Data.(*js_ast.ESpread); ok {
			return true
		}
	}
	return false
}
