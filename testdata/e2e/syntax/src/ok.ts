interface Env { KV: KVNamespace }
export async function f(env: Env) {
  await env.KV.put("k", "v", { expirationTtl: 10 });
}
