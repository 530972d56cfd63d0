import { loadRec, getCount, saveRec, bump, tag, describe, recKey, putJson, type Rec } from "./records";

type Env = { STORE: KVNamespace };

// A read helper returning a field; the new value computed in the caller.
export async function hit(env: Env, id: string) {
  const n = await getCount(env.STORE, id);
  await env.STORE.put(recKey(id), JSON.stringify({ count: n + 1, at: Date.now(), tags: [] })); // want `put writes back a value computed from the get of the same key on STORE`
}

// A helper changes the read record in place; a write helper puts it back.
export async function hitInPlace(env: Env, id: string) {
  const rec = await loadRec(env.STORE, id);
  bump(rec);
  await saveRec(env.STORE, id, rec); // want `this call puts a value computed from the get of the same key`
}

export async function addTag(env: Env, id: string, t: string) {
  const rec = await loadRec(env.STORE, id);
  tag(rec, t);
  await saveRec(env.STORE, id, rec); // want `this call puts a value computed from the get of the same key`
}

// A loop changes the elements of a list read from KV.
export async function addToCart(env: Env, user: string, sku: string) {
  const items: { sku: string; qty: number }[] = JSON.parse((await env.STORE.get(`cart:${user}`)) ?? "[]");
  for (const item of items) {
    if (item.sku === sku) item.qty += 1;
  }
  await env.STORE.put(`cart:${user}`, JSON.stringify(items), { expirationTtl: 86400 }); // want `computed from the get`
}

export async function markSeen(env: Env, user: string) {
  const notes: { seen: boolean }[] = JSON.parse((await env.STORE.get(`notes:${user}`)) ?? "[]");
  notes.forEach((n) => {
    n.seen = true;
  });
  await env.STORE.put(`notes:${user}`, JSON.stringify(notes), { expirationTtl: 86400 }); // want `computed from the get`
}

// Key helpers over this and #private fields.
export class RateLimiter {
  #prefix: string;
  constructor(private kv: KVNamespace, prefix: string) {
    this.#prefix = prefix;
  }
  #key(ip: string) {
    return `${this.#prefix}:${ip}`;
  }
  async hit(ip: string) {
    const n = Number(await this.kv.get(this.#key(ip))) || 0;
    await this.kv.put(this.#key(ip), String(n + 1), { expirationTtl: 60 }); // want `computed from the get`
  }
}

export class Sessions {
  constructor(private kv: KVNamespace, private ns: string) {}
  key(id: string) {
    return `${this.ns}:${id}`;
  }
  async touch(id: string) {
    const s = (await this.kv.get<{ hits: number }>(this.key(id), "json")) ?? { hits: 0 };
    s.hits++;
    await this.kv.put(`${this.ns}:${id}`, JSON.stringify(s), { expirationTtl: 600 }); // want `computed from the get`
  }
}

// Must not fire: the value read is put back unchanged (a TTL refresh),
// though a copy of it was changed for the response.
export async function refresh(env: Env, id: string) {
  const raw = await env.STORE.get(recKey(id));
  if (raw === null) return null;
  const shown = JSON.parse(raw) as Rec;
  shown.at = Date.now();
  bump(shown);
  await env.STORE.put(recKey(id), raw, { expirationTtl: 86400 });
  return describe(shown);
}

// Must not fire: a re-put of an unchanged value after a read of another
// key, whose value is the one changed.
export async function copyWithStats(env: Env, id: string) {
  const rec = await loadRec(env.STORE, id);
  const stats = JSON.parse((await env.STORE.get("stats")) ?? "{}");
  stats.copies = (stats.copies ?? 0) + 1;
  await saveRec(env.STORE, id, rec);
  await env.STORE.put(`stats-of:${id}`, JSON.stringify(stats), { expirationTtl: 600 });
}

// Must not fire: every field written is replaced, none derived from the read.
export async function setStatus(env: Env, id: string, status: string) {
  const cur = await env.STORE.get<{ status: string; at: number }>(`status:${id}`, "json");
  if (!cur) return;
  cur.status = status;
  cur.at = Date.now();
  await env.STORE.put(`status:${id}`, JSON.stringify({ status: cur.status, at: cur.at }), { expirationTtl: 600 });
}

// Must not fire: a helper that only reads the record changes nothing.
export async function rewrite(env: Env, id: string) {
  const rec: Rec = await loadRec(env.STORE, id);
  console.log(describe(rec));
  await saveRec(env.STORE, id, rec);
}

// Must not fire: a migration re-puts each value unchanged, with metadata
// rebuilt from the value's own fields (a reshaping, nothing new).
export async function backfillMetadata(env: Env) {
  const { keys } = await env.STORE.list({ prefix: "link:" });
  for (const key of keys) {
    const { value: link, metadata } = await env.STORE.getWithMetadata<{ url: string; note: string }, { url?: string }>(key.name, "json");
    if (!link) continue;
    await env.STORE.put(key.name, JSON.stringify(link), { metadata: { ...metadata, url: link.url, note: link.note } });
  }
}

// But metadata that adds something new to what was read is a write-back.
export async function stampMetadata(env: Env, id: string, by: string) {
  const { value, metadata } = await env.STORE.getWithMetadata<{ by?: string }>(`doc:${id}`);
  await env.STORE.put(`doc:${id}`, value ?? "", { metadata: { ...metadata, by } }); // want `computed from the getWithMetadata`
}

// One finding per write, however many puts the helper makes of the value.
export async function appendQueue(env: Env, item: string) {
  const queue: string[] = JSON.parse((await env.STORE.get("queue")) ?? "[]");
  queue.push(item);
  await putJson(env.STORE, "queue", queue); // want `this call puts a value computed from the get of the same key`
}

// One finding per read: a log read once and written back on two exclusive
// paths (appended to, or only pruned) is one race, reported at its first
// write with the second as a related location.
export async function hitLog(env: Env, id: string, now: number) {
  let stamps: number[] = JSON.parse((await env.STORE.get(`hits:${id}`)) ?? "[]");
  const before = stamps.length;
  stamps = stamps.filter((t) => t > now - 60_000);
  if (stamps.length < 10) {
    stamps.push(now);
    await putJson(env.STORE, `hits:${id}`, stamps); // want `this call puts a value computed from the get of the same key`
  } else if (stamps.length !== before) {
    await putJson(env.STORE, `hits:${id}`, stamps);
  }
  return stamps.length;
}

// But a second read of the key starts a second cycle, with its own finding.
export async function hitTwice(env: Env, id: string) {
  const a = Number(await env.STORE.get(`n:${id}`)) || 0;
  await env.STORE.put(`n:${id}`, String(a + 1)); // want `computed from the get`
  const b = Number(await env.STORE.get(`n:${id}`)) || 0;
  await env.STORE.put(`n:${id}`, String(b + 1)); // want `computed from the get`
}

// Object.assign into the record read changes it in place: a write-back.
export async function patchRec(env: Env, id: string, patch: Partial<Rec>) {
  const rec: Rec = (await loadRec(env.STORE, id)) ?? { count: 0, at: 0, tags: [] };
  Object.assign(rec, patch);
  await saveRec(env.STORE, id, rec); // want `this call puts a value computed from the get of the same key`
}

// Must not fire: Object.assign into a fresh copy for the response leaves
// the record read unchanged, and its re-put a TTL refresh.
export async function touchRec(env: Env, id: string) {
  const rec: Rec = (await loadRec(env.STORE, id)) ?? { count: 0, at: 0, tags: [] };
  const view = Object.assign({}, rec, { seen: true });
  await saveRec(env.STORE, id, rec);
  return view;
}
