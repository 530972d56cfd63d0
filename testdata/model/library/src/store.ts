// The namespace types of a small rate-limiting library: its own names for
// KVNamespace, an options type, and a namespace of aliases.
export interface Store extends KVNamespace {}
export type TextStore = KVNamespace<string>;

export namespace L {
  export interface Store extends KVNamespace<string> {}
  export type Maybe = Store | undefined;
}

export interface RateLimiterOptions {
  kv: Store;
  prefix?: string;
  archive?: R2Bucket;
  memory?: Map<string, number>;
}

// Same member name, other binding: typed values tell them apart.
export interface ArchiveOptions {
  kv: R2Bucket;
  state: DurableObjectStorage;
}
