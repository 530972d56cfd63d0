// A chat-state store over one namespace, keys under a per-instance prefix.
export class ChatState {
  constructor(private kv: KVNamespace, private keyPrefix: string) {}

  private subscriptionKey(thread: string) {
    return `${this.keyPrefix}:subscriptions:${thread}`;
  }
  private lockKey(thread: string) {
    return `${this.keyPrefix}:lock:${thread}`;
  }

  // Subscriptions last until unsubscribed: a kind of key that never gets
  // a TTL, in a namespace whose other keys do. Not reported.
  async subscribe(thread: string) {
    await this.kv.put(this.subscriptionKey(thread), "1");
  }

  // The key says it is a lock, after the instance's prefix.
  async lock(thread: string) {
    await this.kv.put(this.lockKey(thread), "1"); // want `put to the KV namespace never expires, yet its name says it holds locks`
  }

  // The helper chooses per call: no TTL on the branch without one is
  // deliberate. Not reported.
  async putJson(key: string, value: unknown, ttlMs?: number) {
    const serialized = JSON.stringify(value);
    if (ttlMs && ttlMs > 0) {
      await this.kv.put(key, serialized, { expirationTtl: Math.max(60, Math.ceil(ttlMs / 1000)) });
      return;
    }
    await this.kv.put(key, serialized);
  }
}
