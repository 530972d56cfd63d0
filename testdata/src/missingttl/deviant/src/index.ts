import { Hono } from "hono";
import { userKey, PROFILE } from "./keys";
import { createInvite, resendInvite } from "./invites";

type Env = { DATA: KVNamespace; STORE: KVNamespace };
const app = new Hono<{ Bindings: Env }>();

// Users and profiles are meant to last: keys "user:" and "profile:" never
// get a TTL, while DATA expires its invites. The project knows about TTLs
// and keeps these on purpose: not reported.
app.post("/users/:id", async (c) => {
  await c.env.DATA.put(userKey(c.req.param("id")), await c.req.text());
  return c.text("ok");
});

app.put("/users/:id", async (c) => {
  await c.env.DATA.put(`user:${c.req.param("id")}`, await c.req.text());
  return c.text("ok");
});

app.post("/profiles/:id", async (c) => {
  await c.env.DATA.put(PROFILE + c.req.param("id"), await c.req.text());
  return c.text("ok");
});

// STORE: a generic wrapper sets TTLs, so a put whose key says nothing of
// its kind deviates from it.
async function remember(kv: KVNamespace, key: string, value: string) {
  await kv.put(key, value, { expirationTtl: 3600 });
}

app.post("/notes", async (c) => {
  const key = await c.req.text();
  await remember(c.env.STORE, key, "note");
  await c.env.STORE.put(key, "note"); // want `put to STORE never expires, while the put at deviant/src/index.ts:29 gives STORE a TTL`
  // One constant key names no kind of key: compared with the namespace.
  await c.env.STORE.put("last-note", key); // want `put to STORE never expires, while the put at deviant/src/index.ts:29 gives STORE a TTL`
  return c.text("ok");
});

app.post("/invites/:code", async (c) => {
  await createInvite(c.env, c.req.param("code"), await c.req.text());
  await resendInvite(c.env, c.req.param("code"), await c.req.text());
  return c.text("ok");
});

export default app;
