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
