// Parameters that receive a namespace at every call site, here or in
// another module, are KV; a parameter that also receives a Map is not.
export async function save(ns, key, value) {
  return ns.put(key, value, { expirationTtl: 60 }); // kv: CACHE
}

function local(thing, key) {
  return thing.get(key);
}

export function mixed(m, key) {
  return m.get(key);
}

export async function run(env) {
  await local(new Map(), "a");
  await mixed(env.CACHE, "b");
}
