package driver_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
)

// FuzzDirective puts an arbitrary comment, line or block, at one of several
// places of a small Worker with findings to suppress: before the first
// statement, on a line of its own, at the end of a line with findings, and
// inside a function. The suppression code must never panic, and the result
// must satisfy checkResult.
func FuzzDirective(f *testing.F) {
	// One seed per distinct directive, its style and place varying with
	// its index: the fuzzer varies them itself, and a small corpus leaves
	// the time for fuzzing.
	seen := map[string]bool{}
	for _, d := range fixtureDirectives(f) {
		if !seen[d] {
			n := len(seen)
			seen[d] = true
			f.Add(d, n%2 == 1, uint8(n/2))
		}
	}
	for _, d := range []string{
		"kvlint-disable-next-line missingttl, shortttl -- reason",
		"kvlint-disable-line",
		"kvlint-disable-file hotkey --",
		"kvlint-disable missingttl\n/* kvlint-enable missingttl */",
		"kvlint-enable nosuchrule",
		"kvlint-disable-next-line\tmissingttl,,, -- -- --",
		"kvlint-disable-next-line unusedsuppression invalidsuppression",
		"kvlint-kvlint-disable-line kvlint-",
		"x */ kvlint-disable /* kvlint-disable-line",
		"kvlint-disable-next-line missingttl -- \"quoted\" `tick` \xff",
	} {
		f.Add(d, false, uint8(0))
		f.Add(d, true, uint8(2))
	}

	analyzers := allAnalyzers()
	wrangler := fuzzWrangler(f)
	f.Fuzz(func(t *testing.T, text string, block bool, where uint8) {
		if len(text) > 256 {
			return // the worker's findings are what a directive can act on
		}
		comment := "// " + text
		if block {
			comment = "/* " + text + " */"
		}
		src := directiveWorker
		for i, p := range directivePlaces {
			c := ""
			if int(where)%len(directivePlaces) == i {
				c = comment
			}
			src = strings.Replace(src, p, c, 1)
		}
		inputs := []driver.Input{{Path: "src/index.ts", Rel: "src/index.ts", Src: []byte(src)}}
		res := driver.Run(inputs, driver.Options{
			Analyzers: analyzers,
			Wrangler:  func(string) (*config.Wrangler, error) { return wrangler, nil },
			Jobs:      1,
		})
		checkResult(t, inputs, res)
	})
}

// directivePlaces are the placeholders of directiveWorker; the fuzzed
// comment replaces one of them, the others are removed.
var directivePlaces = []string{"@TOP@", "@OWN@", "@END@", "@INNER@"}

const directiveWorker = `@TOP@
import { helper } from "./helper";
export default {
  async fetch(req: Request, env: Env, ctx: ExecutionContext) {
    @OWN@
    await env.CACHE.put("a", "v"); @END@
    await env.CACHE.put(req.url, "v", { expirationTtl: 30, expiration: Date.now() });
    const { keys } = await env.SESSIONS.list({ limit: 5000 });
    for (const k of keys) { await env.CACHE.put(k.name, "x"); @INNER@ }
    env.KV.delete("");
    await env.NOPE.get("k");
    return new Response(String(keys.length));
  },
};
`

// fixtureDirectives returns the text of the kvlint directives in the
// testdata fixtures (after the comment marker).
func fixtureDirectives(f *testing.F) []string {
	f.Helper()
	re := regexp.MustCompile(`(?://|/\*)\s*(kvlint-[^\n]*?)(?:\*/|\n|$)`)
	var out []string
	for _, src := range fixtureSources(f) {
		for _, m := range re.FindAllSubmatch(src, -1) {
			out = append(out, string(m[1]))
		}
	}
	if b, err := os.ReadFile("../README.md"); err == nil {
		for _, m := range re.FindAllSubmatch(b, -1) {
			out = append(out, string(m[1]))
		}
	}
	return out
}
