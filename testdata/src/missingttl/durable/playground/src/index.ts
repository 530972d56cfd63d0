// A playground checking that the binding works in local development: not
// reported in grouped mode.
export default {
  async fetch(req: Request, env: Env) {
    await env.LINKS.put("hello", "world");
    return new Response(await env.LINKS.get("hello"));
  },
};
