import { Env, dropStale, recordSample, rollup } from "./history";

async function probe(): Promise<{ ok: boolean; ms: number }> {
  const t = Date.now();
  const res = await fetch("https://example.com/health");
  return { ok: res.ok, ms: Date.now() - t };
}

export default {
  async scheduled(event: ScheduledController, env: Env, ctx: ExecutionContext) {
    const status = await probe();
    await env.STATUS.put("status", JSON.stringify(status)); // want "put on STATUS runs on every scheduled run: 2 writes per run.*free plan's limit"
    ctx.waitUntil(recordSample(env, status.ok));
    await dropStale(env);

    // Guarded by a change check: not counted.
    const previous = await env.STATUS.get("status:ok");
    if (previous !== String(status.ok)) {
      await env.STATUS.put("status:ok", String(status.ok));
    }
    await rollup(env, Date.now(), Number(await env.STATUS.get("rollup")));
    try {
      await probe();
    } catch {
      await env.STATUS.put("error", "probe failed"); // in catch: not every run
    }
  },

  async fetch(request: Request, env: Env) {
    await env.STATUS.put("last-visit", String(Date.now())); // request path: not a scheduled run
    return new Response(await env.STATUS.get("status"));
  },
};
