import { Hono } from "hono";
type Env = { COUNTS: KVNamespace; CACHE: KVNamespace; RATE: KVNamespace };
const app = new Hono<{ Bindings: Env }>();

app.post("/hit/:id", async (c) => {
  const key = `hits:${c.req.param("id")}`;
  const n = Number(await c.env.COUNTS.get(key)) || 0;
  await c.env.COUNTS.put(key, String(n + 1)); // want `put writes back a value computed from the get of the same key on COUNTS`
  return c.text("ok");
});

app.post("/inc", async (c) => {
  let count = parseInt((await c.env.COUNTS.get("total")) ?? "0", 10);
  count++;
  await c.env.COUNTS.put("total", count.toString()); // want `computed from the get`
  return c.text(String(count));
});

app.post("/queue", async (c) => {
  const item = await c.req.json();
  const raw = await c.env.COUNTS.get("queue");
  const list = JSON.parse(raw ?? "[]");
  list.push(item);
  await c.env.COUNTS.put("queue", JSON.stringify(list)); // want `computed from the get`
  return c.text("queued");
});

export async function rateLimit(env: Env, ip: string): Promise<boolean> {
  const k = "rl:" + ip;
  const { value, metadata } = await env.RATE.getWithMetadata<{ n: number }>(k);
  const state = { n: (metadata?.n ?? 0) + 1, last: value };
  if (state.n > 100) return false;
  await env.RATE.put(k, "1", { expirationTtl: 60, metadata: state }); // want `computed from the getWithMetadata`
  return true;
}

// Traps: a read-through cache writes fresh data, not the value read.
app.get("/page/:slug", async (c) => {
  const key = `page:${c.req.param("slug")}`;
  const cached = await c.env.CACHE.get(key);
  if (cached !== null) return c.html(cached);
  const fresh = await fetch(`https://origin/${key}`).then((r) => r.text());
  await c.env.CACHE.put(key, fresh, { expirationTtl: 3600 });
  return c.html(fresh);
});

// Different key, different namespace: not a cycle on one key.
app.get("/copy", async (c) => {
  const v = await c.env.COUNTS.get("a");
  await c.env.COUNTS.put("b", v ?? "", { expirationTtl: 60 });
  await c.env.CACHE.put("a", v ?? "", { expirationTtl: 60 });
  // A refresh: the value does not depend on what was read.
  const old = await c.env.CACHE.get("stamp");
  if (!old) await c.env.CACHE.put("stamp", new Date().toISOString(), { expirationTtl: 60 });
  return c.text("ok");
});

export default app;

// Initialise if missing: the value written is fresh on the path to the put.
export async function ensureMeta(env: Env, id: string) {
  let record = await env.CACHE.getWithMetadata<{ n: number }>(id);
  if (!record || !record.metadata) {
    record = { value: null, metadata: { n: 0 }, cacheStatus: null };
    await env.CACHE.put(id, "", { metadata: record.metadata });
  }
  return record;
}

// A list reset when malformed is still read-modify-write on the other path.
export async function append(env: Env, item: string) {
  let list = JSON.parse((await env.COUNTS.get("items")) ?? "[]");
  if (!Array.isArray(list)) list = [];
  list.push(item);
  await env.COUNTS.put("items", JSON.stringify(list)); // want `computed from the get`
}

// A namespace returned by a method is followed.
class Store {
  constructor(private env: Env) {}
  private kv(): KVNamespace {
    return this.env.COUNTS;
  }
  async bump(key: string) {
    const kv = this.kv();
    const n = Number(await kv.get(key));
    await kv.put(key, String(n + 1)); // want `computed from the get`
  }
}
export { Store };

// Keys on `this` and helpers held in class fields.
export class Todos {
  constructor(private env: Env, private userID: string) {}
  get = async (): Promise<string[]> => JSON.parse((await this.env.COUNTS.get(this.userID)) ?? "[]");
  set = async (todos: string[]) => this.env.COUNTS.put(this.userID, JSON.stringify(todos), { expirationTtl: 86400 });
  async add(todo: string) {
    const todos = await this.get();
    todos.push(todo);
    await this.set(todos); // want `this call puts a value computed from the get of the same key`
  }
}

// The same with a private writer, as plain methods.
export class PrivateTodos {
  constructor(private env: Env, private userID: string) {}
  async get(): Promise<string[]> {
    return JSON.parse((await this.env.COUNTS.get(this.userID)) ?? "[]");
  }
  async #set(todos: string[]) {
    await this.env.COUNTS.put(this.userID, JSON.stringify(todos), { expirationTtl: 86400 });
  }
  async add(todo: string) {
    const todos = await this.get();
    todos.push(todo);
    await this.#set(todos); // want `this call puts a value computed from the get of the same key`
  }
  async reset() {
    await this.#set([]);
  }
}

// A record merged from the one read and an update: its key member comes
// from the update, the last spread (newLink.slug is link.slug).
export async function editLink(env: Env, link: { slug: string; url: string }) {
  const existing = (await env.COUNTS.get(`link:${link.slug}`, { type: "json" })) as { slug: string; hits: number } | null;
  if (!existing) return;
  const merged = { ...existing, ...link, hits: existing.hits + 1 };
  await env.COUNTS.put(`link:${merged.slug}`, JSON.stringify(merged)); // want `computed from the get`
  // A member set after the spreads names another key.
  const renamed = { ...existing, ...link, slug: `${link.slug}-2` };
  await env.COUNTS.put(`link:${renamed.slug}`, JSON.stringify(renamed), { expirationTtl: 3600 });
}

// Methods of an object whose class this module declares are followed.
class Counters {
  constructor(private kv: KVNamespace) {}
  async read(key: string) {
    return Number(await this.kv.get(key));
  }
}
export async function viaObject(env: Env, key: string) {
  const counters = new Counters(env.COUNTS);
  const n = await counters.read(key);
  await env.COUNTS.put(key, String(n + 1)); // want `computed from the get`
  // Another key: not a write-back.
  await env.COUNTS.put(`${key}:copy`, String(n + 1), { expirationTtl: 3600 });
}

// Removing from a list read from KV loses a concurrent add; a filtered copy
// written under another key is not a write-back.
export async function removeItem(env: Env, id: string) {
  const items: { id: string }[] = JSON.parse((await env.COUNTS.get("items")) ?? "[]");
  const kept = items.filter((i) => i.id !== id);
  await env.COUNTS.put("items", JSON.stringify(kept)); // want `computed from the get`
  await env.COUNTS.put("items:archive", JSON.stringify(items.slice(0, 10)), { expirationTtl: 3600 });
}

// A TTL refresh writes back the value read, unchanged: not a counter.
export async function touch(env: Env, id: string) {
  const data = await env.CACHE.get(`s:${id}`);
  if (data === null) return;
  await env.CACHE.put(`s:${id}`, data, { expirationTtl: 3600 });
  const obj = JSON.parse((await env.CACHE.get(`o:${id}`)) ?? "{}");
  await env.CACHE.put(`o:${id}`, JSON.stringify(obj), { expirationTtl: 3600 });
}

// A toggle is a change.
export async function toggle(env: Env, id: string) {
  const { value, metadata } = await env.CACHE.getWithMetadata<{ liked: boolean }>(id);
  await env.CACHE.put(id, value ?? "", { metadata: { liked: !metadata?.liked } }); // want `computed from the getWithMetadata`
}
