package parser_test

import (
	"go/token"
	"testing"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/parser"
)

// benchSource is one file of a benchmark corpus.
type benchSource struct {
	path string
	src  []byte
}

// benchCorpus returns the files BenchmarkParse parses: the source files
// under $KVLINT_BENCH_CORPUS when set (e.g. the corpus bench/run.sh
// assembles, ~/.cache/kvlint-bench/corpus), else kvlint's testdata and
// examples plus a few generated Worker projects (bench/synth).
func benchCorpus(b *testing.B) (files []benchSource, size int64) {
	b.Helper()
	corpus, err := synth.Corpus([]string{"../testdata", "../examples"}, 20)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range corpus {
		files = append(files, benchSource{f.Path, f.Src})
		size += int64(len(f.Src))
	}
	if len(files) == 0 {
		b.Skip("no source files")
	}
	return files, size
}

// BenchmarkParse parses a corpus per iteration, as kvlint does (esbuild's
// parser, then the comment and annotation scans); b.SetBytes makes `go test
// -bench` report MB/s. One core: run with -cpu to compare.
func BenchmarkParse(b *testing.B) {
	files, size := benchCorpus(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fset := token.NewFileSet()
		for _, f := range files {
			// Files that do not parse still cost their parse; kvlint
			// reports them and goes on.
			_, _ = parser.Parse(fset, f.path, f.src)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}
