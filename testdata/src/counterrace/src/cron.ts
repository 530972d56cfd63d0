// A status page's cron trigger: the state is read and written only by the
// scheduled runs; the stats job is also run on demand from a request.
interface Env {
  COUNTS: KVNamespace;
}

async function tally(env: Env) {
  const state = (await env.COUNTS.get<{ runs: number }>("cron:state", "json")) ?? { runs: 0 };
  state.runs += 1;
  await env.COUNTS.put("cron:state", JSON.stringify(state)); // want `put writes back a value computed from the get of the same key on COUNTS \(line 8\): a scheduled run may read a stale copy`
}

async function stats(env: Env) {
  const n = Number(await env.COUNTS.get("cron:stats")) || 0;
  await env.COUNTS.put("cron:stats", String(n + 1)); // want `put writes back a value computed from the get of the same key on COUNTS \(line 14\): concurrent requests lose updates`
}

export default {
  async scheduled(_event: ScheduledEvent, env: Env) {
    await tally(env);
    await stats(env);
  },
  async fetch(_request: Request, env: Env) {
    await stats(env);
    return new Response("ok");
  },
};
