package kvmodel

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// opsIn builds the model of a project and returns, per enclosing
// function name, the namespace of each of its KV operations ("" when the
// operation is not proven KV... it is then not an operation at all, and
// missing), with the decisions of symbols it took.
func opsIn(t *testing.T, files map[string]string) (map[string][]Namespace, int64) {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*parser.File
	for name, src := range files {
		f, err := parser.Parse(fset, name, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		parsed = append(parsed, f)
	}
	before := symDecisions.Load()
	prog := NewProgram(parsed, nil, nil)
	out := map[string][]Namespace{}
	for _, f := range parsed {
		for _, op := range prog.Model(f).Ops {
			name := "top"
			if op.Fn != nil {
				name = op.Fn.Name
			}
			out[name] = append(out[name], op.NS)
		}
	}
	return out, symDecisions.Load() - before
}

const fetchCalls = "interface Env { CACHE: KVNamespace; SESSIONS: KVNamespace }\nexport default { async fetch(req: Request, env: Env, ctx: ExecutionContext) { %s; return new Response(\"ok\"); } };\n"

// A namespace passed down a chain of 40 helpers, and aliased 40 times,
// is still known at the end: each symbol is decided with a fresh depth
// budget (the chain was cut after 12 links, and the put at its end was
// not a KV operation at all).
func TestChainsLongerThanTheDepthBound(t *testing.T) {
	const n = 40
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "async function f%d(kv) { await f%d(kv); }\n", i, i+1)
	}
	fmt.Fprintf(&b, "async function f%d(kv) { const a0 = kv;\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  const a%d = a%d;\n", i, i-1)
	}
	fmt.Fprintf(&b, "  await a%d.put(\"k\", \"v\");\n}\n", n)
	fmt.Fprintf(&b, fetchCalls, "await f0(env.CACHE)")
	ops, _ := opsIn(t, map[string]string{"src/index.ts": b.String()})
	got := ops[fmt.Sprintf("f%d", n)]
	if len(got) != 1 || got[0].Binding != "CACHE" {
		t.Fatalf("the put at the end of the chain: %v, want one on CACHE", got)
	}
}

// Recursion is resolved by a fixpoint: a helper passing its own parameter
// (a namespace, an env) to itself adds nothing to what its callers pass,
// and mutual recursion joins what reaches either function. Each symbol is decided a bounded
// number of times, however many calls the cycle has.
func TestCyclesAreResolvedByAFixpoint(t *testing.T) {
	var decisions []int64
	for _, calls := range []int{1, 4, 16} {
		self := strings.Repeat("await h(kv); ", calls)
		src := "async function h(kv) { if (Math.random() < 0.5) { " + self + "} await kv.put(\"h\", \"v\"); }\n" +
			"async function a(kv) { " + strings.Repeat("await b(kv); ", calls) + "await kv.put(\"a\", \"v\"); }\n" +
			"async function b(kv) { " + strings.Repeat("await a(kv); ", calls) + "await kv.put(\"b\", \"v\"); }\n" +
			"async function only(kv) { await only(kv); await kv.put(\"o\", \"v\"); }\n" +
			"async function e(b) { if (Math.random() < 0.5) { " + strings.Repeat("await e(b); ", calls) + "} await b.CACHE.put(\"e\", \"v\"); }\n" +
			fmt.Sprintf(fetchCalls, "await h(env.CACHE); await a(env.CACHE); await b(env.SESSIONS); await e(env)")
		ops, n := opsIn(t, map[string]string{"src/index.ts": src})
		decisions = append(decisions, n)
		if got := ops["h"]; len(got) != 1 || got[0].Binding != "CACHE" {
			t.Errorf("%d self-calls: h's put is on %v, want CACHE", calls, got)
		}
		for _, fn := range []string{"a", "b"} {
			// CACHE from fetch, SESSIONS through the other: a namespace
			// not known by name, but KV.
			if got := ops[fn]; len(got) != 1 || got[0].Binding != "" || got[0].ID == "" {
				t.Errorf("%d calls: %s's put is on %v, want a parameter's namespace", calls, fn, got)
			}
		}
		if got := ops["e"]; len(got) != 1 || got[0].Binding != "CACHE" {
			t.Errorf("%d self-calls: the put on the env e passes itself is on %v, want CACHE", calls, got)
		}
		if got := ops["only"]; len(got) != 0 {
			t.Errorf("a parameter only passed to itself holds no namespace, got %v", got)
		}
	}
	if decisions[2] > decisions[0]+8 {
		t.Errorf("decisions of symbols for 1, 4 and 16 calls per cycle: %v; want about the same", decisions)
	}
}

