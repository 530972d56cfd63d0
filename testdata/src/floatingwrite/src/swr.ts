// A stale-while-revalidate cache wrapper, as libraries write it: the
// background refresh is fire-and-forget with a .catch for logging, which
// the runtime may cancel as soon as the response is out.
export class SwrCache {
  constructor(private kv: KVNamespace, private ctx?: ExecutionContext) {}

  async get(key: string, load: () => Promise<string>): Promise<string> {
    const hit = await this.kv.get(key);
    if (hit !== null) {
      this.kv.put(key, await load(), { expirationTtl: 600 }).catch((err) => console.warn("refresh failed", err)); // want `put to the KV namespace is not awaited.*\.catch`
      return hit;
    }
    const value = await load();
    // Handed to waitUntil, the chained promise keeps the invocation alive.
    this.ctx?.waitUntil(this.kv.put(key, value, { expirationTtl: 600 }).catch(() => {}));
    return value;
  }

  // Returned to the caller, who decides.
  set(key: string, value: string) {
    return this.kv.put(key, value, { expirationTtl: 600 }).catch((err) => console.warn(err));
  }
}
