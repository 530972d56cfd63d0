// Package unknownbinding defines an Analyzer that reports KV bindings the
// wrangler config does not declare.
//
// # unknownbinding
//
// unknownbinding: env.X used as KV but not declared in the wrangler config
//
// A binding the wrangler config does not declare is `undefined` at run time:
// `env.SESSION.get(id)` throws "Cannot read properties of undefined" on the
// first request. Typos (`SESSION` for `SESSIONS`) and bindings added to the
// top level but not to an `[env.production]` block are the usual causes:
// wrangler environments do not inherit `kv_namespaces`, so a binding
// declared only at the top level is missing in every named environment that
// does not repeat it.
//
//	# wrangler.toml
//	kv_namespaces = [{ binding = "SESSIONS", id = "..." }]
//	[env.production]
//	kv_namespaces = [{ binding = "CACHE", id = "..." }]
//
//	await env.SESSION.get(id)  // reported: not declared; did you mean SESSIONS?
//	await env.SESSIONS.get(id) // reported: missing from [env.production]
//
// The rule reports at the property naming the binding. It fires only where
// a wrangler config (wrangler.toml, wrangler.json or wrangler.jsonc) governs
// the file and declares at least one KV namespace; without a config,
// bindings are inferred from the code and its types and nothing is
// "unknown". A name the config declares as a binding of any other kind,
// at the top level or in any environment, is never reported, whatever
// methods the code calls on it (secrets store, workflow and dispatch
// namespace bindings have a `get` too): R2, D1, Durable Objects, queues,
// services, vars, AI, browser, vectorize, hyperdrive, analytics engine,
// secrets store, workflows, send_email, assets, dispatch namespaces,
// version metadata, rate limits, `unsafe` bindings and the rest. A KV
// binding of the top level that an environment declares as another kind
// is reported as not KV there, not as undefined.
//
// Facts: KV bindings are declared per environment in the wrangler config,
// and `kv_namespaces` is not inherited by named environments.
package unknownbinding
