package kvmodel_test

import (
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// KeyIndex.Candidates never misses a key SameKey accepts: over every KV
// operation's key and every effect's key in the fixtures, each pair that
// SameKey accepts is among the candidates.
func TestKeyIndexMissesNoSameKey(t *testing.T) {
	var pairs, misses atomic.Int64
	check := &analysis.Analyzer{
		Name:     "keyindex",
		Doc:      "checks KeyIndex against SameKey (test only)",
		Requires: []*analysis.Analyzer{kvmodel.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
			var keys []js_ast.Expr
			for _, op := range m.Ops {
				keys = append(keys, op.Key)
			}
			for _, c := range m.Calls {
				for _, e := range m.Effects(c.Call) {
					keys = append(keys, e.Key)
				}
			}
			ix := m.NewKeyIndex()
			for i, k := range keys {
				ix.Add(i, k)
			}
			for _, a := range keys {
				cands := ix.Candidates(a)
				for j, b := range keys {
					if m.SameKey(a, b) {
						pairs.Add(1)
						if !slices.Contains(cands, j) {
							misses.Add(1)
							pass.Reportf(0, "SameKey pair missed by the index: %s / %s", m.File.Text[a.Loc.Start:min(int(a.Loc.Start)+30, len(m.File.Text))], m.File.Text[b.Loc.Start:min(int(b.Loc.Start)+30, len(m.File.Text))])
						}
					}
				}
			}
			return nil, nil
		},
	}
	var inputs []driver.Input
	for _, root := range []string{"../../testdata/model", "../../testdata/src"} {
		_ = filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || !parser.IsSource(path) {
				return err
			}
			src, err := os.ReadFile(path)
			if err == nil {
				inputs = append(inputs, driver.Input{Path: path, Rel: path, Src: src})
			}
			return nil
		})
	}
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: check}}})
	for _, f := range res.Findings {
		if f.Rule == "keyindex" {
			t.Errorf("%s: %s", f.File, f.Message)
		}
	}
	if pairs.Load() == 0 {
		t.Fatal("no pair of equal keys in the fixtures")
	}
	t.Logf("%d equal-key pairs, %d missed", pairs.Load(), misses.Load())
}
