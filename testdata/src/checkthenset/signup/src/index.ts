// Sign-up reserves a username; the account record is the username's key.
export interface Env {
  USERS: KVNamespace;
}

interface Account {
  username: string;
  hash: string;
}

async function hashPassword(password: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(password));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

// Created inside `if (taken === null) { ...; return }`, refused with 400 after it.
export async function signUp(env: Env, username: string, password: string) {
  const key = `user:${username.toLowerCase()}`;
  const taken = await env.USERS.get(key);
  if (taken === null) {
    const hash = await hashPassword(password);
    await env.USERS.put(key, JSON.stringify({ username, hash })); // want "put on USERS decided by a get of the same key \\(line 19, tested on line 20\\), refused when the key exists"
    return new Response("welcome", { status: 201 });
  }
  return new Response("username taken", { status: 400 });
}

// Refused by a throw that names the holder.
export async function register(env: Env, username: string, password: string) {
  const holder = await env.USERS.get<Account>(`user:${username}`, "json");
  if (holder !== null) throw new Error(`${holder.username} is taken`);
  const account: Account = { username, hash: await hashPassword(password) };
  await env.USERS.put(`user:${username}`, JSON.stringify(account)); // want "put on USERS decided by a get.*two concurrent creates of the same key"
  return account;
}

// --- must not fire ---

// First sign-in through an identity provider: a present account is used.
export async function signIn(env: Env, username: string, password: string) {
  const account = await env.USERS.get<Account>(`user:${username}`, "json");
  if (account) return account;
  const created: Account = { username, hash: await hashPassword(password) };
  await env.USERS.put(`user:${username}`, JSON.stringify(created));
  return created;
}

// A read-through cache of an avatar.
export async function avatar(env: Env, username: string) {
  const cached = await env.USERS.get(`avatar:${username}`, "arrayBuffer");
  if (cached !== null) return new Response(cached);
  const img = await (await fetch(`https://avatars.example.com/${username}`)).arrayBuffer();
  await env.USERS.put(`avatar:${username}`, img, { expirationTtl: 86400 });
  return new Response(img);
}

// A key that says cache, refused the same way.
export async function warmProfile(env: Env, username: string) {
  const key = `profile-cache:${username}`;
  if (await env.USERS.get(key)) return new Response("fresh", { status: 409 });
  const profile = await (await fetch(`https://profiles.example.com/${username}`)).text();
  await env.USERS.put(key, profile, { expirationTtl: 600 });
  return new Response(profile);
}
