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

// A function that gives one kind of key a TTL says nothing of another.
export class Grants {
  constructor(private kv: KVNamespace) {}
  async issue(id: string) {
    await this.kv.put(`token:${id}`, "t", { expirationTtl: 3600 });
    await this.kv.put(`grant:${id}`, "g");
    await this.kv.put(`grant:${id}:code`, "c", { expirationTtl: 600 });
  }
  async implicitGrant(id: string) {
    await this.kv.put(`token:${id}`, "t", { expirationTtl: 3600 });
    await this.kv.put(`grant:${id}`, "g"); // want `while the put at deviant/src/chat.ts:41 gives keys "grant:" of the KV namespace a TTL`
  }
}
