package driver_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
)

// monorepo writes synthetic Worker projects (each with its own wrangler
// config) and returns its files as inputs.
func monorepo(t *testing.T, projects, files int) []driver.Input {
	t.Helper()
	dir := t.TempDir()
	if _, _, err := synth.Write(dir, projects, files, 7); err != nil {
		t.Fatal(err)
	}
	found, problems := discover.Files([]string{dir}, discover.Options{Root: dir})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var in []driver.Input
	for _, f := range found {
		src, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, driver.Input{Path: f.Path, Rel: filepath.ToSlash(f.Path), Src: src})
	}
	return in
}

func run(in []driver.Input, cache *driver.Cache) *driver.Result {
	wc := &config.Cache{}
	return driver.Run(in, driver.Options{Analyzers: allAnalyzers(), Wrangler: wc.ForFile, Cache: cache, KnownRules: ruleNames()})
}

func byFile(fs []report.Finding) map[string][]report.Finding {
	out := map[string][]report.Finding{}
	for _, f := range fs {
		out[f.File] = append(out[f.File], f)
	}
	return out
}

// A file linted on its own, the rest of the monorepo as context (only its
// linked files modelled), has the findings the whole run gives it; so do
// runs through a cache, after an edit and after undoing it.
func TestFocusedRunsMatchTheWholeRun(t *testing.T) {
	in := monorepo(t, 3, 16)
	whole := byFile(run(in, nil).Findings)
	if len(whole) == 0 {
		t.Fatal("no findings in the monorepo: the test would prove nothing")
	}
	cache := driver.NewCache()
	for i := range in {
		focused := make([]driver.Input, len(in))
		for j := range in {
			focused[j] = in[j]
			focused[j].Context = j != i
		}
		got := run(focused, cache).Findings
		if want := whole[in[i].Rel]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s alone: %d findings, want %d\ngot  %+v\nwant %+v", in[i].Rel, len(got), len(want), got, want)
		}
	}
	if cache.Len() == 0 {
		t.Fatal("the cache kept nothing")
	}

	// An edit adding a finding, seen through the cache, then undone.
	target := -1
	for i, x := range in {
		if filepath.Ext(x.Rel) == ".ts" && len(whole[x.Rel]) > 0 {
			target = i
			break
		}
	}
	edited := append([]driver.Input(nil), in...)
	edited[target].Src = append(append([]byte(nil), in[target].Src...), []byte("\nexport async function extra(env: any, id: string) {\n  await env.BENCH_KV.put(id, \"x\");\n}\n")...)
	want := byFile(run(edited, nil).Findings)
	if got := byFile(run(edited, cache).Findings); !reflect.DeepEqual(got, want) {
		t.Errorf("after an edit, through the cache: %d files with findings, want %d", len(got), len(want))
	}
	if len(want[in[target].Rel]) == len(whole[in[target].Rel]) {
		t.Errorf("the edit added no finding to %s", in[target].Rel)
	}
	if got := byFile(run(in, cache).Findings); !reflect.DeepEqual(got, whole) {
		t.Errorf("after undoing the edit, through the cache: findings differ")
	}
}

func ruleNames() []string {
	var out []string
	for _, a := range allAnalyzers() {
		out = append(out, a.Analyzer.Name)
	}
	return out
}

