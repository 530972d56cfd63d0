// Writes made per element of a list: a promise an array method's callback
// returns is kept by map (into a list of promises, which then has to be
// awaited or handed on) and dropped by forEach.
interface Env {
  CACHE: KVNamespace;
}

export async function save(env: Env, ids: string[], ctx: ExecutionContext) {
  ids.forEach((id) => env.CACHE.put(`a:${id}`, "1", { expirationTtl: 600 })); // want `put to CACHE is not awaited`
  ids.map((id) => env.CACHE.put(`b:${id}`, "1", { expirationTtl: 600 })); // want `put to CACHE is not awaited`
  ids.map(function (id) {
    return env.CACHE.put(`c:${id}`, "1", { expirationTtl: 600 }); // want `put to CACHE is not awaited`
  });
  ids.map(async (id) => { // want `map with an async callback that writes KV makes a list of promises nobody awaits`
    await env.CACHE.put(`h:${id}`, "1", { expirationTtl: 600 });
  });
  // Must not fire: the list of promises is awaited, handed to waitUntil,
  // kept and awaited, or returned.
  await Promise.all(ids.map((id) => env.CACHE.put(`d:${id}`, "1", { expirationTtl: 600 })));
  ctx.waitUntil(Promise.all(ids.map((id) => env.CACHE.put(`e:${id}`, "1", { expirationTtl: 600 }))));
  const pending = ids.map(async (id) => {
    await env.CACHE.put(`f:${id}`, "1", { expirationTtl: 600 });
  });
  await Promise.all(pending);
  return Promise.all(ids.map((id) => env.CACHE.delete(`g:${id}`)));
}
