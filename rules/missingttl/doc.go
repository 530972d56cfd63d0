// Package missingttl defines an Analyzer that reports KV writes that never
// expire.
//
// # missingttl
//
// missingttl: put without expiration or expirationTtl
//
// A value written with `put(key, value)` and no `expiration` or
// `expirationTtl` stays in the namespace until something deletes it. Cache
// entries, sessions, tokens and rate-limit windows written this way pile up
// forever: storage is billed per GB-month, `list()` grows without bound, and
// stale entries are served after the code that wrote them has changed. KV
// expires keys for free when asked to.
//
//	await env.CACHE.put(key, html)                          // reported
//	await env.CACHE.put(key, html, { expirationTtl: 3600 }) // fine
//
// The rule fires when a put has no options argument, or an options object
// that provably has neither `expiration` nor `expirationTtl`. It does not
// fire when the options come from a variable or a spread that may hold them,
// or for a binding configured in kvlint.toml with `ttl-required = false`
// (a namespace of configuration that is meant to live forever):
//
//	[bindings.CONFIG]
//	ttl-required = false
//
// Facts: KV keeps a key until it is deleted or its expiration passes
// ("Write key-value pairs", expiration and expirationTtl).
package missingttl
