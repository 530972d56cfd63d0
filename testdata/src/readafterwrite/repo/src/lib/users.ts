import { userKey } from "./keys";

export interface User { id: string; name: string }

// A repository over KV: the keys come from the key helpers.
export async function saveUser(kv: KVNamespace, user: User) {
  await kv.put(userKey(user.id), JSON.stringify(user));
}

export async function getUser(kv: KVNamespace, id: string): Promise<User | null> {
  return kv.get<User>(userKey(id), "json");
}
