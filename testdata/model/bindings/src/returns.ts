import { getCloudflareContext } from "@opennextjs/cloudflare";

const BINDING = "CACHE";

export class TagCache {
  getKv(): KVNamespace | undefined {
    return getCloudflareContext().env[BINDING];
  }
  async write(tag: string) {
    const kv = this.getKv();
    await kv?.put(tag, "1"); // kv
    const fromIndex = getCloudflareContext().env[BINDING];
    await fromIndex.get(tag); // kv: CACHE
  }
}

function pick(env: { SESSIONS: KVNamespace }) {
  return env.SESSIONS;
}

export async function usePicked(env: { SESSIONS: KVNamespace }) {
  await pick(env).get("x"); // kv: SESSIONS
  const m = new Map<string, string>();
  const box = () => m;
  box().get("y");
}
