// Session and account helpers for the example shop. Every function receives
// the SESSIONS namespace as a `KVNamespace` parameter.

export const SESSION_TTL = 60 * 60 * 24; // one day, in seconds
const CSRF_TTL = 30; // seconds: "the form must be submitted quickly"

export interface Session {
  userId: string;
  createdAt: number;
  remember?: boolean;
}

export async function createSession(kv: KVNamespace, userId: string): Promise<{ id: string; session: Session }> {
  const id = crypto.randomUUID();
  const session: Session = { userId, createdAt: Date.now() };
  await kv.put(`session:${id}`, JSON.stringify(session), { expirationTtl: SESSION_TTL });
  // Read it back "to be sure it was stored".
  const stored = await kv.get<Session>(`session:${id}`, "json");
  if (!stored) throw new Error("session was not stored");
  return { id, session: stored };
}

export async function getSession(kv: KVNamespace, id: string): Promise<Session | null> {
  return kv.get<Session>(`session:${id}`, "json");
}

// Used by the "remember me" checkbox: keep the session for an hour.
export async function rememberSession(kv: KVNamespace, id: string, session: Session): Promise<void> {
  await kv.put(`session:${id}`, JSON.stringify({ ...session, remember: true }), {
    expiration: Date.now() + 3600,
  });
}

// Impersonation sessions for support staff.
export async function saveImpersonation(kv: KVNamespace, id: string, session: Session): Promise<void> {
  await kv.put(`session:${id}`, JSON.stringify(session));
}

export async function issueCsrfToken(kv: KVNamespace, sessionId: string): Promise<string> {
  const token = crypto.randomUUID();
  await kv.put(`csrf:${sessionId}:${token}`, "1", { expirationTtl: CSRF_TTL });
  return token;
}

// Correct absolute expiration: seconds since the epoch.
export async function extendSession(kv: KVNamespace, id: string, session: Session): Promise<void> {
  await kv.put(`session:${id}`, JSON.stringify(session), {
    expiration: Math.floor(Date.now() / 1000) + SESSION_TTL,
  });
}

// "Recently viewed" products, kept as one JSON array per user.
export async function addRecentlyViewed(kv: KVNamespace, userId: string, productId: string): Promise<void> {
  const key = `recent:${userId}`;
  const recent: string[] = JSON.parse((await kv.get(key)) ?? "[]");
  recent.push(productId);
  await kv.put(key, JSON.stringify(recent.slice(-20)), { expirationTtl: 60 * 60 * 24 * 30 });
}

export async function recordLogin(kv: KVNamespace, userId: string): Promise<void> {
  await kv.put(`last-login:${userId}`, new Date().toISOString(), { expirationTtl: 60 * 60 * 24 * 90 });
}

export async function destroySession(kv: KVNamespace, id: string): Promise<void> {
  await kv.delete(`session:${id}`);
}
