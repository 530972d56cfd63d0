package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/rules"
)

var repoRoot, _ = filepath.Abs("../..")

// kvlint runs the command in-process from the repository root, as a user
// would from there.
func kvlint(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return kvlintIn(t, repoRoot, args...)
}

// The example Worker must report exactly the findings its EXPECTED.md lists.
func TestExampleMatchesExpected(t *testing.T) {
	want := expectedFindings(t, "../../examples/worker/EXPECTED.md")
	stdout, stderr, code := kvlint(t, "--format", "json", "examples/worker")
	if code != 1 {
		t.Errorf("exit code %d, want 1 (stderr %q)", code, stderr)
	}
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("json output: %v\n%s", err, stdout)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, strings.TrimPrefix(f.File, "examples/worker/")+":"+itoa(f.Line)+":"+itoa(f.Column)+" "+f.Rule+" "+f.Severity)
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings differ from EXPECTED.md\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// expectedFindings reads the "file:line:col | rule | severity" rows.
func expectedFindings(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`^\| (\S+:\d+:\d+) \| (\w+) \| (\w+) \|`)
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			out = append(out, m[1]+" "+m[2]+" "+m[3])
		}
	}
	if len(out) == 0 {
		t.Fatal("no expected findings in EXPECTED.md")
	}
	sort.Strings(out)
	return out
}

// A file that does not parse is reported with esbuild's message at its
// line and column; the other files are still linted; exit code 1.
func TestSyntaxErrorKeepsGoing(t *testing.T) {
	stdout, _, code := kvlint(t, "testdata/e2e/syntax")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(stdout, "testdata/e2e/syntax/src/broken.ts:3:15: error: Unexpected \";\"") {
		t.Errorf("parse error not reported with file:line:col and esbuild's message:\n%s", stdout)
	}
	if !strings.Contains(stdout, "testdata/e2e/syntax/src/ok.ts:3:32: error: expirationTtl 10 is below") {
		t.Errorf("the other file was not linted:\n%s", stdout)
	}
}

// A malformed wrangler config is a clear error naming file and line, exit 2.
func TestMalformedConfig(t *testing.T) {
	stdout, stderr, code := kvlint(t, "testdata/e2e/badconfig")
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	if !regexp.MustCompile(`wrangler\.toml:4:\d+: `).MatchString(stdout + stderr) {
		t.Errorf("config error does not name wrangler.toml:4:\nstdout: %s\nstderr: %s", stdout, stderr)
	}
}

func TestSARIF(t *testing.T) {
	stdout, _, code := kvlint(t, "--format", "sarif", "testdata/src/shortttl")
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF 2.1.0 log with one run")
	}
	run := log.Runs[0]
	// Every rule, the two suppression rules and syntax.
	if len(run.Tool.Driver.Rules) != len(rules.All)+len(rules.Builtin) {
		t.Errorf("%d rules in tool.driver.rules, want %d", len(run.Tool.Driver.Rules), len(rules.All)+len(rules.Builtin))
	}
	found := false
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		reg := loc.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < 1 || reg.EndColumn < 1 {
			t.Errorf("region values must be >= 1: %+v", reg)
		}
		if filepath.IsAbs(loc.ArtifactLocation.URI) || strings.HasPrefix(loc.ArtifactLocation.URI, "file:") {
			t.Errorf("artifact URI %q is not repo-relative", loc.ArtifactLocation.URI)
		}
		// `{ expirationTtl: 30 }` on line 36: the option property.
		if r.RuleID == "shortttl" && reg.StartLine == 36 {
			found = true
			if reg.StartColumn != 37 || reg.EndColumn != 54 || r.Level != "error" {
				t.Errorf("expirationTtl: 30 reported at %+v level %s, want columns 37-54, error", reg, r.Level)
			}
		}
	}
	if !found {
		t.Error("no shortttl result at the expirationTtl: 30 property")
	}
}

func TestExitCodes(t *testing.T) {
	if _, _, code := kvlint(t, "testdata/src/missingttl"); code != 0 {
		t.Errorf("warnings only: exit %d, want 0", code)
	}
	if _, stderr, code := kvlint(t, "--max-warnings", "0", "testdata/src/missingttl"); code != 1 || !strings.Contains(stderr, "--max-warnings") {
		t.Errorf("--max-warnings 0 with warnings: exit %d, want 1 (%s)", code, stderr)
	}
	if _, _, code := kvlint(t, "--format", "yaml", "."); code != 2 {
		t.Errorf("bad flag value: exit %d, want 2", code)
	}
	if out, _, code := kvlint(t, "--version"); code != 0 || !strings.HasPrefix(out, "kvlint ") {
		t.Errorf("--version: %q exit %d", out, code)
	}
	if out, _, code := kvlint(t, "--quiet", "testdata/src/missingttl"); code != 0 || out != "" {
		t.Errorf("--quiet with warnings only should print nothing: %q", out)
	}
}

