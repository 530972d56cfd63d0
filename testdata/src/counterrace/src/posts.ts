// Read and write through helpers, in this module and another.
type Env = { COUNTS: KVNamespace };
type Post = { id: string; likes: number; title: string };

const keyOf = (id: string) => `post:${id}`;

export async function getPost(kv: KVNamespace, id: string): Promise<Post | null> {
  return kv.get<Post>(`post:${id}`, "json");
}

export async function savePost(kv: KVNamespace, id: string, post: Post) {
  await kv.put(`post:${id}`, JSON.stringify(post), { expirationTtl: 86400 });
}

export async function like(env: Env, id: string) {
  const post = await getPost(env.COUNTS, id);
  if (!post) return;
  post.likes += 1;
  await env.COUNTS.put(`post:${id}`, JSON.stringify(post)); // want `put writes back a value computed from the get of the same key`
}

export async function rename(env: Env, id: string, title: string) {
  const post = await env.COUNTS.get<Post>(`post:${id}`, "json");
  if (!post) return;
  await savePost(env.COUNTS, id, { ...post, title }); // want `this call puts a value computed from the get of the same key`
}

export async function create(env: Env, id: string, title: string) {
  // Trap: the helper writes fresh data, not what was read.
  const existing = await getPost(env.COUNTS, id);
  if (existing) return;
  await savePost(env.COUNTS, id, { id, likes: 0, title });
  void keyOf;
}

// Keys built by a key helper, read through another helper.
const PREFIX = "v1:post:";
const postKey = (id: string) => `${PREFIX}${id}`;

export const loadPost = async (KV: KVNamespace, id: string) => {
  const value = await KV.get(postKey(id));
  if (!value) return;
  return JSON.parse(value) as Post;
};

export const retitle = async (KV: KVNamespace, id: string, title: string) => {
  const post = await loadPost(KV, id);
  if (!post) return false;
  post.title = title;
  await KV.put(postKey(id), JSON.stringify(post)); // want `put writes back a value computed from the get of the same key`
  return true;
};

export async function callsRetitle(env: Env) {
  await retitle(env.COUNTS, "a", "b");
}
