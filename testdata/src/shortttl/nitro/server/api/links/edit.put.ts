// The stored link merged with the request's: the expiration named from the
// merge is still the client's (or the stored one).
export default eventHandler(async (event) => {
  const link = await readValidatedBody(event, LinkSchema.parse);
  const { CACHE } = event.context.cloudflare.env;
  const existing = await CACHE.get(`link:${link.slug}`, { type: "json" });
  if (!existing) {
    return null;
  }
  const merged = { ...existing, ...link, updatedAt: Math.floor(Date.now() / 1000) };
  const expiration = linkExpiration(merged.expiration, true);
  await CACHE.put(`link:${merged.slug}`, JSON.stringify(merged), { expiration }); // want `expiration is a timestamp read from storage or a request`
  return merged;
});
