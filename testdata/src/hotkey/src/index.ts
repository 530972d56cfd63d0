import { Hono } from "hono";
type Env = { STATS: KVNamespace };
const app = new Hono<{ Bindings: Env }>();

const LAST = "last-visit";

async function recordVisit(env: Env) {
  await env.STATS.put("visits:latest", Date.now().toString(), { expirationTtl: 60 }); // want `put of the constant key "visits:latest" on STATS on the request path`
}

app.post("/visit", async (c) => {
  await c.env.STATS.put(LAST, new Date().toISOString(), { expirationTtl: 86400 }); // want `constant key "last-visit"`
  await c.env.STATS.delete("leaderboard"); // want `delete of the constant key "leaderboard"`
  await recordVisit(c.env);
  // Per-user keys vary: fine.
  const user = c.req.header("x-user") ?? "anon";
  await c.env.STATS.put(`visit:${user}`, "1", { expirationTtl: 60 });
  return c.text("ok");
});

export default {
  fetch: app.fetch,
  // A constant key from cron or a queue consumer is fine.
  async scheduled(_e: ScheduledController, env: Env) {
    await env.STATS.put("daily-rollup", "{}", { expirationTtl: 86400 });
  },
  async queue(batch: MessageBatch, env: Env) {
    await env.STATS.put("queue-last", String(batch.messages.length), { expirationTtl: 86400 });
  },
};
