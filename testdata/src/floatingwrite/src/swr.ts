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

// A callback-style store (express-session's Store API): the caller waits
// for the callback, which the chain calls. Not floating.
export class CallbackStore {
  constructor(private kv: KVNamespace) {}
  set(sid: string, data: string, callback?: (err?: unknown) => void): void {
    this.kv
      .put(sid, data, { expirationTtl: 3600 })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }
  destroy(sid: string, done: (err?: unknown) => void): void {
    this.kv.delete(sid).then(() => done(), done);
  }
  clear(sid: string, done: () => void): void {
    this.kv.delete(sid).finally(done);
  }
  // A handler that only logs tells no one.
  touch(sid: string, log: { warn(e: unknown): void }): void {
    this.kv.put(sid, "1", { expirationTtl: 3600 }).catch((e) => log.warn(e)); // want `put to the KV namespace is not awaited.*\.catch`
  }
}