// Results kept by key are reused for unchanged files, and a run reusing
// them reports what a fresh run reports, also after an edit (which
// re-lints the edited file's component, nothing else).
func TestReuseByKey(t *testing.T) {
	in := monorepo(t, 3, 16)
	store := map[string]driver.FileResult{}
	wc := &config.Cache{}
	lint := func(in []driver.Input) (*driver.Result, int) {
		hits := 0
		res := driver.Run(in, driver.Options{Analyzers: allAnalyzers(), Wrangler: wc.ForFile, KnownRules: ruleNames(),
			Reuse: func(rel, key string) (driver.FileResult, bool) {
				r, ok := store[rel+"\x00"+key]
				if ok {
					hits++
				}
				return r, ok
			}})
		for rel, key := range res.Keys {
			var r driver.FileResult
			for _, f := range res.Findings {
				if f.File == rel {
					r.Findings = append(r.Findings, f)
				}
			}
			store[rel+"\x00"+key] = r
		}
		return res, hits
	}
	first, hits := lint(in)
	if hits != 0 || len(first.Keys) != len(in) {
		t.Fatalf("first run: %d hits, %d keys for %d files", hits, len(first.Keys), len(in))
	}
	second, hits := lint(in)
	if hits != len(in) {
		t.Errorf("unchanged: %d of %d files reused", hits, len(in))
	}
	if !reflect.DeepEqual(second.Findings, first.Findings) {
		t.Errorf("unchanged: reused findings differ")
	}

	// Edit a helper of one project: its project's component is linted
	// again, the other projects are reused, and the findings are a fresh
	// run's.
	target := -1
	for i, x := range in {
		if filepath.Base(filepath.Dir(x.Rel)) == "lib" && filepath.Ext(x.Rel) == ".ts" {
			target = i
			break
		}
	}
	edited := append([]driver.Input(nil), in...)
	edited[target].Src = append(append([]byte(nil), in[target].Src...), []byte("\nexport async function extra(env: any, id: string) {\n  await env.BENCH_KV.put(id, \"x\");\n}\n")...)
	got, hits := lint(edited)
	fresh := run(edited, nil)
	if !reflect.DeepEqual(got.Findings, fresh.Findings) {
		t.Errorf("after an edit: %d findings, a fresh run has %d", len(got.Findings), len(fresh.Findings))
	}
	if hits == 0 || hits >= len(in)-1 {
		t.Errorf("after an edit in one project: %d of %d files reused", hits, len(in))
	}
}

// Rules that combine a whole Worker's facts (every put to a binding) give
// a file linted alone what the whole run gives it, also when the other
// puts are in files it is not linked to: the whole group's one finding at
// its first put (the others related), nothing for the other files, and a
// put among puts that set a TTL compared with them.
func TestFocusedRunSeesTheWholeWorkersPuts(t *testing.T) {
	// The bindings declared by a wrangler config, or (without one) by the
	// Env type of a declaration file.
	t.Run("wrangler", func(t *testing.T) {
		testWholeWorkersPuts(t, "w/wrangler.toml", "name = \"w\"\nkv_namespaces = [{ binding = \"STORE\", id = \"1\" }, { binding = \"PAGES\", id = \"2\" }]\n")
	})
	t.Run("env.d.ts", func(t *testing.T) {
		testWholeWorkersPuts(t, "w/env.d.ts", "interface Env {\n  STORE: KVNamespace;\n  PAGES: KVNamespace;\n}\n")
	})
}

func testWholeWorkersPuts(t *testing.T, config, text string) {
	dir := t.TempDir()
	files := map[string]string{
		config:              text,
		"w/package.json":    "{}\n",
		"w/src/a.ts":        "export async function a(env: Env, k: string) { await env.STORE.put(k, \"v\"); }\n",
		"w/src/b.ts":        "export async function b(env: Env, k: string) { await env.STORE.put(k, \"v\"); }\n",
		"w/src/c.ts":        "export async function c(env: Env, k: string) { await save(env.STORE, k); }\nimport { save } from \"./lib/save\";\n",
		"w/src/lib/save.ts": "export async function save(kv: KVNamespace, k: string) { await kv.put(k, \"v\"); }\n",
		"w/src/p.ts":        "export async function p(env: Env, k: string) { await env.PAGES.put(k, \"v\"); }\n",
		"w/src/q.ts":        "export async function q(env: Env, k: string) { await env.PAGES.put(k, \"v\", { expirationTtl: 3600 }); }\n",
		"w/src/other.ts":    "export const unrelated = 1;\n",
	}
	var in []driver.Input
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(name) == ".ts" {
			in = append(in, driver.Input{Path: p, Rel: filepath.ToSlash(p), Src: []byte(src)})
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Rel < in[j].Rel })
	whole := byFile(run(in, nil).Findings)
	a, p := whole[filepath.ToSlash(filepath.Join(dir, "w/src/a.ts"))], whole[filepath.ToSlash(filepath.Join(dir, "w/src/p.ts"))]
	if len(a) != 1 || len(a[0].Related) != 2 || !strings.Contains(a[0].Message, "this and 2 more puts") || len(p) != 1 || !strings.Contains(p[0].Message, "q.ts") {
		t.Fatalf("the whole run: %+v", whole)
	}
	for i := range in {
		focused := append([]driver.Input(nil), in...)
		for j := range focused {
			focused[j].Context = j != i
		}
		if strings.HasSuffix(in[i].Rel, ".d.ts") {
			continue
		}
		if got, want := run(focused, nil).Findings, whole[in[i].Rel]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s alone:\n%+v\nwant %+v", in[i].Rel, got, want)
		}
	}
}

