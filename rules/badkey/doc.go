// Package badkey defines an Analyzer that reports constant keys, limits and
// metadata that KV rejects.
//
// # badkey
//
// badkey: key, list limit or metadata outside KV's limits
//
// KV rejects, at run time, keys that are empty, `.` or `..`, or longer than
// 512 bytes; `list()` limits above 1000; and metadata whose JSON is larger
// than 1024 bytes. When the key, limit or metadata is a constant the
// failure is certain, so kvlint reports it before it ships:
//
//	await env.KV.get("")                          // reported: empty key
//	await env.KV.list({ limit: 5000 })            // reported: limit above 1000
//	await env.KV.put(k, v, { metadata: big })     // reported if big's JSON > 1024 bytes
//
// Keys are checked for get, getWithMetadata (each key of a bulk get), put
// and delete, after constant evaluation (constants, imported constants,
// template literals and concatenation). Keys that are not constant are not
// checked.
//
// Facts: keys are at most 512 bytes and not empty, "." or ".."; list()
// takes a limit of at most 1000; metadata is at most 1024 bytes of
// serialized JSON ("Limits").
package badkey
