package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Hostile inputs, end to end through run: whatever is on disk, kvlint
// neither crashes nor hangs, says clearly what it could not analyze, and
// keeps linting everything else.

const hostileWrangler = `name = "hostile"
kv_namespaces = [{ binding = "CACHE", id = "1" }]
`

// hostileWorker has one finding: shortttl (an error) on line 3.
const hostileWorker = `export default {
  async fetch(req: Request, env: Env): Promise<Response> {
    await env.CACHE.put(req.url, "v", { expirationTtl: 10 });
    return new Response("ok");
  },
};
`

// project writes files (slash-separated names relative to a new temporary
// directory) and returns the directory. It always has a wrangler.toml and
// an empty kvlint.toml, so that nothing above it is picked up.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"wrangler.toml": hostileWrangler, "kvlint.toml": ""}
	for name, content := range files {
		all[name] = content
	}
	for name, content := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// kvlintIn runs the command in dir.
func kvlintIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	})
	return out.String(), errb.String(), code
}

type jsonReport struct {
	Findings []struct {
		Rule        string `json:"rule"`
		File        string `json:"file"`
		Line        int    `json:"line"`
		Column      int    `json:"column"`
		EndLine     int    `json:"endLine"`
		EndColumn   int    `json:"endColumn"`
		ColumnUTF16 int    `json:"columnUtf16"`
		Offset      int    `json:"offset"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

func parseJSON(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return r
}

// wantShortTTL requires stdout (text) to report hostileWorker's finding in
// file, on line 3 at its expirationTtl.
func wantShortTTL(t *testing.T, stdout, file string) {
	t.Helper()
	if !strings.Contains(stdout, file+":3:41: error: expirationTtl 10 is below") {
		t.Errorf("%s was not linted:\n%s", file, stdout)
	}
}

// A binary file with a source extension (an MPEG transport stream is a
// .ts) is skipped with a note naming it; the other files are linted and
// the exit code is theirs.
func TestHostileBinaryFile(t *testing.T) {
	ts := bytes.Repeat(append([]byte{0x47, 0x40, 0x11, 0x10, 0x00, 0x42, 0xF0, 0x25}, make([]byte, 180)...), 50)
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "src/video.ts": string(ts), "src/utf16.ts": "\xFF\xFEe\x00x\x00"})
	stdout, stderr, code := kvlintIn(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1 (the other file's error)", code)
	}
	wantShortTTL(t, stdout, "src/index.ts")
	if !strings.Contains(stderr, "kvlint: src/video.ts: skipped: binary file") ||
		!strings.Contains(stderr, "kvlint: src/utf16.ts: skipped: UTF-16 text") {
		t.Errorf("no note for the skipped files:\n%s", stderr)
	}
	if strings.Contains(stdout, "video.ts") {
		t.Errorf("the binary file is reported:\n%s", stdout)
	}
	// Named on its own, it is skipped all the same: nothing to report.
	stdout, stderr, code = kvlintIn(t, dir, "src/video.ts")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "src/video.ts: skipped: binary file") {
		t.Errorf("binary file alone: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// Bytes that are not text but have no NUL reach the parser, which
	// reports where it gave up.
	dir = project(t, map[string]string{"src/index.ts": hostileWorker, "src/noise.ts": "\x8d\xe2\x01\x9f\xff\xfe\x80\x80"})
	stdout, _, code = kvlintIn(t, dir, "--format", "json")
	r := parseJSON(t, stdout)
	if code != 1 || len(r.Errors) != 1 || r.Errors[0].File != "src/noise.ts" || r.Errors[0].Line != 1 || r.Errors[0].Column < 1 || len(r.Findings) != 1 {
		t.Errorf("noise: exit %d, %s", code, stdout)
	}
}

// Invalid UTF-8 in strings, comments and templates: positions after it
// are right, and every format still writes valid output.
func TestHostileInvalidUTF8(t *testing.T) {
	src := "// caf\xe9 \xff\xfe comment\nconst k = \"\xc3\x28\xa0\xa1\"; const t = `\xf0\x28\x8c\x28`;\n" + hostileWorker
	dir := project(t, map[string]string{"src/index.ts": src})
	stdout, _, code := kvlintIn(t, dir, "--format", "json")
	r := parseJSON(t, stdout)
	if code != 1 || len(r.Findings) != 1 || r.Findings[0].Line != 5 || r.Findings[0].Column != 41 || r.Findings[0].ColumnUTF16 != 41 {
		t.Errorf("exit %d, findings %+v, errors %+v", code, r.Findings, r.Errors)
	}
	for _, format := range []string{"text", "sarif", "github"} {
		out, stderr, code := kvlintIn(t, dir, "--format", format)
		if code != 1 || stderr != "" || !strings.Contains(out, "expirationTtl 10 is below") {
			t.Errorf("--format %s: exit %d, stderr %q\n%s", format, code, stderr, out)
		}
		if format == "sarif" && !json.Valid([]byte(out)) {
			t.Errorf("SARIF output is not valid JSON")
		}
	}
}

// A UTF-8 byte order mark changes no position: not the lines, and not the
// columns of the first line (editors do not show it).
func TestHostileBOM(t *testing.T) {
	oneLine := `export default { async fetch(r: Request, env: Env) { await env.CACHE.put(r.url, "v", { expirationTtl: 10 }); return new Response(); } };` + "\n"
	dir := project(t, map[string]string{
		"plain/index.ts": hostileWorker, "bom/index.ts": "\uFEFF" + hostileWorker,
		"plain/one.ts": oneLine, "bom/one.ts": "\uFEFF" + oneLine,
	})
	positions := func(sub string) string {
		stdout, _, _ := kvlintIn(t, dir, "--format", "json", sub)
		var b strings.Builder
		for _, f := range parseJSON(t, stdout).Findings {
			b.WriteString(strings.TrimPrefix(f.File, sub+"/"))
			b.WriteString(" " + f.Rule + " " + itoa(f.Line) + ":" + itoa(f.Column) + "-" + itoa(f.EndLine) + ":" + itoa(f.EndColumn) + " utf16 " + itoa(f.ColumnUTF16) + "\n")
		}
		return b.String()
	}
	plain, bom := positions("plain"), positions("bom")
	if plain != bom || !strings.Contains(bom, "index.ts shortttl 3:41-") || !strings.Contains(bom, "one.ts shortttl 1:") {
		t.Errorf("positions with a BOM differ:\nwithout:\n%swith:\n%s", plain, bom)
	}
	stdout, _, _ := kvlintIn(t, dir, "bom")
	wantShortTTL(t, stdout, "bom/index.ts")
	// The code frame's carets sit under the property, BOM or not.
	frame := regexp.MustCompile(`(?m)^  1 \| (.*)\n    \| ( *)\^`).FindStringSubmatch(stdout)
	if frame == nil || strings.HasPrefix(frame[1], "\uFEFF") || !strings.HasPrefix(frame[1][len(frame[2]):], "expirationTtl: 10") {
		t.Errorf("code frame of the first line:\n%s", stdout)
	}
}

// CRLF line endings: the same lines and columns as LF.
func TestHostileCRLF(t *testing.T) {
	crlf := strings.ReplaceAll(hostileWorker, "\n", "\r\n")
	dir := project(t, map[string]string{"src/index.ts": crlf})
	stdout, _, code := kvlintIn(t, dir, "--format", "json")
	r := parseJSON(t, stdout)
	if code != 1 || len(r.Findings) != 1 {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	f := r.Findings[0]
	if f.Line != 3 || f.Column != 41 || f.EndLine != 3 || f.EndColumn != 58 || f.Offset != strings.Index(crlf, "expirationTtl") {
		t.Errorf("finding at %d:%d-%d:%d offset %d", f.Line, f.Column, f.EndLine, f.EndColumn, f.Offset)
	}
	// A syntax error too.
	dir = project(t, map[string]string{"src/index.ts": "const a = 1;\r\nconst b = ;\r\n"})
	stdout, _, code = kvlintIn(t, dir)
	if code != 1 || !strings.Contains(stdout, "src/index.ts:2:11: error: Unexpected \";\"") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

// A 20 MB minified bundle is skipped, quickly, with a note; the sources
// next to it are linted.
func TestHostileMinifiedBundle(t *testing.T) {
	chunk := `var a%d=function(e,t){return e.CACHE.put("k"+t,JSON.stringify({a:1,b:[1,2,3]}),{expirationTtl:3600}).then(function(r){return r?r.json():null})};`
	var b strings.Builder
	b.WriteString("export default{async fetch(r,e,c){")
	for i := 0; b.Len() < 20<<20; i++ {
		b.WriteString(strings.Replace(chunk, "%d", itoa(i), 1))
	}
	b.WriteString(`return new Response("ok")}};`)
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "build/worker.js": b.String()})
	start := time.Now()
	stdout, stderr, code := kvlintIn(t, dir)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	if code != 1 || !strings.Contains(stderr, "kvlint: build/worker.js: skipped: minified bundle (20480 KB on 1 line)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	wantShortTTL(t, stdout, "src/index.ts")
	if strings.Contains(stdout, "worker.js") {
		t.Errorf("the bundle is reported:\n%.500s", stdout)
	}
}

// 100,000 levels of nesting are reported as a file kvlint cannot analyze,
// at the place the bound is crossed, quickly and without a stack overflow;
// the other files are linted.
func TestHostileDeepNesting(t *testing.T) {
	const n = 100000
	lines := func(unit string) string { // n units, 40 to a line
		return strings.Repeat(strings.Repeat(unit, 40)+"\n", n/40)
	}
	// Each file also uses KV, so that it is analyzed, not only checked for
	// syntax errors (deep trees are safe until kvlint walks them).
	const kv = "CACHE.getWithMetadata(\"k\");\n"
	dir := project(t, map[string]string{
		"src/index.ts":  hostileWorker,
		"src/parens.js": kv + "x = " + lines("(") + "1" + lines(")") + ";\n",
		"src/blocks.ts": kv + lines("{") + lines("}"),
		"src/arrays.js": kv + "x = " + lines("[") + lines("]") + ";\n",
		"src/chain.ts":  kv + "x = a" + lines(".b") + ";\n",
		"src/jsx.jsx":   kv + "x = " + lines("<a>") + lines("</a>") + ";\n",
		"src/unary.js":  kv + "x = " + lines("!") + "1;\n",
		"src/sum.js":    kv + "x = a" + lines("+a") + ";\n",
		// No KV here: checked for syntax errors only, and it has none.
		"src/sum2.js": "y = a" + lines("+a") + ";\n",
	})
	start := time.Now()
	stdout, stderr, code := kvlintIn(t, dir, "--format", "json")
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	r := parseJSON(t, stdout)
	if code != 1 || stderr != "" || len(r.Findings) != 1 || r.Findings[0].File != "src/index.ts" {
		t.Errorf("exit %d, stderr %q, findings %+v", code, stderr, r.Findings)
	}
	got := map[string]bool{}
	for _, e := range r.Errors {
		got[e.File] = true
		if !strings.HasPrefix(e.Message, "nested too deeply to analyze") || e.Line < 1 || e.Line > n/40*2+3 || e.Column < 1 {
			t.Errorf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
		}
	}
	for _, f := range []string{"src/parens.js", "src/blocks.ts", "src/arrays.js", "src/chain.ts", "src/jsx.jsx", "src/unary.js", "src/sum.js"} {
		if !got[f] {
			t.Errorf("%s: no error", f)
		}
	}
}

// Symbolic links that loop are followed once or reported, never walked
// forever; the files are linted once each.
func TestHostileSymlinkLoop(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": hostileWorker})
	for link, target := range map[string]string{
		"src/self": ".", "src/up": "..", "src/deep/down": "../../src", "ping": "pong", "pong": "ping",
	} {
		p := filepath.Join(dir, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	done := make(chan struct{})
	var stdout, stderr string
	var code int
	go func() {
		defer close(done)
		stdout, stderr, code = kvlintIn(t, dir)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("kvlint did not finish in 30 s")
	}
	wantShortTTL(t, stdout, "src/index.ts")
	if n := strings.Count(stdout, "expirationTtl 10 is below"); n != 1 {
		t.Errorf("the file was reported %d times:\n%s", n, stdout)
	}
	if code != 1 || !strings.Contains(stderr, "kvlint: ping: too many levels of symbolic links") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// A file or directory kvlint may not read is reported by name; the rest
// is linted. (Root reads everything: skipped as root.)
func TestHostileUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions are not enforced")
	}
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "src/secret.ts": hostileWorker, "locked/a.ts": hostileWorker})
	for _, p := range []string{"src/secret.ts", "locked"} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
	}
	stdout, stderr, code := kvlintIn(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	wantShortTTL(t, stdout, "src/index.ts")
	if !strings.Contains(stdout, "src/secret.ts: error: cannot read file: permission denied") {
		t.Errorf("unreadable file not reported:\n%s", stdout)
	}
	if !strings.Contains(stderr, "kvlint: locked: permission denied") {
		t.Errorf("unreadable directory not reported: %q", stderr)
	}
}

// A path that does not exist is named on standard error and fails the run
// with exit 2 (a usage error), whatever else is found; the rest is still
// linted and reported.
func TestHostileMissingPaths(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "src/ok.ts": "export const x = 1;\n"})
	stdout, stderr, code := kvlintIn(t, dir, "nope", "nope.ts")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "kvlint: nope: no such file or directory") || !strings.Contains(stderr, "kvlint: nope.ts: no such file or directory") {
		t.Errorf("only missing paths: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = kvlintIn(t, dir, "nope", "src")
	if code != 2 || !strings.Contains(stderr, "kvlint: nope: no such file or directory") {
		t.Errorf("a missing path and a good one: exit %d, stderr %q", code, stderr)
	}
	wantShortTTL(t, stdout, "src/index.ts")
	// Even when what could be linted is clean, a missing path fails the run.
	stdout, stderr, code = kvlintIn(t, dir, "src/ok.ts", "nope.ts")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "kvlint: nope.ts: no such file or directory") {
		t.Errorf("a missing path and a clean file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// An empty directory: nothing to say, exit 0. An empty file likewise.
func TestHostileEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kvlint.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"empty"}, {"--format", "json", "empty"}} {
		stdout, stderr, code := kvlintIn(t, dir, args...)
		want := ""
		if len(args) > 1 {
			want = "{\n  \"version\": 1,\n  \"findings\": [],\n  \"errors\": []\n}\n"
		}
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	dir = project(t, map[string]string{"src/empty.ts": "", "src/blank.js": "\n\n\n"})
	if stdout, stderr, code := kvlintIn(t, dir); code != 0 || stdout != "" || stderr != "" {
		t.Errorf("empty files: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// A malformed wrangler config, or one naming a binding twice, is an error
// naming the file and line: exit 2.
func TestHostileWranglerConfig(t *testing.T) {
	cases := []struct {
		name, file, content, want string
	}{
		{"TOML syntax", "wrangler.toml", "name = \"x\"\nkv_namespaces = [\n  { binding = \"CACHE\" id = \"1\" },\n]\n", `wrangler.toml:3:\d+: `},
		{"JSON syntax", "wrangler.json", "{\n  \"kv_namespaces\": [\n    { \"binding\": \"CACHE\" \"id\": \"1\" }\n  ]\n}\n", `wrangler.json:3:\d+: `},
		{"binding twice", "wrangler.toml", "kv_namespaces = [\n  { binding = \"CACHE\", id = \"1\" },\n  { binding = \"CACHE\", id = \"2\" },\n]\n",
			`wrangler.toml:3:\d+: (error: )?KV binding CACHE is declared twice at the top level \(first on line 2\)`},
		{"binding twice in JSONC", "wrangler.jsonc", "{\n  // comment\n  \"kv_namespaces\": [\n    { \"binding\": \"CACHE\" },\n    { \"binding\": \"CACHE\" },\n  ],\n}\n",
			`wrangler.jsonc:5:\d+: (error: )?KV binding CACHE is declared twice at the top level \(first on line 4\)`},
		{"binary", "wrangler.toml", "\x00\x01\x02\xff", `wrangler.toml:1:\d+: `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t, map[string]string{"src/index.ts": hostileWorker})
			if c.file != "wrangler.toml" {
				if err := os.Remove(filepath.Join(dir, "wrangler.toml")); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := kvlintIn(t, dir)
			if code != 2 || !regexp.MustCompile(c.want).MatchString(stdout+stderr) {
				t.Errorf("exit %d, want 2 and %s\nstdout: %s\nstderr: %s", code, c.want, stdout, stderr)
			}
		})
	}
}

// A file too big to be source code (here 65 MB, sparse) is skipped without
// being read.
func TestHostileHugeFile(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": hostileWorker})
	f, err := os.Create(filepath.Join(dir, "src", "huge.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(65 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	stdout, stderr, code := kvlintIn(t, dir)
	if code != 1 || !strings.Contains(stderr, "kvlint: src/huge.js: skipped: 65 MB is too large for a source file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	wantShortTTL(t, stdout, "src/index.ts")
}

// lintWithin runs kvlint in dir and fails the test if it takes longer than
// limit (each case took from 40 s to over 6 min while the interprocedural
// queries were exponential; all take well under a second now).
func lintWithin(t *testing.T, dir string, limit time.Duration, args ...string) (string, int) {
	t.Helper()
	t.Chdir(dir)
	type result struct {
		out  string
		code int
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb, func(string) string { return "" })
		done <- result{out.String() + errb.String(), code}
	}()
	select {
	case r := <-done:
		t.Logf("%s: %v", filepath.Base(dir), time.Since(start))
		return r.out, r.code
	case <-time.After(limit):
		t.Fatalf("kvlint took more than %v", limit)
	}
	return "", 0
}

// A helper that calls itself several times: every query about its
// parameter is asked once, not once per path through the calls.
func TestHostileSelfRecursiveHelper(t *testing.T) {
	for _, calls := range []int{3, 4, 8} {
		src := "async function h(kv: KVNamespace) { " + strings.Repeat("await h(kv); ", calls) + "await kv.put(\"k\", \"1\"); }\n" +
			"export default { async fetch(req: Request, env: Env, ctx: ExecutionContext) { await h(env.CACHE); return new Response(\"ok\"); } };\n"
		dir := project(t, map[string]string{"src/index.ts": src})
		out, code := lintWithin(t, dir, 20*time.Second, "--format", "json")
		if code == 2 || !strings.Contains(out, `"rule": "missingttl"`) {
			t.Errorf("%d self-calls: exit %d\n%s", calls, code, out)
		}
	}
}

// A ring of 500 modules, each calling the next two or three times, the
// last calling the first.
func TestHostileImportRing(t *testing.T) {
	const n = 500
	for _, calls := range []int{2, 3} {
		files := map[string]string{}
		for i := 0; i < n; i++ {
			j := (i + 1) % n
			var body strings.Builder
			for c := 0; c < calls; c++ {
				fmt.Fprintf(&body, "await f%d(kv, k + %q); ", j, string(rune('a'+c)))
			}
			files[fmt.Sprintf("src/m%d.ts", i)] = fmt.Sprintf("import { f%d } from \"./m%d\";\nexport async function f%d(kv: KVNamespace, k: string) {\n  if (k.length > 3) { %s}\n  await kv.put(k, \"1\");\n}\n", j, j, i, body.String())
		}
		files["src/index.ts"] = "import { f0 } from \"./m0\";\nexport default { async fetch(req: Request, env: Env, ctx: ExecutionContext) { await f0(env.CACHE, \"x\"); return new Response(\"ok\"); } };\n"
		dir := project(t, files)
		out, code := lintWithin(t, dir, 30*time.Second)
		if code == 2 || !strings.Contains(out, "src/m499.ts:4:") {
			t.Errorf("%d calls per module: exit %d\n%.2000s", calls, code, out)
		}
	}
}

// Thousands of put/get pairs in one function: each read is compared only
// with the writes of its key (comparing every pair took 99 s for 20k).
func TestHostileManyKeyPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	const n = 10000
	var b strings.Builder
	b.WriteString("export default { async fetch(req: Request, env: Env, ctx: ExecutionContext) {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  await env.CACHE.put(\"k%d:\" + req.url, \"v\", { expirationTtl: 600 }); const v%d = await env.CACHE.get(\"k%d:\" + req.url);\n", i, i, i)
	}
	b.WriteString("  return new Response(\"ok\"); } };\n")
	dir := project(t, map[string]string{"src/index.ts": b.String()})
	out, _ := lintWithin(t, dir, 15*time.Second, "--format", "json")
	if got := strings.Count(out, `"rule": "readafterwrite"`); got != n {
		t.Errorf("%d readafterwrite findings, want %d", got, n)
	}
}

// buildKvlint builds the command, for tests that must run it as a process.
func buildKvlint(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "kvlint")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Memory bombs: string literals joined by + (esbuild folds them in memory
// quadratic in their number: 3,000 terms took 700 MB, 100,000 a Go fatal
// error) and files too large for the memory budget are skipped with a
// note; under a 2 GB address-space limit the run still reports.
func TestHostileMemoryBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	bin := buildKvlint(t)
	term := func(i int) string { return fmt.Sprintf("%q", strings.Repeat("x", 80)+strconv.Itoa(i)) }
	var small, big, dense strings.Builder
	small.WriteString("export const a = ")
	big.WriteString("export const b = ")
	for i := 0; i < 3000; i++ {
		small.WriteString(term(i) + " +\n")
	}
	for i := 0; i < 100000; i++ {
		big.WriteString(term(i) + " +\n")
	}
	small.WriteString("\"\";\n")
	big.WriteString("\"\";\n")
	dense.WriteString("export default { async fetch(req: Request, env: Env) {\n")
	for i := 0; i < 100000; i++ {
		dense.WriteString("  await env.CACHE.put(\"k\", \"v\");\n")
	}
	dense.WriteString("  return new Response(\"\"); } };\n")
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "src/strings.ts": small.String(), "src/more.ts": big.String(), "src/dense.ts": dense.String()})
	cmd := exec.Command("sh", "-c", `ulimit -v 2097152 && exec "$0" "$@"`, bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	t.Logf("%v, exit %d (%v)", time.Since(start), code, err)
	if code != 1 || strings.Contains(stderr.String(), "fatal error") {
		t.Fatalf("exit %d\n%.3000s", code, stderr.String())
	}
	wantShortTTL(t, stdout.String(), "src/index.ts")
	for _, f := range []string{"src/strings.ts", "src/more.ts"} {
		if !strings.Contains(stderr.String(), "kvlint: "+f+": skipped: the string literals joined by + from line 1") {
			t.Errorf("no note for %s:\n%s", f, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "kvlint: src/dense.ts: skipped: more than 500000 tokens") {
		t.Errorf("no note for src/dense.ts:\n%s", stderr.String())
	}
}

// Special files where kvlint reads: named pipes and devices never hang
// the run or exhaust its memory; each is reported clearly, naming it.
func TestHostileSpecialFiles(t *testing.T) {
	mkfifo := func(t *testing.T, p string) {
		t.Helper()
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip(err)
		}
	}
	t.Run("ignore files", func(t *testing.T) {
		dir := project(t, map[string]string{"src/index.ts": hostileWorker, ".git/HEAD": "ref: refs/heads/main\n", "src/sub/a.ts": hostileWorker})
		if err := os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755); err != nil {
			t.Fatal(err)
		}
		mkfifo(t, filepath.Join(dir, ".gitignore"))
		mkfifo(t, filepath.Join(dir, ".git", "info", "exclude"))
		if err := os.Symlink("/dev/zero", filepath.Join(dir, "src", "sub", ".gitignore")); err != nil {
			t.Skip(err)
		}
		out, code := lintWithin(t, dir, 20*time.Second)
		if code == 2 && !strings.Contains(out, "not a regular file") {
			t.Errorf("exit %d\n%s", code, out)
		}
		wantShortTTL(t, out, "src/index.ts")
		wantShortTTL(t, out, "src/sub/a.ts")
		for _, f := range []string{".gitignore", "info/exclude", "sub/.gitignore"} {
			if !strings.Contains(out, f+": it is a") {
				t.Errorf("no message for %s:\n%s", f, out)
			}
		}
	})
	t.Run("--config", func(t *testing.T) {
		dir := project(t, map[string]string{"src/index.ts": hostileWorker})
		mkfifo(t, filepath.Join(dir, "fifo.toml"))
		for _, cfg := range []string{"fifo.toml", "/dev/zero"} {
			out, code := lintWithin(t, dir, 20*time.Second, "--config", cfg)
			if code != 2 || !strings.Contains(out, cfg) || !strings.Contains(out, "not a regular file") {
				t.Errorf("--config %s: exit %d\n%s", cfg, code, out)
			}
		}
	})
	t.Run("--baseline", func(t *testing.T) {
		dir := project(t, map[string]string{"src/index.ts": hostileWorker})
		mkfifo(t, filepath.Join(dir, "base.json"))
		for _, b := range []string{"base.json", "/dev/zero"} {
			out, code := lintWithin(t, dir, 20*time.Second, "--baseline", b)
			if code != 2 || !strings.Contains(out, "not a regular file") {
				t.Errorf("--baseline %s: exit %d\n%s", b, code, out)
			}
		}
	})
	t.Run("wrangler config", func(t *testing.T) {
		dir := project(t, map[string]string{"src/index.ts": hostileWorker})
		os.Remove(filepath.Join(dir, "wrangler.toml"))
		mkfifo(t, filepath.Join(dir, "wrangler.toml"))
		// Not read (discovery takes only regular files), never waited on.
		out, code := lintWithin(t, dir, 20*time.Second)
		if code == 2 {
			t.Errorf("exit %d\n%s", code, out)
		}
		wantShortTTL(t, out, "src/index.ts")
	})
}

// With files named (the pre-commit mode), only they are reported: the
// project's other files only inform the model, whatever their state.
func TestHostileNamedFilesOnly(t *testing.T) {
	dir := project(t, map[string]string{
		"src/index.ts": hostileWorker,
		"src/good.ts":  "export const x = 1;\n",
		"src/bad.ts":   "const a = ;\nCACHE.get(\"k\");\n",
		"src/bin.ts":   "\x00\x01\x02",
	})
	stdout, stderr, code := kvlintIn(t, dir, "src/good.ts")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("good.ts alone: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = kvlintIn(t, dir, "src/index.ts")
	if code != 1 || strings.Contains(stdout+stderr, "bad.ts") || strings.Contains(stdout+stderr, "bin.ts") {
		t.Errorf("index.ts: exit %d\n%s\n%s", code, stdout, stderr)
	}
	wantShortTTL(t, stdout, "src/index.ts")
	// Named, they are reported.
	stdout, _, code = kvlintIn(t, dir, "src/good.ts", "src/bad.ts")
	if code != 1 || !strings.Contains(stdout, "src/bad.ts:1:11") {
		t.Errorf("bad.ts named: exit %d\n%s", code, stdout)
	}
}

// A file with classic Mac OS line endings (a lone CR): positions count its
// lines, and a code frame shows one line, not the whole file.
func TestHostileCROnlyLineEndings(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": strings.ReplaceAll(hostileWorker, "\n", "\r")})
	stdout, _, code := kvlintIn(t, dir, "--format", "json")
	r := parseJSON(t, stdout)
	if code != 1 || len(r.Findings) != 1 || r.Findings[0].Line != 3 || r.Findings[0].Column != 41 {
		t.Errorf("exit %d, findings %+v", code, r.Findings)
	}
	stdout, _, _ = kvlintIn(t, dir)
	wantShortTTL(t, stdout, "src/index.ts")
	if strings.Contains(stdout, "export default") || strings.Count(stdout, "\n") > 8 {
		t.Errorf("the frame shows more than the line:\n%q", stdout)
	}
}

// An invalid ignore pattern in kvlint.toml is a configuration error naming
// the file and line (exit 2), not a bare "[: invalid ignore pattern".
func TestHostileInvalidIgnorePattern(t *testing.T) {
	dir := project(t, map[string]string{"src/index.ts": hostileWorker, "kvlint.toml": "# kvlint\nignore = [\n  \"dist/**\",\n  \"[\",\n]\n"})
	stdout, stderr, code := kvlintIn(t, dir)
	if code != 2 || !strings.Contains(stdout+stderr, "kvlint.toml:4:") || !strings.Contains(stdout+stderr, `invalid pattern "["`) {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// A disable/enable pair on one line suppresses only what lies between.
func TestHostileOneLineDisableEnable(t *testing.T) {
	line := `    /* kvlint-disable missingttl -- seeded once */ await env.CACHE.put("a:" + req.url, "1"); /* kvlint-enable missingttl */ await env.CACHE.put("b:" + req.url, "1");`
	src := "export default {\n  async fetch(req: Request, env: Env): Promise<Response> {\n" + line + "\n    return new Response(\"ok\");\n  },\n};\n"
	dir := project(t, map[string]string{"src/index.ts": src})
	stdout, _, _ := kvlintIn(t, dir)
	col := strings.Index(line, `env.CACHE.put("b:`) + len("env.CACHE.")
	if !strings.Contains(stdout, fmt.Sprintf("src/index.ts:3:%d: warning: put to CACHE never expires", col+1)) {
		t.Errorf("the put after kvlint-enable is not reported (want column %d):\n%s", col+1, stdout)
	}
	if strings.Count(stdout, "never expires") != 1 {
		t.Errorf("want one missingttl finding:\n%s", stdout)
	}
}

