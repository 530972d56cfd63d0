// No Env type: what the names are comes from wrangler.toml alone.
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const id = new URL(request.url).searchParams.get("id") ?? "";
    await env.CACHE.get(id);
    await env.CAHCE.get(id); // want `env.CAHCE is used as a KV namespace but wrangler.toml declares no binding CAHCE.*did you mean CACHE\?`
    await env.API_SECRET.get();
    const run = await env.ONBOARDING.get(id);
    await env.DISPATCHER.get("customer-worker").fetch(request);
    await env.LIMITER.limit({ key: id });
    await env.HELLO_WORLD.get();
    await env.VECTORS.get?.([id]);
    await env.JOBS.send({ id });
    await env.AI.run("@cf/model", {});
    await env.ASSETS.fetch(request);
    await env.MAILER.send?.(id);
    await env.AUTH_SERVICE.fetch(request);
    await env.BROWSER.fetch(request);
    await env.METRICS.writeDataPoint({});
    await env.PG.connectionString.toString();
    await env.VERSION.id.toString();
    return new Response(String(run));
  },
};
