// A plain-JS Worker with no wrangler config in the repository: its
// bindings come in on env and are taken apart before use. A KV-only call on
// a local declared as env.X (or destructured from env) is evidence about X,
// and every call on X then counts.
export default {
  async fetch(request, env, ctx) {
    const sessions = env.SESSION;
    const { TOKENS, CACHE: cache, ASSETS, BUCKET } = env;
    const sid = new URL(request.url).searchParams.get("sid") ?? "";
    const { value } = await sessions.getWithMetadata(sid); // kv: SESSION
    await sessions.delete(sid); // kv: SESSION
    await TOKENS.put(sid, "1", { expirationTtl: 600 }); // kv: TOKENS
    await TOKENS.delete(sid); // kv: TOKENS
    const page = await cache.get("home", "text"); // kv: CACHE
    // Look-alikes: a Fetcher, an R2 bucket and a Map, used only with calls
    // that other types answer too.
    const res = await ASSETS.fetch(request);
    await BUCKET.put(sid, request.body);
    await BUCKET.delete(sid);
    const memo = new Map();
    memo.set(sid, value);
    return new Response(page ?? (await res.text()));
  },
};