// Runs through a cache re-walk only the changed files for the KV model's
// per-file facts, and give exactly what a cold run gives: after an edit of
// an exported helper that changes what its unchanged importer is found to
// do (the namespace it returns is KV, then a cache, then KV again), for
// the whole project and for the importer alone (the rest as context, as
// the language server lints an open file).
func TestCachedRunsAfterAHelpersEditMatchColdRuns(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("w/wrangler.toml", "name = \"w\"\nkv_namespaces = [{ binding = \"STORE\", id = \"1\" }]\n")
	write("w/package.json", "{}\n")
	files := []struct{ name, text string }{
		{"w/src/index.ts", "import { kv } from \"./lib\";\nexport default {\n  async fetch(req: Request, env: Env) {\n    const store = kv(env);\n    const n = Number(await store.get(\"count\"));\n    await store.put(\"count\", String(n + 1));\n    return new Response(\"ok\");\n  },\n};\n"},
		{"w/src/lib.ts", "export function kv(env: Env) {\n  return env.STORE;\n}\n"},
		{"w/src/other.ts", "export async function other(env: Env, id: string) {\n  await env.STORE.put(id, \"x\", { expirationTtl: 60 });\n}\n"},
	}
	var in []driver.Input
	for _, f := range files {
		p := write(f.name, f.text)
		in = append(in, driver.Input{Path: p, Rel: filepath.ToSlash(p), Src: []byte(f.text)})
	}
	index := in[0].Rel
	helpers := []string{
		"export function kv(env: Env) {\n  return caches.default;\n}\n",
		"export function kv(env: Env) {\n  return env.STORE;\n}\n",
	}
	alone := func(in []driver.Input) []driver.Input {
		out := append([]driver.Input(nil), in...)
		for i := range out {
			out[i].Context = out[i].Rel != index
		}
		return out
	}
	cache := driver.NewCache()
	focusedCache := driver.NewCache()
	check := func(step string, in []driver.Input) []report.Finding {
		t.Helper()
		cold := run(in, nil).Findings
		if got := run(in, cache).Findings; !reflect.DeepEqual(got, cold) {
			t.Errorf("%s, through the cache:\n%+v\nwant (a cold run)\n%+v", step, got, cold)
		}
		coldAlone := run(alone(in), nil).Findings
		if got := run(alone(in), focusedCache).Findings; !reflect.DeepEqual(got, coldAlone) {
			t.Errorf("%s, %s alone through the cache:\n%+v\nwant (a cold run)\n%+v", step, index, got, coldAlone)
		}
		if want := byFile(cold)[index]; !reflect.DeepEqual(coldAlone, want) {
			t.Errorf("%s: %s alone has %d findings, the whole run %d", step, index, len(coldAlone), len(want))
		}
		return byFile(cold)[index]
	}
	first := check("first run", in)
	if len(first) == 0 {
		t.Fatalf("no findings in %s: the test would prove nothing", index)
	}
	for i, h := range helpers {
		in[1].Src = []byte(h)
		got := check(fmt.Sprintf("edit %d of the helper", i+1), in)
		if changed := !reflect.DeepEqual(got, first); changed != (i == 0) {
			t.Errorf("edit %d of the helper: %s's findings changed: %v (%d, then %d)", i+1, index, changed, len(first), len(got))
		}
	}
}
