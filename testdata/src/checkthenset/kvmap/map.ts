// A Map over a KV namespace. delete() asks has() whether the key is there
// and returns that: two deletes of one key both answer true, which does no
// harm (nothing read is handed on). take() deletes the key only when
// load() found it and returns what it held: a token consumed by two
// requests at once is handed to both.
export class KVMap {
  constructor(private kv: KVNamespace) {}

  async has(key: string): Promise<boolean> {
    const value = await this.kv.get(key);
    return value !== null;
  }

  async load(key: string): Promise<string | null> {
    return this.kv.get(key);
  }

  async delete(key: string): Promise<boolean> {
    const exists = await this.has(key);
    if (exists) {
      await this.kv.delete(key);
    }
    return exists;
  }

  async take(key: string): Promise<string | null> {
    const value = await this.load(key);
    if (value !== null) {
      await this.kv.delete(key); // want `delete on the KV namespace decided by a get of the same key`
    }
    return value;
  }
}
