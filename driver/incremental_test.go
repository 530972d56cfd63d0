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
		if want := whole[in[i].Rel]; !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
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
