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
// or an imported one). It reports at the read, with the write as a related
// location. It does not fire when the write and the read are on exclusive
// branches (if/else, switch cases, a branch that returns), when the keys
// differ, or when the read is of another namespace. Use the value you
// wrote instead of reading it back.
//
// Facts: read-your-writes is not guaranteed; changes can take 60 s or more
// to be visible ("How KV works").
package readafterwrite
