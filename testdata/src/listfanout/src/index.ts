import { Env, keysOf, listAll, loadSession, readAll, readBulk } from "./sessions";

interface Session {
  owner: string;
}

// The session list of one user: every session read, then filtered by owner.
export async function sessionsOf(env: Env, user: string) {
  const { keys } = await env.SESSIONS.list({ prefix: "session:" });
  const mine: Session[] = [];
  for (const k of keys) {
    const s = await env.SESSIONS.get<Session>(k.name, "json"); // want "get on SESSIONS once per key returned by list\\(\\) \\(line 9\\): a full page of 1000 keys costs 1001 operations"
    if (s?.owner === user) mine.push(s);
  }
  return mine;
}

// The same with map and Promise.all, "in chunks of 50 to stay under the
// limit": chunking bounds only how many run at once.
export async function sessionsChunked(env: Env, user: string) {
  const list = await env.SESSIONS.list({ prefix: "session:" });
  const out: (Session | null)[] = [];
  for (let i = 0; i < list.keys.length; i += 50) {
    const chunk = list.keys.slice(i, i + 50);
    out.push(...(await Promise.all(chunk.map((k) => env.SESSIONS.get<Session>(k.name, "json"))))); // want "get on SESSIONS once per key"
  }
  return out.filter((s) => s?.owner === user);
}

// Keys gathered over every page by a helper, then read through another
// helper, per key.
export async function allDocs(env: Env) {
  const names = await listAll(env.DOCS, "doc:");
  const docs = [];
  for (const name of names) {
    docs.push(await loadSession(env, name)); // want "a call that makes a get on SESSIONS once per key returned by list\\(\\) \\(sessions.ts:16\\)"
  }
  return docs;
}

// The keys handed whole to a helper that reads them one by one.
export async function everySession(env: Env) {
  const names = await listAll(env.SESSIONS, "session:");
  return readAll(env, names); // want "a call that makes a get on SESSIONS once per key"
}

// Cleanup: one delete per listed key.
export async function purge(env: Env, user: string) {
  const { keys } = await env.SESSIONS.list({ prefix: `session:${user}:` });
  await Promise.all(keys.map((k) => env.SESSIONS.delete(k.name))); // want "delete on SESSIONS once per key returned by list\\(\\) \\(line 49\\).*set an expiration"
}

// An index loop over the keys.
export async function touchAll(env: Env) {
  const res = await env.DOCS.list();
  for (let i = 0; i < res.keys.length; i++) {
    await env.DOCS.put(res.keys[i].name, "seen"); // want "put on DOCS once per key"
  }
}

// Keys yielded by a generator helper, deleted one by one.
export async function clearDocs(env: Env) {
  for await (const name of keysOf(env.DOCS, "doc:")) {
    await env.DOCS.delete(name); // want "delete on DOCS once per key returned by list\\(\\) \\(sessions.ts:46\\)"
  }
}

// --- must not fire ---

// Already a bulk read.
export async function sessionsBulk(env: Env, user: string) {
  const { keys } = await env.SESSIONS.list({ prefix: `session:${user}:` });
  const values = await env.SESSIONS.get<Session>(keys.map((k) => k.name), "json");
  return [...values.values()];
}

// A bulk read per chunk of 100 keys.
export async function sessionsBulkChunks(env: Env) {
  const { keys } = await env.SESSIONS.list({ prefix: "session:" });
  const names = keys.map((k) => k.name);
  for (let i = 0; i < names.length; i += 100) {
    await env.SESSIONS.get(names.slice(i, i + 100), "json");
  }
}

// A helper handed the keys that reads them in bulk.
export async function everySessionBulk(env: Env) {
  const names = await listAll(env.SESSIONS, "session:");
  return readBulk(env, names);
}

// A small constant page, no cursor.
export async function recent(env: Env) {
  const { keys } = await env.DOCS.list({ prefix: "doc:", limit: 20 });
  return Promise.all(keys.map((k) => env.DOCS.get(k.name)));
}

// The loop stops after a constant count.
export async function firstTen(env: Env) {
  const { keys } = await env.DOCS.list({ prefix: "doc:" });
  const out = [];
  for (const k of keys.slice(0, 10)) {
    out.push(await env.DOCS.get(k.name));
  }
  return out;
}

export async function untilFive(env: Env) {
  const { keys } = await env.DOCS.list({ prefix: "doc:" });
  const out = [];
  for (const k of keys) {
    if (out.length >= 5) break;
    out.push(await env.DOCS.get(k.name));
  }
  return out;
}

// Only the listing's metadata is used: no per-key operation.
export async function titles(env: Env) {
  const { keys } = await env.DOCS.list<{ title: string }>({ prefix: "doc:" });
  return keys.map((k) => k.metadata?.title);
}

// One key of the listing, not one per key.
export async function newest(env: Env) {
  const { keys } = await env.DOCS.list({ prefix: "doc:" });
  if (keys.length === 0) return null;
  return env.DOCS.get(keys[0].name);
}

// A loop over something else next to a listing.
export async function saveAll(env: Env, items: { id: string; body: string }[]) {
  const { keys } = await env.DOCS.list({ prefix: "doc:" });
  for (const it of items) {
    await env.DOCS.put(`doc:${it.id}`, it.body);
  }
  return keys.length;
}

// The listing read where the loop walks it.
export async function inline(env: Env) {
  for (const k of (await env.DOCS.list({ prefix: "doc:" })).keys) {
    await env.DOCS.get(k.name); // want "get on DOCS once per key"
  }
}

// Expired sessions swept: a get and a delete per key are one finding, at
// the get, with the delete as a related location.
export async function sweep(env: Env, now: number) {
  const { keys } = await env.SESSIONS.list({ prefix: "session:" });
  for (const k of keys) {
    const s = await env.SESSIONS.get<{ exp: number }>(k.name, "json"); // want "get \\(and 1 more operations\\) on SESSIONS once per key returned by list\\(\\) \\(line 150\\): a full page of 1000 keys costs 2001 operations"
    if (s && s.exp < now) await env.SESSIONS.delete(k.name);
  }
}
