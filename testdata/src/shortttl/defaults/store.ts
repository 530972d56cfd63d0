// A small cache library whose TTLs come from its caller's options, with
// defaults of its own. A default below 60 is the TTL whenever the caller
// leaves the option out, so the put fails on that path: an error, not
// only "not clamped".

export interface CacheOptions {
  kv: KVNamespace;
  ttl?: number;
  edgeTtl?: number;
}

export class TinyCache {
  #ttl: number;
  constructor(private opts: CacheOptions) {
    this.#ttl = opts.ttl ?? 30;
  }

  async set(key: string, value: string) {
    await this.opts.kv.put(key, value, { expirationTtl: this.#ttl }); // want `expirationTtl is 30 when its default or fallback applies`
  }

  async read(key: string) {
    return this.opts.kv.get(key, { cacheTtl: this.opts.edgeTtl || 10 }); // want `cacheTtl is 10 when its default or fallback applies`
  }
}

export class ShortByDefault {
  constructor(private kv: KVNamespace, private ttl = 20) {}
  async set(key: string, value: string) {
    await this.kv.put(key, value, { expirationTtl: this.ttl }); // want `expirationTtl is 20 when`
  }
}

export async function remember(kv: KVNamespace, key: string, value: string, ttl = 45) {
  await kv.put(key, value, { expirationTtl: ttl }); // want `expirationTtl is 45 when`
}

export async function rememberFor(kv: KVNamespace, key: string, { seconds = 15 }: { seconds?: number } = {}) {
  await kv.put(key, "1", { expirationTtl: seconds }); // want `expirationTtl is 15 when`
}

// Must not fire as errors: defaults of at least 60, a fallback of 0 that a
// truthiness or positivity test keeps away from KV, a default that a
// clamp, by call or by reassignment, raises, and a default that arithmetic
// turns into something else (then only "not clamped" is known).
export class LongByDefault {
  #ttl: number;
  constructor(private opts: CacheOptions) {
    this.#ttl = opts.ttl ?? 3600;
  }
  async set(key: string, value: string) {
    await this.opts.kv.put(key, value, { expirationTtl: this.#ttl }); // want `not clamped`
  }
}

export async function optional(kv: KVNamespace, key: string, opts: { ttl?: number } = {}) {
  const ttl = opts.ttl ?? 0;
  if (ttl) await kv.put(key, "1", { expirationTtl: ttl }); // want `not clamped`
  await kv.put(key, "2", ttl > 0 ? { expirationTtl: ttl } : {}); // want `not clamped`
}

export async function clamped(kv: KVNamespace, key: string, opts: { ttl?: number } = {}) {
  await kv.put(key, "1", { expirationTtl: Math.max(60, opts.ttl ?? 30) });
  let ttl = opts.ttl ?? 30;
  if (ttl < 60) ttl = 60;
  await kv.put(key, "2", { expirationTtl: ttl });
}

export async function inMinutes(kv: KVNamespace, key: string, opts: { minutes?: number } = {}) {
  await kv.put(key, "1", { expirationTtl: (opts.minutes ?? 5) * 60 }); // want `not clamped`
}

// A fallback of 0 that a test or `|| undefined` keeps away from KV.
export async function zeroMeansNone(kv: KVNamespace, key: string, opts: { ttl?: number } = {}) {
  const ttl = opts.ttl ?? 0;
  await kv.put(key, "1", { expirationTtl: ttl || undefined }); // want `not clamped`
  if (ttl === 0) {
    await kv.put(key, "2");
  } else {
    await kv.put(key, "3", { expirationTtl: ttl }); // want `not clamped`
  }
  if (ttl !== 0) await kv.put(key, "4", { expirationTtl: ttl }); // want `not clamped`
}
