// A session storage taking an options object, in the style of
// framework session helpers.
export type SessionStorageOptions = {
  namespace: KVNamespace;
  ttl?: number;
  fallback?: KVNamespace | R2Bucket;
};

export function createSessionStorage({ namespace, ttl }: SessionStorageOptions) {
  return {
    async read(id: string) {
      return namespace.get(`session:${id}`, "json"); // kv
    },
    async write(id: string, data: unknown) {
      await namespace.put(`session:${id}`, JSON.stringify(data), { expirationTtl: ttl ?? 3600 }); // kv
    },
  };
}

// A union is not proven KV; a cast out of it decides.
export async function fromFallback(opts: SessionStorageOptions, id: string) {
  await opts.fallback?.get(id);
  await (opts.fallback as KVNamespace).get(id); // kv
  await (opts.fallback as R2Bucket).get(id);
  const blobs = opts.fallback as R2Bucket;
  await blobs.put(id, "x");
  const kv = opts.fallback as unknown as KVNamespace;
  return kv.get(id); // kv
}

// A cast to R2Bucket is not KV, even of a value that otherwise would be.
export async function miscast(opts: SessionStorageOptions) {
  const raw = opts.namespace as unknown as R2Bucket;
  await raw.get("r2");
  const checked = opts.namespace satisfies KVNamespace;
  return checked.get("kv"); // kv
}

// An options object typed by an interface whose member has another type.
interface DriverOptions {
  base: string;
  binding: DurableObjectStorage;
}

export async function driver(options: DriverOptions) {
  const { binding } = options;
  await binding.get(options.base);
  return options.binding.put(options.base, 1);
}

// An env member cast to KVNamespace is that binding.
export async function fromEnv(env: { [name: string]: unknown }) {
  await (env.SESSIONS as KVNamespace).get("s"); // kv: SESSIONS
  await (env.UPLOADS as R2Bucket).get("u");
}
