package kvmodel_test

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// factsAnalyzer reports, per KV operation, the facts the noise-reducing
// queries give: the key's constant prefix and segment, and for writes
// whether they fill on a miss.
var factsAnalyzer = &analysis.Analyzer{
	Name:     "kvfacts",
	Doc:      "lists key prefixes and miss guards (test only)",
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
		for _, op := range m.Ops {
			p, whole := m.KeyPrefix(op.Key)
			msg := fmt.Sprintf("%s prefix=%q whole=%v seg=%q", op.Method, p, whole, m.KeySegment(op.Key))
			if op.IsWrite() {
				msg += fmt.Sprintf(" fill=%v", m.FillsOnMiss(op))
			}
			pass.Report(analysis.Diagnostic{Pos: m.Pos(op.MethodStart), Message: msg})
		}
		return nil, nil
	},
}

func facts(t *testing.T, files map[string]string) map[int]string {
	t.Helper()
	var inputs []driver.Input
	for name, src := range files {
		inputs = append(inputs, driver.Input{Path: name, Rel: name, Src: []byte(src)})
	}
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: factsAnalyzer}}})
	for _, e := range append(res.Errors, res.Internal...) {
		t.Fatalf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	out := map[int]string{}
	for _, f := range res.Findings {
		if f.File == "main.ts" {
			out[f.Line] = f.Message
		}
	}
	return out
}

// In this source, what each key starts with: through templates, +,
// constants, and key helpers in this module and another.
func TestKeyPrefix(t *testing.T) {
	got := facts(t, map[string]string{
		"keys.ts": "export const userKey = (id: string) => `user:${id}:profile`;\n",
		"main.ts": `import { userKey } from "./keys";
const NS = "sess:";
export async function f(kv: KVNamespace, id: string, key: string) {
  await kv.get("settings");
  await kv.get(` + "`otp:${id}`" + `);
  await kv.get(NS + id);
  await kv.get(` + "`${NS}${id}:x`" + `);
  await kv.get(userKey(id));
  await kv.get(key);
  await kv.get("user_" + id);
}
`,
	})
	want := map[int]string{
		4:  `get prefix="settings" whole=true seg="settings"`,
		5:  `get prefix="otp:" whole=false seg="otp:"`,
		6:  `get prefix="sess:" whole=false seg="sess:"`,
		7:  `get prefix="sess:" whole=false seg="sess:"`,
		8:  `get prefix="user:" whole=false seg="user:"`,
		9:  `get prefix="" whole=false seg=""`,
		10: `get prefix="user_" whole=false seg="user_"`,
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: got %s, want %s", line, got[line], w)
		}
	}
}

// A write of a key runs once per key lifetime when it is guarded by a miss
// of the same key read before it.
func TestFillsOnMiss(t *testing.T) {
	got := facts(t, map[string]string{"main.ts": `export async function f(kv: KVNamespace, k: string) {
  const a = await kv.get("a");
  if (!a) await kv.put("a", "1");
  if (a) await kv.put("a", "2");
  const b = await kv.get("b");
  if (b !== null) return b;
  await kv.put("b", "1");
  const c = await kv.get("c");
  if (!c) await kv.put("other", "1");
  const { value } = await kv.getWithMetadata("d");
  if (value === undefined || value === null) {
    await kv.put("d", "1");
  } else {
    await kv.put("d", "2");
  }
  const e = await kv.get("e");
  if (e === "x") await kv.put("e", "1");
  const g = await kv.get("g");
  const out = g ?? (await kv.put("g", "1"));
  return out;
}
`})
	want := map[int]bool{3: true, 4: false, 7: true, 9: false, 12: true, 14: false, 17: false, 19: true}
	for line, w := range want {
		if g := got[line]; g == "" || (w != (g[len(g)-4:] == "true")) {
			t.Errorf("line %d: got %q, want fill=%v", line, g, w)
		}
	}
}
