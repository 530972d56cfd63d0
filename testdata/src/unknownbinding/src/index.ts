interface Env {
  SESSIONS: KVNamespace;
  CACHE: KVNamespace;
  FILES: R2Bucket;
  COUNTER: DurableObjectNamespace;
  ANALYTICS: AnalyticsEngineDataset;
}

export default {
  async fetch(request: Request, env: Env) {
    const id = new URL(request.url).searchParams.get("id") ?? "";
    await env.SESSION.get(id); // want `env.SESSION is used as a KV namespace but wrangler.toml declares no binding SESSION.*did you mean SESSIONS\?`
    await env.SESSIONS.get(id); // want `KV binding SESSIONS is declared at the top level of wrangler.toml but not in \[env.production\]`
    await env.CACHE.get(id);
    await env.TOTALLY_UNKNOWN.put(id, "v"); // want `declares no binding TOTALLY_UNKNOWN, so it is undefined`
    // Declared as other kinds of binding, or typed so: never reported.
    await env.FILES.get(id);
    const stub = env.COUNTER.get(env.COUNTER.idFromName(id));
    await env.ANALYTICS.get?.(id);
    // Not KV methods.
    await env.API_HOST.toString();
    return stub.fetch(request);
  },
};

export async function destructured(env: Env) {
  const { SESSION, CACHE: cache } = env; // want `env.SESSION is used as a KV namespace but wrangler.toml declares no binding SESSION`
  await SESSION.get("x");
  await cache.get("y");
}
