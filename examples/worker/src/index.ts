// kvlint example Worker — a small shop API (Hono) with sessions and a product
// cache in Workers KV, uploads in R2 and a Durable Object counter.
//
// It contains DELIBERATE KV mistakes so that `kvlint examples/worker` has
// something to report; EXPECTED.md lists every intended finding by file and
// line. It also contains correct code that kvlint must NOT flag (R2, the
// Cache API, Durable Object storage, Maps, objects with get/put methods,
// TTLs of an hour, a paginated list loop). Do not copy the mistakes.

import { Hono } from "hono";
import { DurableObject } from "cloudflare:workers";
import { rateLimit } from "./rate-limit";
import {
  addRecentlyViewed,
  createSession,
  destroySession,
  getSession,
  issueCsrfToken,
  recordLogin,
  rememberSession,
  saveImpersonation,
} from "./session";

export interface Env {
  SESSIONS: KVNamespace;
  SESSION: KVNamespace; // old name, from before the binding was renamed in wrangler.toml
  CACHE: KVNamespace;
  UPLOADS: R2Bucket;
  COUNTER: DurableObjectNamespace<Counter>;
  ORIGIN: string;
}

const FEATURED_PRODUCTS = ["espresso-machine", "grinder", "kettle", "scale", "tamper"];

// A tiny per-isolate LRU with its own get/put: not KV.
class LruCache<V> {
  private items = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.items.get(key);
    if (value !== undefined) {
      this.items.delete(key);
      this.items.set(key, value);
    }
    return value;
  }
  put(key: string, value: V): void {
    this.items.set(key, value);
    if (this.items.size > this.max) {
      this.items.delete(this.items.keys().next().value as string);
    }
  }
}

const hot = new LruCache<string>(100);
const etags = new Map<string, string>();

const app = new Hono<{ Bindings: Env }>();

app.use("*", async (c, next) => {
  const ip = c.req.header("cf-connecting-ip") ?? "unknown";
  const limit = await rateLimit(c.env.CACHE, ip, 100);
  if (!limit.allowed) return c.text("Too Many Requests", 429);
  const sid = c.req.header("x-session-id");
  if (sid) {
    c.env.SESSIONS.put(`seen:${sid}`, new Date().toISOString(), { expirationTtl: 3600 });
  }
  await next();
});

app.get("/", async (c) => {
  const html = `<h1>Shop</h1><p>${FEATURED_PRODUCTS.length} featured products</p>`;
  await c.env.CACHE.put("homepage:last-render", html, { expirationTtl: 300 });
  return c.html(html);
});

// Read-through product cache: correct (TTL clamped to at least 60 s).
app.get("/products/:id", async (c) => {
  const id = c.req.param("id");
  const fromLru = hot.get(id);
  if (fromLru) return c.json(JSON.parse(fromLru));
  const cached = await c.env.CACHE.get(`product:${id}`);
  if (cached) {
    hot.put(id, cached);
    return c.json(JSON.parse(cached));
  }
  const res = await fetch(`${c.env.ORIGIN}/products/${id}`);
  const body = await res.text();
  const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "")?.[1] ?? 3600);
  await c.env.CACHE.put(`product:${id}`, body, { expirationTtl: Math.max(60, maxAge) });
  etags.set(id, res.headers.get("etag") ?? "");
  hot.put(id, body);
  const sid = c.req.header("x-session-id");
  const session = sid ? await getSession(c.env.SESSIONS, sid) : null;
  if (session) await addRecentlyViewed(c.env.SESSIONS, session.userId, id);
  return c.json(JSON.parse(body));
});

// Only the first page of keys (at most 1000) is ever returned.
app.get("/products", async (c) => {
  const { keys } = await c.env.CACHE.list({ prefix: "product:" });
  return c.json(keys.map((k) => k.name.slice("product:".length)));
});

app.get("/flags", async (c) => {
  const flags = await c.env.CACHE.get(`config:flags:${c.req.query("env") ?? "prod"}`, { type: "json", cacheTtl: 10 });
  return c.json(flags ?? {});
});

