package main

import (
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// A rule that panics on one file: the command names the rule and the file,
// still reports every other finding (of that rule on the other files, and
// of every rule on that file), and exits 2.
func TestPanickingRuleExitsTwo(t *testing.T) {
	boom := &analysis.Analyzer{
		Name: "boom",
		Doc:  "panics on src/b.ts",
		Run: func(pass *analysis.Pass) (any, error) {
			file := pass.OtherFiles[0]
			if strings.HasSuffix(file, "src/b.ts") {
				panic("boom on " + file)
			}
			pass.Fset.Iterate(func(f *token.File) bool {
				if f.Name() == file {
					pass.Reportf(token.Pos(f.Base()), "boom reports")
					return false
				}
				return true
			})
			return nil, nil
		},
	}
	saved := allRules
	allRules = append(slices.Clone(rules.All), rules.Rule{Analyzer: boom, Default: report.Warning})
	t.Cleanup(func() { allRules = saved })

	dir := project(t, map[string]string{"src/a.ts": hostileWorker, "src/b.ts": hostileWorker, "src/c.ts": hostileWorker})
	stdout, stderr, code := kvlintIn(t, dir)
	if code != 2 {
		t.Errorf("exit %d, want 2 (internal error)", code)
	}
	if !strings.Contains(stdout, "src/b.ts: error: internal error in rule boom: panic: boom on src/b.ts") {
		t.Errorf("the internal error does not name the rule and the file:\n%s", stdout)
	}
	for _, f := range []string{"src/a.ts", "src/b.ts", "src/c.ts"} {
		wantShortTTL(t, stdout, f)
	}
	for _, f := range []string{"src/a.ts", "src/c.ts"} {
		if !strings.Contains(stdout, f+":1:1: warning: boom reports (boom)") {
			t.Errorf("boom did not report on %s:\n%s", f, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("stderr: %q", stderr)
	}
}
