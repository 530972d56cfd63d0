// KV reaches helpers through typed parameters, fields and call sites.
export class Store {
  constructor(private readonly kv: KVNamespace, private bucket: R2Bucket) {}
  async save(key: string, value: string) {
    await this.kv.put(key, value); // want `never expires`
    await this.bucket.put(key, value);
  }
}

export class Holder {
  ns;
  constructor(env) {
    this.ns = env.SESSIONS;
  }
  async touch() {
    await this.ns.put("t", "1"); // want `put to SESSIONS never expires`
  }
}

async function write(ns, key) {
  await ns.put(key, "1"); // want `put to CACHE never expires`
}

async function other(thing, key) {
  await thing.put(key, "1");
}

export async function handler(env: { CACHE: KVNamespace }) {
  await write(env.CACHE, "a");
  await write(env.CACHE, "b");
  await other(new Map(), "c");
}
