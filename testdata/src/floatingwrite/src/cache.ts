export async function refresh(ns: KVNamespace, key: string) {
  const fresh = await fetch(`https://origin/${key}`).then((r) => r.text());
  await ns.put(key, fresh, { expirationTtl: 300 });
}

export function store(ns: KVNamespace, key: string, value: string) {
  return ns.put(key, value, { expirationTtl: 300 });
}

export async function readOnly(ns: KVNamespace, key: string) {
  return ns.get(key);
}
