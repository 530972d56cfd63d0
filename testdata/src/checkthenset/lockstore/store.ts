// A chat-state adapter's locks and queue in one class. releaseLock reads
// the lock, checks that it still holds this owner's token, then deletes it:
// a lock that expired and was taken by another worker meanwhile (which
// other locations still see as ours for up to a minute) is deleted too.
interface StoredLock {
  token: string;
  expiresAt: number;
}

export class KVState {
  constructor(private kv: KVNamespace, private prefix = "chat") {}

  private lockKey(thread: string): string {
    return `${this.prefix}:lock:${thread}`;
  }

  private async putJson(key: string, value: object, ttlMs: number): Promise<void> {
    await this.kv.put(key, JSON.stringify(value), { expirationTtl: Math.max(60, Math.ceil(ttlMs / 1000)) });
  }

  async acquireLock(thread: string, ttlMs: number): Promise<string | null> {
    const key = this.lockKey(thread);
    const existing = await this.kv.get<StoredLock>(key, "json");
    if (existing && existing.expiresAt > Date.now()) {
      return null;
    }
    const token = crypto.randomUUID();
    await this.putJson(key, { token, expiresAt: Date.now() + ttlMs }, ttlMs); // want `put on the KV namespace decided by a get of the same key`
    return token;
  }

  async releaseLock(thread: string, token: string): Promise<void> {
    const key = this.lockKey(thread);
    const current = await this.kv.get<StoredLock>(key, "json");
    if (!current || current.token !== token) {
      return;
    }
    await this.kv.delete(key); // want `delete on the KV namespace decided by a get of the same key`
  }

  // Twin: a delete decided only by whether the key is there.
  async forgetThread(thread: string): Promise<void> {
    const key = `${this.prefix}:seen:${thread}`;
    if ((await this.kv.get(key)) !== null) {
      await this.kv.delete(key);
    }
  }

  // Twin: an invite checked against its owner and deleted, a key no code
  // puts again (ids are random).
  async revokeInvite(id: string, owner: string): Promise<boolean> {
    const key = `${this.prefix}:invite:${id}`;
    const invite = await this.kv.get<{ owner: string }>(key, "json");
    if (!invite || invite.owner !== owner) return false;
    await this.kv.delete(key);
    return true;
  }
}
