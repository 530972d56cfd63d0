// Package bulkget defines an Analyzer that reports awaited gets on one
// namespace, one after another, that one bulk get would do.
//
// # bulkget
//
// bulkget: gets one after another that one bulk get([...]) would read at once
//
// `get` takes an array of up to 100 keys and returns a Map of their values
// (text or JSON): one operation against the limit of 1000 per invocation,
// and one round trip instead of one per key. A settings page that awaits
// ten constant keys one after another waits for ten round trips on every
// request.
//
//	const title = await env.SETTINGS.get("title")     // reported
//	const theme = await env.SETTINGS.get("theme")
//	const footer = await env.SETTINGS.get("footer")
//
//	const settings = await env.SETTINGS.get(["title", "theme", "footer"])
//	const title = settings.get("title")               // one read
//
// The rule fires on two or more awaited gets of text or JSON on one
// namespace, in statements that follow one another in one block, when no
// key uses anything declared or assigned since the first get (so no key
// depends on an earlier result) and nothing between them leaves the block
// (an exit that may depend on an earlier value) or touches KV. It does
// not fire for `stream` or `arrayBuffer` reads, which bulk reads do not
// support, nor in test files (`*.test.*`, `*.spec.*`, `__tests__/`,
// `test/`, `tests/`), which read key after key to check each, nor when
// the gets all read the same key (a repeated read, not several keys).
//
// Where the rewrite is mechanical (the gets are on the same expression,
// with the same options and simple keys, and no type arguments), a fix
// reads the keys with one bulk get before the first statement and takes
// each value from its Map.
//
// Facts: get accepts up to 100 keys (text or json) and counts as one
// operation; at most 1000 operations per invocation ("Read key-value
// pairs", "Limits").
package bulkget
