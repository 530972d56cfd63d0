import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppBindings, LegacyEnv } from "./types";

const app = new Hono<{ Bindings: AppBindings }>();

// A helper typed with Hono's Context: its env is the Bindings.
async function getSession(c: Context<{ Bindings: AppBindings }>, id: string) {
  await c.env.UPLOADS.get(id);
  return c.env.SESSIONS.get(id); // kv: SESSIONS
}

app.get("/s/:id", async (c) => {
  const s = await getSession(c, c.req.param("id"));
  await c.env.SESSIONS.put("seen", "1"); // kv: SESSIONS
  await c.env.UPLOADS.put("log", String(s));
  return c.json(s);
});
app.put("/s/:id", (c) => c.text("router put, not KV"));

export default app;

export async function legacy(c: Context<{ Bindings: import("./types").LegacyEnv }>) {
  return c.env.SESSIONS.get("s");
}

const legacyApp = new Hono<{ Bindings: LegacyEnv }>();
legacyApp.get("/", async (c) => c.json(await c.env.SESSIONS.get("s")));

export const middleware = createMiddleware<{ Bindings: AppBindings }>(async (c, next) => {
  await c.env.SESSIONS.delete("m"); // kv: SESSIONS
  await next();
});
