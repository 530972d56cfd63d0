// The link shortener of missingttl/durable, in mode "each": every put
// without a TTL is its own finding.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const slug = crypto.randomUUID().slice(0, 8);
    await env.LINKS.put(slug, await request.text()); // want `^put to LINKS never expires: pass \{ expirationTtl: seconds \}`
    await env.LINKS.put(`alias:${slug}`, "1"); // want `^put to LINKS never expires: pass`
    await env.LINKS.put(`alias:${slug}:v2`, "1", { expirationTtl: 600 });
    return new Response(slug);
  },
};
