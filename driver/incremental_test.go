package driver_test

import (
	"os"
	"path/filepath"
	"reflect"
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
		if want := whole[in[i].Rel]; !sameAlone(got, want) {
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

// Rules that combine a whole Worker's facts (every put to a namespace)
// report, for a file linted alone, its finding (where the whole run may
// have reported it once, at another file of the group).
func TestFocusedRunReportsItsGroupedFinding(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"w/wrangler.toml": "name = \"w\"\nkv_namespaces = [{ binding = \"STORE\", id = \"1\" }]\n",
		"w/src/a.ts":      "export async function a(env: Env, k: string) { await env.STORE.put(k, \"v\"); }\n",
		"w/src/b.ts":      "export async function b(env: Env, k: string) { await env.STORE.put(k, \"v\"); }\n",
		"w/src/c.ts":      "export async function c(env: Env, k: string) { await env.STORE.put(k, \"v\"); }\n",
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
	places := map[report.Location]bool{} // of the whole run's findings and their related places
	for _, f := range run(in, nil).Findings {
		places[f.Location] = true
		for _, r := range f.Related {
			places[r.Location] = true
		}
	}
	for i := range in {
		focused := append([]driver.Input(nil), in...)
		for j := range focused {
			focused[j].Context = j != i
		}
		got := run(focused, nil).Findings
		if len(got) != 1 || got[0].Rule != "missingttl" || got[0].File != in[i].Rel || !places[got[0].Location] {
			t.Errorf("%s alone: %+v, want its put's missingttl finding", in[i].Rel, got)
		}
	}
}

// sameAlone reports whether a file linted alone has the findings the whole
// run gives it. A finding about a group of places (every put of a
// namespace) is reported once, at its first place in a reported file: a
// file linted alone may have it where the whole run put it in another file,
// with the same message and the others as related locations.
func sameAlone(got, want []report.Finding) bool {
	if len(want) > 0 || len(got) == 0 {
		return reflect.DeepEqual(got, want) || len(got) == 0 && len(want) == 0
	}
	// The file's finding about a group the whole run reported elsewhere.
	for _, f := range got {
		elsewhere := false
		for _, r := range f.Related {
			elsewhere = elsewhere || r.File != f.File
		}
		if !elsewhere {
			return false
		}
	}
	return true
}

// A file linted alone, its project as context, sees the types the whole
// run sees, also those declared in files it does not import and that the
// model does not need (their declarations are read only for the names its
// types lead to): a namespace type whose member is an alias, declared in
// a library file, of an alias of KVNamespace in another.
func TestFocusedRunReadsTheDeclarationsItsTypesReach(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"package.json": "{}\n",
		"src/a.ts": "export async function save(opts: Lib.Opts, k: string) {\n  await opts.kv.put(k, \"v\", { expirationTtl: 30 });\n}\n" +
			"export async function save2(kv: Keys, k: string) {\n  await kv.put(k, \"v\", { expirationTtl: 30 });\n}\n",
		"src/b.ts":           "export function other(x: number) { return x + 1; }\n",
		"vendor/lib/opts.ts": "export declare namespace Lib {\n  interface Opts { kv: Keys }\n}\nexport interface Unrelated { n: number }\n",
		"vendor/lib/keys.ts": "export type Keys = Store;\n",
		"vendor/lib/kv.ts":   "// the one file that names the runtime type\nexport type Store = KVNamespace<string>;\n",
		"vendor/lib/other.ts": "export declare namespace Other {\n  interface Opts { kv: number }\n}\n",
	}
	var in []driver.Input
	named := -1
	for _, name := range []string{"src/a.ts", "src/b.ts", "vendor/lib/opts.ts", "vendor/lib/keys.ts", "vendor/lib/kv.ts", "vendor/lib/other.ts"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "src/a.ts" {
			named = len(in)
		}
		in = append(in, driver.Input{Path: p, Rel: name, Src: []byte(files[name])})
	}
	whole := byFile(run(in, nil).Findings)["src/a.ts"]
	if len(whole) != 2 {
		t.Fatalf("the whole run: %d findings in src/a.ts, want its 2 shortttl findings: %+v", len(whole), whole)
	}
	cache := driver.NewCache()
	for round := 0; round < 2; round++ { // the second through the cache
		focused := append([]driver.Input(nil), in...)
		for j := range focused {
			focused[j].Context = j != named
		}
		if got := run(focused, cache).Findings; !reflect.DeepEqual(got, whole) {
			t.Errorf("src/a.ts alone (round %d): %+v\nwant %+v", round, got, whole)
		}
	}
}
