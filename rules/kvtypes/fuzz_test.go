package kvtypes_test

import (
	"go/token"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvtypes"
)

// FuzzTypes runs the type layer on arbitrary source, as TypeScript or,
// with js, as JavaScript (JSDoc types): the declarations read from it
// (parser.ReadDecls, ReadJSDecls), the type read at every offset
// (parser.ReadType, File.TypeAt, CastAfter, TypeArgsAt), and the kind and
// members of each type found (kvtypes). Nothing may panic, and a type's
// kind must be the same when asked twice. Seeded with the type cases'
// files; inputs over 512 bytes are skipped (the linear-time tests cover
// scale).
func FuzzTypes(f *testing.F) {
	n := 0
	for _, tc := range typeCases {
		for _, name := range slices.Sorted(maps.Keys(tc.files)) {
			src := tc.files[name]
			f.Add(strings.ReplaceAll(src, "/*@*/", ""), strings.HasSuffix(name, ".js") || n%3 == 2)
			n++
		}
	}
	f.Add("/** @typedef {{ kv: KVNamespace }} Opts */\n/** @param {Opts} o */\nexport function f(o) { return /** @type {KVNamespace} */ (o.kv); }", true)
	f.Add("interface Env { A: KVNamespace<'x'> }\nclass D extends DurableObject<Env> { m(c: Context<{ Bindings: Env }>) { return c.env.A as unknown as KVNamespace; } }", false)
	f.Fuzz(func(t *testing.T, src string, js bool) {
		if len(src) > 512 {
			return
		}
		name := "src/a.ts"
		if js {
			name = "src/a.js"
		}
		parser.ReadDecls([]byte(src))
		parser.ReadJSDecls([]byte(src))
		file, err := parser.Parse(token.NewFileSet(), name, []byte(src))
		if err != nil {
			return
		}
		types := kvtypes.New([]*parser.File{file}, nil)
		check := func(at int, ty *parser.Type) {
			if ty == nil {
				return
			}
			x := types.Of(file, ty, nil)
			k := x.Kind()
			_ = k.String()
			if again := x.Kind(); again != k {
				t.Fatalf("the type at %d is %s, then %s", at, k, again)
			}
			for _, m := range []string{"kv", "env", "KV", "Bindings"} {
				_ = x.Member(m).Kind().String()
				_ = x.Member("env").Member(m).Kind().String()
			}
		}
		for i := range len(src) {
			check(i, parser.ReadType(src, i))
			check(i, file.TypeAt(i))
			check(i, file.CastAfter(i))
			for _, a := range file.TypeArgsAt(i) {
				check(i, a)
			}
		}
		for _, name := range []string{"KV", "kv", "CACHE", "env"} {
			_ = types.Member(nil, name)
		}
	})
}
