import { saveUser, getUser, type User } from "./lib/users";
import { userKey } from "./lib/keys";

type Env = { USERS: KVNamespace };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const user: User = await request.json();
    const url = new URL(request.url);

    if (url.pathname === "/signup") {
      await saveUser(env.USERS, user);
      // Read back through the repository: the same key, by its helper.
      return Response.json(await getUser(env.USERS, user.id)); // want `get of a key on USERS after a put of the same key`
    }

    if (url.pathname === "/rename") {
      await env.USERS.put(userKey(user.id), JSON.stringify(user));
      const raw = await env.USERS.get(`user:${user.id}`); // want `get of a key on USERS after a put of the same key`
      return new Response(raw);
    }

    if (url.pathname === "/sync") {
      // Elements of one Promise.all are not ordered: no read after write.
      const [, before] = await Promise.all([saveUser(env.USERS, user), getUser(env.USERS, user.id)]);
      return Response.json(before);
    }

    if (url.pathname === "/reset") {
      const [, old] = await Promise.all([env.USERS.put(userKey(user.id), "{}"), env.USERS.get(userKey(user.id))]);
      // Once the Promise.all is awaited, a read is after the write.
      const now = await env.USERS.get(userKey(user.id)); // want `get of a key on USERS after a put of the same key`
      return Response.json([old, now]);
    }

    // Another user's key: no finding.
    await saveUser(env.USERS, user);
    const other = url.searchParams.get("other") ?? "";
    return Response.json(await getUser(env.USERS, other));
  },
};