func TestExplainAndRules(t *testing.T) {
	out, _, code := kvlint(t, "explain", "shortttl")
	if code != 0 || !strings.Contains(out, "expirationTtl below 60") || !strings.Contains(out, "Facts:") {
		t.Errorf("explain shortttl: exit %d\n%s", code, out)
	}
	if _, errOut, code := kvlint(t, "explain", "nosuchrule"); code != 2 || !strings.Contains(errOut, "unknown rule") {
		t.Errorf("explain of an unknown rule: exit %d %q", code, errOut)
	}
	out, _, code = kvlint(t, "rules", "--json")
	var list []struct{ Name, Severity, Summary, URL string }
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 || len(list) != len(rules.All)+len(rules.Builtin) {
		t.Errorf("rules --json: %v exit %d, %d rules", err, code, len(list))
	}
}

func TestGitHubFormatIsDefaultInActions(t *testing.T) {
	t.Chdir(repoRoot)
	var out, errb bytes.Buffer
	code := run([]string{"testdata/src/badkey"}, &out, &errb, func(k string) string {
		if k == "GITHUB_ACTIONS" {
			return "true"
		}
		return ""
	})
	if code != 1 || !strings.Contains(out.String(), "::error file=testdata/src/badkey/index.ts,line=") {
		t.Errorf("GITHUB_ACTIONS=true should select workflow commands; exit %d\n%s", code, out.String())
	}
}

// A finding suppressed in the source stays in SARIF, marked as suppressed
// with the directive's reason, and is absent from the other formats.
func TestSuppressedInSARIF(t *testing.T) {
	stdout, _, _ := kvlint(t, "--format", "sarif", "examples/worker")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range log.Runs[0].Results {
		if len(r.Suppressions) > 0 {
			n++
			if s := r.Suppressions[0]; s.Kind != "inSource" || s.Justification == "" {
				t.Errorf("suppression %+v: want kind inSource with the reason", s)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d suppressed results in SARIF, want 1", n)
	}
	text, _, _ := kvlint(t, "examples/worker")
	if strings.Contains(text, "src/index.ts:112:") {
		t.Errorf("text output shows a suppressed finding:\n%s", text)
	}
}

// Files named one by one (as pre-commit names staged files) are analyzed
// with the rest of their project as context: Env types from a .d.ts and
// helpers in other modules still count, and only the named files are
// reported.
func TestNamedFilesKeepProjectContext(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"name": "w"}`)
	write("src/env.d.ts", "interface Env { TOKENS: KVNamespace; FILES: R2Bucket }\n")
	write("src/store.ts", "export async function save(ns: KVNamespace, k: string) { await ns.put(k, \"v\"); }\n")
	write("src/index.ts", `import { save } from "./store";
export default {
  async fetch(req: Request, env: Env) {
    await env.TOKENS.put("t", "v", { expiration: Date.now() + 60 });
    await env.FILES.put("f", "v");
    await save(env.TOKENS, "k");
    return new Response("ok");
  },
};
`)
	out, _, code := runIn(t, dir, "src/index.ts")
	if code != 1 || !strings.Contains(out, "src/index.ts:4:38: error: expiration is computed in milliseconds") {
		t.Errorf("named file not analyzed with its project's types: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "store.ts") {
		t.Errorf("a context file was reported:\n%s", out)
	}
}

// --parse-all (every file parsed and modeled) gives the report the default
// run gives, on the example and on the repository's fixtures at once.
func TestParseAllSameReport(t *testing.T) {
	for _, args := range [][]string{{"examples/worker"}, {"testdata", "examples"}} {
		sifted, _, code := kvlint(t, append([]string{"--format", "json"}, args...)...)
		all, _, codeAll := kvlint(t, append([]string{"--format", "json", "--parse-all"}, args...)...)
		if sifted != all || code != codeAll {
			t.Errorf("%v: exit %d and %d, reports differ:\n%s\n---\n%s", args, code, codeAll, sifted, all)
		}
		if !strings.Contains(sifted, `"rule"`) {
			t.Errorf("%v: no findings: %s", args, sifted)
		}
	}
}
