import { waitUntil } from "cloudflare:workers";
import { refresh, store, readOnly } from "./cache";

interface Env { CACHE: KVNamespace }

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const key = new URL(request.url).pathname;
    const cached = await env.CACHE.get(key);
    if (cached) {
      refresh(env.CACHE, key); // want `call of refresh\(\), which writes KV, is not awaited`
      return new Response(cached);
    }
    env.CACHE.put(key, "pending", { expirationTtl: 60 }); // want `put to CACHE is not awaited, returned or passed to waitUntil`
    void env.CACHE.delete(`old:${key}`); // want `delete to CACHE is not awaited`
    store(env.CACHE, key, "x"); // want `call of store\(\), which writes KV`
    ["a", "b"].forEach(async (k) => { // want `forEach does not wait for its async callback`
      await env.CACHE.put(k, "1", { expirationTtl: 60 });
    });
    Promise.all([env.CACHE.put("p1", "1", { expirationTtl: 60 })]); // want `put to CACHE is not awaited`

    // A handler attached changes nothing: the chain still floats.
    env.CACHE.put(key, "3", { expirationTtl: 60 }).catch((e) => console.error(e)); // want `put to CACHE is not awaited, returned or passed to waitUntil.*\(\.catch handles its result but keeps nothing alive\)`
    env.CACHE.delete(key).then(() => console.log("gone")).finally(() => {}); // want `delete to CACHE is not awaited.*\.then`
    store(env.CACHE, key, "y").catch(() => {}); // want `call of store\(\), which writes KV, is not awaited`

    // Handled: awaited, returned, waitUntil, Promise.all awaited, used variable;
    // a chain that is itself awaited or handed to waitUntil.
    await env.CACHE.put(key, "4", { expirationTtl: 60 }).catch(() => {});
    ctx.waitUntil(env.CACHE.put(key, "5", { expirationTtl: 60 }).catch((e) => console.error(e)));
    ctx.waitUntil(refresh(env.CACHE, key).then(() => undefined));
    await env.CACHE.put(key, "1", { expirationTtl: 60 });
    ctx.waitUntil(env.CACHE.put(key, "2", { expirationTtl: 60 }));
    ctx.waitUntil(refresh(env.CACHE, key));
    waitUntil(env.CACHE.delete(key));
    await Promise.all([env.CACHE.put("a", "1", { expirationTtl: 60 }), env.CACHE.put("b", "2", { expirationTtl: 60 })]);
    const pending = env.CACHE.put("c", "1", { expirationTtl: 60 });
    await pending;
    readOnly(env.CACHE, key); // reads only: not a write
    const m = new Map<string, string>();
    m.set(key, "v");
    return new Response("ok");
  },
};

export function later(env: Env, key: string) {
  return env.CACHE.put(key, "r", { expirationTtl: 60 });
}

// Methods of objects whose class this module declares.
class Sessions {
  constructor(private kv: KVNamespace) {}
  async save(id: string) {
    await this.kv.put(id, "1", { expirationTtl: 60 });
  }
  async load(id: string) {
    return this.kv.get(id);
  }
}
class Memory {
  async save(id: string) {
    return id;
  }
}

export async function sessions(env: Env, id: string, flag: boolean) {
  const s = new Sessions(env.CACHE);
  s.save(id); // want `call of save\(\), which writes KV, is not awaited`
  s.load(id); // reads only
  await s.save(id);
  // An object that may be of either class: not followed.
  const either = flag ? new Sessions(env.CACHE) : new Memory();
  either.save(id);
  let later = new Sessions(env.CACHE);
  later = new Memory() as unknown as Sessions;
  later.save(id);
  new Memory().save(id);
}

// A callback's own write floats where it is written: the helper that
// runs the callback returns what the callback returns (nothing), so the
// helper's call is not the write's promise.
function withUser<T>(req: Request, cb: (u: { id: string }) => T): T {
  return cb({ id: req.headers.get("x-user") ?? "anon" });
}

export async function seen(request: Request, env: Env) {
  withUser(request, (u) => {
    env.CACHE.put(`seen:${u.id}`, "1", { expirationTtl: 60 }); // want `put to CACHE is not awaited`
  });
  return new Response("ok");
}
