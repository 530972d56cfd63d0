// No wrangler config anywhere above: bindings are inferred, nothing is unknown.
export default {
  async fetch(request, env) {
    await env.SESSION.get("a");
    await env.WHATEVER.put("b", "v");
    return new Response("ok");
  },
};
