// Package shortttl defines an Analyzer that reports expirations KV rejects
// for being too short.
//
// # shortttl
//
// shortttl: expirationTtl below 60, cacheTtl below 30, expiration less than 60 s ahead
//
// KV rejects a put whose `expirationTtl` is below 60 seconds with
// `400 Invalid expiration_ttl of N. Expiration TTL must be at least 60.`,
// and one whose absolute `expiration` is less than 60 seconds in the future
// with `400 Invalid expiration of T`. A `get` with `cacheTtl` below 30 is
// rejected too. The write is lost and the request usually fails with it.
//
//	await env.CACHE.put(k, v, { expirationTtl: 30 })                  // error
//	await env.CACHE.put(k, v, { expiration: nowSeconds() + 30 })      // error
//	await env.CACHE.get(k, { cacheTtl: 10 })                          // error
//	await env.CACHE.put(k, v, { expirationTtl: ttl })                 // warning: ttl is a parameter, never clamped
//	await env.CACHE.put(k, v, { expirationTtl: Math.max(60, ttl) })   // fine
//
// Values come from the value-flow layer: constants (also `const`s
// imported from the project's modules), arithmetic, `let` reassignments and
// compound assignments, branches, `?:`, `??`, `||` and `switch` (the
// smallest value wins), helpers' return values, the arguments of every call
// site of a parameter, literal-union parameter types (`ttl: 10 | 60`), and
// options objects however they are built: in a conditional (`t ? {
// expirationTtl: t } : undefined`), filled in by assignment, spread.
//
// A TTL computed from a difference of times, a parameter, a parameter's
// property (`opts.ttl`, `({ ttl })`) or a constructor option kept in a
// field (`this.#window = opts.windowSec`) is a warning unless it is clamped
// to at least 60 on every path: `Math.max(60, x)`, `x < 60 ? 60 : x`,
// `if (x < 60) x = 60`, or an early `return`/`throw` when `x < 60` (also on
// the option itself: `if (opts.ttl < 60) throw`). `Math.max(1, x)` and
// `ttl < 60 ? ttl : undefined` are not clamps.
//
// A default or fallback below the minimum is an error, not a warning: it
// is the TTL whenever the caller leaves the option out (`opts.ttl ?? 30`,
// `opts.edgeTtl || 10`, `ttl = 20` in a parameter, `{ seconds = 15 }`,
// `private ttl = 20` in a constructor, also kept in a field). A test that
// keeps the value away from KV on that path (`if (ttl)` after `?? 0`), a
// clamp, or arithmetic on it (`(opts.minutes ?? 5) * 60`) leaves only the
// warning.
//
// An absolute `expiration` that is not proven to be at least now+60 is a
// warning too: one taken from a stored or passed timestamp
// (`session.expiresAt`, `Math.floor(new Date(until).getTime() / 1000)`,
// which is `until`, not now), or a window or hour boundary (`start - start %
// 60 + 60`, `Math.ceil(Date.now() / 3_600_000) * 3600`, seconds until the
// next full hour), unless it goes through `Math.max(now + 60, x)` or an
// early return when it is closer. Values the code never names, spread in
// from an options object it passes along, are not reported; nor is a
// wrapper with KV's own signature that hands its caller's whole options
// object to `put` unchanged (`put(key, value, options)`): it computes no
// TTL, and a caller in the project that passes a short one is reported at
// that put, through the call.
//
//	await env.CACHE.put(k, v, { expiration: session.expiresAt })                     // warning
//	await env.CACHE.put(k, v, { expiration: Math.max(now + 60, session.expiresAt) }) // fine
//
// Facts: expirationTtl is at least 60; expiration is at least 60 seconds in
// the future; cacheTtl is at least 30 ("Write key-value pairs", "Read
// key-value pairs", "Limits").
package shortttl
