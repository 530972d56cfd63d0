package kvmodel_test

import (
	"go/token"
	"testing"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/config"
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
	corpus, err := synth.Corpus([]string{"../../testdata/model", "../../testdata/src"}, 20)
	if err != nil {
		b.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, c := range corpus {
		f, err := parser.Parse(fset, c.Path, c.Src)
		if err != nil {
			continue // kvlint reports it and lints the rest
		}
		files = append(files, f)
		size += int64(len(c.Src))
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

// BenchmarkSift measures kvmodel.Sift, the text scans that decide which
// files the model needs parsed, on one core; it reports the share of bytes
// kept. Set KVLINT_BENCH_CORPUS to the corpus of `make bench` to measure it
// on library code, most of which it should leave out.
func BenchmarkSift(b *testing.B) {
	// On disk, with their wrangler configs: Sift scopes names by config.
	generated := b.TempDir()
	if _, _, err := synth.Write(generated, 20, 50, 1); err != nil {
		b.Fatal(err)
	}
	corpus, err := synth.Corpus([]string{"../../testdata/model", "../../testdata/src", generated}, 0)
	if err != nil {
		b.Fatal(err)
	}
	configs := &config.Cache{}
	srcs := make([]kvmodel.Source, len(corpus))
	var size int64
	for i, c := range corpus {
		w, _ := configs.ForFile(c.Path)
		srcs[i] = kvmodel.Source{Path: c.Path, Src: c.Src, Wrangler: w}
		size += int64(len(c.Src))
	}
	serial := func(n int, f func(int)) {
		for i := 0; i < n; i++ {
			f(i)
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var kept int64
	for b.Loop() {
		kept = 0
		for i, need := range kvmodel.Sift(srcs, serial) {
			if need {
				kept += int64(len(srcs[i].Src))
			}
		}
	}
	b.ReportMetric(100*float64(kept)/float64(size), "kept-%")
}
