// Package readafterwrite defines an Analyzer that reports reads of a key
// right after writing it.
//
// # readafterwrite
//
// readafterwrite: a get of a key after a put or delete of it in the same request
//
// KV does not promise read-your-writes, not even in the location that
// wrote: a get that follows a put of the same key may return the old value
// (or a cached miss) for 60 seconds or more. Code that writes and then
// reads back to "confirm" or to build its response works in tests and
// returns stale data in production.
//
//	await env.PROFILES.put(id, JSON.stringify(profile))
//	return Response.json(await env.PROFILES.get(id, "json"))   // reported
//
// The rule fires when, on some execution path of one request, a get or
// getWithMetadata of key K on namespace N follows a put or delete of K on
// N: in the same function, or through a function it calls (in this module
// or an imported one: `saveUser(kv, user)` then `getUser(kv, user.id)`).
// Keys are compared through key helpers in any module (`userKey(user.id)`
// is `user:${user.id}`) and members of the arguments. It reports at the
// read, with the write as a related location. It does not fire when the
// write and the read are on exclusive branches (if/else, switch cases, a
// branch that returns, a loop body that moves on with `continue` after
// the write), when the keys differ, when the read is of another
// namespace, or when both are elements of one `Promise.all([...])` (they
// run in no order; a read after the awaited Promise.all is reported). Use the value you
// wrote instead of reading it back.
//
// Facts: read-your-writes is not guaranteed; changes can take 60 s or more
// to be visible ("How KV works").
package readafterwrite
