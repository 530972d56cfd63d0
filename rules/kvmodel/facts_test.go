package kvmodel

import (
	"go/token"
	"reflect"
	"testing"

	"github.com/kvlint/kvlint/parser"
)

// A program over the parses of the one before, through a FactsCache, walks
// only the file whose parse is new for its facts, and models every file
// as a program without the cache does: the unchanged importer of an
// edited helper included (its store is KV, then not).
func TestFactsOfUnchangedFilesAreReused(t *testing.T) {
	fset := token.NewFileSet()
	parse := func(name, src string) *parser.File {
		t.Helper()
		f, err := parser.Parse(fset, name, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return f
	}
	env := parse("env.d.ts", "interface Env { CACHE: KVNamespace }\n")
	index := parse("index.ts", "import { kv } from \"./lib\";\nexport default {\n  async fetch(req: Request, env: Env) {\n    const store = kv(env);\n    await store.put(\"k\", \"v\");\n    await env.CACHE.get(\"k\");\n    return new Response(\"ok\");\n  },\n};\n")
	libs := []*parser.File{
		parse("lib.ts", "export function kv(env: Env) {\n  return env.CACHE;\n}\n"),
		parse("lib.ts", "export function kv(env: Env) {\n  return caches.default;\n}\n"),
	}
	serial := func(n int, f func(int)) {
		for i := 0; i < n; i++ {
			f(i)
		}
	}
	// ops lists each file's operations: method and namespace.
	ops := func(cache *FactsCache, files ...*parser.File) (map[string][]string, int64) {
		before := factWalks.Load()
		prog := NewProgram(files, nil, nil)
		prog.Facts = cache
		prog.Prepare(serial)
		out := map[string][]string{}
		for _, f := range files {
			for _, op := range prog.Model(f).Ops {
				out[f.Path] = append(out[f.Path], op.Method+" "+op.NS.String())
			}
		}
		return out, factWalks.Load() - before
	}
	cache := &FactsCache{}
	var last map[string][]string
	for i, lib := range append(libs, libs[0]) {
		got, walks := ops(cache, env, index, lib)
		want, coldWalks := ops(nil, env, index, lib)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("program %d, through the cache: %v, want %v", i+1, got, want)
		}
		if coldWalks != 2 { // a declaration file has no AST to walk
			t.Errorf("program %d without the cache: %d walks, want 2", i+1, coldWalks)
		}
		var wantWalks int64
		switch i {
		case 0:
			wantWalks = 2
		case 1:
			wantWalks = 1 // the new parse of lib.ts
		case 2:
			wantWalks = 0 // lib.ts's first parse again
		}
		if walks != wantWalks {
			t.Errorf("program %d through the cache: %d walks, want %d", i+1, walks, wantWalks)
		}
		if i > 0 && reflect.DeepEqual(got["index.ts"], last["index.ts"]) {
			t.Errorf("program %d: index.ts's operations did not follow the helper's edit: %v", i+1, got["index.ts"])
		}
		last = got
	}
	if n := cache.Len(); n != 3 { // index.ts and both parses of lib.ts
		t.Errorf("the cache holds %d files' facts, want 3", n)
	}
	cache.Forget(libs[1])
	if n := cache.Len(); n != 2 {
		t.Errorf("after Forget, the cache holds %d files' facts, want 2", n)
	}
}
