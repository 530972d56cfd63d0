package driver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// FuzzLint lints arbitrary bytes as a TypeScript or a JavaScript file,
// with every rule, alone or next to a fixed module that imports it (so
// that flows across modules run too), with or without a wrangler config:
// the bits of flags choose. kvlint must never panic, never report an
// internal error, and place every finding, related location and fix
// inside the file it names. Every output format must render the result.
//
// One lint per execution, of at most maxFuzzInput bytes, seeded with the
// small fixtures only, and everything else built once: a slow target
// explores nothing (the target is hundreds of thousands of
// executions, on two shared cores).
func FuzzLint(f *testing.F) {
	for i, src := range fixtureSources(f) {
		if len(src) <= maxFuzzInput {
			f.Add(src, uint8(i))
		}
	}
	f.Add([]byte("\uFEFFexport default { async fetch(r, env) {\r\n await env.CACHE.put('k', 'v', { expirationTtl: 30 }) } }"), lintConfig|lintCaller)
	f.Add([]byte("const { CACHE: c } = env; c.put(`a${b}`, \"\xff\xfe\", { expiration: Date.now() })"), lintJS)
	f.Add([]byte("/* kvlint-disable */ env.CACHE.list().then(r => r.keys)\n// kvlint-enable"), lintConfig)
	f.Add([]byte("export async function put(kv: KVNamespace, k: string, v: string) { await kv.put(k, v) }"), lintCaller)

	analyzers := allAnalyzers()
	wrangler := fuzzWrangler(f)
	withConfig := func(string) (*config.Wrangler, error) { return wrangler, nil }
	noConfig := func(string) (*config.Wrangler, error) { return nil, nil }
	caller := driver.Input{Path: "src/caller.ts", Rel: "src/caller.ts", Src: []byte(callerSource)}
	f.Fuzz(func(t *testing.T, src []byte, flags uint8) {
		if len(src) > maxFuzzInput {
			// Big inputs explore nothing small ones do not, and cost
			// hundreds of times more per execution (the hostile tests
			// cover scale).
			return
		}
		if src == nil {
			src = []byte{}
		}
		opt := driver.Options{Analyzers: analyzers, Wrangler: noConfig, Jobs: 1}
		if flags&lintConfig != 0 {
			opt.Wrangler = withConfig
		}
		name := "src/input.ts"
		if flags&lintJS != 0 {
			name = "src/input.js"
		}
		inputs := []driver.Input{{Path: name, Rel: name, Src: src}}
		if flags&lintCaller != 0 {
			inputs = append(inputs, caller)
		}
		checkResult(t, inputs, driver.Run(inputs, opt))
	})
}

// The bits of FuzzLint's flags.
const (
	lintConfig uint8 = 1 << iota // with the wrangler config
	lintJS                       // the input is src/input.js, not .ts
	lintCaller                   // next to callerSource, which imports it
)

// maxFuzzInput bounds the inputs FuzzLint lints.
const maxFuzzInput = 1024

// callerSource imports the fuzzed module and hands it KV namespaces.
const callerSource = `import def, * as m from "./input";
import { put, get, store, handler, warm } from "./input";
export default {
  async fetch(req: Request, env: Env, ctx: ExecutionContext) {
    await put(env.CACHE, "k", "v");
    ctx.waitUntil(store(env.CACHE, req.url, 30));
    const v = await get(env.SESSIONS, "k");
    await m.put(env.CACHE, "k", Number(v) + 1);
    return handler(req, env, ctx) ?? def.fetch(req, env, ctx);
  },
  async scheduled(ev: ScheduledEvent, env: Env) { await warm(env.CACHE, ["a", "b"]); },
};
`

// allAnalyzers is every rule at its default severity.
func allAnalyzers() []driver.Analyzer {
	out := make([]driver.Analyzer, len(rules.All))
	for i, r := range rules.All {
		out[i] = driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default}
	}
	return out
}

// fuzzWrangler is a config declaring a few of the fixtures' bindings (so
// that unknownbinding has work) and an environment lacking one.
func fuzzWrangler(f *testing.F) *config.Wrangler {
	f.Helper()
	path := filepath.Join(f.TempDir(), "wrangler.toml")
	const toml = `name = "fuzz"
kv_namespaces = [
  { binding = "CACHE", id = "1" },
  { binding = "SESSIONS", id = "2" },
  { binding = "KV", id = "3" },
]
[[r2_buckets]]
binding = "BUCKET"
[env.staging]
kv_namespaces = [{ binding = "CACHE", id = "4" }]
`
	if err := os.WriteFile(path, []byte(toml), 0o644); err != nil {
		f.Fatal(err)
	}
	w, err := config.LoadWrangler(path)
	if err != nil {
		f.Fatal(err)
	}
	return w
}

