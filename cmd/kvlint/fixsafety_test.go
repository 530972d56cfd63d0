package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The fixes kvlint applies must keep a Worker working. Each case is a
// Worker in plain JavaScript; --fix runs on it, and the fixed Worker runs
// under node with a fake env (a KV namespace whose writes settle 30 ms
// later) and a fake execution context that records what waitUntil gets.

// fixHarness runs one handler of the Worker in worker.js and prints what
// happened as JSON.
const fixHarness = `
const kind = process.argv[2];
const writes = [], handed = [];
const kv = {
  put(k, v, o) { const w = { k, v, o, done: false }; writes.push(w);
    return new Promise(r => setTimeout(r, 30)).then(() => { w.done = true; }); },
  delete(k) { const w = { k, done: false }; writes.push(w);
    return new Promise(r => setTimeout(r, 30)).then(() => { w.done = true; }); },
  async get() { return null; },
  async list() { return { keys: [], list_complete: true }; },
};
const env = { CACHE: kv };
const ctx = { waitUntil(p) { handed.push(p); }, passThroughOnException() {} };
const out = { answered: false };
try {
  const mod = await import("./worker.js");
  const w = mod.default;
  let res;
  const req = new Request("http://worker.test/path");
  switch (kind) {
  case "fetch": res = await w.fetch(req, env, ctx); break;
  case "scheduled": await w.scheduled({ cron: "* * * * *", scheduledTime: Date.now() }, env, ctx); out.answered = true; break;
  case "queue": await w.queue({ messages: [{ body: "m" }] }, env, ctx); out.answered = true; break;
  case "pages": res = await mod.onRequest({ request: req, env, waitUntil: p => ctx.waitUntil(p), params: {} }); break;
  case "hono": res = await w.fetch(req, env, ctx); break;
  }
  if (res) { out.status = res.status; out.body = await res.text(); out.answered = res.status === 200 && out.body === "ok"; }
  out.pendingAtReturn = writes.filter(w => !w.done).length;
  out.handed = handed.length;
  await Promise.all(handed);
  out.doneAfterWaitUntil = writes.filter(w => w.done).length;
  out.writes = writes.map(w => ({ k: w.k, o: w.o }));
} catch (e) { out.error = String(e && e.stack || e); }
console.log(JSON.stringify(out));
`

// fakeHono is just enough of Hono for a route handler.
const fakeHono = `export class Hono {
  constructor() { this.h = null; }
  get(path, h) { this.h = h; return this; }
  fetch(req, env, ctx) { return this.h({ req, env, executionCtx: ctx, text: s => new Response(s) }); }
}
`

type harnessResult struct {
	Answered           bool   `json:"answered"`
	Body               string `json:"body"`
	PendingAtReturn    int    `json:"pendingAtReturn"`
	Handed             int    `json:"handed"`
	DoneAfterWaitUntil int    `json:"doneAfterWaitUntil"`
	Writes             []struct {
		K string         `json:"k"`
		O map[string]any `json:"o"`
	} `json:"writes"`
	Error string `json:"error"`
}

func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	return node
}

// runWorker runs the Worker in dir under node.
func runWorker(t *testing.T, node, dir, kind string) harnessResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "harness.mjs", kind)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var r harnessResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	return r
}

// workerProject writes a Worker project for the harness.
func workerProject(t *testing.T, worker string) string {
	t.Helper()
	return project(t, map[string]string{
		"worker.js":                      worker,
		"harness.mjs":                    fixHarness,
		"package.json":                   `{"type": "module"}`,
		"node_modules/hono/index.js":     fakeHono,
		"node_modules/hono/package.json": `{"name": "hono", "type": "module", "main": "index.js"}`,
	})
}