app.put("/flags", async (c) => {
  // kvlint-disable-next-line missingttl -- feature flags are edited by hand and must not expire
  await c.env.CACHE.put(`config:flags:${c.req.query("env") ?? "prod"}`, await c.req.text());
  return c.body(null, 204);
});

// Correct: a full scan that follows the cursor until list_complete.
async function listAllKeys(kv: KVNamespace, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

app.get("/admin/sessions", async (c) => {
  return c.json(await listAllKeys(c.env.SESSIONS, "session:"));
});

app.get("/admin/export", async (c) => {
  const out: string[] = [];
  let cursor: string | undefined;
  let done = false;
  while (!done) {
    const page = await c.env.CACHE.list({ prefix: "product:", limit: 5000, cursor });
    out.push(...page.keys.map((k) => k.name));
    done = page.list_complete;
    cursor = page.list_complete ? undefined : page.cursor;
  }
  return c.json(out);
});

app.post("/login", async (c) => {
  const { userId, remember } = await c.req.json<{ userId: string; remember?: boolean }>();
  const { id: sid, session } = await createSession(c.env.SESSIONS, userId);
  if (remember) await rememberSession(c.env.SESSIONS, sid, session);
  recordLogin(c.env.SESSIONS, userId);
  const csrf = await issueCsrfToken(c.env.SESSIONS, sid);
  c.executionCtx.waitUntil(c.env.CACHE.put(`login-audit:${userId}:${Date.now()}`, sid, { expirationTtl: 86400 }));
  return c.json({ sid, csrf });
});

app.post("/admin/impersonate/:userId", async (c) => {
  const sid = `support-${crypto.randomUUID()}`;
  await saveImpersonation(c.env.SESSIONS, sid, { userId: c.req.param("userId"), createdAt: Date.now() });
  return c.json({ sid });
});

app.post("/logout", async (c) => {
  const sid = c.req.header("x-session-id");
  if (!sid) return c.body(null, 204);
  await destroySession(c.env.SESSIONS, sid);
  await c.env.SESSION.delete(`session:${sid}`);
  return c.body(null, 204);
});

// R2, not KV: no TTL needed, no 1000-key pagination rule.
app.put("/uploads/:name", async (c) => {
  const name = c.req.param("name");
  await c.env.UPLOADS.put(`uploads/${name}`, c.req.raw.body);
  return c.body(null, 201);
});

app.get("/uploads", async (c) => {
  const listing = await c.env.UPLOADS.list({ prefix: "uploads/" });
  return c.json(listing.objects.map((o) => o.key));
});

// Cache API, not KV.
app.get("/catalog.json", async (c) => {
  const cache = caches.default;
  const hit = await cache.match(c.req.raw);
  if (hit) return hit;
  const res = await fetch(`${c.env.ORIGIN}/catalog.json`);
  const copy = new Response(res.body, res);
  copy.headers.set("cache-control", "public, max-age=300");
  c.executionCtx.waitUntil(cache.put(c.req.raw, copy.clone()));
  return copy;
});

// Visit counter done right: a Durable Object serialises the increments.
app.post("/visits/:page", async (c) => {
  const stub = c.env.COUNTER.get(c.env.COUNTER.idFromName(c.req.param("page")));
  return c.json({ visits: await stub.increment() });
});

export class Counter extends DurableObject<Env> {
  async increment(): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + 1;
    await this.ctx.storage.put("value", value);
    await this.env.CACHE.put(`visits:${this.ctx.id.toString()}`, String(value), { expirationTtl: 600 });
    return value;
  }
}

// Cron: "pre-warm" the product cache. KV writes land centrally; this warms
// nothing at the edge and pays a write per product every 15 minutes.
async function scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  for (const slug of FEATURED_PRODUCTS) {
    const res = await fetch(`${env.ORIGIN}/products/${slug}`);
    await env.CACHE.put(`product:${slug}`, await res.text(), { expirationTtl: 3600 });
  }
  await env.CACHE.put("featured:refreshed-at", new Date().toISOString(), { expirationTtl: 86400 });
}

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
