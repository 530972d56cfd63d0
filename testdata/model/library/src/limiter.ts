import type { ArchiveOptions, L, RateLimiterOptions, Store } from "./store";

export class RateLimiter {
  private readonly opts: RateLimiterOptions;
  #kv: Store;
  constructor(opts: RateLimiterOptions) {
    this.opts = opts;
    this.#kv = opts.kv;
  }
  async hit(id: string) {
    const n = await this.opts.kv.get(id); // kv
    await this.#kv.put(id, String(Number(n) + 1)); // kv
    await this.opts.archive?.get(id);
    this.opts.memory?.get(id);
    return n;
  }
}

// A constructor parameter property whose type is a generic parameter
// constrained to KVNamespace.
export class Buckets<S extends KVNamespace> {
  constructor(private readonly store: S) {}
  read(key: string) {
    return this.store.get(key); // kv
  }
}

export async function limit({ kv, prefix }: RateLimiterOptions, key: string) {
  return kv.get(`${prefix}:${key}`); // kv
}

export async function archive({ kv, state }: ArchiveOptions, key: string) {
  await state.put(key, 1);
  await state.get(key);
  return kv.get(key);
}

export async function archiveOf(o: ArchiveOptions) {
  return o.kv.get("k");
}

export function viaNamespace(s: L.Store, m: L.Maybe) {
  m?.get("m"); // kv
  return s.list(); // kv
}

export function generic<T extends KVNamespace>(ns: T, key: string) {
  return ns.get(key); // kv
}

export const arrow = async <N extends Store>(ns: N) => ns.delete("a"); // kv

// Functions whose declared result is KV, through an alias or a Promise.
function storeOf(o: RateLimiterOptions): Store {
  return o.kv;
}

async function loadStore(): Promise<L.Store | undefined> {
  return undefined;
}

function archiveOfOptions(o: ArchiveOptions): R2Bucket {
  return o.kv;
}

export async function results(o: RateLimiterOptions, a: ArchiveOptions) {
  await storeOf(o).get("r"); // kv
  await (await loadStore())?.get("p"); // kv
  await archiveOfOptions(a).get("b");
}
