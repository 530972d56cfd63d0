package counterrace

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "counterrace"

//go:embed doc.go
var doc string

// Analyzer reports get → modify → put of one key.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, w := range m.Ops {
		if w.Method != kvmodel.Put || w.Fn == nil || w.Value.Data == nil {
			continue
		}
		for _, r := range m.Ops {
			if !r.IsRead() || r.Fn != w.Fn || r.Start >= w.Start || !r.NS.Same(w.NS) || !m.SameKey(r.Key, w.Key) {
				continue
			}
			if !m.DependsOn(w.Value, r, w) && !metadataDepends(m, w, r) {
				continue
			}
			line, _ := m.File.LineCol(r.Start)
			pass.Report(analysis.Diagnostic{
				Pos:      m.Pos(w.MethodStart),
				End:      m.Pos(w.End),
				Category: name,
				Message: fmt.Sprintf("put writes back a value computed from the %s of the same key on %s (line %d): concurrent requests lose updates, as KV has no atomic increment or compare-and-swap; use a Durable Object or D1",
					r.Method, w.NS, line),
				Related: []analysis.RelatedInformation{{Pos: m.Pos(r.MethodStart), End: m.Pos(r.End), Message: "the value is read here"}},
			})
			break
		}
	}
	return nil, nil
}

// metadataDepends reports whether the put's metadata is computed from the
// read: counters kept in metadata race just the same.
func metadataDepends(m *kvmodel.Model, w, r *kvmodel.Op) bool {
	o, ok := m.Option(w, "metadata")
	return ok && o.Written && m.DependsOn(o.Value, r, w)
}
