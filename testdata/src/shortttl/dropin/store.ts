// A drop-in wrapper with KV's own put signature: it hands its caller's
// options to KV unchanged and computes no TTL of its own. What the TTL is
// is each caller's; a caller in the project with a short one is reported
// at the put, through the call.
export interface PutOptions<Metadata = unknown> {
  expiration?: number;
  expirationTtl?: number;
  metadata?: Metadata;
}

export class LoggedKV {
  constructor(private readonly kv: KVNamespace) {}

  // Fine: a library's API; whatever its callers pass is theirs.
  async put<Metadata = unknown>(key: string, value: string, options?: PutOptions<Metadata>): Promise<void> {
    console.log("put", key, options?.metadata ? JSON.stringify(options.metadata) : "{}");
    await this.kv.put(key, value, options);
  }
}

// Reported: the only caller passes 30 seconds.
async function save(kv: KVNamespace, key: string, value: string, options?: PutOptions<unknown>) {
  await kv.put(key, value, options); // want "expirationTtl 30 is below KV's minimum of 60 seconds"
}

// Reported: the wrapper computes the TTL from its caller's option.
async function saveFor(kv: KVNamespace, key: string, value: string, options: { ttl: number }) {
  await kv.put(key, value, { expirationTtl: options.ttl }); // want "expirationTtl is computed from a parameter's property and not clamped"
}

export default {
  async fetch(req: Request, env: { CACHE: KVNamespace }) {
    await save(env.CACHE, "a", "1", { expirationTtl: 30 });
    return new Response("ok");
  },
};

export async function remember(kv: KVNamespace, key: string, options: { ttl: number }) {
  await saveFor(kv, key, "1", options);
}
