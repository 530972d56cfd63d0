// Package listpagination defines an Analyzer that reports list() calls
// whose result is used without pagination.
//
// # listpagination
//
// listpagination: list() result used without reading cursor or list_complete
//
// `list()` returns at most 1000 keys per call (fewer when metadata is
// large). The rest come only by calling `list({ cursor })` again until
// `list_complete` is true. Code that reads `keys` from one call and never
// looks at `cursor` or `list_complete` silently drops every key past the
// first page: it works in development and breaks when the namespace grows.
//
//	const { keys } = await env.SESSIONS.list({ prefix: "user:" }) // reported
//
//	let cursor: string | undefined
//	do {
//	  const page = await env.SESSIONS.list({ prefix: "user:", cursor })
//	  handle(page.keys)
//	  cursor = page.list_complete ? undefined : page.cursor
//	} while (cursor)                                              // fine
//
// The rule fires when the result (directly, through a variable or by
// destructuring) has members read but never `cursor` or `list_complete`.
// It does not fire when the result is returned, passed on or stored whole
// (the code that receives it may paginate), nor for a binding whose
// kvlint.toml options say small lists are intended and the call's `limit`
// is within that bound:
//
//	[bindings.FLAGS]
//	list-limit-ok = 100
//
// Facts: list() returns at most 1000 keys; more needs cursor until
// list_complete ("List keys").
package listpagination
