// Session storages built on a framework's createSessionStorage: the
// framework calls the hooks, passing the cookie's expiry, which is
// undefined for a session cookie (no maxAge). A hook that leaves the
// expiration undefined then writes a session that never expires.
import { createSessionStorage } from "react-router";

export function createKVSessionStorage({ cookie, kv }: { cookie?: unknown; kv: KVNamespace }) {
  return createSessionStorage({
    cookie,
    async createData(data: unknown, expires?: Date) {
      const id = crypto.randomUUID();
      await kv.put(id, JSON.stringify(data), { // want `never expires on some paths, where its expiration is undefined`
        expiration: expires ? Math.round(expires.getTime() / 1000) : undefined,
      });
      return id;
    },
    async updateData(id: string, data: unknown, expires?: Date) {
      await kv.put(id, JSON.stringify(data), {
        expiration: expires ? Math.round(expires.getTime() / 1000) : undefined,
      });
    },
  });
}

// Twin: without an expiry the hook falls back to a lifetime of its own.
export function createBoundedSessionStorage({ kv }: { kv: KVNamespace }) {
  return createSessionStorage({
    async createData(data: unknown, expires?: Date) {
      const id = crypto.randomUUID();
      await kv.put(id, JSON.stringify(data), expires ? { expiration: Math.round(expires.getTime() / 1000) } : { expirationTtl: 86400 });
      return id;
    },
  });
}

// Twin: a wrapper of the project's own, whose every caller passes the
// expiry: the callers decide, and they all set one.
async function save(kv: KVNamespace, id: string, data: string, expires?: Date) {
  await kv.put(id, data, { expiration: expires ? Math.round(expires.getTime() / 1000) : undefined });
}

export async function saveFor(kv: KVNamespace, id: string, data: string) {
  await save(kv, id, data, new Date(Date.now() + 3_600_000));
}
