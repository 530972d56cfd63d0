// Package counterrace defines an Analyzer that reports read-modify-write
// cycles on a KV key.
//
// # counterrace
//
// counterrace: a value read from a key is modified and written back to it
//
// KV has no atomic increment, no compare-and-swap and no transactions:
// the last write wins. A counter, rate limiter, lock or "list in one key"
// built as get → modify → put loses updates whenever two requests overlap,
// and with KV's eventual consistency they overlap across locations for a
// minute or more.
//
//	const n = Number(await env.COUNTS.get(key)) || 0
//	await env.COUNTS.put(key, String(n + 1))          // reported
//
//	const list = JSON.parse((await env.KV.get("q")) ?? "[]")
//	list.push(item)
//	await env.KV.put("q", JSON.stringify(list))        // reported
//
// The rule fires when the result of a get (or getWithMetadata) of a key
// flows into a put of the same key on the same namespace, changed on the
// way: through Number, parseInt, parseFloat, unary +, JSON.parse, `?? x`,
// `|| x`, destructuring, object fields, ++, +=, + 1, push, spread and
// concat, stores into the read object (also `Object.assign(rec, patch)`),
// and changes to the elements of a read list (`for (const item of items)
// item.qty += 1`, `forEach`). The
// read and the write may go through helpers, in this module or another: a
// read helper that returns the value or a field of it, a helper that
// changes the value in place (`bump(rec)`), a write helper (`saveRec(kv,
// id, rec)`), and keys built by helpers, including methods over `this`
// and `#private` fields (`this.#key(ip)`).
//
// A value read once and written back on several paths (appended to on
// one branch, only pruned on another) is one finding, at its first write,
// with the other writes as related locations.
//
// A key that only cron runs (`scheduled`) read and write has no
// concurrent requests, but the same loss: KV promises no run that it reads
// the previous run's write, so the message says that instead.
//
// It does not fire when the written value does not depend on the value
// read (a read-through cache that writes fresh data on a miss), when the
// value read is put back unchanged (a TTL refresh, even if a copy of it
// was changed for the response, or another key's value was; metadata
// rebuilt from the value's own fields adds nothing new), or when every
// field written is replaced and none is derived from the read (`cur.status
// = status; put(k, JSON.stringify({ status: cur.status }))`). Use a Durable
// Object (one strongly consistent instance) or D1 (`UPDATE t SET n = n +
// 1`) for counters.
//
// Facts: no compare-and-swap, transactions or atomic increment; last write
// wins ("How KV works").
package counterrace
