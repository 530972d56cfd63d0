// A small record store, as libraries write it: read and write helpers, a
// helper that changes a record in place.
export interface Rec { count: number; at: number; tags: string[] }

export const recKey = (id: string) => `rec:${id}`;

export async function loadRec(kv: KVNamespace, id: string): Promise<Rec> {
  return (await kv.get<Rec>(recKey(id), "json")) ?? { count: 0, at: 0, tags: [] };
}

export async function getCount(kv: KVNamespace, id: string): Promise<number> {
  const rec = await kv.get<Rec>(recKey(id), "json");
  return rec?.count ?? 0;
}

export async function saveRec(kv: KVNamespace, id: string, rec: Rec) {
  await kv.put(recKey(id), JSON.stringify(rec), { expirationTtl: 86400 });
}

export function bump(rec: Rec) {
  rec.count += 1;
  rec.at = Date.now();
}

export function tag(rec: Rec, t: string) {
  rec.tags.push(t);
}

export function describe(rec: Rec): string {
  return `${rec.count} at ${rec.at}`;
}

// A write helper with two puts of its value, one per branch.
export async function putJson(kv: KVNamespace, key: string, value: unknown, ttl?: number) {
  if (ttl) {
    await kv.put(key, JSON.stringify(value), { expirationTtl: ttl });
    return;
  }
  await kv.put(key, JSON.stringify(value));
}
