// Must not fire: 5 summaries of a constant list and one loop over a list
// the code does not know (counted once) are 6 writes a run, 864 a day at
// 144 runs, under the free plan's 1,000.
interface Env {
  PAGES: KVNamespace;
  DIGEST: KVNamespace;
  EXTRA: string;
}

const FEW = ["/", "/docs", "/blog", "/pricing", "/about"];

async function summary(env: Env, path: string) {
  await env.PAGES.put(`sum:${path}`, path, { expirationTtl: 86400 });
}

export default {
  async scheduled(_event: ScheduledEvent, env: Env) {
    for (const p of FEW) await summary(env, p);
    for (const p of env.EXTRA.split(",")) await env.DIGEST.put(`extra:${p}`, p, { expirationTtl: 86400 });
  },
};
