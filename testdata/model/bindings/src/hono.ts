// Every KV call carries a trailing "kv: BINDING" marker; every other line
// must produce no KV operation.
import { Hono } from "hono";
import { env as workerEnv } from "cloudflare:workers";
import { getCloudflareContext } from "@opennextjs/cloudflare";

type Bindings = { CACHE: KVNamespace; SESSIONS: KVNamespace; BUCKET: R2Bucket; ROOMS: DurableObjectNamespace };
const app = new Hono<{ Bindings: Bindings }>();

app.get("/a", async (c) => {
  await c.env.CACHE.get("a"); // kv: CACHE
  const { SESSIONS: s, CACHE } = c.env;
  await s.get("b"); // kv: SESSIONS
  await CACHE.get("c"); // kv: CACHE
  const e = c.env;
  const kv = e.SESSIONS;
  await kv.list(); // kv: SESSIONS
  await c.env["CACHE"].delete("d"); // kv: CACHE
  await c.env.CACHE?.get("opt"); // kv: CACHE
  await c.env.BUCKET.put("r2", "v");
  await c.env.BUCKET.get("r2");
  const stub = c.env.ROOMS.get(c.env.ROOMS.idFromName("x"));
  await caches.default.put(c.req.raw, new Response("x"));
  const cache = await caches.open("v1");
  await cache.put(c.req.raw, new Response("x"));
  const m = new Map<string, string>();
  m.get("k");
  const store = { get: (k: string) => k, put: (k: string, v: string) => v };
  store.get("k");
  store.put("k", "v");
  process.env.CACHE?.toString();
  return stub.fetch(c.req.raw);
});
app.put("/p", (c) => c.text("router"));
app.delete("/d", (c) => c.text("router"));

export async function fromWorkersModule() {
  await workerEnv.CACHE.get("w"); // kv: CACHE
}

export async function fromOpenNext() {
  await getCloudflareContext().env.SESSIONS.get("o"); // kv: SESSIONS
  const { env } = await getCloudflareContext({ async: true });
  await env.CACHE.get("o2"); // kv: CACHE
}

export const onRequestGet: PagesFunction<Bindings> = async (context) => {
  await context.env.CACHE.get("pages"); // kv: CACHE
  return new Response("ok");
};

export const onRequestPost = async ({ env }: { env: Bindings }) => {
  await env.SESSIONS.put("pages2", "v", { expirationTtl: 60 }); // kv: SESSIONS
  return new Response("ok");
};

export async function load({ platform }: { platform: { env: Bindings } }) {
  return platform.env.CACHE.get("svelte"); // kv: CACHE
}

export default app;
