export default eventHandler(async (event) => {
  const link = await readValidatedBody(event, LinkSchema.parse);
  const { CACHE } = event.context.cloudflare.env;
  if (await CACHE.get(`link:${link.slug}`)) {
    throw createError({ status: 409 });
  }
  const expiration = linkExpiration(link.expiration, false);
  await CACHE.put(`link:${link.slug}`, JSON.stringify(link), {
    expiration, // want `expiration is a timestamp read from storage or a request, not proven to be at least 60 seconds in the future`
    metadata: { expiration },
  });
  return link;
});
