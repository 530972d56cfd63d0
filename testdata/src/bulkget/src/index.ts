export interface Env {
  SETTINGS: KVNamespace;
  ASSETS_KV: KVNamespace;
}

// A settings page reading many constant keys, one round trip each.
export async function settingsPage(env: Env) {
  const title = await env.SETTINGS.get("site:title"); // want "4 gets on SETTINGS awaited one after another, with keys that do not depend on one another: one bulk get"
  const theme = (await env.SETTINGS.get("site:theme")) ?? "light";
  const footer = await env.SETTINGS.get("site:footer");
  const banner = await env.SETTINGS.get("site:banner");
  return render({ title, theme, footer, banner });
}

// JSON reads with per-user keys, in one object literal.
export async function preferences(env: Env, user: string) {
  return {
    layout: await env.SETTINGS.get(`pref:${user}:layout`, "json"), // want "2 gets on SETTINGS"
    alerts: await env.SETTINGS.get(`pref:${user}:alerts`, "json"),
  };
}

// Reported, but no fix: the options differ.
export async function mixed(env: Env) {
  const a = await env.SETTINGS.get("a", "json"); // want "2 gets on SETTINGS"
  const b = await env.SETTINGS.get("b", { cacheTtl: 300 });
  return [a, b];
}

// --- must not fire ---

// A later key depends on an earlier value.
export async function pointer(env: Env) {
  const current = await env.SETTINGS.get("current-version");
  const config = await env.SETTINGS.get(`config:${current}`);
  return config;
}

// An exit between them depends on an earlier value.
export async function gated(env: Env) {
  const enabled = await env.SETTINGS.get("feature:enabled");
  if (!enabled) return null;
  const config = await env.SETTINGS.get("feature:config");
  return config;
}

// Streams and array buffers cannot be read in bulk.
export async function assets(env: Env) {
  const logo = await env.ASSETS_KV.get("logo.png", "arrayBuffer");
  const css = await env.ASSETS_KV.get("site.css", { type: "stream" });
  return [logo, css];
}

// Different namespaces.
export async function both(env: Env) {
  const a = await env.SETTINGS.get("a");
  const b = await env.ASSETS_KV.get("b");
  return [a, b];
}

// A write between the reads.
export async function writeBetween(env: Env) {
  const a = await env.SETTINGS.get("a");
  await env.SETTINGS.put("b", "x");
  const b = await env.SETTINGS.get("b");
  return [a, b];
}

// Already one bulk read; and a single read.
export async function bulk(env: Env) {
  const m = await env.SETTINGS.get(["a", "b"]);
  const c = await env.SETTINGS.get("c");
  return [m, c];
}

// The second read only on one branch.
export async function fallback(env: Env) {
  const a = (await env.SETTINGS.get("a")) ?? (await env.SETTINGS.get("a:default"));
  return a;
}

declare function render(s: object): Response;

// One declaration after another in one statement: the second key is the
// first value.
export async function chained(env: Env) {
  const ptr = await env.SETTINGS.get("ptr"),
    target = await env.SETTINGS.get(`doc:${ptr}`);
  return target;
}

// Two runs in one function: each fix declares its own name.
export async function twoRuns(env: Env) {
  const a = await env.SETTINGS.get("a"); // want "2 gets on SETTINGS"
  const b = await env.SETTINGS.get("b");
  if (!a || !b) return null;
  const c = await env.SETTINGS.get("c"); // want "2 gets on SETTINGS"
  const d = await env.SETTINGS.get("d");
  return [a, b, c, d];
}

// The same key read twice (before and after a check elsewhere) is a
// repeated read, not reads a bulk get would combine.
export async function sameKeyTwice(env: Env) {
  const KEY = "flags";
  const before = await env.SETTINGS.get(KEY, "json");
  const after = await env.SETTINGS.get("flags", "json");
  return [before, after];
}
