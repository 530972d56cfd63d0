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
  return Promise.all(res.keys.map((k) => env.DOCS.get(k.name, "json"))); // want "get on DOCS once per key returned by list\\(\\) \\(line 53\\)"
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
