// A plain-JS store class: nothing types its namespace, which the caller
// hands in through options. Its calls with signatures only KV has
// (getWithMetadata, get(k, "json"), put with metadata) make the field KV,
// and every call on it counts.
export class JSStore {
  constructor(options = {}) {
    const { kv, prefix = "" } = options;
    this.kv = kv;
    this.prefix = prefix;
    this.memo = new Map();
    this.bucket = options.bucket;
    this.local = new LocalStore();
  }

  async read(key) {
    const { value, metadata } = await this.kv.getWithMetadata(this.prefix + key, "json"); // kv
    return metadata ? value : null;
  }

  async keys() {
    const page = await this.kv.list({ prefix: this.prefix }); // kv
    return page.keys.map((k) => k.name);
  }

  async remove(key) {
    this.memo.delete(key);
    await this.kv.delete(this.prefix + key); // kv
  }

  // A Map built in the constructor is never KV, whatever is called on it.
  remembered(key) {
    return this.memo.get(key);
  }

  // A store built in the constructor is not a namespace handed in, even
  // with KV's method names.
  async cached(key) {
    return this.local.getWithMetadata(key);
  }

  // Only list, get and put, which R2 has too: no evidence, not KV.
  async archive(key, body) {
    await this.bucket.put(key, body);
    return this.bucket.get(key);
  }
}

class LocalStore {
  getWithMetadata(key) {
    return { value: key, metadata: null };
  }
}
