// Package listfanout defines an Analyzer that reports KV operations run
// once per key returned by list().
//
// # listfanout
//
// listfanout: a get, put or delete once per key that list() returned
//
// A Worker invocation may make at most 1000 operations on KV (and other
// external services) together. `list()` returns up to 1000 keys a page,
// so reading, writing or deleting each key it returned costs a full page
// 1001 operations: past the limit on the first full page, and, awaited one
// by one, as slow as the number of keys. It usually starts small (a few
// sessions in development) and breaks when the namespace grows.
//
//	const { keys } = await env.SESSIONS.list({ prefix: "session:" })
//	const mine = []
//	for (const k of keys) {
//	  const s = await env.SESSIONS.get(k.name, "json")   // reported
//	  if (s?.owner === user) mine.push(s)
//	}
//
//	const { keys } = await env.SESSIONS.list({ prefix: `session:${user}:` })
//	const values = await env.SESSIONS.get(keys.map(k => k.name), "json") // fine: one bulk read
//
// The rule follows the keys through loops (for...of, index loops over
// `keys[i]`), `map` with `Promise.all`, `forEach`, arrays built from the
// keys (`push`, `concat`, pages gathered in a cursor loop), helpers that
// return a listing or yield its keys, helpers handed the keys, and helpers
// called per key (reported at the call). Splitting the keys into chunks of 50 bounds only
// how many requests run at once, not how many there are: it is reported
// too. Several operations per key of one listing in one function (a get,
// then a delete of each expired key) are one finding, at the first, with
// the others as related locations and the cost of all of them (of a page
// of its proven limit, when it reads one page of fewer than 1000 keys).
//
// It does not fire when the list() has a `limit` proven to be at most 100
// (a constant, or the caller's number clamped: `Math.min(opts.limit, 100)`,
// `if (limit > 100) limit = 100`) and no loop around it, nor a cursor
// loop (a cursor is fine in a paged API that reads one page per call: the
// function does not call itself and no call of it runs in a loop); when
// the loop stops after a constant count (`keys.slice(0, 10)`, `for (let i
// = 0; i < 10; i++)`, a counter compared with a constant, or with the
// caller's number clamped to one, that breaks out); or when the read is
// already a bulk `get(keys)`. A caller's option with a default is no bound
// (`opts.limit ?? 50`, `opts.batchSize ?? 50`: a caller may pass 5000), nor
// is a limit that is above 100 on some path (`archived ? 50 : 1000`):
// clamp it. When the caller's unclamped number is all that bounds the
// loop or the page, the message says so: one `Math.min` settles it.
//
// Instead: read up to 100 keys in one bulk `get([...])` (one operation);
// keep what you need in the keys' metadata, which list() returns with
// them; use a narrower prefix (per owner) so that one listing holds only
// the keys wanted; or hand batches of keys to a Queue, whose consumers
// each run with their own operation budget.
//
// Facts: at most 1000 operations per invocation, a bulk get of up to 100
// keys counts as one; list() returns up to 1000 keys and their metadata
// ("Limits", "List keys", "Read key-value pairs").
package listfanout
