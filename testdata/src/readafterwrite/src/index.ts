import { saveProfile, loadProfile } from "./store";

interface Env { PROFILES: KVNamespace; AUDIT: KVNamespace }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const id = url.searchParams.get("id") ?? "anon";
    const body = await request.text();

    if (request.method === "PUT") {
      await env.PROFILES.put(id, body, { expirationTtl: 3600 });
      const check = await env.PROFILES.get(id); // want `get of a key on PROFILES after a put of the same key`
      return new Response(check);
    }

    if (request.method === "DELETE") {
      await env.PROFILES.delete(`tmp:${id}`);
      const gone = await env.PROFILES.get(`tmp:${id}`); // want `after a delete of the same key`
      return new Response(String(gone === null));
    }

    if (request.method === "POST") {
      // Through helpers in another module.
      await saveProfile(env.PROFILES, id, body);
      return Response.json(await loadProfile(env.PROFILES, id)); // want `after a put of the same key`
    }

    // Traps: exclusive branches, other keys, another namespace.
    if (url.pathname === "/write") {
      await env.PROFILES.put("flag", "1", { expirationTtl: 60 });
    } else {
      await env.PROFILES.get("flag");
    }
    switch (url.pathname) {
      case "/a":
        await env.PROFILES.put("sw", "1", { expirationTtl: 60 });
        break;
      case "/b":
        await env.PROFILES.get("sw");
        break;
    }
    if (url.searchParams.has("early")) {
      await env.PROFILES.put("early", "1", { expirationTtl: 60 });
      return new Response("written");
    }
    await env.PROFILES.get("early");
    await env.PROFILES.put(`a:${id}`, body, { expirationTtl: 60 });
    await env.PROFILES.get(`b:${id}`);
    await env.AUDIT.get(`a:${id}`);
    // A read before the write is fine.
    const before = await env.PROFILES.get("order");
    await env.PROFILES.put("order", before ?? "x", { expirationTtl: 60 });
    return new Response("ok");
  },
};
