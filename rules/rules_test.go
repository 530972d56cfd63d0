package rules_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/rules"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md")

// The docs URL of every finding points into docs/rules.md: it must exist,
// be generated from the rules' doc.go, and have a section per rule.
func TestDocsUpToDate(t *testing.T) {
	want := rules.Markdown()
	const path = "../docs/rules.md"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./rules -update)", err)
	}
	if string(got) != want {
		t.Errorf("docs/rules.md is out of date with the rules' doc.go; run: go test ./rules -update")
	}
	for _, r := range rules.All {
		if !strings.Contains(want, "\n## "+r.Analyzer.Name+"\n") {
			t.Errorf("docs/rules.md has no section for %s", r.Analyzer.Name)
		}
	}
}

func TestRuleMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All {
		a := r.Analyzer
		if seen[a.Name] {
			t.Errorf("rule %s listed twice", a.Name)
		}
		seen[a.Name] = true
		if a.URL != kvmodel.DocURL(a.Name) {
			t.Errorf("%s: URL %q", a.Name, a.URL)
		}
		if !strings.HasPrefix(a.Doc, a.Name+": ") {
			t.Errorf("%s: doc must start with %q", a.Name, a.Name+": ")
		}
		if !strings.Contains(a.Doc, "Facts:") {
			t.Errorf("%s: doc must cite the KV facts it rests on", a.Name)
		}
		if r.Default != "error" && r.Default != "warning" {
			t.Errorf("%s: default severity %q", a.Name, r.Default)
		}
	}
	if len(rules.All) != 15 {
		t.Errorf("want the 15 rules of RULES.md, have %d", len(rules.All))
	}
}
