// Admin tools: the other writers of LINKS.
export async function importLinks(env: Env, rows: { slug: string; url: string }[]) {
  for (const r of rows) {
    await env.LINKS.put(r.slug, r.url); // want `put to LINKS never expires, and no put to LINKS sets a TTL \(this and 2 more puts\): add \{ expirationTtl: seconds \} if it holds cached data, or set .\[bindings.LINKS\] ttl-required = false. in kvlint.toml if it is meant to last`
  }
}

export async function rename(env: Env, from: string, to: string) {
  const url = await env.LINKS.get(from);
  if (url) await env.LINKS.put(to, url);
}
