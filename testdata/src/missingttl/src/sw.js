// Service-worker syntax: bindings are globals.
addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});

async function handle(request) {
  await CACHE.put("global", "v"); // want `put to CACHE never expires`
  await NOT_A_BINDING.put("global", "v");
  return new Response("ok");
}
