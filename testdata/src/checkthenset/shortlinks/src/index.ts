// A link shortener's API: a link is created under the slug the client asks for.
export interface Env {
  LINKS: KVNamespace;
  LINK_CACHE: KVNamespace;
}

interface Link {
  slug: string;
  url: string;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readLink(req: Request): Promise<Link> {
  return (await req.json()) as Link;
}

// Refused with 409 when the slug exists.
export async function create(req: Request, env: Env) {
  const link = await readLink(req);
  const existing = await env.LINKS.get(`link:${link.slug}`);
  if (existing) {
    return Response.json({ error: "slug taken" }, { status: 409 });
  }
  await env.LINKS.put(`link:${link.slug}`, JSON.stringify(link)); // want "put on LINKS decided by a get of the same key \\(line 25, tested on line 26\\), refused when the key exists: .*two concurrent creates of the same key both pass the check and the later put overwrites the earlier; use a Durable Object, or D1 with a unique constraint"
  return Response.json(link, { status: 201 });
}

// A throw in the then branch, the put in the else.
export async function createOrThrow(req: Request, env: Env) {
  const link = await readLink(req);
  const existing = await env.LINKS.get(`link:${link.slug}`);
  if (existing) {
    throw new HttpError(409, "Link already exists");
  } else {
    await env.LINKS.put(`link:${link.slug}`, JSON.stringify(link), { metadata: { url: link.url } }); // want "put on LINKS decided by a get of the same key.*two concurrent creates of the same key both pass"
    return Response.json(link, { status: 201 });
  }
}

// --- must not fire ---

// The link stored is what a present slug answers with: nothing is refused.
export async function resolveOrCreate(req: Request, env: Env) {
  const link = await readLink(req);
  const existing = await env.LINKS.get<Link>(`link:${link.slug}`, "json");
  if (existing) return Response.json({ link: existing, status: "existing" });
  await env.LINKS.put(`link:${link.slug}`, JSON.stringify(link));
  return Response.json({ link, status: "created" }, { status: 201 });
}

// A read-through cache of the page a link points at.
export async function preview(env: Env, slug: string) {
  const hit = await env.LINKS.get(`preview:${slug}`);
  if (hit) return new Response(hit);
  const html = await (await fetch(`https://example.com/${slug}`)).text();
  await env.LINKS.put(`preview:${slug}`, html, { expirationTtl: 3600 });
  return new Response(html);
}

// The binding is a cache.
export async function createCached(req: Request, env: Env) {
  const link = await readLink(req);
  if (await env.LINK_CACHE.get(link.slug)) {
    return Response.json({ error: "slug taken" }, { status: 409 });
  }
  await env.LINK_CACHE.put(link.slug, JSON.stringify(link));
  return Response.json(link, { status: 201 });
}

// An edit: the put happens when the slug exists, a missing one is refused.
export async function edit(req: Request, env: Env) {
  const link = await readLink(req);
  const existing = await env.LINKS.get(`link:${link.slug}`);
  if (!existing) return new Response("not found", { status: 404 });
  await env.LINKS.put(`link:${link.slug}`, JSON.stringify(link));
  return Response.json(link);
}
