package listfanout

import (
	_ "embed"
	"fmt"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "listfanout"

//go:embed doc.go
var doc string

// Analyzer reports KV operations run once per key of a list() result.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, f := range m.Fanouts() {
		op := f.Op
		pos, end := m.Pos(int(f.Node.Loc.Start)), m.Pos(m.File.ExprEnd(f.Node))
		direct := f.OpModel == m && op.Expr.Data == f.Node.Data
		if direct {
			pos, end = m.CallRange(op)
		}
		var related []analysis.RelatedInformation
		if !direct {
			related = append(related, analysis.RelatedInformation{
				Pos: f.OpModel.Pos(op.MethodStart), End: f.OpModel.Pos(op.End), Message: "the " + op.Method + ", in the called function",
			})
		}
		where := ""
		if f.ListModel == m {
			line, _ := m.File.LineCol(f.List.Start)
			where = fmt.Sprintf(" (line %d)", line)
		} else {
			line, _ := f.ListModel.File.LineCol(f.List.Start)
			where = fmt.Sprintf(" (%s:%d)", filepath.Base(f.ListModel.File.Path), line)
			related = append(related, analysis.RelatedInformation{
				Pos: f.ListModel.Pos(f.List.MethodStart), End: f.ListModel.Pos(f.List.End), Message: "the list()",
			})
		}
		what := op.Method
		if !direct {
			what = "a call that makes a " + op.Method
		}
		pass.Report(analysis.Diagnostic{
			Pos: pos, End: end, Category: name,
			Message: fmt.Sprintf("%s on %s once per key returned by list()%s: a full page of 1000 keys costs 1001 operations against the limit of 1000 per invocation, and awaited one by one it grows slower with every key; %s",
				what, op.NS, where, advice(op.Method)),
			Related: related,
		})
	}
	return nil, nil
}

func advice(method string) string {
	switch method {
	case kvmodel.Get, kvmodel.GetWithMetadata:
		return "read up to 100 keys in one bulk get([...]) (one operation), keep what you need in list() metadata, list a narrower prefix, or continue in Queue batches"
	case kvmodel.Delete:
		return "set an expiration when writing instead, list a narrower prefix, or delete in Queue batches"
	}
	return "write what belongs together under one key, list a narrower prefix, or continue in Queue batches"
}
