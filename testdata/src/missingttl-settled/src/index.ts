// One suppression at the first put settles LINKS; one config line settles
// CONFIG. No other put of either is reported.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const slug = crypto.randomUUID().slice(0, 8);
    // kvlint-disable-next-line missingttl -- links are meant to last
    await env.LINKS.put(slug, await request.text());
    await env.LINKS.put(`alias:${slug}`, slug);
    await env.LINKS.put(`owner:${slug}`, "me");
    await env.CONFIG.put("flags", "{}");
    await env.CONFIG.put("theme", "dark");
    return new Response(slug);
  },
};