// A ring of modules, each calling the next three times: the decisions
// grow linearly with the ring.
func TestImportRingIsLinear(t *testing.T) {
	ring := func(n int) map[string]string {
		files := map[string]string{}
		for i := range n {
			j := (i + 1) % n
			files[fmt.Sprintf("src/m%d.ts", i)] = fmt.Sprintf("import { f%d } from \"./m%d\";\nexport async function f%d(kv, k) {\n  if (k.length > 3) { await f%d(kv, k); await f%d(kv, k); await f%d(kv, k); }\n  await kv.put(k, \"1\");\n}\n", j, j, i, j, j, j)
		}
		files["src/index.ts"] = "import { f0 } from \"./m0\";\n" + fmt.Sprintf(fetchCalls, "await f0(env.CACHE, \"x\")")
		return files
	}
	var decisions []int64
	for _, n := range []int{50, 200} {
		ops, d := opsIn(t, ring(n))
		decisions = append(decisions, d)
		if got := ops[fmt.Sprintf("f%d", n-1)]; len(got) != 1 || got[0].Binding != "CACHE" {
			t.Errorf("ring of %d: the last module's put is on %v, want CACHE", n, got)
		}
	}
	if decisions[1] > 5*decisions[0] {
		t.Errorf("decisions for rings of 50 and 200 modules: %v; want linear growth", decisions)
	}
}

// A class whose fields are computed from fields, each naming the next
// three times (this.a0 = Math.min(this.a1, this.a1, this.a1), ...): each
// field's value is computed once, not again at every use (that took 3^n
// evaluations; the bench corpus ran for more than 15 minutes).
func TestFieldChainsAreComputedOnce(t *testing.T) {
	const n = 12
	var b strings.Builder
	b.WriteString("export class Store {\n  constructor(env) {\n")
	fmt.Fprintf(&b, "    this.a%d = 30;\n", n)
	for i := n - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "    this.a%d = Math.min(this.a%d, this.a%d, this.a%d);\n", i, i+1, i+1, i+1)
	}
	b.WriteString("  }\n  m() { probe(this.a0); }\n}\n")
	fset := token.NewFileSet()
	f, err := parser.Parse(fset, "src/store.js", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	before := fieldDecisions.Load()
	m := NewProgram([]*parser.File{f}, nil, nil).Model(f)
	probed := 0
	for _, c := range m.Calls {
		if id, ok := c.Call.Target.Data.(*js_ast.EIdentifier); ok && f.Name(id.Ref) == "probe" && len(c.Call.Args) == 1 {
			probed++
			if got := m.Eval(c.Call.Args[0]).String(); got != "30" {
				t.Errorf("this.a0 is %s, want 30", got)
			}
		}
	}
	if probed != 1 {
		t.Fatalf("%d probes", probed)
	}
	if d := fieldDecisions.Load() - before; d > 2*(n+1) {
		t.Errorf("%d computations of the %d fields' values; want each computed once", d, n+1)
	}
}

// A helper that calls itself n times, passing its parameters on: what a
// parameter holds is computed once per parameter, and the puts it makes
// from them are summarised once per function (each took n^12
// evaluations, or n^4 walks of the body: 30 self-calls did not finish).
// A parameter passed on unchanged to itself keeps the callers' value.
func TestSelfCallsAreLinear(t *testing.T) {
	src := func(n int) string {
		var b strings.Builder
		b.WriteString("export async function h(env, v, ttl) {\n  const cur = await env.CACHE.get(\"c\");\n  if (cur) {\n")
		for range n {
			b.WriteString("    await h(env, v, ttl);\n")
		}
		b.WriteString("  }\n  probe(ttl);\n  await env.CACHE.put(\"c\", v + \"!\", { expirationTtl: ttl });\n}\n")
		fmt.Fprintf(&b, fetchCalls, "await h(env, \"x\", 30)")
		return b.String()
	}
	var work []int64
	for _, n := range []int{4, 64} {
		fset := token.NewFileSet()
		f, err := parser.Parse(fset, "src/index.ts", []byte(src(n)))
		if err != nil {
			t.Fatal(err)
		}
		before := paramDecisions.Load()
		m := NewProgram([]*parser.File{f}, nil, nil).Model(f)
		writes := 0
		for _, c := range m.Calls {
			id, ok := c.Call.Target.Data.(*js_ast.EIdentifier)
			if !ok {
				continue
			}
			switch f.Name(id.Ref) {
			case "probe":
				if got := m.Eval(c.Call.Args[0]).String(); got != "30" {
					t.Errorf("%d self-calls: ttl is %s, want 30", n, got)
				}
			case "h":
				if c.Fn != nil && c.Fn.Name == "fetch" {
					for _, w := range m.ParamWrites(c) {
						writes++
						if got := m.Eval(w.Value).String(); got != `"x"` {
							t.Errorf("%d self-calls: the put writes %s, want \"x\"", n, got)
						}
					}
				}
			}
		}
		// Its own put, and the same put through its calls of itself.
		if writes < 1 || writes > 2 {
			t.Errorf("%d self-calls: the call from fetch makes %d writes from its arguments, want 1 or 2", n, writes)
		}
		work = append(work, paramDecisions.Load()-before)
	}
	if work[1] > work[0]+4 {
		t.Errorf("computations of parameters' values for 4 and 64 self-calls: %v; want about the same", work)
	}
}
