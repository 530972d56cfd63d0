import { createMiddleware } from "hono/factory";
import { Audit, ViewStore } from "./store";

export const stores = createMiddleware<{ Bindings: { CACHE: KVNamespace } }>(async (c, next) => {
  c.set("views", new ViewStore(c.env.CACHE));
  c.set("audit", new Audit());
  await next();
});
