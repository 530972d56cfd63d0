import { Hono } from "hono";

type Env = { USERS: KVNamespace; FLAGS: KVNamespace; FILES: R2Bucket };
const app = new Hono<{ Bindings: Env }>();

app.get("/users", async (c) => {
  const { keys } = await c.env.USERS.list({ prefix: "user:" }); // want `list\(\) on USERS returns at most 1000 keys`
  const names = (await c.env.USERS.list()).keys.map((k) => k.name); // want `cursor and list_complete are never read`
  const res = await c.env.USERS.list({ prefix: "a" }); // want `list\(\) on USERS`
  console.log(res.keys.length);
  return c.json({ keys, names });
});

app.get("/all", async (c) => {
  // Paginated: cursor is read.
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await c.env.USERS.list({ prefix: "user:", cursor });
    all.push(...page.keys);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const { keys, list_complete } = await c.env.USERS.list();
  if (!list_complete) throw new Error("too many");
  // Returned or passed on whole: the receiver may paginate.
  const whole = await c.env.USERS.list();
  render(whole);
  // Small lists intended, and configured for FLAGS.
  const flags = await c.env.FLAGS.list({ limit: 50 });
  const more = await c.env.FLAGS.list({ limit: 500 }); // want `list\(\) on FLAGS`
  // Not KV: R2's list has its own truncation flag.
  const objects = await c.env.FILES.list();
  return c.json({ all, keys, flags: flags.keys, more: more.keys, objects: objects.objects });
});

function render(x: unknown) {
  return x;
}

export async function listAll(env: Env) {
  return env.USERS.list();
}

export default app;
