export interface Env {
  SESSIONS: KVNamespace;
  DOCS: KVNamespace;
}

interface Session {
  owner: string;
  createdAt: number;
}

// Every key of a prefix, page by page.
export async function listAll(kv: KVNamespace, prefix: string) {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const k of page.keys) names.push(k.name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

export async function loadSession(env: Env, id: string): Promise<Session | null> {
  return env.SESSIONS.get<Session>(id, "json");
}

// Reads every session it is handed, one by one.
export async function readAll(env: Env, names: string[]) {
  const out: Session[] = [];
  for (const name of names) {
    const s = await env.SESSIONS.get<Session>(name, "json");
    if (s) out.push(s);
  }
  return out;
}

// Fine: one bulk read of what it is handed.
export async function readBulk(env: Env, names: string[]) {
  return env.SESSIONS.get<Session>(names, "json");
}

// The keys of a prefix, yielded one by one over every page.
export async function* keysOf(kv: KVNamespace, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix, cursor });
    for (const { name } of page.keys) yield name;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
}
