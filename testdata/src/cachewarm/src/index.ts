interface Env { PAGES: KVNamespace }

const POPULAR = ["/", "/pricing", "/docs"];

async function render(path: string) {
  return `<h1>${path}</h1>`;
}

async function warmCache(env: Env, paths: string[]) {
  await Promise.all(paths.map(async (p) => env.PAGES.put(p, await render(p), { expirationTtl: 3600 }))); // want `put in a loop in warmCache looks like cache warming`
}

async function refreshAll(env: Env) {
  const { keys } = await env.PAGES.list({ prefix: "page:" });
  for (const k of keys) {
    await env.PAGES.put(k.name, await render(k.name), { expirationTtl: 3600 }); // want `in a scheduled handler`
  }
}

export default {
  async scheduled(event: ScheduledController, env: Env, ctx: ExecutionContext) {
    await refreshAll(env);
    await warmCache(env, POPULAR);
  },
  async fetch(request: Request, env: Env) {
    for (const path of POPULAR) {
      await env.PAGES.put(path, await render(path), { expirationTtl: 3600 }); // want `over a constant list of keys`
    }
    // Trap: a bulk write of the request's own data.
    const items: { key: string; value: string }[] = await request.json();
    for (const item of items) {
      await env.PAGES.put(`user:${item.key}`, item.value, { expirationTtl: 3600 });
    }
    await Promise.all(items.map((i) => env.PAGES.put(`u:${i.key}`, i.value, { expirationTtl: 60 })));
    // Not in a loop.
    await env.PAGES.put("one", "1", { expirationTtl: 60 });
    return new Response("ok");
  },
};
