import { Hono } from "hono";

type Bindings = { CACHE: KVNamespace; SESSIONS: KVNamespace; CONFIG: KVNamespace; BUCKET: R2Bucket };
const app = new Hono<{ Bindings: Bindings }>();

const LONG = { expirationTtl: 86400 };
const META_ONLY = { metadata: { v: 1 } };

app.get("/a", async (c) => {
  await c.env.CACHE.put("page:a", "html"); // want `put to CACHE never expires`
  await c.env.CACHE.put("page:b", "html", { metadata: { at: 1 } }); // want `never expires`
  await c.env.CACHE.put("page:c", "html", META_ONLY); // want `never expires`
  await c.env.CACHE.put("page:d", "html", { expirationTtl: 3600 });
  await c.env.CACHE.put("page:e", "html", { expiration: Math.floor(Date.now() / 1000) + 600 });
  await c.env.CACHE.put("page:f", "html", LONG);
  return c.text("ok");
});

// Options that may hold a TTL: not provable, not reported.
export async function save(env: Bindings, key: string, value: string, opts?: KVNamespacePutOptions) {
  await env.SESSIONS.put(key, value, opts);
  await env.SESSIONS.put(key, value, { ...opts });
  await env.SESSIONS.put(key, value, { [opts ? "expirationTtl" : "x"]: 60 });
  // An options object filled in later may hold a TTL.
  const later: KVNamespacePutOptions = {};
  if (opts) later.expirationTtl = 3600;
  await env.SESSIONS.put(key, value, later);
  const handedOn: KVNamespacePutOptions = {};
  configure(handedOn);
  await env.SESSIONS.put(key, value, handedOn);
  const fixed = { metadata: { v: 2 } };
  await env.SESSIONS.put(key, value, fixed); // want `put to SESSIONS never expires`
  // A configuration namespace configured ttl-required = false.
  await env.CONFIG.put("flags", "{}");
  // Not KV: an R2 bucket, the Cache API, a Map, Hono's router, a user object.
  await env.BUCKET.put(key, value);
  await caches.default.put(new Request("https://x"), new Response(value));
  const m = new Map<string, string>();
  m.set(key, value);
  const store = { put(k: string, v: string) { return [k, v]; } };
  store.put(key, value);
}

app.put("/x", (c) => c.text("router, not KV"));

function configure(o: KVNamespacePutOptions) {
  o.expirationTtl = 60;
}

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    const { SESSIONS: sessions } = env;
    const kv = env.CACHE;
    await sessions.put("s", "v"); // want `put to SESSIONS never expires`
    await kv.put("k", "v", undefined); // want `put to CACHE never expires`
    return app.fetch(request, env, ctx);
  },
};
