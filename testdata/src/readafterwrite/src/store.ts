export async function saveProfile(ns: KVNamespace, id: string, body: string) {
  await ns.put(`profile:${id}`, body, { expirationTtl: 86400 });
}

export async function loadProfile(ns: KVNamespace, id: string) {
  return ns.get(`profile:${id}`, "json");
}

export function keyOf(id: string) {
  return `p:${id}`;
}
