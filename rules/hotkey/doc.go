// Package hotkey defines an Analyzer that reports writes of one constant
// key on every request.
//
// # hotkey
//
// hotkey: a put or delete of a constant key on the request path
//
// KV accepts at most one write per second to the same key; more are
// rejected with 429, and concurrent writes overwrite each other. A key with
// no per-user or per-item part ("stats", "last-visitor", "leaderboard")
// written from a request handler is written by every request: it fails
// under load and loses data long before that.
//
//	app.post("/visit", async (c) => {
//	  await c.env.STATS.put("last-visit", new Date().toISOString())   // reported
//	})
//
// The rule fires on a put or delete whose key is constant (after constant
// evaluation) in code that runs on the request path: module fetch,
// Hono/itty/Elysia route handlers, Pages onRequest* functions, Durable
// Object and WorkerEntrypoint methods, and functions they call. It does
// not fire when the key varies, when the write runs only from scheduled
// or queue handlers, or when it runs only after a read of the same key
// found nothing: a read-through fill writes once per key lifetime, not
// once per request.
//
//	const cached = await env.STATS.get("settings")
//	if (cached) return cached
//	await env.STATS.put("settings", fresh, { expirationTtl: 3600 }) // fine
//
// The guard may be `if (!v)`, `if (v === null)`, `if (!v || stale)`, the
// else of `if (v)`, an earlier `if (v) return v`, or `v ?? fill()`, where
// v is the read's result (or the `value` of getWithMetadata), read here or
// by a helper that returns it. Aggregate in a Durable Object, or write per-request
// keys and combine them later.
//
// Facts: at most 1 write per second to the same key; more gets 429
// ("Limits").
package hotkey
