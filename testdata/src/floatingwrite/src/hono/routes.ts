// Routes reach the store through the context variable the middleware set:
// c.get("views") and c.var.views are the ViewStore, whose record writes KV.
import { Hono } from "hono";
import { stores } from "./middleware";

const app = new Hono();
app.use(stores);
app.get("/p/:id", async (c) => {
  const id = c.req.param("id");
  c.get("views").record(id, Date.now()); // want `call of record\(\), which writes KV, is not awaited`
  c.var.views.record(id, Date.now()); // want `call of record\(\), which writes KV, is not awaited`
  c.get("audit").record(id, Date.now());
  await c.get("views").record(id, Date.now());
  c.executionCtx.waitUntil(c.var.views.record(id, Date.now()));
  return c.text(id);
});
export default app;
