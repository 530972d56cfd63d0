package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// monorepo writes a repository with two Workers and three kvlint.toml
// files:
//
//	kvlint.toml               missingttl = "error", ignore generated/
//	workers/api/kvlint.toml   shortttl off; CACHE keys live forever
//	workers/web/kvlint.toml   root = true: the top one does not apply
func monorepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	worker := `export default {
  async fetch(req: Request, env: { CACHE: KVNamespace }) {
    await env.CACHE.put("a", "v");
    await env.CACHE.put("b", "v", { expirationTtl: 5 });
    return new Response("ok");
  },
};
`
	files := map[string]string{
		".git/HEAD":                   "ref: refs/heads/main\n",
		"kvlint.toml":                 "ignore = [\"generated/\"]\n[rules]\nmissingttl = \"error\"\n",
		"generated/gen.ts":            worker,
		"workers/api/kvlint.toml":     "[rules]\nshortttl = \"off\"\n[bindings.CACHE]\nttl-required = false\n",
		"workers/api/wrangler.toml":   "name = \"api\"\nmain = \"src/index.ts\"\n[[kv_namespaces]]\nbinding = \"CACHE\"\nid = \"1\"\n",
		"workers/api/src/index.ts":    worker,
		"workers/web/kvlint.toml":     "root = true\n[rules]\nhotkey = \"off\"\n[bindings.CACHEE]\nttl-required = false\n",
		"workers/web/wrangler.toml":   "name = \"web\"\nmain = \"src/index.ts\"\n[[kv_namespaces]]\nbinding = \"CACHE\"\nid = \"2\"\n",
		"workers/web/src/index.ts":    worker,
		"workers/web/generated/ok.ts": worker,
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runEnv runs kvlint in dir with the given environment.
func runEnv(t *testing.T, dir string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

// findingsOf lists a JSON report's findings as "file rule severity".
func findingsOf(t *testing.T, out string) []string {
	t.Helper()
	var rep struct {
		Findings []struct{ File, Rule, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.File+" "+f.Rule+" "+f.Severity)
	}
	sort.Strings(got)
	return got
}

// Each file gets the kvlint.toml files above it, merged (root = true
// stops the search), and report paths are relative to the repository's
// top wherever kvlint runs: from the top, from a Worker's folder, and in
// GitHub Actions from a step's working-directory.
func TestMonorepoPerFileConfig(t *testing.T) {
	repo := monorepo(t)
	want := []string{
		// api: shortttl off, CACHE needs no TTL: only the hotkey findings.
		"workers/api/src/index.ts hotkey warning",
		"workers/api/src/index.ts hotkey warning",
		// web: root = true, so missingttl keeps its default (warning) and
		// generated/ is not ignored; hotkey off.
		"workers/web/generated/ok.ts missingttl warning",
		"workers/web/generated/ok.ts shortttl error",
		"workers/web/src/index.ts missingttl warning",
		"workers/web/src/index.ts shortttl error",
	}
	check := func(name, dir string, env map[string]string, args ...string) string {
		t.Helper()
		out, stderr, code := runEnv(t, dir, env, append([]string{"--format", "json"}, args...)...)
		if code != 1 {
			t.Errorf("%s: exit %d, stderr %s", name, code, stderr)
		}
		got := findingsOf(t, out)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: findings\n%s\nwant\n%s\nstderr: %s", name, strings.Join(got, "\n"), strings.Join(want, "\n"), stderr)
		}
		return stderr
	}
	stderr := check("from the top", repo, nil, ".")
	if !strings.Contains(stderr, "workers/web/kvlint.toml:4: warning: [bindings.CACHEE] names no KV binding of the wrangler config; did you mean CACHE?") {
		t.Errorf("no warning for the unknown [bindings.CACHEE]: %s", stderr)
	}
	check("from a subfolder", filepath.Join(repo, "workers"), nil, "api", "web")
	check("working-directory in Actions", filepath.Join(repo, "workers", "web"),
		map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": repo}, "--format", "json", ".", "../api")

	// Annotations name files relative to the workspace.
	out, _, _ := runEnv(t, filepath.Join(repo, "workers", "web"), map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": repo}, ".")
	if !strings.Contains(out, "::error file=workers/web/src/index.ts,line=4,") {
		t.Errorf("annotations not relative to the workspace:\n%s", out)
	}
}

// A broken wrangler config is named relative to the repository's top too.
func TestMonorepoConfigErrorPath(t *testing.T) {
	repo := monorepo(t)
	if err := os.WriteFile(filepath.Join(repo, "workers/api/wrangler.toml"), []byte("name = \"api\"\n[[kv_namespaces]]\nbinding = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runEnv(t, filepath.Join(repo, "workers"), nil, "--format", "json", "api")
	if code != 2 || !strings.Contains(out, `"file": "workers/api/wrangler.toml"`) {
		t.Errorf("exit %d, want 2 and the config named from the top:\n%s", code, out)
	}
}

// A file named on the command line that kvlint.toml ignores is not linted,
// and a note says so.
func TestMonorepoIgnoredNamedFile(t *testing.T) {
	repo := monorepo(t)
	out, stderr, code := runEnv(t, repo, nil, "generated/gen.ts")
	if code != 0 || out != "" {
		t.Errorf("ignored file linted: exit %d\n%s", code, out)
	}
	if !strings.Contains(stderr, "kvlint: note: generated/gen.ts is ignored by the ignore patterns of "+filepath.Join(repo, "kvlint.toml")) {
		t.Errorf("no note for an ignored named file: %q", stderr)
	}
}

// --print-config shows the merged settings and the wrangler config.
func TestPrintConfig(t *testing.T) {
	repo := monorepo(t)
	out, stderr, code := runEnv(t, repo, nil, "--print-config", "workers/api/src/index.ts")
	var cfg struct {
		Configs  []string          `json:"kvlint.toml"`
		Rules    map[string]string `json:"rules"`
		Bindings map[string]struct {
			TTLRequired *bool `json:"ttl-required"`
		} `json:"bindings"`
		Wrangler struct {
			File         string
			KVNamespaces []string
		} `json:"wrangler"`
	}
	if err := json.Unmarshal([]byte(out), &cfg); err != nil || code != 0 {
		t.Fatalf("exit %d %v %s\n%s", code, err, stderr, out)
	}
	if len(cfg.Configs) != 2 || !strings.HasSuffix(cfg.Configs[0], "/kvlint.toml") || !strings.HasSuffix(cfg.Configs[1], "workers/api/kvlint.toml") {
		t.Errorf("kvlint.toml files %v", cfg.Configs)
	}
	if cfg.Rules["missingttl"] != "error" || cfg.Rules["shortttl"] != "off" || cfg.Rules["hotkey"] != "warning" {
		t.Errorf("merged rules %v", cfg.Rules)
	}
	if b := cfg.Bindings["CACHE"]; b.TTLRequired == nil || *b.TTLRequired {
		t.Errorf("bindings %+v", cfg.Bindings)
	}
	if !strings.HasSuffix(cfg.Wrangler.File, "workers/api/wrangler.toml") || strings.Join(cfg.Wrangler.KVNamespaces, ",") != "CACHE" {
		t.Errorf("wrangler %+v", cfg.Wrangler)
	}
}

// A baseline written from one folder hides the same findings when kvlint
// runs from another: its paths are relative to the baseline file.
func TestMonorepoBaselineAnyFolder(t *testing.T) {
	repo := monorepo(t)
	base := filepath.Join(repo, "kvlint-baseline.json")
	if _, stderr, code := runEnv(t, filepath.Join(repo, "workers", "web"), nil, "--write-baseline", base, "."); code != 0 {
		t.Fatalf("write: exit %d %s", code, stderr)
	}
	data, _ := os.ReadFile(base)
	if !strings.Contains(string(data), `"workers/web/src/index.ts"`) {
		t.Errorf("baseline paths not relative to the baseline file:\n%s", data)
	}
	out, stderr, code := runEnv(t, repo, nil, "--format", "json", "--baseline", "kvlint-baseline.json", "workers/web")
	if got := findingsOf(t, out); len(got) != 0 || code != 0 {
		t.Errorf("from the top, the baseline hides nothing: exit %d %s\n%v", code, stderr, got)
	}
	out, _, _ = runEnv(t, filepath.Join(repo, "workers"), nil, "--format", "json", "--baseline", "../kvlint-baseline.json", "web")
	if got := findingsOf(t, out); len(got) != 0 {
		t.Errorf("from workers/, the baseline hides nothing: %v", got)
	}
}
