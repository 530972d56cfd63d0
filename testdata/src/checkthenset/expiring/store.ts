// A key-value adapter that keeps its own expiry in metadata: an entry read
// past it is deleted and reported missing. Two requests deleting the same
// stale entry both do no harm, though get returns what it read when it is
// fresh. The twins consume single-use codes: the delete is followed by the
// value handed on, or by a success.
type Meta = { expires?: number };

export class ExpiringStore {
  constructor(private kv: KVNamespace) {}

  private expired(meta: Meta | null) {
    return meta?.expires !== undefined && meta.expires < Date.now();
  }

  async get(key: string): Promise<string | undefined> {
    const { value, metadata } = await this.kv.getWithMetadata<Meta>(key);
    if (value === null) return undefined;
    if (this.expired(metadata)) {
      await this.kv.delete(key);
      return undefined;
    }
    return value;
  }

  async has(key: string): Promise<boolean> {
    const { value, metadata } = await this.kv.getWithMetadata<Meta>(key);
    if (value === null) return false;
    if (this.expired(metadata)) {
      await this.kv.delete(key);
      return false;
    }
    return true;
  }

  async take(key: string): Promise<string | undefined> {
    const { value, metadata } = await this.kv.getWithMetadata<Meta>(key);
    if (value === null || this.expired(metadata)) return undefined;
    await this.kv.delete(key); // want `delete on the KV namespace decided by a getWithMetadata of the same key`
    return value;
  }

  async redeem(code: string): Promise<boolean> {
    const { value } = await this.kv.getWithMetadata<Meta>(`otp:${code}`);
    if (value !== null) {
      await this.kv.delete(`otp:${code}`); // want `delete on the KV namespace decided by a getWithMetadata of the same key`
      return value.length > 0;
    }
    return false;
  }
}
