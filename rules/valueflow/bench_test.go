package valueflow_test

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// flowSource is one function of about n statements of the shapes the
// layer follows: lets reassigned and compound-assigned, branches and
// ternaries, clamps, object properties assigned after creation, loops.
func flowSource(n int) string {
	var b strings.Builder
	b.WriteString("export async function handler(env, opts, ttl) {\n  let t = 60;\n  const o = {};\n")
	for i := 0; i < n/8; i++ {
		fmt.Fprintf(&b, "  let v%d = opts.a%d ?? %d;\n", i, i, i)
		fmt.Fprintf(&b, "  if (v%d < 60) v%d = 60;\n", i, i)
		fmt.Fprintf(&b, "  t += v%d > 100 ? 1 : 2;\n", i)
		fmt.Fprintf(&b, "  o.k%d = Math.max(60, v%d);\n", i, i)
		fmt.Fprintf(&b, "  switch (opts.kind) { case %d: t = v%d; break; default: t *= 2; }\n", i, i)
		fmt.Fprintf(&b, "  for (const x of opts.list) { v%d += x; }\n", i)
		fmt.Fprintf(&b, "  const w%d = { ...o, expirationTtl: t };\n", i)
		fmt.Fprintf(&b, "  if (!ttl) return w%d;\n", i)
	}
	b.WriteString("  probe(t);\n  return o;\n}\n")
	return b.String()
}

// BenchmarkFlow walks one function of N statements per iteration (a new
// program each time, so nothing is memoised across iterations). The
// walk is linear: ns/stmt stays flat from N to 4N and 16N.
//
//	go test -bench Flow -run '^$' ./rules/valueflow/
func BenchmarkFlow(b *testing.B) {
	for _, n := range []int{400, 1600, 6400} {
		src := []byte(flowSource(n))
		fset := token.NewFileSet()
		f, err := parser.Parse(fset, "src/index.ts", src)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("stmts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				prog := kvmodel.NewProgram([]*parser.File{f}, nil, nil)
				m := prog.Model(f)
				c := m.Calls[len(m.Calls)-1]
				if id, ok := c.Call.Target.Data.(*js_ast.EIdentifier); !ok || f.Name(id.Ref) != "probe" {
					b.Fatal("no probe")
				}
				m.Eval(c.Call.Args[0])
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/stmt")
		})
	}
}
