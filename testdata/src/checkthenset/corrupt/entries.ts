// Entries read as JSON: one that does not parse is dropped in the catch
// clause, and null is returned. Two requests dropping it both do no harm,
// though the function returns what it read when it parses. The twin
// consumes a token: it deletes the key it read and hands it on.
export async function readEntry<T>(kv: KVNamespace, key: string): Promise<T | null> {
  const raw = await kv.get(key, { type: "text" });
  if (raw) {
    try {
      return JSON.parse(raw) as T;
    } catch {
      await kv.delete(key);
      return null;
    }
  }
  return null;
}

export async function consume(kv: KVNamespace, key: string): Promise<string | null> {
  const raw = await kv.get(key, { type: "text" });
  if (raw) {
    try {
      await kv.delete(key); // want `delete on the KV namespace decided by a get of the same key`
      return raw;
    } catch {
      return null;
    }
  }
  return null;
}
