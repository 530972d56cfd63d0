package driver_test

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// panicsOn is a test analyzer that panics on the file named file and
// reports one finding at the start of every other file.
func panicsOn(name, file string, requires ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "test analyzer that panics on " + file,
		Requires: requires,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.OtherFiles {
				if f == file {
					parts := strings.Split(f, "/")
					_ = parts[len(f)] // out of range: a runtime panic, as a real bug would be
				}
			}
			pass.Reportf(fileStart(pass), "%s was here", name)
			return nil, nil
		},
	}
}

// fileStart returns the position of the start of the pass's file.
func fileStart(pass *analysis.Pass) (p token.Pos) {
	pass.Fset.Iterate(func(f *token.File) bool {
		if f.Name() == pass.OtherFiles[0] {
			p = token.Pos(f.Base())
			return false
		}
		return true
	})
	return p
}

func isolationInputs() []driver.Input {
	src := `export default {
  async fetch(req: Request, env: Env) {
    await env.CACHE.put(req.url, "v");
    await env.CACHE.put(req.url, "v", { expirationTtl: 10 });
    return new Response("ok");
  },
};
`
	var in []driver.Input
	for _, name := range []string{"src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts"} {
		in = append(in, driver.Input{Path: name, Rel: name, Src: []byte(src)})
	}
	return in
}

func isolationWrangler(t *testing.T) func(string) (*config.Wrangler, error) {
	t.Helper()
	w := &config.Wrangler{Top: config.Env{KV: []config.Binding{{Name: "CACHE", Kind: config.KindKV}}, KVDeclared: true}}
	return func(string) (*config.Wrangler, error) { return w, nil }
}

// A panic inside one analyzer on one file is an internal error naming the
// rule and the file; that rule still reports on every other file, and
// every other rule on every file, the one that panicked included.
func TestAnalyzerPanicIsIsolated(t *testing.T) {
	for _, jobs := range []int{1, 3} {
		t.Run(fmt.Sprint("jobs=", jobs), func(t *testing.T) {
			analyzers := append(allAnalyzers(), driver.Analyzer{Analyzer: panicsOn("boom", "src/b.ts"), Severity: report.Error})
			res := driver.Run(isolationInputs(), driver.Options{Analyzers: analyzers, Wrangler: isolationWrangler(t), Jobs: jobs})

			if len(res.Internal) != 1 {
				t.Fatalf("%d internal errors, want 1: %+v", len(res.Internal), res.Internal)
			}
			ie := res.Internal[0]
			if ie.File != "src/b.ts" || !strings.HasPrefix(ie.Message, "internal error in rule boom: panic: runtime error: index out of range") {
				t.Errorf("internal error %s: %.120s", ie.File, ie.Message)
			}
			if len(res.Errors) != 0 {
				t.Errorf("errors: %+v", res.Errors)
			}
			got := map[string]bool{}
			for _, f := range res.Findings {
				got[f.File+" "+f.Rule] = true
			}
			for _, file := range []string{"src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts"} {
				for _, rule := range []string{"missingttl", "shortttl", "boom"} {
					if want := file != "src/b.ts" || rule != "boom"; got[file+" "+rule] != want {
						t.Errorf("%s: %s finding: %v, want %v", file, rule, got[file+" "+rule], want)
					}
				}
			}
		})
	}
}

// When an analyzer that rules require (the KV model, say) fails on a
// file, the failure is reported once, naming it, not once per rule.
func TestRequiredAnalyzerPanicReportedOnce(t *testing.T) {
	base := panicsOn("basepanic", "src/c.ts", kvmodel.Analyzer)
	var analyzers []driver.Analyzer
	for i := 0; i < 3; i++ {
		a := &analysis.Analyzer{
			Name:     fmt.Sprint("user", i),
			Doc:      "requires basepanic",
			Requires: []*analysis.Analyzer{base},
			Run:      func(*analysis.Pass) (any, error) { return nil, nil },
		}
		analyzers = append(analyzers, driver.Analyzer{Analyzer: a, Severity: report.Warning})
	}
	analyzers = append(analyzers, allAnalyzers()...)
	res := driver.Run(isolationInputs(), driver.Options{Analyzers: analyzers, Wrangler: isolationWrangler(t), Jobs: 2})
	if len(res.Internal) != 1 {
		t.Fatalf("%d internal errors, want 1: %+v", len(res.Internal), res.Internal)
	}
	if ie := res.Internal[0]; ie.File != "src/c.ts" || !strings.HasPrefix(ie.Message, "internal error in basepanic (required by rule user0") {
		t.Errorf("internal error %s: %.120s", ie.File, ie.Message)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "missingttl" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d missingttl findings, want one per file (4)", n)
	}
}
