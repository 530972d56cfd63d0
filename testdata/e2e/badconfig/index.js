export default { async fetch(req, env) { await env.KV.put("k", "v"); return new Response("ok"); } };
