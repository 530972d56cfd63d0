// No wrangler config: bindings come from the KVNamespace annotations in env.d.ts.
export default {
  async fetch(request, env) {
    const now = Date.now();
    await env.TOKENS.put("a", "v", { expiration: Date.now() + 3600 }); // want `expiration is computed in milliseconds`
    await env.TOKENS.put("b", "v", { expiration: now + 60_000 }); // want `milliseconds`
    await env.TOKENS.put("c", "v", { expiration: new Date(request.headers.get("x")).getTime() }); // want `milliseconds`
    const expiresAt = new Date(Date.now() + 3600 * 1000);
    await env.TOKENS.put("d", "v", { expiration: expiresAt }); // want `expiration is a Date object`
    await env.TOKENS.put("e", "v", { expiration: Math.floor(expiresAt.getTime() / 1000) });
    await env.TOKENS.put("f", "v", { expiration: Math.floor(Date.now() / 1000) + 3600 });
    await env.TOKENS.put("g", "v", { expiration: (now / 1000) + 3600 });
    await env.TOKENS.put("h", "v", { expirationTtl: Date.now() + 3600 }); // want `expirationTtl is seconds from now, but this is an absolute time`
    await env.TOKENS.put("i", "v", { expirationTtl: 3600 });
    // An R2 bucket is not KV, whatever its options say.
    await env.FILES.put("j", "v", { expiration: Date.now() });
    return new Response("ok");
  },
};
