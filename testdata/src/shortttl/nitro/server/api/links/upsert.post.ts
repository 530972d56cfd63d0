// Twin: the same expiration clamped to a minute ahead is not reported.
export default eventHandler(async (event) => {
  const link = await readValidatedBody(event, LinkSchema.parse);
  const { CACHE } = event.context.cloudflare.env;
  const expiration = safeExpiration(link.expiration);
  await CACHE.put(`link:${link.slug}`, JSON.stringify(link), { expiration });
  const query = getRouterParams(event);
  await CACHE.put(`alias:${query.alias}`, link.slug, { expirationTtl: 86400 });
  return link;
});
