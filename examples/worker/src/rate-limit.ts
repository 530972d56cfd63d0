// A fixed-window rate limiter kept in KV (the classic lost-update bug:
// concurrent requests all read the same count and all write count + 1).
// The correct tools are a Durable Object (see Counter in index.ts) or the
// rate-limiting binding.

const WINDOW_SECONDS = 60;

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
}

export async function rateLimit(kv: KVNamespace, clientId: string, limit: number): Promise<RateLimitResult> {
  const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
  const key = `ratelimit:${clientId}:${window}`;
  const count = parseInt((await kv.get(key)) ?? "0", 10);
  if (count >= limit) {
    return { allowed: false, remaining: 0 };
  }
  await kv.put(key, String(count + 1), { expirationTtl: WINDOW_SECONDS * 2 });
  return { allowed: true, remaining: limit - count - 1 };
}
