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
// Values are evaluated through constants (also `const`s imported from the
// project's modules), arithmetic, object-literal members, conditionals (the
// smallest branch) and parameters whose arguments are constant at every
// call site. A TTL computed from a difference of times or from a parameter
// is reported as a warning unless it is clamped to at least 60 on every
// path: `Math.max(60, x)`, `x < 60 ? 60 : x`, or an early `return`/`throw`
// when `x < 60`. `Math.max(1, x)` and `ttl < 60 ? ttl : undefined` are not
// clamps.
//
// Facts: expirationTtl is at least 60; expiration is at least 60 seconds in
// the future; cacheTtl is at least 30 ("Write key-value pairs", "Read
// key-value pairs", "Limits").
package shortttl
