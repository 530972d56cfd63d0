// Package expirationunit defines an Analyzer that reports expirations given
// in milliseconds.
//
// # expirationunit
//
// expirationunit: expiration computed in milliseconds instead of seconds
//
// KV's `expiration` is an absolute time in seconds since the Unix epoch.
// JavaScript clocks count milliseconds: `Date.now()`, `getTime()`,
// `valueOf()` and `Date` objects. An expiration built from them without
// dividing by 1000 is a thousand times too far in the future, outside the
// 32-bit range KV accepts, and the put throws `Value out of range`.
//
//	await env.KV.put(k, v, { expiration: Date.now() + 3600 })                    // reported
//	await env.KV.put(k, v, { expiration: expiresAt })                            // reported if expiresAt is a Date
//	await env.KV.put(k, v, { expiration: Math.floor(Date.now() / 1000) + 3600 }) // fine
//
// `expirationTtl` is seconds from now, so an absolute time given as
// `expirationTtl` is reported too. Values are followed by the value-flow
// layer, which keeps the unit of every time: through constants, `let`
// reassignments, helpers' return values, options filled in by assignment,
// `date.setTime(x)` and arithmetic. A division by 1000 (floored or not) on
// the way converts to seconds, and any division by a multiple of 1000
// milliseconds followed by the matching multiplication is seconds too
// (`Math.ceil(Date.now() / 3_600_000) * 3600`); `Date.parse(s)` and
// `new Date(x).getTime()` are milliseconds.
//
// Facts: expiration is seconds since the epoch; epoch milliseconds are out
// of the 32-bit range and throw "Value out of range" ("Write key-value
// pairs", Miniflare's KV validator).
package expirationunit
