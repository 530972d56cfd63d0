// Package cronwrites defines an Analyzer that reports scheduled handlers
// whose KV writes exceed a daily write budget.
//
// # cronwrites
//
// cronwrites: a cron trigger's writes add up to more KV writes a day than the plan allows
//
// The free plan allows 1,000 KV writes (and 1,000 deletes) a day; past
// them every write fails until the day resets. A cron trigger that runs
// every minute runs 1,440 times a day, so a single unconditional put in
// its handler writes 1,440 times: from about 16:40 UTC on, every write of
// the Worker fails, the handler's and the requests' alike.
//
//	// wrangler.toml: [triggers] crons = ["* * * * *"]
//	async scheduled(event, env) {
//	  const status = await probe()
//	  await env.STATUS.put("status", JSON.stringify(status))   // reported
//	}
//
// The rule counts the puts (and, on their own, the deletes) one run of the
// `scheduled` handler makes on every run, in the handler and the functions
// it calls,
// and multiplies by the runs a day of the busiest block (top level or
// [env.NAME]) of the wrangler config's `triggers.crons`. A write in a loop
// whose count the code fixes counts that many times (`for (const p of
// PAGES)` or `PAGES.forEach(...)` with PAGES a constant array literal,
// `for (let i = 0; i < 10; i++)`); in any other loop it counts once. When the product exceeds the budget, each of those writes
// is reported, with the cron line of the config as a related location.
//
// A write under a condition is not counted: write only when something
// changed (`if (changed)`) or when it is due (`if (now - last > HOUR)`),
// and keep the last value in memory or compare before writing. On a paid
// plan, set the budget:
//
//	[rules.cronwrites]
//	daily-writes = 1000000
//
// Facts: the free plan allows 1,000 writes a day, and a cron every minute
// runs 1,440 times a day ("Limits", "Pricing", cron triggers).
package cronwrites
