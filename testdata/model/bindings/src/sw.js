addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});

async function handle(request) {
  await SESSIONS.get("sw"); // kv: SESSIONS
  await OTHER_GLOBAL.get("sw");
  return new Response("ok");
}
