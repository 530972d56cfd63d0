// A library class of its own module; the handler below makes instances
// of it and keeps one in a private field.
export class Profiles {
  constructor(private ns: KVNamespace) {}
  async save(id: string, body: string) {
    await this.ns.put(`profile:${id}`, body, { expirationTtl: 86400 });
  }
  async load(id: string) {
    return this.ns.get(`profile:${id}`, "json");
  }
}

// The same methods over R2 and a Map: not KV, no finding.
export class Files {
  #memo = new Map<string, string>();
  constructor(private bucket: R2Bucket) {}
  async save(id: string, body: string) {
    this.#memo.set(id, body);
    await this.bucket.put(`profile:${id}`, body);
  }
  async load(id: string) {
    return this.#memo.get(id) ?? this.bucket.get(`profile:${id}`);
  }
}
