package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/internal/schemacheck"
)

// Text output: each rule's docs URL once per run (per finding with
// --verbose), a mark on fixable findings, a code frame for parse errors.
func TestTextPointers(t *testing.T) {
	out, _, _ := kvlint(t, "testdata/src/missingttl")
	n := strings.Count(out, "docs: https://github.com/kvlint/kvlint/blob/main/docs/rules.md#missingttl")
	findings := strings.Count(out, "(missingttl)")
	if n != 1 || findings < 2 {
		t.Errorf("%d docs lines for %d missingttl findings, want 1", n, findings)
	}
	verbose, _, _ := kvlint(t, "--verbose", "testdata/src/missingttl")
	if got := strings.Count(verbose, "docs: https://github.com/kvlint/kvlint/blob/main/docs/rules.md#missingttl"); got != findings {
		t.Errorf("--verbose: %d docs lines for %d findings", got, findings)
	}

	out, _, _ = kvlint(t, "testdata/src/floatingwrite")
	if !strings.Contains(out, "(floatingwrite) [fixable with --fix]") || !strings.Contains(out, "fixable with --fix (--fix-dry-run shows the changes)") {
		t.Errorf("no fixable mark:\n%.1500s", out)
	}

	out, _, _ = kvlint(t, "testdata/e2e/syntax")
	if !strings.Contains(out, "broken.ts:3:15: error: Unexpected \";\" (syntax)\n  3 |     const x = ;\n    |               ^\n  docs: ") {
		t.Errorf("no code frame for the parse error:\n%s", out)
	}
}

// FORCE_COLOR turns colour on when not writing to a terminal; NO_COLOR
// and TERM=dumb turn it off; --color wins over both.
func TestColorEnvironment(t *testing.T) {
	cases := []struct {
		env   map[string]string
		args  []string
		color bool
	}{
		{nil, nil, false},
		{map[string]string{"FORCE_COLOR": "1"}, nil, true},
		{map[string]string{"FORCE_COLOR": "0"}, nil, false},
		{map[string]string{"FORCE_COLOR": "1", "TERM": "dumb"}, nil, true},
		{map[string]string{"TERM": "dumb"}, []string{"--color", "always"}, true},
		{map[string]string{"FORCE_COLOR": "1"}, []string{"--color", "never"}, false},
	}
	for _, c := range cases {
		out, _, _ := runEnv(t, repoRoot, c.env, append(c.args, "testdata/src/shortttl")...)
		if got := strings.Contains(out, "\x1b["); got != c.color {
			t.Errorf("env %v args %v: colour %v, want %v", c.env, c.args, got, c.color)
		}
	}
	if !useColor("auto", true, func(string) string { return "" }) || useColor("auto", true, func(k string) string {
		if k == "TERM" {
			return "dumb"
		}
		return ""
	}) {
		t.Error("on a terminal: colour by default, none with TERM=dumb")
	}
}

// --output-sarif writes a SARIF report next to the main one, in one run
// (as the GitHub Action uses it: annotations and SARIF together).
func TestOutputSARIFAlongside(t *testing.T) {
	dir := t.TempDir()
	sarif := filepath.Join(dir, "k.sarif")
	out, _, code := runEnv(t, repoRoot, map[string]string{"GITHUB_ACTIONS": "true"}, "--output-sarif", sarif, "examples/worker")
	if code != 1 || !strings.Contains(out, "::error file=examples/worker/") {
		t.Errorf("annotations: exit %d\n%.300s", code, out)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemacheck.Validate("sarif", data); err != nil {
		t.Error(err)
	}
	if !strings.Contains(string(data), `"suppressions"`) {
		t.Error("the SARIF report lost the suppressed finding")
	}
	var log struct {
		Runs []struct{ Results []json.RawMessage }
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if got, want := len(log.Runs[0].Results), strings.Count(out, "::error ")+strings.Count(out, "::warning ")+1; got != want {
		t.Errorf("%d SARIF results, want %d (the annotations and the suppressed finding)", got, want)
	}
}

// --fix-dry-run writes to --output, and in --format json the findings with
// their fixes.
func TestFixDryRunHonoursOutputAndFormat(t *testing.T) {
	dir, file := fixProject(t)
	diff := filepath.Join(t.TempDir(), "fix.diff")
	out, _, code := runIn(t, dir, "--fix-dry-run", "--output", diff, ".")
	got, _ := os.ReadFile(diff)
	if code != 1 || out != "" || !strings.Contains(string(got), "+    ctx.waitUntil(env.CACHE.put(") {
		t.Errorf("--output: exit %d, stdout %q, file:\n%s", code, out, got)
	}
	out, _, code = runIn(t, dir, "--fix-dry-run", "--format", "json", ".")
	var rep struct {
		Findings []struct {
			Rule  string
			Fixes []struct {
				Safe  bool
				Edits []struct{ NewText string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Findings) == 0 {
		t.Fatalf("--format json: exit %d %v\n%s", code, err, out)
	}
	for _, f := range rep.Findings {
		if len(f.Fixes) == 0 {
			t.Errorf("a finding without a fix in the dry run: %+v", f)
		}
	}
	if src, _ := os.ReadFile(file); string(src) != fixWorker {
		t.Error("--fix-dry-run changed the file")
	}
}

// JUnit output is well-formed XML with a failing test case per finding.
func TestJUnitFormat(t *testing.T) {
	out, _, code := kvlint(t, "--format", "junit", "testdata/src/shortttl", "testdata/e2e/syntax")
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || code != 1 || doc.Failures == 0 || doc.Errors != 1 || doc.Tests != doc.Failures+doc.Errors {
		t.Errorf("junit: exit %d %v %+v", code, err, doc)
	}
}

// --output-summary appends a Markdown summary (as to $GITHUB_STEP_SUMMARY),
// with links to each finding's line when GitHub's variables are set and
// there are more findings than GitHub annotates.
func TestOutputSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}
	_, stderr, code := runEnv(t, repoRoot, env, "--output-summary", path, "testdata/src")
	data, _ := os.ReadFile(path)
	s := string(data)
	if code != 1 || !strings.HasPrefix(s, "earlier step\n### kvlint: ") || !strings.Contains(s, "| rule | errors | warnings |") {
		t.Fatalf("exit %d %s\n%.600s", code, stderr, s)
	}
	if !strings.Contains(s, "](https://github.com/o/r/blob/abc/testdata/src/") {
		t.Errorf("no links to the findings' lines:\n%.1500s", s)
	}
}
