export interface Env {
  STATUS: KVNamespace;
}

// Appends today's sample: called on every run.
export async function recordSample(env: Env, ok: boolean) {
  const day = new Date().toISOString().slice(0, 10);
  await env.STATUS.put(`history:${day}:last`, ok ? "up" : "down"); // want "put on STATUS runs on every scheduled run: 2 writes per run × 1440 runs a day \\(\"\\* \\* \\* \\* \\*\"\\) = 2880 a day, over the daily budget of 1000"
}

// Written only when due: not counted.
export async function rollup(env: Env, now: number, last: number) {
  if (now - last > 3600_000) {
    await env.STATUS.put("rollup", String(now));
  }
}

// A delete every run: deletes have a daily limit of their own.
export async function dropStale(env: Env) {
  await env.STATUS.delete("stale"); // want "delete on STATUS runs on every scheduled run: 1 delete per run × 1440 runs a day"
}
