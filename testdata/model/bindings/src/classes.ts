import { DurableObject } from "cloudflare:workers";

interface Env { CACHE: KVNamespace; SESSIONS: KVNamespace }

export class Room extends DurableObject<Env> {
  async fetch(request: Request) {
    await this.env.CACHE.get("do"); // kv: CACHE
    await this.ctx.storage.put("state", 1);
    await this.ctx.storage.get("state");
    const list = await this.ctx.storage.list();
    return new Response(String(list.size));
  }
}

export class Repo {
  constructor(private readonly kv: KVNamespace, private bucket: R2Bucket) {}
  async read(k: string) {
    await this.bucket.get(k);
    return this.kv.get(k); // kv
  }
}

class Sessions {
  store;
  other;
  constructor(env: Env) {
    this.store = env.SESSIONS;
    this.other = new Map();
  }
  async touch(id: string) {
    await this.store.get(id); // kv: SESSIONS
    this.other.get(id);
  }
}

export function makeSessions(env: Env) {
  return new Sessions(env);
}

interface Options { namespace: KVNamespace; prefix: string }

export async function withOptions(opts: Options) {
  return opts.namespace.get(opts.prefix); // kv
}

// Private members: fields set in the constructor, typed fields, methods
// that return a namespace.
export class Vault {
  #ns;
  #typed: KVNamespace;
  #bucket: R2Bucket;
  constructor(env: Env, typed: KVNamespace, bucket: R2Bucket) {
    this.#ns = env.SESSIONS;
    this.#typed = typed;
    this.#bucket = bucket;
  }
  #late: KVNamespace;
  init(late) {
    this.#late = late;
  }
  #store() {
    return this.#ns;
  }
  async later(id: string) {
    return this.#late.get(id); // kv
  }
  async read(id: string) {
    await this.#bucket.get(id);
    await this.#typed.get(id); // kv
    await this.#store().get(id); // kv: SESSIONS
    return this.#ns.get(id); // kv: SESSIONS
  }
}
