import { SHORT_TTL, HOUR, TTLS } from "./constants";

interface Env { CACHE: KVNamespace; RATE: KVNamespace; BUCKET: R2Bucket }

const FIVE = 5;
const LOCAL_SHORT = FIVE * 6;

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

async function putWithTtl(env: Env, key: string, ttl: number) {
  await env.CACHE.put(key, "v", { expirationTtl: ttl }); // want `expirationTtl 45 is below KV's minimum of 60`
}

async function putClampedMax(env: Env, key: string, ttl: number) {
  await env.CACHE.put(key, "v", { expirationTtl: Math.max(60, ttl) });
}

async function putClampedTernary(env: Env, key: string, ttl: number) {
  await env.CACHE.put(key, "v", { expirationTtl: ttl < 60 ? 60 : ttl });
}

async function putEarlyReturn(env: Env, key: string, ttl: number) {
  if (ttl < 60) return;
  await env.CACHE.put(key, "v", { expirationTtl: ttl });
}

export async function putUnclamped(env: Env, key: string, ttl: number) {
  await env.CACHE.put(key, "v", { expirationTtl: Math.max(1, ttl) }); // want `computed from a parameter and not clamped`
  await env.CACHE.put(key, "v", { expirationTtl: ttl < 60 ? ttl : undefined }); // want `computed from a parameter and not clamped`
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    await env.CACHE.put("a", "v", { expirationTtl: 30 }); // want `expirationTtl 30 is below KV's minimum of 60 seconds`
    await env.CACHE.put("b", "v", { expirationTtl: SHORT_TTL }); // want `expirationTtl 30`
    await env.CACHE.put("c", "v", { expirationTtl: LOCAL_SHORT }); // want `expirationTtl 30`
    await env.CACHE.put("d", "v", { expirationTtl: HOUR / 120 }); // want `expirationTtl 30`
    await env.CACHE.put("e", "v", { expirationTtl: TTLS.brief }); // want `expirationTtl 10`
    await env.CACHE.put("f", "v", { expirationTtl: TTLS.day });
    await env.CACHE.put("g", "v", { expirationTtl: HOUR });
    await env.CACHE.put("h", "v", { expirationTtl: 60 });
    await env.CACHE.put("i", "v", { expiration: nowSeconds() + 30 }); // want `expiration is only 30 seconds after now`
    await env.CACHE.put("j", "v", { expiration: Math.floor(Date.now() / 1000) + 30 }); // want `expiration is only 30 seconds after now`
    await env.CACHE.put("k", "v", { expiration: Math.floor(Date.now() / 1000) + 3600 });
    await env.CACHE.put("l", "v", { expiration: 1000 }); // want `expiration 1000 is not at least 60 seconds in the future`
    const opts = { expirationTtl: 20 };
    await env.CACHE.put("m", "v", opts); // want `expirationTtl 20`
    await env.CACHE.get("n", { cacheTtl: 10 }); // want `cacheTtl 10 is below KV's minimum of 30`
    await env.CACHE.get("o", { type: "json", cacheTtl: 30 });
    await env.CACHE.getWithMetadata("p", { cacheTtl: 29 }); // want `cacheTtl 29`
    const started = Number(request.headers.get("x-start"));
    const ttl = Math.floor(Date.now() / 1000) - started;
    await env.RATE.put("q", "v", { expirationTtl: ttl }); // want `computed from a difference of times`
    await env.RATE.put("r", "v", { expirationTtl: Math.max(60, ttl) });
    // Not KV: an R2 bucket takes no TTL, and an unrelated object.
    await env.BUCKET.put("s", "v", { expirationTtl: 1 } as any);
    const fake = { put: (k: string, v: string, o: object) => o };
    fake.put("t", "v", { expirationTtl: 1 });
    await putWithTtl(env, "u", 45);
    await putWithTtl(env, "v", 3600);
    await putClampedMax(env, "w", 5);
    await putClampedTernary(env, "x", 5);
    await putEarlyReturn(env, "y", 5);
    return new Response("ok");
  },
};

// A guard in milliseconds before a conversion to seconds clamps too.
export class Store {
  constructor(private client: KVNamespace) {}
  async set(id: string, v: string, ttlMs: number) {
    if (ttlMs < 60 * 1000) throw new Error("ttl must be at least a minute");
    await this.client.put(id, v, { expirationTtl: ttlMs / 1000 });
  }
  async setLoose(id: string, v: string, ttlMs: number) {
    if (ttlMs < 1000) throw new Error("too short");
    await this.client.put(id, v, { expirationTtl: ttlMs / 1000 }); // want `computed from a parameter and not clamped`
  }
}