// Fixes that are offered: applied, the Worker still answers, and every
// write it starts is in a promise handed to waitUntil (pending when the
// handler returns, done once what waitUntil got has settled).
func TestFixedWorkerRunsUnderNode(t *testing.T) {
	node := needNode(t)
	cases := []struct {
		name, kind, worker string
		fixes              int // in the text
		handed             int // at run time (0: as many as fixes)
	}{
		{"fetch put", "fetch", `export default {
  async fetch(request, env, ctx) {
    env.CACHE.put("k", "v");
    return new Response("ok");
  },
};
`, 1, 0},
		{"fetch delete in a block, helper call", "fetch", `async function refresh(env, key) {
  await env.CACHE.put(key, "fresh");
}
export default {
  async fetch(request, env, ctx) {
    if (request.url) {
      env.CACHE.delete("old");
    }
    refresh(env, "k2");
    return new Response("ok");
  },
};
`, 2, 0},
		{"arrow callback without its own ctx", "fetch", `export default {
  async fetch(request, env, ctx) {
    ["a", "b"].forEach((k) => { env.CACHE.put(k, "v"); });
    return new Response("ok");
  },
};
`, 1, 2},
		{"scheduled", "scheduled", `export default {
  async scheduled(event, env, ctx) {
    env.CACHE.put("cron", String(event.scheduledTime));
  },
};
`, 1, 0},
		{"queue", "queue", `export default {
  async queue(batch, env, ctx) {
    for (const m of batch.messages) {
      env.CACHE.put("q", m.body);
    }
  },
};
`, 1, 0},
		{"pages", "pages", `export async function onRequest(context) {
  context.env.CACHE.put("p", "v");
  return new Response("ok");
}
`, 1, 0},
		{"hono", "hono", `import { Hono } from "hono";
const app = new Hono();
app.get("/", async (c) => {
  c.env.CACHE.put("h", "v");
  return c.text("ok");
});
export default app;
`, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := workerProject(t, c.worker)
			_, stderr, _ := kvlintIn(t, dir, "--fix", "worker.js")
			fixed, _ := os.ReadFile(filepath.Join(dir, "worker.js"))
			if got := strings.Count(string(fixed), ".waitUntil("); got != c.fixes {
				t.Fatalf("%d waitUntil fixes applied, want %d:\n%s\n%s", got, c.fixes, fixed, stderr)
			}
			r := runWorker(t, node, dir, c.kind)
			if r.Error != "" || !r.Answered {
				t.Fatalf("fixed Worker broke: %+v\n%s", r, fixed)
			}
			if c.handed == 0 {
				c.handed = c.fixes
			}
			if r.Handed != c.handed || len(r.Writes) == 0 || r.PendingAtReturn != len(r.Writes) || r.DoneAfterWaitUntil != len(r.Writes) {
				t.Errorf("waitUntil did not receive the writes: %+v\n%s", r, fixed)
			}
		})
	}
}

// Where the handler's context is shadowed at the write, no fix is
// offered: ctx there is something else, and ctx.waitUntil would throw (or
// hand the promise to the wrong object). The finding stays.
func TestFixNotOfferedWhereContextIsShadowed(t *testing.T) {
	node := needNode(t)
	cases := []struct{ name, worker string }{
		{"callback with its own ctx", `function withUser(req, cb) { return cb({ user: "u" }); }
export default {
  async fetch(request, env, ctx) {
    withUser(request, (ctx) => { env.CACHE.put("u", ctx.user); });
    return new Response("ok");
  },
};
`},
		{"nested function with a ctx parameter", `export default {
  async fetch(request, env, ctx) {
    function inner(ctx) { env.CACHE.put("n", String(ctx)); }
    inner(42);
    return new Response("ok");
  },
};
`},
		{"block-scoped const ctx", `export default {
  async fetch(request, env, ctx) {
    {
      const ctx = { id: 1 };
      env.CACHE.put("b", String(ctx.id));
    }
    return new Response("ok");
  },
};
`},
		{"catch parameter named ctx", `export default {
  async fetch(request, env, ctx) {
    try { throw { reason: "r" }; } catch (ctx) {
      env.CACHE.put("c", ctx.reason);
    }
    return new Response("ok");
  },
};
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := workerProject(t, c.worker)
			stdout, _, code := kvlintIn(t, dir, "--fix", "worker.js")
			fixed, _ := os.ReadFile(filepath.Join(dir, "worker.js"))
			if string(fixed) != c.worker {
				t.Errorf("a fix was applied where ctx is not the handler's:\n%s", fixed)
			}
			if code == 2 || !strings.Contains(stdout, "floatingwrite") {
				t.Errorf("the finding is gone: exit %d\n%s", code, stdout)
			}
			if r := runWorker(t, node, dir, "fetch"); r.Error != "" || !r.Answered {
				t.Errorf("Worker broke: %+v\n%s", r, fixed)
			}
		})
	}
	// The same in TypeScript, where the parameter is typed: no fix is
	// offered either.
	dir := project(t, map[string]string{"src/index.ts": `export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    function inner(ctx: number) { env.CACHE.put("n", String(ctx)); }
    inner(1);
    return new Response("ok");
  },
};
`})
	stdout, _, _ := kvlintIn(t, dir, "--fix-dry-run", "src/index.ts")
	if strings.Contains(stdout, "waitUntil") {
		t.Errorf("fix offered inside inner(ctx: number):\n%s", stdout)
	}
}

// The unsafe fix raising a TTL keeps the Worker answering, and the put
// gets the new TTL.
func TestUnsafeTTLFixRunsUnderNode(t *testing.T) {
	node := needNode(t)
	dir := workerProject(t, `export default {
  async fetch(request, env, ctx) {
    await env.CACHE.put("k", "v", { expirationTtl: 10 });
    return new Response("ok");
  },
};
`)
	kvlintIn(t, dir, "--fix-unsafe", "worker.js")
	fixed, _ := os.ReadFile(filepath.Join(dir, "worker.js"))
	r := runWorker(t, node, dir, "fetch")
	if r.Error != "" || !r.Answered || len(r.Writes) != 1 || r.Writes[0].O["expirationTtl"] != float64(60) || r.PendingAtReturn != 0 {
		t.Errorf("fixed Worker: %+v\n%s", r, fixed)
	}
}
