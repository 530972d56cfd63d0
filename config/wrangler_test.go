package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/kvlint/kvlint/config"
)

func load(t *testing.T, path string) *config.Wrangler {
	t.Helper()
	w, err := config.LoadWrangler(path)
	if err != nil {
		t.Fatalf("LoadWrangler(%s): %v", path, err)
	}
	return w
}

func env(t *testing.T, w *config.Wrangler, name string) config.Env {
	t.Helper()
	if name == "" {
		return w.Top
	}
	for _, e := range w.Envs {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("%s: no [env.%s]", w.Path, name)
	return config.Env{}
}

// at is a KV binding name and its line.
type at struct {
	name string
	line int
}

func kv(bindings ...at) []config.Binding {
	var out []config.Binding
	for _, b := range bindings {
		out = append(out, config.Binding{Name: b.name, Kind: config.KindKV, Line: b.line})
	}
	return out
}

func envNames(w *config.Wrangler) []string {
	var out []string
	for _, e := range w.Envs {
		out = append(out, e.Name)
	}
	return out
}

func TestWranglerTOML(t *testing.T) {
	w := load(t, "testdata/toml/wrangler.toml")
	if w.Path != "testdata/toml/wrangler.toml" {
		t.Errorf("Path = %q", w.Path)
	}
	if got, want := envNames(w), []string{"preview", "production", "staging"}; !reflect.DeepEqual(got, want) {
		t.Errorf("envs = %v, want %v (sorted)", got, want)
	}

	top := w.Top
	if !top.KVDeclared || !reflect.DeepEqual(top.KV, kv(at{"SESSIONS", 7}, at{"CACHE", 8})) {
		t.Errorf("top KV = %v (declared %v), want SESSIONS:7 CACHE:8", top.KV, top.KVDeclared)
	}
	wantOther := []config.Binding{
		{"API_HOST", config.KindVar, 12},
		{"FEATURES", config.KindVar, 13},
		{"UPLOADS", config.KindR2, 16},
		{"DB", config.KindD1, 20},
		{"COUNTER", config.KindDurableObject, 26},
		{"JOBS", config.KindQueue, 30},
		{"AUTH", config.KindService, 34},
		{"AI", config.KindAI, 38},
		{"EVENTS", config.KindAnalyticsEngine, 41},
		{"INDEX", config.KindVectorize, 45},
		{"PG", config.KindHyperdrive, 49},
		{"BROWSER", config.KindBrowser, 53},
		{"CHECKOUT", config.KindWorkflow, 57},
		{"MAILER", config.KindSendEmail, 61},
		{"LIMITER", config.KindRateLimit, 64},
	}
	if !reflect.DeepEqual(top.Other, wantOther) {
		t.Errorf("top Other =\n%v\nwant\n%v", top.Other, wantOther)
	}

	staging := env(t, w, "staging")
	if staging.Line != 69 || !reflect.DeepEqual(staging.KV, kv(at{"SESSIONS", 72}, at{"CACHE", 73})) {
		t.Errorf("staging = line %d KV %v", staging.Line, staging.KV)
	}
	if !reflect.DeepEqual(staging.Other, []config.Binding{{"API_HOST", config.KindVar, 75}}) {
		t.Errorf("staging Other = %v", staging.Other)
	}

	prod := env(t, w, "production")
	if prod.Line != 78 || !prod.KVDeclared || !reflect.DeepEqual(prod.KV, kv(at{"SESSIONS", 82})) {
		t.Errorf("production = line %d KV %v (declared %v)", prod.Line, prod.KV, prod.KVDeclared)
	}
	if want := []config.Binding{{"UPLOADS", config.KindR2, 86}, {"API_HOST", config.KindVar, 90}}; !reflect.DeepEqual(prod.Other, want) {
		t.Errorf("production Other = %v, want %v", prod.Other, want)
	}

	preview := env(t, w, "preview")
	if preview.Line != 93 || preview.KVDeclared || len(preview.KV) != 0 || len(preview.Other) != 0 {
		t.Errorf("preview = %+v, want line 93 and no bindings (nothing is inherited)", preview)
	}

	if got, want := w.KVNames(), map[string]bool{"SESSIONS": true, "CACHE": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("KVNames = %v, want %v", got, want)
	}
	// CACHE is missing from production (which has kv_namespaces) and from
	// preview (which has none): neither inherits the top level's.
	if got, want := w.EnvsMissingKV("CACHE"), []string{"preview", "production"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EnvsMissingKV(CACHE) = %v, want %v", got, want)
	}
	if got, want := w.EnvsMissingKV("SESSIONS"), []string{"preview"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EnvsMissingKV(SESSIONS) = %v, want %v", got, want)
	}
	for _, name := range []string{"UPLOADS", "NOPE"} {
		if got := w.EnvsMissingKV(name); got != nil {
			t.Errorf("EnvsMissingKV(%s) = %v, want nil: the top level has no such KV binding", name, got)
		}
	}

	kinds := map[string]config.Kind{
		"CACHE": config.KindKV, "SESSIONS": config.KindKV, "UPLOADS": config.KindR2,
		"DB": config.KindD1, "COUNTER": config.KindDurableObject, "JOBS": config.KindQueue,
		"AUTH": config.KindService, "API_HOST": config.KindVar, "AI": config.KindAI,
	}
	for name, want := range kinds {
		if got, ok := w.KindOf(name); !ok || got != want {
			t.Errorf("KindOf(%s) = %q, %v; want %q", name, got, ok, want)
		}
	}
	// Keys inside values are not bindings: FEATURES.kv_namespaces, the
	// queue consumer, the Durable Object's class name.
	for _, name := range []string{"kv_namespaces", "jobs", "Counter", "NOPE"} {
		if got, ok := w.KindOf(name); ok {
			t.Errorf("KindOf(%s) = %q, want undeclared", name, got)
		}
	}
}

func TestWranglerJSONC(t *testing.T) {
	w := load(t, "testdata/jsonc/wrangler.jsonc")
	if !reflect.DeepEqual(w.Top.KV, kv(at{"TOKENS", 8}, at{"RATE", 10})) {
		t.Errorf("top KV = %v", w.Top.KV)
	}
	wantOther := []config.Binding{
		{"FILES", config.KindR2, 14},
		{"ROOM", config.KindDurableObject, 16},
		{"MODE", config.KindVar, 18},
		{"LIMITS", config.KindVar, 18},
	}
	if !reflect.DeepEqual(w.Top.Other, wantOther) {
		t.Errorf("top Other = %v, want %v", w.Top.Other, wantOther)
	}
	if got, want := envNames(w), []string{"dev", "production"}; !reflect.DeepEqual(got, want) {
		t.Errorf("envs = %v, want %v", got, want)
	}
	prod := env(t, w, "production")
	if prod.Line != 20 || !reflect.DeepEqual(prod.KV, kv(at{"TOKENS", 21})) {
		t.Errorf("production = line %d KV %v", prod.Line, prod.KV)
	}
	if got, want := w.EnvsMissingKV("RATE"), []string{"production"}; !reflect.DeepEqual(got, want) {
		t.Errorf("EnvsMissingKV(RATE) = %v, want %v", got, want)
	}
	if got := w.EnvsMissingKV("TOKENS"); got != nil {
		t.Errorf("EnvsMissingKV(TOKENS) = %v, want none", got)
	}
	if k, ok := w.KindOf("DB"); !ok || k != config.KindD1 {
		t.Errorf("KindOf(DB) = %q, %v; want d1 (declared only in env.production)", k, ok)
	}
}

func TestWranglerJSON(t *testing.T) {
	w := load(t, "testdata/json/wrangler.json")
	if !reflect.DeepEqual(w.Top.KV, kv(at{"KV", 4})) || len(w.Envs) != 0 {
		t.Errorf("KV = %v, envs %v", w.Top.KV, w.Envs)
	}
	want := []config.Binding{{"BACKEND", config.KindService, 7}, {"OUTBOX", config.KindQueue, 9}, {"AI", config.KindAI, 10}}
	if !reflect.DeepEqual(w.Top.Other, want) {
		t.Errorf("Other = %v, want %v", w.Top.Other, want)
	}
}

func TestKindOfKVWins(t *testing.T) {
	w := load(t, "testdata/kvwins/wrangler.toml")
	if k, ok := w.KindOf("STORE"); !ok || k != config.KindKV {
		t.Errorf("KindOf(STORE) = %q, %v; want kv: env.edge declares it as KV", k, ok)
	}
	// The top level has no KV binding STORE, so no env "misses" it.
	if got := w.EnvsMissingKV("STORE"); got != nil {
		t.Errorf("EnvsMissingKV(STORE) = %v", got)
	}
}

func TestWranglerErrors(t *testing.T) {
	tests := []struct {
		file      string
		line, col int
		msg       string
	}{
		{"toml-syntax/wrangler.toml", 7, 6, "to end table name"},
		{"jsonc-syntax/wrangler.jsonc", 4, 26, `invalid character '"' after object value`},
		{"json-eof/wrangler.json", 5, 1, "unexpected EOF"},
		{"dup-toml/wrangler.toml", 8, 5, "KV binding CACHE is declared twice in env.production (first on line 6)"},
		{"dup-jsonc/wrangler.jsonc", 7, 7, "KV binding A is declared twice at the top level (first on line 3)"},
		{"kv-not-array/wrangler.toml", 3, 1, "kv_namespaces must be an array of KV bindings"},
		{"kv-no-binding/wrangler.toml", 7, 1, `kv_namespaces: KV binding without a "binding" name`},
		{"kv-binding-number/wrangler.json", 5, 11, `env.staging.kv_namespaces: "binding" must be a string, found number`},
		{"env-not-table/wrangler.toml", 3, 1, "env must be a table of environments, found string"},
		{"not-object/wrangler.json", 1, 1, "a wrangler config must be an object, found array"},
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", "bad", tt.file)
		w, err := config.LoadWrangler(path)
		if err == nil {
			t.Errorf("%s: loaded %+v, want an error", path, w)
			continue
		}
		var ce *config.Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %T %v, want *config.Error", path, err, err)
			continue
		}
		if ce.File != path || ce.Line != tt.line || ce.Col != tt.col || !strings.Contains(ce.Msg, tt.msg) {
			t.Errorf("%s: got %s:%d:%d: %s\nwant line %d col %d with %q", path, ce.File, ce.Line, ce.Col, ce.Msg, tt.line, tt.col, tt.msg)
		}
		if prefix := fmt.Sprintf("%s:%d:%d: ", path, tt.line, tt.col); !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("Error() = %q, want prefix %q", err.Error(), prefix)
		}
	}
}

func TestLoadWranglerMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wrangler.toml")
	_, err := config.LoadWrangler(path)
	var ce *config.Error
	if !errors.As(err, &ce) || ce.File != path || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("err = %v, want a *config.Error naming %s", err, path)
	}
}

func TestFind(t *testing.T) {
	tests := []struct{ dir, want string }{
		// Walks up past a directory named wrangler.json.
		{"testdata/find/a/b/c", "testdata/find/wrangler.toml"},
		{"testdata/find/a", "testdata/find/wrangler.toml"},
		{"testdata/find", "testdata/find/wrangler.toml"},
		// Within one directory: wrangler.toml, then .jsonc, then .json.
		{"testdata/find/pref", "testdata/find/pref/wrangler.toml"},
		{"testdata/find/pref2", "testdata/find/pref2/wrangler.jsonc"},
	}
	for _, tt := range tests {
		got, ok := config.Find(tt.dir)
		if !ok || got != filepath.FromSlash(tt.want) {
			t.Errorf("Find(%s) = %q, %v; want %q", tt.dir, got, ok, tt.want)
		}
	}
	abs, err := filepath.Abs("testdata/find/a/b/c")
	if err != nil {
		t.Fatal(err)
	}
	wantAbs, _ := filepath.Abs("testdata/find/wrangler.toml")
	if got, ok := config.Find(abs); !ok || got != wantAbs {
		t.Errorf("Find(%s) = %q, %v; want the absolute %q", abs, got, ok, wantAbs)
	}

	tmp := t.TempDir()
	deep := filepath.Join(tmp, "x", "y")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, ok := config.Find(deep); ok && !strings.HasPrefix(got, tmp) {
		t.Skipf("a wrangler config above the temporary directory: %s", got)
	} else if ok {
		t.Errorf("Find(%s) = %q in an empty tree", deep, got)
	}
	if err := os.WriteFile(filepath.Join(tmp, "wrangler.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, ok := config.Find(deep); !ok || got != filepath.Join(tmp, "wrangler.json") {
		t.Errorf("Find(%s) = %q, %v; want %s", deep, got, ok, filepath.Join(tmp, "wrangler.json"))
	}
}

func TestIsWranglerPath(t *testing.T) {
	for path, want := range map[string]bool{
		"wrangler.toml": true, "a/b/wrangler.jsonc": true, "/x/wrangler.json": true,
		"kvlint.toml": false, "wrangler.toml.bak": false, "src/index.ts": false, "": false,
	} {
		if got := config.IsWranglerPath(path); got != want {
			t.Errorf("IsWranglerPath(%q) = %v", path, got)
		}
	}
}

func TestCacheConcurrent(t *testing.T) {
	none := t.TempDir()
	if p, ok := config.Find(none); ok {
		t.Skipf("a wrangler config above the temporary directory: %s", p)
	}
	files := []string{
		"testdata/toml/src/index.ts",
		"testdata/toml/src/lib/kv.ts",
		"testdata/toml/index.ts",
		"testdata/jsonc/src/a.ts",
		"testdata/find/a/b/c/index.ts",
		"testdata/find/a/index.ts",
		"testdata/bad/dup-toml/src/index.ts",
		filepath.Join(none, "index.ts"),
	}
	const rounds = 16
	type result struct {
		w   *config.Wrangler
		err error
	}
	results := make([][]result, len(files))
	for i := range results {
		results[i] = make([]result, rounds)
	}
	var c config.Cache
	var wg sync.WaitGroup
	for r := 0; r < rounds; r++ {
		for i, f := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w, err := c.ForFile(f)
				results[i][r] = result{w, err}
			}()
		}
	}
	wg.Wait()

	for i, f := range files {
		for r := 1; r < rounds; r++ {
			if results[i][r].w != results[i][0].w {
				t.Errorf("%s: round %d got a different *Wrangler: each config must be loaded once", f, r)
			}
		}
	}
	get := func(i int) result { return results[i][0] }
	toml := get(0)
	if toml.err != nil || toml.w == nil || toml.w.Path != "testdata/toml/wrangler.toml" {
		t.Fatalf("ForFile(%s) = %v, %v", files[0], toml.w, toml.err)
	}
	if get(1).w != toml.w || get(2).w != toml.w {
		t.Errorf("files under testdata/toml do not share one config")
	}
	if w := get(3).w; w == nil || !w.KVNames()["TOKENS"] {
		t.Errorf("ForFile(%s) = %v, want the jsonc config", files[3], w)
	}
	if get(4).w == nil || get(4).w != get(5).w || get(4).w.Path != filepath.FromSlash("testdata/find/wrangler.toml") {
		t.Errorf("ForFile under testdata/find = %v and %v, want one testdata/find/wrangler.toml", get(4).w, get(5).w)
	}
	var ce *config.Error
	if res := get(6); res.w != nil || !errors.As(res.err, &ce) || ce.Line != 8 {
		t.Errorf("ForFile(%s) = %v, %v; want the duplicate-binding error on line 8", files[6], res.w, res.err)
	}
	if res := get(7); res.w != nil || res.err != nil {
		t.Errorf("ForFile(%s) = %v, %v; want nil, nil (no config)", files[7], res.w, res.err)
	}
}

func TestNilWrangler(t *testing.T) {
	var w *config.Wrangler
	if len(w.KVNames()) != 0 || w.EnvsMissingKV("X") != nil {
		t.Error("a nil *Wrangler declares nothing")
	}
	if _, ok := w.KindOf("X"); ok {
		t.Error("a nil *Wrangler declares nothing")
	}
}
