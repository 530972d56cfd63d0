// A cache wrapper helper whose TTL parameter is typed as a union of
// literals.
type Ttl = number;

export async function cached<T>(kv: KVNamespace, key: string, ttl: 10 | 60 | 300, load: () => Promise<T>): Promise<T> {
  const hit = await kv.get<T>(key, "json");
  if (hit !== null) return hit;
  const value = await load();
  await kv.put(key, JSON.stringify(value), { expirationTtl: ttl }); // want `expirationTtl 10 is below KV's minimum`
  return value;
}

export async function cachedSafe<T>(kv: KVNamespace, key: string, ttl: 60 | 300 | 3600, load: () => Promise<T>): Promise<T> {
  const value = await load();
  await kv.put(key, JSON.stringify(value), { expirationTtl: ttl });
  return value;
}

// A helper computing the TTL: its summary is what callers get.
function ttlFor(kind: string): Ttl {
  switch (kind) {
    case "page":
      return 3600;
    case "fragment":
      return 30;
    default:
      return 300;
  }
}

const clampTtl = (s: number) => Math.max(60, s);

export async function store(kv: KVNamespace, kind: string, key: string, body: string, requested: number) {
  await kv.put(key, body, { expirationTtl: ttlFor(kind) }); // want `expirationTtl 30 is below`
  await kv.put(key, body, { expirationTtl: clampTtl(requested) });
  // Until the top of the next hour: seconds, but maybe less than a minute.
  await kv.put(key, body, { expiration: Math.ceil(Date.now() / 3_600_000) * 3600 }); // want `expiration can be as little as 0 seconds`
  const nowSec = Math.floor(Date.now() / 1000);
  await kv.put(key, body, { expiration: Math.max(nowSec + 60, Math.ceil(Date.now() / 3_600_000) * 3600) });
  await kv.put(key, body, { expiration: nowSec + 3600 });
}
