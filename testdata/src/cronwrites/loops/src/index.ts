// A cron every 10 minutes runs 144 times a day. A loop whose count the
// code fixes writes that many times per run: 8 sections and 10 shards are
// 18 writes a run, 2,592 a day, over the free plan's 1,000 (counted once
// each, they would be 288).
interface Env {
  PAGES: KVNamespace;
  DIGEST: KVNamespace;
}

const SECTIONS = ["/", "/docs", "/blog", "/pricing", "/about", "/jobs", "/press", "/legal"];

async function snapshot(env: Env, path: string) {
  const html = await (await fetch(`https://example.com${path}`)).text();
  await env.PAGES.put(`snap:${path}`, html, { expirationTtl: 86400 }); // want `put on PAGES runs on every scheduled run: 18 writes per run × 144 runs a day \("\*/10 \* \* \* \*"\) = 2592 a day`
}

async function shard(env: Env, i: number) {
  await env.DIGEST.put(`shard:${i}`, String(i), { expirationTtl: 86400 }); // want `put on DIGEST runs on every scheduled run: 18 writes per run`
}

export default {
  async scheduled(_event: ScheduledEvent, env: Env) {
    SECTIONS.forEach((p) => void snapshot(env, p));
    for (let i = 0; i < 10; i++) await shard(env, i);
  },
};
