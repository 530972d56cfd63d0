import type { Env } from "./sessions";

// An admin API's pages of documents: the page size and the sweep's batch
// are the caller's options.
interface PageOptions {
  limit?: number;
  batchSize?: number;
  cursor?: string;
  archived?: boolean;
}

// Fine: the caller's page size, clamped to 100; the first page only.
export async function page(env: Env, opts: PageOptions = {}) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: Math.min(opts.limit ?? 20, 100) });
  const docs = await Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json")));
  return { docs, more: !res.list_complete };
}

// Fine: clamped by an early reassignment.
export async function pageClamped(env: Env, opts: PageOptions = {}) {
  let limit = opts.limit ?? 20;
  if (limit > 50) limit = 50;
  const res = await env.DOCS.list({ prefix: "doc:", limit });
  return Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json")));
}

// Fine: a sweep over every page that stops after a batch the caller
// chooses, clamped to 200.
export async function sweep(env: Env, opts: PageOptions = {}) {
  const batch = Math.min(opts.batchSize ?? 50, 200);
  let checked = 0;
  let cursor: string | undefined;
  for (;;) {
    const res = await env.DOCS.list({ prefix: "doc:", cursor });
    for (const k of res.keys) {
      if (checked >= batch) return checked;
      checked++;
      if (!(await env.DOCS.get(k.name))) await env.DOCS.delete(k.name);
    }
    if (res.list_complete) return checked;
    cursor = res.cursor;
  }
}

// Reported: one of the two page sizes is a full page.
export async function pageEither(env: Env, opts: PageOptions = {}) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: opts.archived ? 50 : 1000 });
  return Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 47\\): .*every key; read up to 100 keys"
}

// Reported: clamped, but to more than 100.
export async function pageLarge(env: Env, opts: PageOptions = {}) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: Math.min(opts.limit ?? 20, 500) });
  return Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 53\\): a full page of 500 keys costs 501 operations where bulk reads of 100 keys would make 6"
}

// Reported: a default of 50 is no bound, the caller may pass any size.
export async function pageDefault(env: Env, opts: PageOptions = {}) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: opts.limit ?? 50 });
  return Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 59\\).*the page size is the caller.s, and nothing clamps it: clamp the limit"
}

// Reported: the sweep's batch is the caller's, unclamped: a default of 50
// bounds only the calls that leave it out.
export async function sweepDefault(env: Env, opts: PageOptions = {}) {
  const batch = opts.batchSize ?? 50;
  let checked = 0;
  let cursor: string | undefined;
  for (;;) {
    const res = await env.DOCS.list({ prefix: "doc:", cursor });
    for (const k of res.keys) {
      if (checked >= batch) return checked;
      checked++;
      if (!(await env.DOCS.get(k.name))) await env.DOCS.delete(k.name); // want "get \\(and 1 more operations\\) on DOCS once per key.*the loop stops after a count the caller passes, and nothing clamps it"
    }
    if (res.list_complete) return checked;
    cursor = res.cursor;
  }
}

// Fine: a paged API: 20 keys a request, the next page is the next request's.
export async function pageAt(env: Env, cursor?: string) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: 20, cursor });
  const docs = await Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json")));
  return { docs, cursor: res.list_complete ? undefined : res.cursor };
}

export async function handle(env: Env, request: Request) {
  const cursor = new URL(request.url).searchParams.get("cursor") ?? undefined;
  return Response.json(await pageAt(env, cursor));
}

// Reported: 50 keys a call, but a caller walks every page in a loop.
async function chunkAt(env: Env, cursor?: string) {
  const res = await env.DOCS.list({ prefix: "doc:", limit: 50, cursor });
  const docs = await Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 95\\)"
  return { docs, cursor: res.list_complete ? undefined : res.cursor };
}

export async function exportAll(env: Env) {
  const all: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await chunkAt(env, cursor);
    all.push(...page.docs);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

// Reported: the function walks the pages itself, by calling itself.
export async function walk(env: Env, cursor?: string, out: unknown[] = []): Promise<unknown[]> {
  const res = await env.DOCS.list({ prefix: "doc:", limit: 50, cursor });
  for (const k of res.keys) out.push(await env.DOCS.get(k.name)); // want "get on DOCS once per key returned by list\\(\\) \\(line 113\\)"
  return res.list_complete ? out : walk(env, res.cursor, out);
}

// Reported: 300 deletes a call; KV has no bulk delete in a Worker.
export async function prune(env: Env, opts: PageOptions = {}) {
  const res = await env.DOCS.list({ prefix: "tmp:", limit: Math.min(opts.limit ?? 100, 300) });
  await Promise.all(res.keys.map((k) => env.DOCS.delete(k.name))); // want "delete on DOCS once per key returned by list\\(\\) \\(line 120\\): a full page of 300 keys costs 301 operations, and awaited one by one"
}

// Reported: 50 keys a call, through a helper; the helper's caller walks
// every page in a loop.
async function batchAt(env: Env, cursor?: string) {
  const res = await env.DOCS.list({ prefix: "batch:", limit: 50, cursor });
  const docs = await Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 127\\)"
  return { docs, cursor: res.list_complete ? undefined : res.cursor };
}

async function nextBatch(env: Env, cursor?: string) {
  return batchAt(env, cursor);
}

export async function exportBatches(env: Env) {
  let cursor: string | undefined;
  let n = 0;
  do {
    const page = await nextBatch(env, cursor);
    n += page.docs.length;
    cursor = page.cursor;
  } while (cursor);
  return n;
}

// Fine: a paged API reached through two handlers that share a helper, none
// of them in a loop: one page of 20 a request.
async function feedAt(env: Env, cursor?: string) {
  const res = await env.DOCS.list({ prefix: "feed:", limit: 20, cursor });
  const docs = await Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json")));
  return { docs, cursor: res.list_complete ? undefined : res.cursor };
}

async function feedPage(env: Env, request: Request) {
  return feedAt(env, new URL(request.url).searchParams.get("cursor") ?? undefined);
}

export async function feedJSON(env: Env, request: Request) {
  return Response.json(await feedPage(env, request));
}

export async function feedHTML(env: Env, request: Request) {
  const page = await feedPage(env, request);
  return new Response(`<p>${page.docs.length}</p>`, { headers: { "content-type": "text/html" } });
}
