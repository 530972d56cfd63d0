package kvmodel_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// calleesAnalyzer reports each call the model resolves as "calls NAME" at
// the call, and each call with a KV write among its effects as "writes".
var calleesAnalyzer = &analysis.Analyzer{
	Name:     "kvcallees",
	Doc:      "lists resolved callees (test only)",
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
		for _, c := range m.Calls {
			if _, fn := m.Callee(c.Call); fn != nil {
				msg := "calls " + fn.Name
				if m.WritesKV(c.Call) {
					msg += " writes"
				}
				pass.Report(analysis.Diagnostic{Pos: m.Pos(int(c.Call.Target.Loc.Start)), Message: msg})
			}
		}
		_ = js_ast.Expr{}
		return nil, nil
	},
}

// calleesIn lints the files (name -> source) as one project and returns
// the resolved calls as "file:line: calls NAME".
func calleesIn(t *testing.T, files map[string]string) map[string]bool {
	t.Helper()
	dir := t.TempDir()
	files["wrangler.toml"] = "name = \"w\"\nkv_namespaces = [{ binding = \"KV\", id = \"1\" }]\n"
	var inputs []driver.Input
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".ts") {
			inputs = append(inputs, driver.Input{Path: p, Rel: name, Src: []byte(src)})
		}
	}
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: calleesAnalyzer}}})
	for _, e := range append(res.Errors, res.Internal...) {
		t.Fatalf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)] = true
	}
	return got
}

// TestCalleeThroughHolders: calls reach the function a variable,
// parameter, field or object property holds, whatever module declares it.
func TestCalleeThroughHolders(t *testing.T) {
	got := calleesIn(t, map[string]string{
		"store.ts": `export class Store {
  constructor(private kv: KVNamespace) {}
  async save(k: string, v: string) { await this.kv.put(k, v); }
}
export class Memo {
  #m = new Map<string, string>();
  async save(k: string, v: string) { this.#m.set(k, v); }
}
export async function putAll(kv: KVNamespace, k: string) { await kv.put(k, "1"); }
`,
		"index.ts": `import { Memo, Store } from "./store";
import { putAll } from "./store";
const helpers = { put: putAll, twice: (kv: KVNamespace, k: string) => putAll(kv, k) };
class Service {
  store: Store;
  #memo: Memo;
  #put = putAll;
  a: Store;
  b: Store;
  constructor(env: Env) {
    this.store = new Store(env.KV);
    this.#memo = new Memo();
    this.a = this.store;
    this.b = this.a;
    this.a = this.b;
  }
  async run(env: Env, k: string) {
    await this.store.save(k, "v");
    await this.#memo.save(k, "v");
    await this.#put(env.KV, k);
    await helpers.put(env.KV, k);
    await helpers.twice(env.KV, k);
    await this.b.save(k, "v");
  }
}
export default {
  async fetch(req: Request, env: Env) {
    const s = new Store(env.KV);
    await s.save(req.url, "v");
    await new Service(env).run(env, req.url);
    await new Cached(env.KV).save(req.url, "v");
    return new Response("ok");
  },
};
class Cached extends Store {}
`,
	})
	for _, want := range []string{
		"index.ts:18: calls save writes", // this.store.save
		"index.ts:19: calls save",        // this.#memo.save: a Map's
		"index.ts:20: calls putAll writes",
		"index.ts:21: calls putAll writes",
		"index.ts:22: calls twice writes",
		"index.ts:23: calls save writes", // through a cycle of fields
		"index.ts:29: calls save writes",
		"index.ts:31: calls save writes", // inherited
	} {
		if !got[want] {
			t.Errorf("missing %q; got %v", want, got)
		}
	}
	if got["index.ts:19: calls save writes"] {
		t.Errorf("a Map's save counted as a KV write")
	}
}

// chainProject is a Store handed down a chain of n classes, each in its own
// module and each also making an instance of its own class from its own
// field (a cycle through its constructor's parameter); the last one calls
// the store.
func chainProject(n int) map[string]string {
	files := map[string]string{
		"store.ts": "export class Store {\n  constructor(private kv: KVNamespace) {}\n  async save(k: string) { await this.kv.put(k, \"1\"); }\n}\n",
		"index.ts": "import { Store } from \"./store\";\nimport { C0 } from \"./c0\";\nexport default {\n  async fetch(req: Request, env: Env) {\n    await new C0(new Store(env.KV)).go(req.url);\n    return new Response(\"ok\");\n  },\n};\n",
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		if i+1 < n {
			fmt.Fprintf(&b, "import { C%d } from \"./c%d\";\n", i+1, i+1)
		} else {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "export class C%d {\n  store: any;\n  constructor(store: any) { this.store = store; }\n", i)
		fmt.Fprintf(&b, "  again(k: string) { return new C%d(this.store).go(k); }\n", i)
		if i+1 < n {
			fmt.Fprintf(&b, "  go(k: string) { return new C%d(this.store).go(k); }\n}\n", i+1)
		} else {
			b.WriteString("  go(k: string) { return this.store.save(k); }\n}\n")
		}
		files[fmt.Sprintf("c%d.ts", i)] = b.String()
	}
	return files
}

// TestCalleeChainLinear: the store is found at the end of the chain, and
// the model's work grows linearly with the chain (every parameter has two
// call sites, so a walk without memo would double at every class).
func TestCalleeChainLinear(t *testing.T) {
	work := func(n int) int64 {
		before := kvmodel.Work()
		got := calleesIn(t, chainProject(n))
		if last := fmt.Sprintf("c%d.ts:6: calls save writes", n-1); !got[last] {
			t.Fatalf("n=%d: %s not resolved", n, last)
		}
		return kvmodel.Work() - before
	}
	small, large := work(50), work(200)
	t.Logf("decisions: %d for 50 classes, %d for 200", small, large)
	if small == 0 || float64(large)/float64(small) > 6 {
		t.Errorf("4x the chain took %d decisions against %d: not linear", large, small)
	}
}
