// No KV text here: the type reaches KV through store.ts.
import type { TextStore } from "./store";

export type CacheOptions = { cache: TextStore; ttl?: number };
