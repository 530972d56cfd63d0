package hotkey

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "hotkey"

//go:embed doc.go
var doc string

// Analyzer reports constant-key writes on the request path.
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
		if !op.IsWrite() || op.Fn == nil || op.Key.Data == nil {
			continue
		}
		key := m.Eval(op.Key)
		if key.Kind != kvmodel.String || !m.Entries(op.Fn).Has(kvmodel.EntryRequest) || m.FillsOnMiss(op) {
			continue
		}
		pos, end := m.CallRange(op)
		pass.Report(analysis.Diagnostic{
			Pos:      pos,
			End:      end,
			Category: name,
			Message: fmt.Sprintf("%s of the constant key %q on %s on the request path: every request writes the same key, KV accepts one write per second per key (more get 429) and concurrent writes overwrite each other",
				op.Method, key.Str, op.NS),
		})
	}
	return nil, nil
}
