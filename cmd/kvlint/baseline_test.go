package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const baselineWorker = `export default {
  async fetch(req: Request, env: { CACHE: KVNamespace }) {
    await env.CACHE.put("old", "v");
    return new Response("ok");
  },
};
`

// The baseline matches findings by fingerprint: a finding added above a
// recorded one of the same rule is shown, and the recorded one stays
// hidden though its line moved. An edited line falls back to counting.
func TestBaselineByFingerprint(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "index.ts")
	write := func(src string) {
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(baselineWorker)
	if _, stderr, code := runIn(t, dir, "--write-baseline", "base.json", "."); code != 0 {
		t.Fatalf("write-baseline: exit %d %s", code, stderr)
	}
	if out, _, _ := runIn(t, dir, "--baseline", "base.json", "."); out != "" {
		t.Errorf("the baseline does not hide its own findings:\n%s", out)
	}

	// A new finding of the same rule above the recorded one.
	write(strings.Replace(baselineWorker, `    await env.CACHE.put("old"`, "    await env.CACHE.put(\"new\", \"v\");\n    await env.CACHE.put(\"old\"", 1))
	out, _, _ := runIn(t, dir, "--baseline", "base.json", ".")
	if !strings.Contains(out, `index.ts:3:`) || !strings.Contains(out, `put("new"`) || strings.Contains(out, `put("old"`) || !strings.Contains(out, "2 problems") {
		t.Errorf("want only the new finding (line 3) shown:\n%s", out)
	}

	// The recorded line edited: no fingerprint matches, the count does.
	write(strings.Replace(baselineWorker, `put("old", "v")`, `put("old", "v2")`, 1))
	if out, _, _ := runIn(t, dir, "--baseline", "base.json", "."); out != "" {
		t.Errorf("an edited recorded line is not hidden by count:\n%s", out)
	}

	// Edited and a new one far below: the one nearest the recorded line
	// is taken for the old one.
	src := strings.Replace(baselineWorker, `put("old", "v")`, `put("old", "v2")`, 1)
	src = strings.Replace(src, `    return new Response("ok");`, "\n\n\n\n\n\n    await env.CACHE.put(\"new\", \"v\");\n    return new Response(\"ok\");", 1)
	write(src)
	out, _, _ = runIn(t, dir, "--baseline", "base.json", ".")
	if !strings.Contains(out, `put("new"`) || strings.Contains(out, `put("old"`) {
		t.Errorf("want the new finding shown, the edited old one hidden:\n%s", out)
	}
}

// A version-1 baseline (counts per file and rule) still applies.
func TestBaselineVersion1(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.ts"), []byte(baselineWorker), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "v1.json"), []byte(`{"version": 1, "files": {"index.ts": {"missingttl": 1, "hotkey": 1}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := runIn(t, dir, "--baseline", "v1.json", "."); out != "" || code != 0 {
		t.Errorf("v1 baseline: exit %d %s\n%s", code, stderr, out)
	}
}
