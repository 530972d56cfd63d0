package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixWorker = `interface Env { CACHE: KVNamespace }

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    env.CACHE.put("k:" + request.url, "v", { expirationTtl: 30 });
    return new Response("ok");
  },
};
`

func fixProject(t *testing.T) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, "index.ts")
	if err := os.WriteFile(file, []byte(fixWorker), 0o640); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

func runIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb strings.Builder
	code := run(args, &out, &errb, func(string) string { return "" })
	return out.String(), errb.String(), code
}

func TestFixDryRunChangesNothing(t *testing.T) {
	dir, file := fixProject(t)
	out, _, code := runIn(t, dir, "--fix-dry-run", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1 (fixes available)", code)
	}
	if !strings.Contains(out, "+    ctx.waitUntil(env.CACHE.put(") || !strings.Contains(out, "--- a/index.ts") {
		t.Errorf("no unified diff of the waitUntil fix:\n%s", out)
	}
	if strings.Contains(out, "expirationTtl: 60") {
		t.Errorf("dry run of safe fixes shows the unsafe TTL fix:\n%s", out)
	}
	if got, _ := os.ReadFile(file); string(got) != fixWorker {
		t.Error("--fix-dry-run modified the file")
	}
}

func TestFixAppliesSafeFixesAtomically(t *testing.T) {
	dir, file := fixProject(t)
	out, errOut, code := runIn(t, dir, "--fix", ".")
	got, _ := os.ReadFile(file)
	if !strings.Contains(string(got), "    ctx.waitUntil(env.CACHE.put(\"k:\" + request.url, \"v\", { expirationTtl: 30 }));\n") {
		t.Fatalf("safe fix not applied:\n%s\n%s", got, errOut)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}
	// What is left is reported: the short TTL (an error) remains.
	if code != 1 || strings.Contains(out, "floatingwrite") || !strings.Contains(out, "shortttl") {
		t.Errorf("after --fix: exit %d, output:\n%s", code, out)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A second --fix changes nothing.
	runIn(t, dir, "--fix", ".")
	again, _ := os.ReadFile(file)
	if string(again) != string(got) {
		t.Errorf("second --fix changed the file again:\n%s", again)
	}
}

func TestFixUnsafeRaisesTTL(t *testing.T) {
	dir, file := fixProject(t)
	_, _, code := runIn(t, dir, "--fix-unsafe", ".")
	got, _ := os.ReadFile(file)
	if !strings.Contains(string(got), "{ expirationTtl: 60 }") || !strings.Contains(string(got), "ctx.waitUntil(") {
		t.Errorf("--fix-unsafe did not apply both fixes:\n%s", got)
	}
	if code != 0 {
		t.Errorf("exit %d after all fixes, want 0", code)
	}
}

func TestBaseline(t *testing.T) {
	dir, file := fixProject(t)
	base := filepath.Join(dir, "kvlint-baseline.json")
	if _, _, code := runIn(t, dir, "--write-baseline", base, "."); code != 0 {
		t.Fatalf("--write-baseline exit %d", code)
	}
	out, _, code := runIn(t, dir, "--baseline", base, ".")
	if code != 0 || out != "" {
		t.Errorf("baseline should hide existing findings: exit %d\n%s", code, out)
	}
	// Shift the code down a line and add a second short TTL: only the new
	// one (beyond the baseline's count) is reported.
	src := strings.Replace("// moved\n"+fixWorker, "return new Response", "await env.CACHE.put(\"x\", \"v\", { expirationTtl: 10 });\n    return new Response", 1)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runIn(t, dir, "--baseline", base, ".")
	if code != 1 || strings.Count(out, "(shortttl)") != 1 || !strings.Contains(out, "expirationTtl 10") {
		t.Errorf("want only the new shortttl finding: exit %d\n%s", code, out)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	out, _, code := runIn(t, dir, "init")
	if code != 0 || !strings.Contains(out, "kvlint.toml") {
		t.Fatalf("init: exit %d %q", code, out)
	}
	if _, _, code := runIn(t, dir, "init"); code != 2 {
		t.Errorf("second init should refuse to overwrite: exit %d", code)
	}
	if _, errOut, code := runIn(t, dir, "."); code != 0 {
		t.Errorf("the starter kvlint.toml does not load: exit %d %s", code, errOut)
	}
}
