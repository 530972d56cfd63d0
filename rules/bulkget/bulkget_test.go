package bulkget_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/bulkget"
	"github.com/kvlint/kvlint/rules/ruletest"
)

const dir = "../../testdata/src/bulkget"

func Test(t *testing.T) {
	ruletest.Run(t, dir, bulkget.Analyzer)
}

// The fixes rewrite the reads into one bulk get each; the result parses,
// and the run with no mechanical rewrite has none.
func TestFix(t *testing.T) {
	res := ruletest.Run(t, dir, bulkget.Analyzer)
	src, err := os.ReadFile(filepath.Join(dir, "src/index.ts"))
	if err != nil {
		t.Fatal(err)
	}
	var edits []report.Edit
	fixes := 0
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "2 gets") && f.Line == 25 {
			if len(f.Fixes) != 0 {
				t.Errorf("line 25: reads with different options got a fix: %+v", f.Fixes)
			}
			continue
		}
		if len(f.Fixes) != 1 || !f.Fixes[0].Safe {
			t.Fatalf("%d: want one safe fix, got %+v", f.Line, f.Fixes)
		}
		fixes++
		edits = append(edits, f.Fixes[0].Edits...)
	}
	if fixes != 4 {
		t.Fatalf("%d fixes, want 4", fixes)
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Offset > edits[j].Offset })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		out = append(out[:e.Offset], append([]byte(e.NewText), out[e.EndOffset:]...)...)
	}
	got := string(out)
	for _, want := range []string{
		"  const kvValues = await env.SETTINGS.get([\"site:title\", \"site:theme\", \"site:footer\", \"site:banner\"]);\n  const title = kvValues.get(\"site:title\");",
		"\n  const theme = (kvValues.get(\"site:theme\")) ?? \"light\";\n",
		"  const kvValues = await env.SETTINGS.get([`pref:${user}:layout`, `pref:${user}:alerts`], \"json\");\n  return {\n    layout: kvValues.get(`pref:${user}:layout`),",
		"\n    alerts: kvValues.get(`pref:${user}:alerts`),\n",
		"  const kvValues = await env.SETTINGS.get([\"a\", \"b\"]);\n  const a = kvValues.get(\"a\");",
		"  const kvValues2 = await env.SETTINGS.get([\"c\", \"d\"]);\n  const c = kvValues2.get(\"c\");",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("fixed source lacks\n%s\n--- fixed:\n%s", want, got)
		}
	}
	if err := parser.Check("index.ts", out); err != nil {
		t.Errorf("the fixed source does not parse: %v", err)
	}
}
