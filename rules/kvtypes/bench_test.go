package kvtypes_test

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
	"github.com/kvlint/kvlint/rules/kvtypes"
)

// bindingSites lists, per file, the offsets of every parameter, variable
// and class member: where the KV model's walk asks for an annotation.
func bindingSites(files []*parser.File) [][]int32 {
	sites := make([][]int32, len(files))
	for i, f := range files {
		if !f.Parsed() {
			continue
		}
		parser.WalkAST(parser.Inspector(func(node any) bool {
			switch x := node.(type) {
			case *js_ast.Fn:
				for _, a := range x.Args {
					sites[i] = append(sites[i], a.Binding.Loc.Start)
				}
			case *js_ast.Expr:
				if a, ok := x.Data.(*js_ast.EArrow); ok {
					for _, arg := range a.Args {
						sites[i] = append(sites[i], arg.Binding.Loc.Start)
					}
				}
			case *js_ast.Stmt:
				if l, ok := x.Data.(*js_ast.SLocal); ok {
					for _, d := range l.Decls {
						sites[i] = append(sites[i], d.Binding.Loc.Start)
					}
				}
			case *js_ast.Property:
				sites[i] = append(sites[i], x.Key.Loc.Start)
			}
			return true
		}), &f.AST)
	}
	return sites
}

// layerWork does, over parsed files, what the type layer costs a run:
// reading every file's declarations (parser.ReadDecls, done while parsing
// or scanning), building the layer (kvtypes.New, done once per run), and
// reading and resolving the annotation at every binding site (File.TypeAt,
// as the KV model's walk does). It returns the number of annotations
// resolved.
func layerWork(files []*parser.File, sites [][]int32) int {
	for _, f := range files {
		if f.Parsed() {
			f.Decls = parser.ReadDecls(f.Src)
		}
	}
	types := kvtypes.New(files, nil)
	n := 0
	for i, f := range files {
		for _, offset := range sites[i] {
			if t := types.Of(f, f.TypeAt(int(offset)), nil); t.Valid() {
				_ = t.Kind()
				n++
			}
		}
	}
	return n
}

// BenchmarkTypeLayer measures the type layer alone over files parsed
// once: kvlint's fixtures and a synthetic corpus of Worker projects.
//
//	go test -bench TypeLayer -run '^$' ./rules/kvtypes/
func BenchmarkTypeLayer(b *testing.B) {
	corpus, err := synth.Corpus([]string{"../../testdata/model", "../../testdata/src"}, 20)
	if err != nil {
		b.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*parser.File
	var size int64
	for _, c := range corpus {
		if f, err := parser.Parse(fset, c.Path, c.Src); err == nil {
			files = append(files, f)
			size += int64(len(c.Src))
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	sites := bindingSites(files)
	n := 0
	for b.Loop() {
		n = layerWork(files, sites)
	}
	b.ReportMetric(float64(n), "annotations")
}

// BenchmarkTypeLayerShare reports the type layer's share of a full run
// (every rule, as the command runs them) on a synthetic corpus of Worker
// projects: the time of layerWork over the run's files against the time of
// the run.
//
//	go test -bench TypeLayerShare -run '^$' ./rules/kvtypes/
func BenchmarkTypeLayerShare(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := synth.Write(dir, 40, 25, 1); err != nil {
		b.Fatal(err)
	}
	var inputs []driver.Input
	var size int64
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !parser.IsSource(p) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		inputs = append(inputs, driver.Input{Path: p, Rel: p, Src: src})
		size += int64(len(src))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var analyzers []driver.Analyzer
	for _, r := range rules.All {
		analyzers = append(analyzers, driver.Analyzer{Analyzer: r.Analyzer, Severity: report.Warning})
	}
	var tRun, tLayer time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		res := driver.Run(inputs, driver.Options{Analyzers: analyzers, Jobs: 1})
		tRun += time.Since(start)
		var files []*parser.File
		for _, f := range res.Files {
			files = append(files, f)
		}
		sites := bindingSites(files)
		mid := time.Now()
		layerWork(files, sites)
		tLayer += time.Since(mid)
	}
	b.ReportMetric(float64(tRun.Microseconds())/1000/float64(b.N), "run-ms/op")
	b.ReportMetric(float64(tLayer.Microseconds())/1000/float64(b.N), "layer-ms/op")
	b.ReportMetric(100*float64(tLayer)/float64(tRun), "layer-%")
}
