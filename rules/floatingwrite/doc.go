// Package floatingwrite defines an Analyzer that reports KV writes whose
// promise nobody waits for.
//
// # floatingwrite
//
// floatingwrite: a put or delete that is neither awaited nor handed to waitUntil
//
// A Worker's invocation ends when its response is returned; promises still
// pending then may be cancelled. A `put` or `delete` that is not awaited,
// returned or passed to `ctx.waitUntil` is a write that sometimes happens.
// The same holds for calling an async function that writes KV without
// waiting for it (a "refresh in the background" that is not background),
// for `forEach(async ...)`, which never waits for its callbacks, and for a
// write a `forEach` callback returns (dropped) or a `map` callback returns
// (or an async `map` callback makes) into a list of promises nobody awaits.
//
//	env.CACHE.put(key, body)                        // reported
//	refresh(env, key)                               // reported, if refresh writes KV
//	ctx.waitUntil(env.CACHE.put(key, body))         // fine
//	await Promise.all(keys.map(k => env.KV.delete(k)))   // fine
//	keys.map(k => env.KV.delete(k))                      // reported
//
//	env.CACHE.put(key, body).catch(log)            // reported: still floats
//
// The rule fires on a write promise, or a call of a project function that
// (transitively) writes KV, that is neither awaited, returned, passed to
// `ctx.waitUntil`/`event.waitUntil`/`waitUntil` from "cloudflare:workers",
// stored in a variable that is used, nor collected into a Promise.all that
// is itself handled. `void` in front of it does not help, and neither does
// a `.then`, `.catch` or `.finally` handler: the chain is a promise that
// floats just the same, unless it is awaited, returned or handed to
// waitUntil in turn, or a handler calls back a parameter of the enclosing
// function (`.then(() => callback())`, the callback style of session
// stores), whose caller then waits.
//
// Facts: a write neither awaited nor handed to waitUntil may be cancelled
// when the response is returned; attaching then/catch changes nothing about
// that ("The API surface").
package floatingwrite
