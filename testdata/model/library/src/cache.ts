// KV-ness from an imported type only: this file never says KVNamespace.
import type { CacheOptions } from "./options";

export class TtlCache {
  constructor(private options: CacheOptions) {}
  async read(key: string) {
    return this.options.cache.get(key); // kv
  }
}

export async function readWith({ cache }: CacheOptions, key: string) {
  return cache.get(key); // kv
}

// User objects with get/put are not KV.
interface Memo {
  get(key: string): string | undefined;
  put(key: string, value: string): void;
}

export function remember(memo: Memo, registry: Map<string, string>) {
  memo.put("k", memo.get("k") ?? "v");
  registry.get("k");
}

// A type renamed by its import.
import type { Store as Backing } from "./store";

export async function viaRename(b: Backing) {
  return b.get("renamed"); // kv
}
