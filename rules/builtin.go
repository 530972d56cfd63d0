package rules

import (
	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// Builtin are the diagnostics kvlint's driver reports itself rather than
// an analyzer: the suppression directives' own problems and files that do
// not parse. They are rules like the others for the user (a section in
// docs/rules.md, `kvlint explain`, a row in `kvlint rules`, a helpUri in
// SARIF), but never run as analyzers; their Run is never called.
var Builtin = []Rule{
	{builtin("invalidsuppression", invalidSuppressionDoc), report.Warning},
	{builtin("syntax", syntaxDoc), report.Error},
	{builtin("unusedsuppression", unusedSuppressionDoc), report.Warning},
}

func builtin(name, doc string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: name,
		Doc:  doc,
		URL:  kvmodel.DocURL(name),
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
}

// every lists the analyzer rules and then the built-in ones.
func every() []Rule { return append(append([]Rule(nil), All...), Builtin...) }

const invalidSuppressionDoc = `invalidsuppression: a kvlint directive without a -- reason, naming an unknown rule, or misplaced

A suppression directive must say which rules it silences and why:

	// kvlint-disable-next-line missingttl -- config keys never expire
	await env.CONFIG.put("flags", json);

kvlint reports the directive itself (and suppresses nothing with it) when
it names a rule that does not exist (with the closest rule name, if one is
close: a typo would otherwise silence nothing), and reports it (while
still honouring it) when it has no "-- reason", when a kvlint-disable-file
comes after the first statement, or when a kvlint-enable has no matching
kvlint-disable. Set it in kvlint.toml like any rule:

	[rules]
	invalidsuppression = "error"
`

const unusedSuppressionDoc = `unusedsuppression: a kvlint-disable directive that suppresses nothing

A directive that no longer suppresses any finding (the code was fixed, the
rule no longer fires, or the directive is on the wrong line) is reported,
so stale suppressions do not pile up and hide the next real finding:

	// kvlint-disable-next-line missingttl -- config keys never expire
	await env.CONFIG.put("flags", json, { expirationTtl: 3600 }); // reported: nothing to suppress

Remove the directive, or move it to the line it is meant for. A directive
for a rule that kvlint.toml turns off suppresses nothing, and is reported
too. Set it in kvlint.toml like any rule ("off" to allow stale ones).
`

const syntaxDoc = `syntax: a file that does not parse as TypeScript or JavaScript

kvlint parses each file with esbuild's parser. A file that does not parse
is reported at the line and column of the first syntax error, with a code
frame, and is not analyzed (its KV calls go unchecked); the other files
are. The run exits 1.

	export default { async fetch(req) { return new Response("ok") }  // reported: missing "}"

Fix the syntax, or leave generated or vendored files out with kvlint.toml's
ignore patterns. A file with JSX must have a .jsx or .tsx extension. Parse
errors cannot be turned off in [rules]: a file kvlint cannot read is one
whose KV use is unknown.
`
