// A link shortenRandomer's API: a link is created under the slug the client asks for.
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

// An upsert answering with the link a present slug holds: the link the
// request brought is put only when the slug is missing.
export async function upsert(req: Request, env: Env) {
  const link = (await req.json()) as Link;
  const existing = await env.LINKS.get<Link>(`link:${link.slug}`, "json");
  if (existing) return Response.json({ link: existing, status: "existing" });
  await env.LINKS.put(`link:${link.slug}`, JSON.stringify(link)); // want "put on LINKS decided by a get of the same key \\(line 49, tested on line 50\\), made with the request's data only when the key is missing: .*two concurrent creates of the same key both pass the check and the later put overwrites the earlier"
  return Response.json({ link, status: "created" }, { status: 201 });
}

// The client's slug when given, else a random one: the client's may be taken.
export async function createOptionalSlug(req: Request, env: Env) {
  const body = (await req.json()) as Partial<Link>;
  const slug = body.slug || makeSlug();
  if (await env.LINKS.get(`link:${slug}`)) throw new HttpError(409, "taken");
  await env.LINKS.put(`link:${slug}`, JSON.stringify({ ...body, slug })); // want "put on LINKS decided by a get of the same key.*refused when the key exists"
  return Response.json({ slug }, { status: 201 });
}

// --- must not fire ---

// A present slug is answered with its link, and a missing one is filled
// from the origin, not from the request.
export async function resolve(env: Env, slug: string) {
  const existing = await env.LINKS.get<Link>(`link:${slug}`, "json");
  if (existing) return Response.json(existing);
  const link = (await (await fetch(`https://origin.example.com/links/${slug}`)).json()) as Link;
  await env.LINKS.put(`link:${slug}`, JSON.stringify(link));
  return Response.json(link);
}

// Pasted text stored under its own digest: two requests putting the key
// put the same text.
export async function paste(req: Request, env: Env) {
  const text = await req.text();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const id = btoa(String.fromCharCode(...new Uint8Array(digest)));
  if (await env.LINKS.get(`paste:${id}`)) return Response.json({ id });
  await env.LINKS.put(`paste:${id}`, text);
  return Response.json({ id }, { status: 201 });
}

// A read-through cache of the page a link points at.
export async function preview(env: Env, slug: string) {
  const hit = await env.LINKS.get(`preview:${slug}`);
  if (hit) return new Response(hit);
  const html = await (await fetch(`https://example.com/${slug}`)).text();
  await env.LINKS.put(`preview:${slug}`, html, { expirationTtl: 3600 });
  return new Response(html);
}

function makeSlug() {
  return Math.random().toString(36).slice(2, 8);
}

// A slug drawn at random, checked for a collision: no two requests share it.
export async function shortenRandom(req: Request, env: Env) {
  const slug = makeSlug();
  if (await env.LINKS.get(`link:${slug}`)) return new Response("try again", { status: 409 });
  await env.LINKS.put(`link:${slug}`, JSON.stringify(await req.json()));
  return Response.json({ slug }, { status: 201 });
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
