export interface Env {
  TOKENS: KVNamespace;
  LOCKS: KVNamespace;
  PAGE_CACHE: KVNamespace;
}

export interface Grant {
  userId: string;
  scope: string;
}

export async function readGrant(env: Env, code: string): Promise<Grant | null> {
  return env.TOKENS.get<Grant>(`code:${code}`, "json");
}

export async function dropGrant(env: Env, code: string) {
  await env.TOKENS.delete(`code:${code}`);
}
