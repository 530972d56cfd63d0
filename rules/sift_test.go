package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// Sifting (kvmodel.Sift: parse only the files the KV model may need) must
// change no finding and no error: every fixture project, the example
// Worker, a synthetic corpus of Workers with and without configs, and all of
// them as one run, give the same report either way.
func TestSiftChangesNoFinding(t *testing.T) {
	var roots []string
	for _, glob := range []string{"../testdata/src/*", "../testdata/model/*", "../testdata/e2e/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, m...)
	}
	roots = append(roots, "../examples/worker")
	synthDir := t.TempDir()
	if _, _, err := synth.Write(synthDir, 12, 20, 7); err != nil {
		t.Fatal(err)
	}
	roots = append(roots, synthDir)

	var analyzers []driver.Analyzer
	for _, r := range rules.All {
		analyzers = append(analyzers, driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default})
	}
	lint := func(t *testing.T, dirs []string, all bool) (string, int) {
		files, problems := discover.Files(dirs, discover.Options{})
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		var inputs []driver.Input
		for _, f := range files {
			inputs = append(inputs, driver.Input{Path: f.Path, Rel: f.Path})
		}
		res := driver.Run(inputs, driver.Options{Analyzers: analyzers, ParseAll: all})
		var b strings.Builder
		for _, f := range res.Findings {
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s\n", f.File, f.Line, f.Col, f.Rule, f.Message)
		}
		for _, e := range append(append(res.Errors, res.Internal...), res.Skipped...) {
			fmt.Fprintf(&b, "%s:%d:%d: %s\n", e.File, e.Line, e.Col, e.Message)
		}
		return b.String(), len(res.Findings)
	}
	check := func(t *testing.T, dirs []string) int {
		sifted, n := lint(t, dirs, false)
		all, _ := lint(t, dirs, true)
		if sifted != all {
			t.Errorf("sifted:\n%s\nevery file parsed:\n%s", sifted, all)
		}
		return n
	}
	for _, root := range roots {
		t.Run(filepath.Base(root), func(t *testing.T) { check(t, []string{root}) })
	}
	t.Run("together", func(t *testing.T) {
		if n := check(t, roots); n < 100 {
			t.Errorf("%d findings in all: the comparison proves little", n)
		}
	})
}

// A file with no KV-related text is not parsed for the model, but its
// syntax errors are still reported, like every other file's.
func TestSyntaxErrorsOfSiftedFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"src/kv.ts":     "export const f = (env: { C: KVNamespace }) => env.C.put('k', 'v');\n",
		"src/broken.ts": "export const x = ;\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(dir, "src")
	inputs := []driver.Input{
		{Path: filepath.Join(src, "kv.ts"), Rel: "src/kv.ts"},
		{Path: filepath.Join(src, "broken.ts"), Rel: "src/broken.ts"},
	}
	missingttl, _ := rules.Lookup("missingttl")
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: missingttl.Analyzer, Severity: report.Warning}}})
	if len(res.Errors) != 1 || res.Errors[0].File != "src/broken.ts" || res.Errors[0].Line != 1 || res.Errors[0].Col != 18 {
		t.Errorf("errors %+v", res.Errors)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "missingttl" {
		t.Errorf("findings %+v", res.Findings)
	}
}
