package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyDir copies a directory tree (small fixtures) into a temporary one.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), src, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func withStdin(t *testing.T, text string) {
	t.Helper()
	old := stdinReader
	stdinReader = strings.NewReader(text)
	t.Cleanup(func() { stdinReader = old })
}

// --stdin lints the text read as the named file, with its project as
// context: the same report as for the file on disk, and for an unsaved
// change, the change's findings.
func TestStdin(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot, "examples", "worker"))
	file := filepath.Join("src", "index.ts")
	src, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	want, _, wantCode := kvlintIn(t, dir, "--format", "json", file)
	withStdin(t, string(src))
	got, stderr, code := kvlintIn(t, dir, "--format", "json", "--stdin", "--stdin-filename", file)
	if got != want || code != wantCode {
		t.Fatalf("--stdin (exit %d, stderr %q):\n%s\nthe file on disk (exit %d):\n%s", code, stderr, got, wantCode, want)
	}
	if !strings.Contains(got, `"file": "src/index.ts"`) {
		t.Fatalf("findings not reported at the --stdin-filename path:\n%s", got)
	}

	// A buffer that is not on disk yet, with a put that never expires.
	buf := "export async function save(env: Env, id: string) {\n  await env.SESSIONS.put(id, \"x\");\n}\n"
	withStdin(t, buf)
	got, _, _ = kvlintIn(t, dir, "--stdin", "--stdin-filename", filepath.Join("src", "unsaved.ts"))
	if !strings.Contains(got, "src/unsaved.ts:2:") || !strings.Contains(got, "(missingttl)") {
		t.Fatalf("unsaved buffer:\n%s", got)
	}

	withStdin(t, buf)
	if _, stderr, code := kvlintIn(t, dir, "--stdin"); code != exitError || !strings.Contains(stderr, "--stdin-filename") {
		t.Errorf("--stdin without --stdin-filename: exit %d, %q", code, stderr)
	}
	withStdin(t, buf)
	if _, stderr, code := kvlintIn(t, dir, "--fix", "--stdin", "--stdin-filename", "src/x.ts"); code != exitError || !strings.Contains(stderr, "--fix") {
		t.Errorf("--fix --stdin: exit %d, %q", code, stderr)
	}
}

// --cache: a warm run reports what a cold one does, from results kept in
// .kvlint-cache (or node_modules/.cache/kvlint, or --cache-location), and
// an edit is seen.
func TestCache(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot, "examples", "worker"))
	cold, _, coldCode := kvlintIn(t, dir, "--format", "json", ".")
	for i := 0; i < 2; i++ {
		got, stderr, code := kvlintIn(t, dir, "--cache", "--format", "json", ".")
		if got != cold || code != coldCode {
			t.Fatalf("--cache run %d (exit %d, stderr %q) differs from a run without:\n%s\nwant:\n%s", i, code, stderr, got, cold)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".kvlint-cache", "results.gob")); err != nil {
		t.Fatalf("no cache in .kvlint-cache: %v", err)
	}

	// An edit: a new finding, and the old ones.
	index := filepath.Join(dir, "src", "index.ts")
	src, _ := os.ReadFile(index)
	edited := append(append([]byte(nil), src...), "\nexport async function more(env: Env, id: string) {\n  await env.SESSIONS.put(id, \"x\");\n}\n"...)
	if err := os.WriteFile(index, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, _, _ := kvlintIn(t, dir, "--format", "json", ".")
	got, _, _ := kvlintIn(t, dir, "--cache", "--format", "json", ".")
	if got != fresh || got == cold {
		t.Fatalf("after an edit, --cache:\n%s\nwant:\n%s", got, fresh)
	}

	// The default location under node_modules, and --cache-location.
	if err := os.Mkdir(filepath.Join(dir, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	kvlintIn(t, dir, "--cache", ".")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".cache", "kvlint", "results.gob")); err != nil {
		t.Errorf("no cache under node_modules/.cache/kvlint: %v", err)
	}
	kvlintIn(t, dir, "--cache", "--cache-location", "elsewhere", ".")
	if _, err := os.Stat(filepath.Join(dir, "elsewhere", "results.gob")); err != nil {
		t.Errorf("no cache in --cache-location: %v", err)
	}
}

// `kvlint lsp` answers initialize and ends cleanly on shutdown and exit.
func TestLSPCommand(t *testing.T) {
	dir := t.TempDir()
	var in bytes.Buffer
	for _, m := range []string{
		fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":1,"rootUri":"file://%s","capabilities":{}}}`, filepath.ToSlash(dir)),
		`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
		`{"jsonrpc":"2.0","method":"exit"}`,
	} {
		fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(m), m)
	}
	withStdin(t, in.String())
	out, stderr, code := kvlintIn(t, dir, "lsp", "--stdio")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, `"name":"kvlint"`) || !strings.Contains(out, `"codeActionProvider"`) || !strings.Contains(out, `"id":2`) {
		t.Fatalf("responses:\n%s", out)
	}
}
