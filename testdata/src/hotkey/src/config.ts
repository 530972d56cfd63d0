// A read-through loader for settings kept under one constant key: the put
// runs once per key lifetime, when the read found nothing, not on every
// request. Not a hot key.
import { Hono } from "hono";

type Env = { STATS: KVNamespace };
const SETTINGS = "settings:v1";

async function loadSettings(env: Env): Promise<string> {
  const cached = await env.STATS.get(SETTINGS);
  if (cached) return cached;
  const fresh = await (await fetch("https://origin/settings")).text();
  await env.STATS.put(SETTINGS, fresh, { expirationTtl: 3600 });
  return fresh;
}

async function loadBanner(env: Env): Promise<string> {
  const banner = await env.STATS.get("banner", "json");
  if (banner === null) {
    await env.STATS.put("banner", JSON.stringify({ text: "hi" }), { expirationTtl: 600 });
  }
  return String(banner);
}

async function loadMenu(env: Env) {
  const { value, metadata } = await env.STATS.getWithMetadata<{ at: number }>("menu");
  return value ?? (await env.STATS.put("menu", "[]", { expirationTtl: 600 }));
}

async function loadFooter(env: Env) {
  const footer = await env.STATS.get("footer");
  if (!footer || footer.length === 0) {
    await env.STATS.put("footer", "(c)", { expirationTtl: 600 });
  } else {
    return footer;
  }
}

// A helper that returns what it read guards the fill just the same.
const readToc = (env: Env) => env.STATS.get("toc");

async function loadToc(env: Env) {
  const toc = await readToc(env);
  if (toc !== null) return toc;
  await env.STATS.put("toc", "[]", { expirationTtl: 600 });
}

// Guarded by a hit, a miss of another key, or nothing at all: every
// request may write.
async function touch(env: Env) {
  const seen = await env.STATS.get("seen");
  if (seen) {
    await env.STATS.put("seen", String(Number(seen) + 1)); // want `put of the constant key "seen" on STATS on the request path`
  }
  const other = await env.STATS.get("other");
  if (!other) {
    await env.STATS.put("hits", "1"); // want `put of the constant key "hits"`
  }
  const last = await env.STATS.get("last");
  if (last !== "today") {
    await env.STATS.put("last", "today"); // want `put of the constant key "last"`
  }
}

const app = new Hono<{ Bindings: Env }>();
app.get("/", async (c) => {
  await loadSettings(c.env);
  await loadBanner(c.env);
  await loadMenu(c.env);
  await loadFooter(c.env);
  await loadToc(c.env);
  await touch(c.env);
  return c.text("ok");
});
export default app;
