export interface Env {
  STATUS: KVNamespace;
}

// Appends today's sample: called on every run.
export async function recordSample(env: Env, ok: boolean) {
  const day = new Date().toISOString().slice(0, 10);
  await env.STATUS.put(`history:${day}:last`, ok ? "up" : "down");
}

// Written only when due: not counted.
export async function rollup(env: Env, now: number, last: number) {
  if (now - last > 3600_000) {
    await env.STATUS.put("rollup", String(now));
  }
}

// A delete every run: deletes have a daily limit of their own.
export async function dropStale(env: Env) {
  await env.STATUS.delete("stale");
}