// A directory deeper than PATH_MAX is noted and left; the walk goes on.
func TestHostilePathOverPathMax(t *testing.T) {
	dir := project(t, map[string]string{"a/index.ts": hostileWorker, "z/index.ts": hostileWorker})
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	for i := 0; i < 25; i++ { // 5,000 bytes of path
		if err := unix.Mkdirat(fd, name, 0o755); err != nil {
			t.Skip(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Skip(err)
		}
		fd = next
	}
	if f, err := unix.Openat(fd, "deep.ts", unix.O_WRONLY|unix.O_CREAT, 0o644); err == nil {
		if _, err := unix.Write(f, []byte(hostileWorker)); err != nil {
			t.Fatal(err)
		}
		unix.Close(f)
	}
	syscall.Close(fd)
	out, code := lintWithin(t, dir, 30*time.Second)
	if code != 1 || !strings.Contains(out, "file name too long") {
		t.Errorf("exit %d\n%.1500s", code, out)
	}
	wantShortTTL(t, out, "a/index.ts")
	wantShortTTL(t, out, "z/index.ts")
}

// Thousands of writes in one handler: each write is checked against the
// reads before it through an index built once per function, not by
// scanning every read and call before it (hotkey's fill-on-miss test).
func TestHostileManyWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	src := "export default { async fetch(req: Request, env: Env) {\n" +
		strings.Repeat("  await env.CACHE.put(\"k\", \"v\", { expirationTtl: 600 });\n", 20000) +
		"  return new Response(\"\"); } };\n"
	dir := project(t, map[string]string{"src/index.ts": src})
	out, _ := lintWithin(t, dir, 15*time.Second, "--format", "json")
	if got := strings.Count(out, `"rule": "hotkey"`); got != 20000 {
		t.Errorf("%d hotkey findings, want 20000", got)
	}
}
