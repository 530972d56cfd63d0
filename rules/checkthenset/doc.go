// Package checkthenset defines an Analyzer that reports KV writes decided
// by a read of the same key: check-then-set, which KV cannot make atomic.
//
// # checkthenset
//
// checkthenset: a get of a key decides whether the same key is deleted or put
//
// KV has no compare-and-swap and no transactions, and a location that read
// a key keeps serving what it read (or its absence) for 60 seconds or more.
// So when a read of key K decides whether K is deleted, or put with a value
// that does not come from the read, two requests can both pass the check:
// a single-use token is consumed twice, a replayed `jti` or nonce is
// accepted, two workers both take a lock, a "claim once" job runs twice.
//
//	const grant = await env.TOKENS.get(`code:${code}`, "json")
//	if (!grant) return new Response("invalid code", { status: 400 })
//	await env.TOKENS.delete(`code:${code}`)            // reported
//
//	if (await env.LOCKS.get(`lock:${job}`)) return     // taken
//	await env.LOCKS.put(`lock:${job}`, "1", { expirationTtl: 60 }) // reported
//
// The rule fires on a delete, or a put whose value does not depend on the
// read, of the key a get (or getWithMetadata, or a helper returning one)
// read on the same namespace in the same function, when the write lies in
// a branch whose test depends on the read's value or follows an early
// return or throw whose test does. A delete counts when what was read is
// handed on (returned, as a consumed token's grant is), or when the test
// compares what the key holds (`current.token !== token`) and the code
// puts that kind of key again elsewhere: releasing a lock only if it is
// still ours deletes the lock another worker took since. A delete of what
// merely exists, or of a lock this run took, is harmless twice; so is one
// decided by a helper that returns only whether the key was there (`return
// value !== null`, as a has() does), whatever the caller returns of it.
// Nor is a delete in a catch clause: what was read could not be used (an
// entry that does not parse, dropped); nor one followed by a throw or by a
// return of nothing (undefined, null, false): the path reports the entry
// as gone (`if (expired(meta)) { await kv.delete(k); return undefined }`).
// A delete followed by the value handed on, or by a success, is a token
// consumed, and counts.
//
// A create-if-absent is a claim too: when the key is present the request
// is refused, and only a missing key is put, with what the request brought
// (a short link under the slug asked for, an account under a username).
// Two concurrent creates of the same key both pass the check and the later
// put overwrites the earlier, though both were told they succeeded.
//
//	const existing = await env.LINKS.get(`link:${slug}`)
//	if (existing) return Response.json({ error: "taken" }, { status: 409 })
//	await env.LINKS.put(`link:${slug}`, JSON.stringify(link)) // reported
//
// Refused means the path taken when the test says the key exists (`x`,
// `x !== null`, or the else of `!x`) leaves the function by a throw, with
// a 4xx status (`{ status: 409 }`, `c.json(body, 400)`), or by a return of
// something other than what was read (`return false`, `return null`; a
// bare return only in a function that returns values elsewhere). An
// upsert that answers a present key with what it holds is the same race
// when the value put on a miss is the request's body (`request.json()`,
// `c.req.json()`, `readValidatedBody(event)`): each request brings its own.
//
// It does not fire on a read-through cache fill: the read's value is
// served when present (returned, passed on) and the value put on a miss
// comes from elsewhere than the request's body, or the value put is
// computed from another source (a fetch, an awaited computation) and a hit
// is not refused. Nor on an update (the put runs when the key is present,
// a missing one is refused), on a key computed from the whole value (a
// content digest: every request puts the same), on a key drawn at random
// just before (a collision check: no two requests share it), or where the
// binding or the key names a cache.
//
// Use a Durable Object (one instance per token, lock or job, with strongly
// consistent storage) or D1 with a unique constraint (`INSERT ... ON
// CONFLICT DO NOTHING`, then check the rows changed) for anything that
// must happen once.
//
// Facts: no compare-and-swap or transactions; other locations may serve a
// cached value (or miss) for 60 s or more ("How KV works").
package checkthenset
