// Hono middleware variables: one module sets them, routes in another read
// them with c.get(name) or c.var.name. A variable is KV when every value
// the Worker sets it to is.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppBindings } from "./types";

export const attach = createMiddleware<{ Bindings: AppBindings }>(async (c, next) => {
  c.set("sessions", c.env.SESSIONS);
  c.set("pageStore", c.env.SESSIONS);
  c.set("uploads", c.env.UPLOADS);
  c.set("memo", new Map<string, string>());
  await next();
});

// The same name set to KV in one place and to a Map in another: not
// proven KV.
export const attachLocal = createMiddleware(async (c, next) => {
  c.set("store", new Map<string, string>());
  await next();
});
export const attachShared = createMiddleware<{ Bindings: AppBindings }>(async (c, next) => {
  c.set("store", c.env.SESSIONS);
  await next();
});

const app = new Hono<{ Bindings: AppBindings }>();
app.use(attach);
app.get("/v/:id", async (c) => {
  const id = c.req.param("id");
  const sessions = c.get("sessions");
  const s = await sessions.get(id); // kv: SESSIONS
  await c.var.sessions.put(id, "1", { expirationTtl: 600 }); // kv: SESSIONS
  await c.get("uploads").put(id, String(s));
  c.get("memo").set(id, "1");
  c.get("store").get(id);
  // A query parameter of the same name is not the variable.
  const q = new URL(c.req.url).searchParams.get("sessions");
  return c.text(q ?? "");
});
