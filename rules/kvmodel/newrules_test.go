package kvmodel_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// queryFindings runs a query over in-memory sources and returns what it
// reported as "file:line message", sorted.
func queryFindings(t *testing.T, files map[string]string, run func(m *kvmodel.Model, report func(offset int, msg string))) []string {
	t.Helper()
	a := &analysis.Analyzer{
		Name: "query", Doc: "test only", Requires: []*analysis.Analyzer{kvmodel.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
			run(m, func(off int, msg string) { pass.Report(analysis.Diagnostic{Pos: m.Pos(off), Message: msg}) })
			return nil, nil
		},
	}
	var inputs []driver.Input
	for name, src := range files {
		inputs = append(inputs, driver.Input{Path: name, Rel: name, Src: []byte(src)})
	}
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: a}}, Wrangler: noConfig})
	for _, e := range append(res.Errors, res.Internal...) {
		t.Fatalf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Message))
	}
	sort.Strings(out)
	return out
}

func line(m *kvmodel.Model, offset int) int {
	l, _ := m.File.LineCol(offset)
	return l
}

const env = "interface Env { KV: KVNamespace }\n"

// Fanouts: which operations run once per key of which list().
func TestFanouts(t *testing.T) {
	src := env + `export async function a(env: Env) {
  const { keys } = await env.KV.list({ prefix: "p:" })
  for (const k of keys) await env.KV.get(k.name)
  const names = keys.map((k) => k.name)
  await Promise.all(names.map((n) => env.KV.delete(n)))
  await env.KV.get(names)
  await env.KV.get(keys[0].name)
}
export async function b(env: Env) {
  const page = await env.KV.list({ limit: 50 })
  for (const k of page.keys) await env.KV.get(k.name)
}
export async function c(env: Env) {
  const docs = await env.KV.list({ prefix: "doc:" })
  const users = await env.KV.list({ prefix: "user:" })
  for (const u of users.keys) await env.KV.get(u.name)
  for (const d of docs.keys) await env.KV.delete(d.name)
}
`
	got := queryFindings(t, map[string]string{"a.ts": src}, func(m *kvmodel.Model, report func(int, string)) {
		for _, f := range m.Fanouts() {
			report(f.Op.MethodStart, fmt.Sprintf("%s per key of the list on line %d", f.Op.Method, line(m, f.List.Start)))
		}
	})
	want := []string{"a.ts:17 get per key of the list on line 16", "a.ts:18 delete per key of the list on line 15",
		"a.ts:4 get per key of the list on line 3", "a.ts:6 delete per key of the list on line 3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// Decides: a write decided by a read, and the test that decides it.
func TestDecides(t *testing.T) {
	src := env + `export async function a(env: Env, id: string) {
  const t = await env.KV.get(id)
  if (!t) return null
  await env.KV.delete(id)
  return t
}
export async function b(env: Env, id: string) {
  const t = await env.KV.get(id)
  await env.KV.delete(id)
  if (t) await env.KV.put(id, "1")
  return t ? await env.KV.put(id, "2") : null
}
`
	got := queryFindings(t, map[string]string{"a.ts": src}, func(m *kvmodel.Model, report func(int, string)) {
		var read *kvmodel.Op
		for _, op := range m.Ops {
			if op.IsRead() {
				read = op
				continue
			}
			if test, ok := m.Decides(read, op.Expr, op.Parents); ok {
				report(op.MethodStart, fmt.Sprintf("%s decided on line %d", op.Method, line(m, int(test.Loc.Start))))
			}
		}
	})
	want := []string{"a.ts:11 put decided on line 11", "a.ts:12 put decided on line 12", "a.ts:5 delete decided on line 4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// GetRuns: runs of independent gets, and where they break.
func TestGetRuns(t *testing.T) {
	src := env + `export async function a(env: Env) {
  const x = await env.KV.get("x")
  const y = await env.KV.get("y")
  const z = await env.KV.get(` + "`z:${y}`" + `)
  const w = await env.KV.get("w")
  if (!w) return
  const v = await env.KV.get("v")
  return [x, y, z, v]
}
`
	got := queryFindings(t, map[string]string{"a.ts": src}, func(m *kvmodel.Model, report func(int, string)) {
		for _, r := range m.GetRuns() {
			var lines []string
			for _, g := range r.Gets {
				lines = append(lines, fmt.Sprint(line(m, g.Start)))
			}
			report(r.Gets[0].MethodStart, "run "+strings.Join(lines, ","))
		}
	})
	want := []string{"a.ts:3 run 3,4", "a.ts:5 run 5,6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// ScheduledRuns: the writes every run of a scheduled handler makes.
func TestScheduledRuns(t *testing.T) {
	src := env + `async function save(env: Env, v: string) { await env.KV.put("last", v) }
export default {
  async scheduled(e: ScheduledController, env: Env) {
    await env.KV.put("a", "1")
    await save(env, "x")
    if (Math.random() > 0.5) await env.KV.put("b", "1")
    await Promise.all([1, 2].map(async (n) => env.KV.put("c" + n, "1")))
  },
  async fetch(r: Request, env: Env) {
    await env.KV.put("d", "1")
    return new Response()
  },
}
`
	got := queryFindings(t, map[string]string{"a.ts": src}, func(m *kvmodel.Model, report func(int, string)) {
		for _, op := range m.Ops {
			for _, run := range m.ScheduledRuns(op) {
				report(op.MethodStart, fmt.Sprintf("%d writes per run", len(run.Writes)))
			}
		}
	})
	want := []string{"a.ts:2 3 writes per run", "a.ts:5 3 writes per run", "a.ts:8 3 writes per run"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func noConfig(string) (*config.Wrangler, error) { return nil, nil }