// fixtureSources reads every .ts and .js fixture under testdata/src (and
// the example Worker), in a fixed order.
func fixtureSources(f *testing.F) [][]byte {
	f.Helper()
	var out [][]byte
	for _, root := range []string{"../testdata/src", "../testdata/e2e", "../examples"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(path); ext != ".ts" && ext != ".js" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, b)
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(out) == 0 {
		f.Fatal("no fixtures found")
	}
	return out
}

// checkResult asserts what every run must satisfy, whatever the input: no
// internal error, and positions that lie inside the files they name and
// agree with their offsets. It also renders every output format.
func checkResult(t *testing.T, inputs []driver.Input, res *driver.Result) {
	t.Helper()
	for _, e := range res.Internal {
		t.Fatalf("internal error: %s:%d:%d: %s", e.File, e.Line, e.Col, e.Message)
	}
	srcs := map[string]fuzzSource{}
	for _, in := range inputs {
		srcs[in.Rel] = fuzzSource{in.Src, parser.LineStarts(in.Src)}
	}
	for _, fd := range res.Findings {
		what := fmt.Sprintf("%s finding %q", fd.Rule, fd.Message)
		if fd.Rule == "" || fd.Message == "" || (fd.Severity != report.Error && fd.Severity != report.Warning) {
			t.Errorf("%s: rule, message or severity (%q) missing", what, fd.Severity)
		}
		checkLocation(t, what, fd.Location, srcs)
		for _, r := range fd.Related {
			checkLocation(t, what+" related "+r.Message, r.Location, srcs)
		}
		for _, fix := range fd.Fixes {
			for _, e := range fix.Edits {
				checkLocation(t, what+" fix "+fix.Message, e.Location, srcs)
			}
		}
	}
	for _, e := range res.Errors {
		src, ok := srcs[e.File]
		if !ok {
			continue // a config error
		}
		if lines := len(src.starts); e.Line < 0 || e.Line > lines || e.Col < 0 || e.Message == "" {
			t.Errorf("file error %s:%d:%d (of %d lines): %q", e.File, e.Line, e.Col, lines, e.Message)
		}
	}

	// Every format renders the result; the JSON ones are valid JSON. The
	// report leaves out the rules' descriptions: the same for every input,
	// and most of a small report's cost (SARIF describes the rules the
	// findings name all the same).
	rep := &report.Report{Findings: res.Findings, Errors: res.Errors}
	if err := report.WriteText(io.Discard, rep, res, report.TextOptions{Color: true}); err != nil {
		t.Errorf("text: %v", err)
	}
	if err := report.WriteGitHub(io.Discard, rep); err != nil {
		t.Errorf("github: %v", err)
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, rep, res); err != nil || !json.Valid(buf.Bytes()) {
		t.Errorf("json: %v\n%s", err, buf.Bytes())
	}
	buf.Reset()
	if err := report.WriteSARIF(&buf, rep, res, report.SARIFOptions{ToolVersion: "fuzz"}); err != nil || !json.Valid(buf.Bytes()) {
		t.Errorf("sarif: %v\n%s", err, buf.Bytes())
	}
}

// fuzzSource is an input of a fuzz target and its line starts.
type fuzzSource struct {
	text   []byte
	starts []int
}

// checkLocation requires l to lie inside its file, its end not before its
// start, and its line and column to be those of its offset.
func checkLocation(t *testing.T, what string, l report.Location, srcs map[string]fuzzSource) {
	t.Helper()
	src, ok := srcs[l.File]
	if !ok {
		t.Errorf("%s: in %q, not an input", what, l.File)
		return
	}
	if l.Offset < 0 || l.EndOffset < l.Offset || l.EndOffset > len(src.text) {
		t.Errorf("%s: offsets %d..%d outside the file (%d bytes)", what, l.Offset, l.EndOffset, len(src.text))
		return
	}
	line, col := lineCol(src, l.Offset)
	endLine, endCol := lineCol(src, l.EndOffset)
	if l.Line != line || l.Col != col || l.EndLine != endLine || l.EndCol != endCol {
		t.Errorf("%s: at %d:%d-%d:%d, but its offsets %d..%d are %d:%d-%d:%d",
			what, l.Line, l.Col, l.EndLine, l.EndCol, l.Offset, l.EndOffset, line, col, endLine, endCol)
	}
}

// lineCol is the 1-based line and byte column of offset, lines ending at
// "\n", "\r\n" or a lone "\r" (parser.LineStarts), the columns of the
// first line counted after a byte order mark (see report.Location).
func lineCol(src fuzzSource, offset int) (line, col int) {
	starts := src.starts
	line = sort.Search(len(starts), func(i int) bool { return starts[i] > offset })
	col = offset - starts[line-1] + 1
	if line == 1 && bytes.HasPrefix(src.text, []byte("\uFEFF")) {
		col = max(1, col-3)
	}
	return line, col
}
