// A link shortener: LINKS holds links meant to last. No put to it sets a
// TTL anywhere, so the project says so once (in admin.ts, its first put),
// not at every put.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const slug = crypto.randomUUID().slice(0, 8);
      await env.LINKS.put(slug, await request.text());
      return new Response(slug);
    }
    // Keys and bindings that say they hold expiring data are reported at
    // each put, whatever the rest of the project does.
    const id = crypto.randomUUID();
    await env.AUTH.put(`otp:${id}`, "123456"); // want `put to AUTH never expires, yet its name says it holds one-time codes`
    await env.AUTH.put("nonce:" + id, "1"); // want `its name says it holds nonces`
    await env.AUTH.put(`lock:${url.pathname}`, "1"); // want `its name says it holds locks`
    await env.AUTH.put(`rate-limit:${id}`, "1"); // want `its name says it holds rate limits`
    await env.AUTH.put(`tmp/${id}`, "1"); // want `its name says it holds temporary values`
    await env.USER_SESSIONS.put(id, "{}"); // want `put to USER_SESSIONS never expires, yet its name says it holds sessions`
    // Words inside other words say nothing: a block, a clock, a template.
    await env.AUTH.put(`block:${id}`, "1"); // want `no put to AUTH sets a TTL \(this and 2 more puts\)`
    await env.AUTH.put(`clock:${id}`, "1");
    await env.AUTH.put(`template:${id}`, "1");
    return Response.redirect((await env.LINKS.get(url.pathname.slice(1))) ?? "/", 302);
  },
};
