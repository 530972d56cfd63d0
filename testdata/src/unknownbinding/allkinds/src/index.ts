// No Env type: what the names are comes from wrangler.jsonc alone.
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const id = new URL(request.url).searchParams.get("id") ?? "";
    await env.CACHE.get(id);
    // KV at the top level, but staging declares STATE as a D1 database: it
    // is not KV there, though not undefined.
    await env.STATE.get(id); // want `KV binding STATE of the top level of wrangler.jsonc is a binding of another kind in \[env.staging\], so env.STATE is not KV there`
    await env.CACHEE.get(id); // want `env.CACHEE is used as a KV namespace but wrangler.jsonc declares no binding CACHEE.*did you mean CACHE\?`
    // Methods named like KV's on bindings of other kinds.
    await env.FILES.get(id);
    await env.FILES.list();
    await env.DB.prepare("select 1").first();
    const room = env.ROOMS.get(env.ROOMS.idFromName(id));
    await env.JOBS.send({ id });
    await env.AUTH_SERVICE.fetch(request);
    await env.AI.run("@cf/meta/llama", { prompt: id });
    await env.VECTORS.get?.([id]);
    await env.METRICS.writeDataPoint({ blobs: [id] });
    await env.API_SECRET.get();
    const run = await env.ONBOARDING.get(id);
    await env.STAGING_FLOW.get(id);
    await env.DISPATCHER.get("customer-worker").fetch(request);
    await env.ASSETS.fetch(request);
    await env.LIMITER.limit({ key: id });
    await env.RATE_LIMITER.limit({ key: id });
    // An unsafe_* section (wrangler's experimental bindings) declares names too.
    await env.HELLO_WORLD.set(id);
    await env.HELLO_WORLD.get();
    await env.PG.connectionString.toString();
    await env.MAILER.send?.(id);
    await env.BROWSER.fetch(request);
    await env.MODE.toString();
    await env.VERSION.id.toString();
    return new Response(String(run) + String(room));
  },
};
