package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

var ops = &analysis.Analyzer{Name: "ops", Doc: "x", Requires: []*analysis.Analyzer{kvmodel.Analyzer}, Run: func(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, op := range m.Ops {
		pass.Report(analysis.Diagnostic{Pos: m.Pos(op.MethodStart), Message: op.Method + " " + op.NS.String()})
	}
	for _, c := range m.EnvCalls {
		if !c.IsKV {
			pass.Report(analysis.Diagnostic{Pos: m.Pos(c.NameStart), Message: "ENVCALL-NOT-KV " + c.Name + "." + c.Method})
		}
	}
	return nil, nil
}}

func main() {
	files, _ := discover.Files(os.Args[1:], discover.Options{})
	var in []driver.Input
	for _, f := range files {
		in = append(in, driver.Input{Path: f.Path, Rel: f.Rel})
	}
	res := driver.Run(in, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: ops}}})
	for _, f := range res.Findings {
		fmt.Printf("%s:%d %s\n", f.File, f.Line, f.Message)
	}
	for _, e := range res.Errors {
		fmt.Println("ERR", e.File, e.Line, e.Message)
	}
}
