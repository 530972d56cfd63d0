package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Flags are accepted after the paths, as ESLint, ruff and golangci-lint
// accept them; "--" ends the flags.
func TestFlagsAnywhere(t *testing.T) {
	out, _, code := kvlint(t, "testdata/src/shortttl", "--format", "json", "-j", "2")
	var rep struct{ Findings []struct{ Rule string } }
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || len(rep.Findings) == 0 {
		t.Errorf("flags after the path not honoured: exit %d, %v\n%.300s", code, err, out)
	}
	out2, _, _ := kvlint(t, "--format=json", "testdata/src/shortttl")
	if out2 != out {
		t.Error("--format=json before the path gives another report")
	}

	// "--" ends the flags: a directory called --fix is a path.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "--fix"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "export default { async fetch(r: Request, env: { KV: KVNamespace }) { await env.KV.put(\"k\", \"v\", { expirationTtl: 5 }); return new Response(); } };\n"
	if err := os.WriteFile(filepath.Join(dir, "--fix", "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runIn(t, dir, "--format", "json", "--", "--fix")
	if code != 1 || !strings.Contains(out, `"file": "--fix/index.ts"`) || !strings.Contains(out, "shortttl") {
		t.Errorf("-- --fix: exit %d, %s\n%s", code, stderr, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "--fix", "index.ts")); string(got) != src {
		t.Error("a path after -- was taken for --fix")
	}
}

// A missing path fails the run with exit 2 in every combination, and
// machine-readable formats name it among their errors.
func TestMissingPathEveryFormat(t *testing.T) {
	for _, format := range formats {
		for _, args := range [][]string{{"nonexist"}, {"testdata/src/shortttl", "nonexist"}, {"testdata/src/missingttl", "nonexist"}, {"nonexist", "--fix-dry-run", "testdata/src/floatingwrite"}} {
			out, stderr, code := kvlint(t, append([]string{"--format", format}, args...)...)
			if code != 2 {
				t.Errorf("--format %s %v: exit %d, want 2", format, args, code)
			}
			if !strings.Contains(stderr, "kvlint: nonexist: no such file or directory") {
				t.Errorf("--format %s %v: stderr %q", format, args, stderr)
			}
			diff := len(args) > 1 && args[1] == "--fix-dry-run" && (format == "text" || format == "github")
			if format != "text" && !diff && !strings.Contains(out, "nonexist") {
				t.Errorf("--format %s %v: report does not name the missing path:\n%.500s", format, args, out)
			}
		}
	}
	out, _, _ := kvlint(t, "--format", "json", "testdata/src/shortttl", "nonexist")
	var rep struct {
		Errors []struct{ File, Message string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Errors) != 1 || rep.Errors[0].File != "nonexist" || rep.Errors[0].Message != "no such file or directory" {
		t.Errorf("JSON errors %+v (%v)", rep.Errors, err)
	}
}

// Numeric flags out of range are usage errors, not silently accepted.
func TestNumericFlagsValidated(t *testing.T) {
	for _, args := range [][]string{{"-j", "0"}, {"-j", "-3"}, {"-j=0"}, {"--max-warnings", "-2"}, {"-j", "two"}} {
		_, stderr, code := kvlint(t, append(args, "testdata/src/shortttl")...)
		if code != 2 || !strings.Contains(stderr, "kvlint: ") || !strings.Contains(stderr, "kvlint help") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if _, _, code := kvlint(t, "-j", "1", "--max-warnings", "-1", "testdata/src/missingttl"); code != 0 {
		t.Errorf("-j 1 --max-warnings -1: exit %d", code)
	}
}

func TestHelp(t *testing.T) {
	out, _, code := kvlint(t, "help")
	if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "-format") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	// --help and -h anywhere among the arguments: the usage once, on
	// standard output.
	for _, args := range [][]string{{"--help"}, {"-h"}, {"src", "--help"}} {
		out, stderr, code := kvlint(t, args...)
		if code != 0 || strings.Count(out, "Usage:") != 1 || !strings.Contains(out, "-format") || stderr != "" {
			t.Errorf("%v: exit %d, usage printed %d times\n%s\nstderr: %s", args, code, strings.Count(out, "Usage:"), out, stderr)
		}
	}
	for _, cmd := range []string{"explain", "rules", "init", "lsp"} {
		out, stderr, code := kvlint(t, cmd, "--help")
		if code != 0 || !strings.HasPrefix(out, "usage: kvlint "+cmd) || stderr != "" {
			t.Errorf("%s --help: exit %d\n%s\nstderr: %s", cmd, code, out, stderr)
		}
	}
	out, _, code = kvlint(t, "help", "explain")
	if code != 0 || !strings.HasPrefix(out, "usage: kvlint explain RULE") {
		t.Errorf("help explain: exit %d\n%s", code, out)
	}
	out, _, code = kvlint(t, "help", "shortttl")
	if code != 0 || !strings.Contains(out, "expirationTtl below 60") {
		t.Errorf("help RULE: exit %d\n%s", code, out)
	}
	if _, stderr, code := kvlint(t, "help", "nosuch"); code != 2 || !strings.Contains(stderr, `no help for "nosuch"`) {
		t.Errorf("help nosuch: exit %d %q", code, stderr)
	}
	if _, stderr, code := kvlint(t, "--nosuchflag"); code != 2 || !strings.Contains(stderr, "flag provided but not defined: -nosuchflag") {
		t.Errorf("unknown flag: exit %d %q", code, stderr)
	}
}

// "warn" is accepted as a severity, as in ESLint.
func TestWarnSeverity(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kvlint.toml"), []byte("[rules]\nshortttl = \"warn\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "export default { async fetch(r: Request, env: { KV: KVNamespace }) { await env.KV.put(\"k\", \"v\", { expirationTtl: 5 }); return new Response(); } };\n"
	if err := os.WriteFile(filepath.Join(dir, "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runIn(t, dir, ".")
	if code != 0 || !strings.Contains(out, "warning: expirationTtl 5") {
		t.Errorf("shortttl = \"warn\": exit %d %s\n%s", code, stderr, out)
	}
}

// unusedsuppression, invalidsuppression and syntax are rules like the
// others: explain, a row in `rules`, a docs section and helpUri, a line in
// `init`'s kvlint.toml; an unknown rule in a directive gets a did-you-mean.
func TestBuiltinRulesAreRules(t *testing.T) {
	for _, name := range []string{"unusedsuppression", "invalidsuppression", "syntax"} {
		out, _, code := kvlint(t, "explain", name)
		if code != 0 || !strings.HasPrefix(out, name+" (default severity: ") || !strings.Contains(out, "docs/rules.md#"+name) {
			t.Errorf("explain %s: exit %d\n%s", name, code, out)
		}
		rulesOut, _, _ := kvlint(t, "rules")
		if !strings.Contains(rulesOut, "\n"+name+" ") && !strings.HasPrefix(rulesOut, name+" ") {
			t.Errorf("kvlint rules has no row for %s:\n%s", name, rulesOut)
		}
	}
	docs, err := os.ReadFile(filepath.Join(repoRoot, "docs", "rules.md"))
	if err != nil || !strings.Contains(string(docs), "\n## unusedsuppression\n") || !strings.Contains(string(docs), "\n## syntax\n") {
		t.Errorf("docs/rules.md lacks the built-in rules (%v)", err)
	}

	// SARIF: helpUri for each, and a parse error is a result of rule syntax.
	out, _, _ := kvlint(t, "--format", "sarif", "testdata/e2e/syntax")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID, HelpURI string }
				}
			}
			Results []struct{ RuleID, Level string }
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	help := map[string]string{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		help[r.ID] = r.HelpURI
	}
	for _, name := range []string{"unusedsuppression", "invalidsuppression", "syntax"} {
		if !strings.HasSuffix(help[name], "docs/rules.md#"+name) {
			t.Errorf("SARIF helpUri of %s: %q", name, help[name])
		}
	}
	syntax := false
	for _, r := range log.Runs[0].Results {
		syntax = syntax || r.RuleID == "syntax" && r.Level == "error"
	}
	if !syntax {
		t.Errorf("no SARIF result of rule syntax for the file that does not parse: %+v", log.Runs[0].Results)
	}
	text, _, _ := kvlint(t, "testdata/e2e/syntax")
	if !strings.Contains(text, "(syntax)") {
		t.Errorf("text output does not name the syntax rule:\n%s", text)
	}

	// init's kvlint.toml lists them.
	dir := t.TempDir()
	if _, _, code := runIn(t, dir, "init"); code != 0 {
		t.Fatal("init failed")
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "kvlint.toml"))
	for _, row := range []string{`# unusedsuppression = "warning"`, `# invalidsuppression = "warning"`, "# syntax"} {
		if !strings.Contains(string(toml), row) {
			t.Errorf("init's kvlint.toml has no %q", row)
		}
	}

	// A typo in a directive gets the closest rule name.
	src := "export default { async fetch(r: Request, env: { KV: KVNamespace }) {\n  // kvlint-disable-next-line missingtl -- never expires\n  await env.KV.put(\"k\", \"v\");\n  return new Response();\n} };\n"
	if err := os.WriteFile(filepath.Join(dir, "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ = runIn(t, dir, "index.ts")
	if !strings.Contains(out, `unknown rule "missingtl" in kvlint-disable-next-line; did you mean "missingttl"?`) {
		t.Errorf("no did-you-mean for a directive's unknown rule:\n%s", out)
	}
}
