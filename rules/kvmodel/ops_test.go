package kvmodel_test

import (
	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

// opsAnalyzer reports every KV operation of the model as "method binding".
var opsAnalyzer = &analysis.Analyzer{
	Name:     "kvops",
	Doc:      "lists KV operations (test only)",
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
		for _, op := range m.Ops {
			pass.Report(analysis.Diagnostic{Pos: m.Pos(op.MethodStart), Message: op.Method + " " + op.NS.Binding})
		}
		return nil, nil
	},
}
