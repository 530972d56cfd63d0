// Package cachewarm defines an Analyzer that reports "cache warming" loops
// of KV writes.
//
// # cachewarm
//
// cachewarm: a loop of puts that pays for writes and warms nothing
//
// Writing a key from one Worker does not warm other locations: a write
// lands in KV's central stores, and each location fills its cache on its
// own first read. There is no "push to every edge". A cron job or deploy
// hook that loops over keys and puts them pays the write price (ten times a
// read, and 1,000 writes a day on the free plan) and still leaves every
// other location cold.
//
//	async scheduled(event, env) {
//	  for (const path of POPULAR_PAGES) {
//	    await env.PAGES.put(path, await render(path))   // reported
//	  }
//	}
//
// The rule fires on a put, or a call of a project function that writes KV
// (`savePage(env.PAGES, path, html)`, `store.save(p)`, in any module),
// executed per element of a collection (a loop, forEach, map with
// Promise.all) in a scheduled handler (or code it calls),
// in a function named like warm, prewarm, prime, preload, populate or seed,
// or over a constant list of keys. It does not fire when the loop is
// driven by the request's own data (a bulk write of what the client sent).
// Populate lazily on a miss, with a TTL, and version keys
// (`cache:v${VERSION}:...`) instead.
//
// Facts: writing does not warm other locations; writes cost 10× a read
// ("How KV works", "Pricing").
package cachewarm
