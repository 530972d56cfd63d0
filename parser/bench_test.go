package parser_test

import (
	"go/token"
	"os"
	"path/filepath"
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
	add := func(path string, src []byte) {
		files = append(files, benchSource{path, src})
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
			if !parser.IsSource(path) || parser.IsDecl(path) {
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
		walk("../testdata")
		walk("../examples")
		for i := uint64(0); i < 20; i++ {
			for _, f := range synth.Project(i+1, 50) {
				if parser.IsSource(f.Path) {
					add(filepath.Join("synth", f.Path), f.Src)
				}
			}
		}
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
