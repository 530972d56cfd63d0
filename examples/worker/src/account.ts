// Account helpers: more DELIBERATE KV mistakes (see EXPECTED.md), next to
// their correct twins.

interface Session {
  userId: string;
  createdAt: number;
}

// Every session of the namespace read to find one user's: one get per key,
// 1001 operations for a full page of 1000 keys.
export async function sessionsOf(kv: KVNamespace, userId: string): Promise<Session[]> {
  const mine: Session[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: "session:", cursor });
    for (const k of page.keys) {
      const s = await kv.get<Session>(k.name, "json");
      if (s?.userId === userId) mine.push(s);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return mine;
}

// Correct: a user's session ids (kept with the user) read in one bulk get.
export async function sessionsByIds(kv: KVNamespace, ids: string[]) {
  return kv.get<Session>(ids.map((id) => `session:${id}`), "json");
}

// A magic-link token consumed by get-then-delete: two clicks at once both
// log in.
export async function redeemMagicLink(kv: KVNamespace, token: string): Promise<string | null> {
  const userId = await kv.get(`magic:${token}`);
  if (!userId) return null;
  await kv.delete(`magic:${token}`);
  return userId;
}

// The storefront's settings, one round trip per key.
export async function storefront(kv: KVNamespace) {
  const title = await kv.get("settings:title");
  const currency = await kv.get("settings:currency");
  const banner = await kv.get("settings:banner");
  return { title, currency, banner };
}
