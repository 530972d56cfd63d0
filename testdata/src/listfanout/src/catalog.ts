// A library class over a KV namespace, used from other modules.
export class Catalog {
  #kv: KVNamespace;
  #keys: (kv: KVNamespace, prefix: string) => AsyncGenerator<string>;

  constructor(kv: KVNamespace) {
    this.#kv = kv;
    // A listing helper kept in a private field.
    this.#keys = pages;
  }

  async item(id: string) {
    return this.#kv.get(id, "json");
  }

  async drop(id: string) {
    await this.#kv.delete(id);
  }

  async clear(prefix: string) {
    for await (const key of this.#keys(this.#kv, prefix)) {
      await this.#kv.delete(key); // want "delete on DOCS once per key returned by list\\(\\) \\(line 41\\)"
    }
  }

  async *items(prefix: string) {
    for await (const key of this.#keys(this.#kv, prefix)) {
      yield this.item(key); // want "a call that makes a get on DOCS once per key"
    }
  }

  // Fine: only the names, no operation per key.
  async *names(prefix: string) {
    yield* this.#keys(this.#kv, prefix);
  }
}

async function* pages(kv: KVNamespace, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const { name } of page.keys) yield name;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}

// The same shape over an R2 bucket and a Map: no KV operation per key.
export class Archive {
  #bucket: R2Bucket;
  #memo: Map<string, string>;
  #objects: (bucket: R2Bucket, prefix: string) => AsyncGenerator<string>;

  constructor(bucket: R2Bucket) {
    this.#bucket = bucket;
    this.#memo = new Map();
    this.#objects = objects;
  }

  async item(id: string) {
    return this.#memo.get(id) ?? this.#bucket.get(id);
  }

  async clear(prefix: string) {
    for await (const key of this.#objects(this.#bucket, prefix)) {
      await this.#bucket.delete(key);
      this.#memo.delete(key);
    }
  }

  async *items(prefix: string) {
    for await (const key of this.#objects(this.#bucket, prefix)) {
      yield this.item(key);
    }
  }
}

async function* objects(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    for (const o of page.objects) yield o.key;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}
