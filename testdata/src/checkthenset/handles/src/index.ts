// Handles claimed by users: a function answers false when the handle is taken.
export interface Env {
  HANDLES: KVNamespace;
}

interface HandleRecord {
  owner: string;
  since: string;
}

async function buildRecord(owner: string): Promise<HandleRecord> {
  return { owner, since: new Date().toISOString() };
}

function readHandle(env: Env, handle: string) {
  return env.HANDLES.get(`handle:${handle}`);
}

function saveHandle(env: Env, handle: string, record: HandleRecord) {
  return env.HANDLES.put(`handle:${handle}`, JSON.stringify(record));
}

export async function claimHandle(env: Env, handle: string, owner: string): Promise<boolean> {
  const current = await env.HANDLES.get(`handle:${handle}`);
  if (current !== null) return false;
  const record = await buildRecord(owner);
  await env.HANDLES.put(`handle:${handle}`, JSON.stringify(record)); // want "put on HANDLES decided by a get of the same key \\(line 24, tested on line 25\\), refused when the key exists"
  return true;
}

// The same through helpers that read and write the key.
export async function claimViaHelpers(env: Env, handle: string, owner: string) {
  const current = await readHandle(env, handle);
  if (current) return null;
  const record = await buildRecord(owner);
  await saveHandle(env, handle, record); // want "put on HANDLES decided by a get of the same key.*refused when the key exists"
  return record;
}

// --- must not fire ---

// The holder is answered when the handle is taken.
export async function lookupOrClaim(env: Env, handle: string, owner: string) {
  const current = await readHandle(env, handle);
  if (current) return JSON.parse(current) as HandleRecord;
  const record = await buildRecord(owner);
  await saveHandle(env, handle, record);
  return record;
}

// Filled once from another source, stopping on a hit with nothing to say.
export async function warm(env: Env, handle: string) {
  if ((await env.HANDLES.get(`handle:${handle}`)) !== null) return;
  const record = await buildRecord("system");
  await env.HANDLES.put(`handle:${handle}`, JSON.stringify(record));
}

// A cached directory listing, served when present.
export async function directory(env: Env) {
  const listing = await env.HANDLES.get("directory");
  if (listing) return new Response(listing);
  const fresh = JSON.stringify(await buildRecord("directory"));
  await env.HANDLES.put("directory", fresh, { expirationTtl: 300 });
  return new Response(fresh);
}
