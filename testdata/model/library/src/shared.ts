export async function shared(c: SharedCache) {
  return c.get("shared"); // kv
}
