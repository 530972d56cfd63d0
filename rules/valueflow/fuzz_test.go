package valueflow_test

import (
	"go/token"
	"testing"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// FuzzValueFlow evaluates every argument of every call of arbitrary source
// (as TypeScript or, with js, JavaScript). The layer must never panic,
// must answer the same for the same expression (its memo changes nothing),
// and every bound it gives must be ordered. Seeded with the contracts'
// sources; inputs over 512 bytes are skipped (the linear-time tests cover
// scale).
func FuzzValueFlow(f *testing.F) {
	for i, tc := range contracts {
		f.Add(tc.src, i%2 == 1)
	}
	f.Add("export async function f(kv, ttl = 60) {\n  const o = { expirationTtl: ttl * 60, ...ttl };\n  await kv.put(`k${ttl}`, Date.now() + 1000, o);\n}", false)
	f.Add("class C { a = this.b; b = 3; m() { probe(this.a + this.b); } }", true)
	f.Fuzz(func(t *testing.T, src string, js bool) {
		if len(src) > 512 {
			return
		}
		name := "src/index.ts"
		if js {
			name = "src/index.js"
		}
		file, err := parser.Parse(token.NewFileSet(), name, []byte(src))
		if err != nil {
			return
		}
		m := kvmodel.NewProgram([]*parser.File{file}, nil, nil).Model(file)
		for _, c := range m.Calls {
			for _, arg := range append(c.Call.Args, c.Expr) {
				v := m.Eval(arg)
				s := v.String()
				if s == "" {
					t.Fatalf("empty description of the value at %d", arg.Loc.Start)
				}
				if again := m.Eval(arg).String(); again != s {
					t.Fatalf("the value at %d is %s, then %s", arg.Loc.Start, s, again)
				}
				if v.HasLo && v.HasHi && v.Lo > v.Hi {
					t.Fatalf("the value at %d has bounds %v > %v (%s)", arg.Loc.Start, v.Lo, v.Hi, s)
				}
			}
		}
	})
}
