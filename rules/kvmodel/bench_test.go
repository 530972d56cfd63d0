package kvmodel_test

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// benchParsed parses, once per benchmark, the files the model benchmarks
// run on: the source files under $KVLINT_BENCH_CORPUS when set, else
// kvlint's model and rule fixtures plus generated Worker projects
// (bench/synth: Hono apps, module Workers, Durable Objects, helpers that
// receive namespaces through parameters and imports).
func benchParsed(b *testing.B) (files []*parser.File, size int64) {
	b.Helper()
	fset := token.NewFileSet()
	add := func(path string, src []byte) {
		f, err := parser.Parse(fset, path, src)
		if err != nil {
			return // kvlint reports it and lints the rest
		}
		files = append(files, f)
		size += int64(len(src))
	}
	walk := func(root string) {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != root && (name == "node_modules" || name == "dist" || name[0] == '.') {
					return filepath.SkipDir
				}
				return nil
			}
			if !parser.IsSource(path) {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			add(path, src)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if dir := os.Getenv("KVLINT_BENCH_CORPUS"); dir != "" {
		walk(dir)
	} else {
		walk("../../testdata/model")
		walk("../../testdata/src")
		for i := uint64(0); i < 20; i++ {
			for _, f := range synth.Project(i+1, 50) {
				if parser.IsSource(f.Path) {
					add(filepath.Join("synth", fmt.Sprintf("p%03d", i), f.Path), f.Src)
				}
			}
		}
	}
	if len(files) == 0 {
		b.Skip("no source files")
	}
	return files, size
}

// BenchmarkModel builds the Program and every file's KV model per
// iteration over files parsed once: the cost the model adds to parsing.
// b.SetBytes makes MB/s comparable with BenchmarkParse.
func BenchmarkModel(b *testing.B) {
	files, size := benchParsed(b)
	b.SetBytes(size)
	b.ReportAllocs()
	ops := 0
	b.ResetTimer()
	for b.Loop() {
		prog := kvmodel.NewProgram(files, nil, nil)
		ops = 0
		for _, f := range files {
			if parser.IsDecl(f.Path) {
				continue
			}
			ops += len(prog.Model(f).Ops)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(ops), "kvops")
}

// BenchmarkModelEffects adds, to BenchmarkModel, the interprocedural
// summaries rules ask for: the KV effects of every call site (as
// floatingwrite, readafterwrite and counterrace do).
func BenchmarkModelEffects(b *testing.B) {
	files, size := benchParsed(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		prog := kvmodel.NewProgram(files, nil, nil)
		for _, f := range files {
			if parser.IsDecl(f.Path) {
				continue
			}
			m := prog.Model(f)
			for _, c := range m.Calls {
				_ = m.Effects(c.Call)
			}
		}
	}
}
