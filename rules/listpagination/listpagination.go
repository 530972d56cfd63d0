package listpagination

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "listpagination"

//go:embed doc.go
var doc string

// Analyzer reports unpaginated list() results.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, op := range m.Ops {
		if op.Method != kvmodel.List || limitIsAllowed(m, op) {
			continue
		}
		if !unpaginated(m, m.ResultUse(op)) {
			continue
		}
		pos, end := m.CallRange(op)
		pass.Report(analysis.Diagnostic{
			Pos:      pos,
			End:      end,
			Category: name,
			Message:  "list() on " + op.NS.String() + " returns at most 1000 keys per call, but this result's cursor and list_complete are never read: keys past the first page are dropped",
		})
	}
	return nil, nil
}

// unpaginated reports whether the result's members are read and none of
// them is cursor or list_complete.
func unpaginated(m *kvmodel.Model, u kvmodel.Use) bool {
	switch u.Kind {
	case kvmodel.UseMember:
		return !isPagination(u.Member)
	case kvmodel.UsePattern:
		return patternUnpaginated(u.Pattern)
	case kvmodel.UseVariable:
		read := false
		for _, su := range m.Uses(u.Ref) {
			switch {
			case su.Whole:
				return false // passed on: its receiver may paginate
			case su.Member != "":
				if isPagination(su.Member) {
					return false
				}
				read = true
			case su.Pattern != nil:
				if !patternUnpaginated(su.Pattern) {
					return false
				}
				read = true
			}
		}
		return read
	}
	return false
}

func patternUnpaginated(p *js_ast.BObject) bool {
	for _, prop := range p.Properties {
		if prop.IsSpread || prop.IsComputed {
			return false
		}
		if name, ok := kvmodel.KeyName(prop.Key); ok && isPagination(name) {
			return false
		}
	}
	return true
}

func isPagination(member string) bool { return member == "cursor" || member == "list_complete" }

// limitIsAllowed reports whether kvlint.toml allows this binding's short
// lists and the call's limit is within the configured bound.
func limitIsAllowed(m *kvmodel.Model, op *kvmodel.Op) bool {
	tool := m.Tool()
	if tool == nil || op.NS.Binding == "" {
		return false
	}
	bound := tool.Bindings[op.NS.Binding].ListLimitOK
	if bound <= 0 {
		return false
	}
	obj, ok := m.Resolve(op.Options).Data.(*js_ast.EObject)
	if !ok {
		return false
	}
	p, _ := kvmodel.Property(obj, "limit")
	if p == nil || p.ValueOrNil.Data == nil {
		return false
	}
	v := m.Eval(p.ValueOrNil)
	return v.IsNumber() && v.Num <= float64(bound)
}
