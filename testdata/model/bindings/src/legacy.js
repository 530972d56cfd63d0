// A service-worker global proven KV by how it is used (get with a type).
async function load(key) {
  const data = await STATUS_KV.get(key, "json"); // kv: STATUS_KV
  await STATUS_KV.put(key, JSON.stringify(data)); // kv: STATUS_KV
  return data;
}
addEventListener("fetch", (e) => e.respondWith(load("x")));
