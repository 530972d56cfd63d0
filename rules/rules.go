// Package rules lists kvlint's analyzers. Each lives in a package of its
// own below this one (its doc.go is its documentation, shown by `kvlint
// explain`), and every one requires the shared KV model in rules/kvmodel.
package rules

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/badkey"
	"github.com/kvlint/kvlint/rules/bulkget"
	"github.com/kvlint/kvlint/rules/cachewarm"
	"github.com/kvlint/kvlint/rules/checkthenset"
	"github.com/kvlint/kvlint/rules/counterrace"
	"github.com/kvlint/kvlint/rules/cronwrites"
	"github.com/kvlint/kvlint/rules/expirationunit"
	"github.com/kvlint/kvlint/rules/floatingwrite"
	"github.com/kvlint/kvlint/rules/hotkey"
	"github.com/kvlint/kvlint/rules/kvmodel"
	"github.com/kvlint/kvlint/rules/listfanout"
	"github.com/kvlint/kvlint/rules/listpagination"
	"github.com/kvlint/kvlint/rules/missingttl"
	"github.com/kvlint/kvlint/rules/readafterwrite"
	"github.com/kvlint/kvlint/rules/shortttl"
	"github.com/kvlint/kvlint/rules/unknownbinding"
)

// Rule is an analyzer with its default severity.
type Rule struct {
	Analyzer *analysis.Analyzer
	Default  report.Severity
}

// All lists every rule, sorted by name.
var All = []Rule{
	{badkey.Analyzer, report.Error},
	{bulkget.Analyzer, report.Warning},
	{cachewarm.Analyzer, report.Warning},
	{checkthenset.Analyzer, report.Warning},
	{counterrace.Analyzer, report.Warning},
	{cronwrites.Analyzer, report.Warning},
	{expirationunit.Analyzer, report.Error},
	{floatingwrite.Analyzer, report.Warning},
	{hotkey.Analyzer, report.Warning},
	{listfanout.Analyzer, report.Warning},
	{listpagination.Analyzer, report.Warning},
	{missingttl.Analyzer, report.Warning},
	{readafterwrite.Analyzer, report.Warning},
	{shortttl.Analyzer, report.Error},
	{unknownbinding.Analyzer, report.Error},
}

// Names returns the rule names, sorted.
func Names() []string {
	names := make([]string, len(All))
	for i, r := range All {
		names[i] = r.Analyzer.Name
	}
	return names
}

// Lookup finds a rule by name.
func Lookup(name string) (Rule, bool) {
	for _, r := range every() {
		if r.Analyzer.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}

// Report returns the rules' metadata for the report formats.
func Report() []report.Rule {
	out := make([]report.Rule, len(All)+len(Builtin))
	for i, r := range every() {
		a := r.Analyzer
		out[i] = report.Rule{Name: a.Name, Short: kvmodel.Summary(a.Doc), Doc: a.Doc, URL: a.URL, Default: r.Default}
	}
	return out
}

// Markdown renders every rule's documentation as docs/rules.md, the page
// each finding's URL points into.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# kvlint rules\n\n<!-- Generated from each rule's doc.go by `go test ./rules -update`. Do not edit. -->\n\n")
	b.WriteString("| rule | default | summary |\n|---|---|---|\n")
	for _, r := range every() {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.Analyzer.Name, r.Analyzer.Name, r.Default, kvmodel.Summary(r.Analyzer.Doc))
	}
	for _, r := range every() {
		doc := r.Analyzer.Doc
		_, body, _ := strings.Cut(doc, "\n")
		fmt.Fprintf(&b, "\n## %s\n\n**%s** (default severity: %s)\n\n", r.Analyzer.Name, kvmodel.Summary(doc), r.Default)
		// Indented lines of doc.go are code: fence them.
		inCode := false
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			code := strings.HasPrefix(line, "\t")
			if code != inCode {
				if code {
					b.WriteString("```ts\n")
				} else {
					b.WriteString("```\n")
				}
				inCode = code
			}
			if code {
				line = strings.TrimPrefix(line, "\t")
			}
			b.WriteString(line + "\n")
		}
		if inCode {
			b.WriteString("```\n")
		}
	}
	return b.String()
}
