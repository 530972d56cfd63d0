import { Env, Grant, dropGrant, readGrant } from "./tokens";

// A single-use authorization code, consumed by get-then-delete.
export async function exchange(env: Env, code: string) {
  const grant = await env.TOKENS.get<Grant>(`code:${code}`, "json");
  if (!grant) return new Response("invalid code", { status: 400 });
  await env.TOKENS.delete(`code:${code}`); // want "delete on TOKENS decided by a get of the same key \\(line 5, tested on line 6\\).*Durable Object, or D1 with a unique constraint"
  return Response.json({ access_token: crypto.randomUUID(), user: grant.userId });
}

// The same through helpers.
export async function exchangeViaHelpers(env: Env, code: string) {
  const grant = await readGrant(env, code);
  if (grant === null) throw new Error("invalid code");
  await dropGrant(env, code); // want "delete on TOKENS decided by a get of the same key"
  return grant.scope;
}

// A password-reset token, deleted inside the branch that accepts it.
export async function resetPassword(env: Env, token: string, password: string) {
  const userId = await env.TOKENS.get(`reset:${token}`);
  if (userId) {
    await env.TOKENS.delete(`reset:${token}`); // want "delete on TOKENS decided by a get"
    return setPassword(userId, password);
  }
  return false;
}

// A replay marker: the jti is remembered after checking it was not seen.
export async function verifyOnce(env: Env, jti: string, exp: number) {
  const seen = await env.TOKENS.get(`jti:${jti}`);
  if (seen !== null) throw new Error("token replayed");
  await env.TOKENS.put(`jti:${jti}`, "1", { expiration: exp }); // want "put on TOKENS decided by a get of the same key.*two requests can both pass the check"
}

// A lock: taken when nobody holds it.
export async function withLock(env: Env, job: string, work: () => Promise<void>) {
  const key = `lock:${job}`;
  if (await env.LOCKS.get(key)) return false;
  await env.LOCKS.put(key, JSON.stringify({ at: Date.now() }), { expirationTtl: 60 }); // want "put on LOCKS decided by a get"
  try {
    await work();
  } finally {
    await env.LOCKS.delete(key);
  }
  return true;
}

// Claim once: a webhook delivery processed at most once.
export async function onWebhook(env: Env, deliveryId: string) {
  const done = await env.LOCKS.get(`delivery:${deliveryId}`);
  if (!done) {
    await env.LOCKS.put(`delivery:${deliveryId}`, "processed", { expirationTtl: 86400 }); // want "put on LOCKS decided by a get"
    await process(deliveryId);
  }
}

// --- must not fire ---

// A read-through cache: the hit is served, a miss filled.
export async function profile(env: Env, id: string) {
  const cached = await env.TOKENS.get(`profile:${id}`);
  if (cached) return new Response(cached);
  const fresh = JSON.stringify(await loadProfile(id));
  await env.TOKENS.put(`profile:${id}`, fresh, { expirationTtl: 300 });
  return new Response(fresh);
}

// Filled from another source when missing, the hit not served here.
export async function ensureRates(env: Env) {
  const have = await env.TOKENS.get("rates");
  if (have === null) {
    const res = await fetch("https://example.com/rates");
    await env.TOKENS.put("rates", await res.text(), { expirationTtl: 3600 });
  }
}

// A cache binding, and a key that says cache.
export async function page(env: Env, path: string) {
  if (await env.PAGE_CACHE.get(path)) return;
  await env.PAGE_CACHE.put(path, "rendered", { expirationTtl: 60 });
}

export async function cachedFlag(env: Env) {
  const v = await env.TOKENS.get("cache:flag");
  if (!v) await env.TOKENS.put("cache:flag", "on", { expirationTtl: 60 });
}

// A value derived from the read (a counter: counterrace's business).
export async function bump(env: Env, id: string) {
  const n = await env.TOKENS.get(`n:${id}`);
  if (n !== null) await env.TOKENS.put(`n:${id}`, String(Number(n) + 1));
}

// Another key.
export async function rotate(env: Env, id: string) {
  const old = await env.TOKENS.get(`token:${id}`);
  if (!old) return;
  await env.TOKENS.delete(`token:${id}:previous`);
}

// The write does not depend on the read at all.
export async function logout(env: Env, sid: string) {
  const s = await env.TOKENS.get(`session:${sid}`);
  await env.TOKENS.delete(`session:${sid}`);
  return s !== null;
}

declare function setPassword(user: string, password: string): Promise<boolean>;
declare function process(id: string): Promise<void>;
declare function loadProfile(id: string): Promise<object>;

// Delete if present, handing nothing on: deleting twice is harmless.
export async function revokeIfOwned(env: Env, id: string, client: string) {
  const t = await env.TOKENS.get<Grant>(`token:${id}`, "json");
  if (!t || t.scope !== client) return false;
  await env.TOKENS.delete(`token:${id}`);
  return true;
}

// A lock taken through a helper that puts what it is given.
async function putJson(env: Env, key: string, value: object, ttlMs: number) {
  await env.LOCKS.put(key, JSON.stringify(value), { expirationTtl: Math.max(60, Math.ceil(ttlMs / 1000)) });
}

export async function acquireLock(env: Env, thread: string, ttlMs: number) {
  const key = `lock:${thread}`;
  const now = Date.now();
  const existing = await env.LOCKS.get<{ expiresAt: number }>(key, "json");
  if (existing && existing.expiresAt > now) return null;
  const token = makeToken();
  await putJson(env, key, { token, expiresAt: now + ttlMs }, ttlMs); // want "put on LOCKS decided by a get of the same key"
  return token;
}

function makeToken() {
  return crypto.randomUUID();
}
