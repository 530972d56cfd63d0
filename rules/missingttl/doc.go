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
// A put counts as having no TTL when it has no options argument, or an
// options object that provably has neither `expiration` nor
// `expirationTtl`; `expirationTtl: undefined`, or a TTL that is undefined
// on some path (`let ttl; if (temp) ttl = 300`), is none on that path. A
// wrapper that takes its TTL (or its options) from a parameter is reported
// at each call that leaves it out: `cachePut(env, key, value)` where
// `cachePut(env, key, value, ttl?)` puts `{ expirationTtl: ttl }`. It does
// not count when the options come from a variable or a spread that may
// hold them, or for a binding configured in kvlint.toml
// with `ttl-required = false` (a namespace of configuration that is meant
// to live forever):
//
//	[bindings.CONFIG]
//	ttl-required = false
//
// Not every namespace is a cache: links, users and settings are meant to
// last. The project's own puts say which is which, and the rule reports
// accordingly:
//
//   - A put without a TTL is reported on its own when other puts to the
//     same namespace set one (for keys with the same prefix, such as
//     `invite:`, when the key has one), naming such a put, or when the
//     binding or the key says it holds cached data, sessions, tokens,
//     one-time codes, nonces, locks, rate limits or temporary values
//     (`SESSIONS`, `otp:${id}`, `${prefix}:lock:${id}`). A put whose
//     options may set a TTL on some path counts as setting one.
//   - Keys of a prefix that never gets a TTL, in a namespace whose other
//     keys do (`user:` beside `invite:`), are kept on purpose and not
//     reported; nor is a put without a TTL in a function that sets one
//     for the same kind of key on another branch (`if (ttl) put(k, v, {
//     expirationTtl: ttl }) else put(k, v)`), or passes its caller's
//     options on there (`if (options) put(k, v, options) else put(k, v)`:
//     a call that leaves them out is reported at the call).
//   - A TTL left out only where the code itself tested that the lifetime
//     asked for is infinite is a deliberate "keep forever", not reported:
//     `ttl === Infinity ? undefined : ttl`, `if (!Number.isFinite(ttl))
//     ttl = undefined`, or a put without options in such a branch. It
//     still counts as none where the TTL is undefined for any other reason
//     (`!ttl || ttl === Infinity ? undefined : ttl`, an option left out).
//   - A namespace that no put in the project writes with a TTL is reported
//     once, at its first put, with the other puts as related locations:
//     add a TTL if it holds cached data, or set `ttl-required = false` for
//     the binding if it is meant to last. One suppression at that put or
//     one line of kvlint.toml settles the namespace.
//   - Puts in test files (`*.test.ts`, `*.spec.ts`, `test/`, `__tests__/`),
//     test fixtures (`fixtures/`) and local-development playgrounds
//     (`playground/`) write sample data: they are not reported, and say
//     nothing of what the code intends.
//
// To report every put without a TTL instead:
//
//	[rules.missingttl]
//	mode = "each"
//
// Facts: KV keeps a key until it is deleted or its expiration passes
// ("Write key-value pairs", expiration and expirationTtl).
package missingttl
