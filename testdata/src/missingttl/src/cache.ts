// A cache wrapper: the TTL is the caller's to give.
type Env = { CACHE: KVNamespace };

export async function cachePut(env: Env, key: string, value: string, ttl?: number) {
  await env.CACHE.put(key, value, { expirationTtl: ttl });
}

export async function cacheSet(env: Env, key: string, value: string, opts?: { ttl?: number }) {
  await env.CACHE.put(key, value, { expirationTtl: opts?.ttl });
}

export async function cacheWith(env: Env, key: string, value: string, options?: KVNamespacePutOptions) {
  await env.CACHE.put(key, value, options);
}

export async function warm(env: Env) {
  await cachePut(env, "a", "v"); // want `this call leaves out the expiration its put to CACHE takes from a parameter`
  await cachePut(env, "b", "v", 3600);
  await cachePut(env, "c", "v", undefined); // want `leaves out the expiration`
  await cacheSet(env, "d", "v", {}); // want `leaves out the expiration`
  await cacheSet(env, "e", "v", { ttl: 600 });
  await cacheWith(env, "f", "v"); // want `leaves out the expiration`
  await cacheWith(env, "g", "v", { metadata: { v: 1 } }); // want `leaves out the expiration`
  await cacheWith(env, "h", "v", { expirationTtl: 600 });
}

// A TTL undefined on some path is no TTL on that path.
export async function remember(env: Env, key: string, value: string, temporary: boolean) {
  let ttl;
  if (temporary) ttl = 300;
  await env.CACHE.put(key, value, { expirationTtl: ttl }); // want `put to CACHE never expires on some paths`
  await env.CACHE.put(key, value, { expirationTtl: undefined }); // want `put to CACHE never expires`
  await env.CACHE.put(key, value, { expirationTtl: temporary ? 300 : undefined }); // want `never expires on some paths`
  await env.CACHE.put(key, value, { expirationTtl: temporary ? 300 : 86400 });
  // Options filled in on a branch may hold one.
  const opts: KVNamespacePutOptions = {};
  if (temporary) opts.expirationTtl = 300;
  await env.CACHE.put(key, value, opts);
}
