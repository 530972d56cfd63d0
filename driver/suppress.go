package driver

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kvlint/kvlint/internal/suggest"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// The names under which suppression directives are themselves reported:
// a directive that suppresses nothing, and one that is malformed (no
// "-- reason", an unknown rule, a kvlint-disable-file after the first
// statement, a kvlint-enable with no kvlint-disable).
const (
	UnusedSuppression  = "unusedsuppression"
	InvalidSuppression = "invalidsuppression"
)

// SuppressionRules are the pseudo-rules of directives, with their docs.
var SuppressionRules = []struct{ Name, Summary string }{
	{UnusedSuppression, "a kvlint-disable directive that suppresses nothing"},
	{InvalidSuppression, "a kvlint directive without a -- reason, naming an unknown rule, or misplaced"},
}

// directive is one kvlint comment directive.
type directive struct {
	kind    string // disable-next-line, disable-line, disable, enable, disable-file
	rules   []string
	reason  string
	comment parser.Comment
	// fromLine..toLine (inclusive) is the region it covers; toLine 0 means
	// to the end of the file.
	fromLine, toLine int
	// A disable block covers offsets from..to (to -1: to the end of the
	// file), so that on one line `/* kvlint-disable r */ a(); /*
	// kvlint-enable r */ b();` leaves b() reported.
	fromOff, toOff int
	used           bool
	problem        string
	missingReason  bool
}

var directiveKinds = []string{"disable-next-line", "disable-line", "disable-file", "disable", "enable"}

// parseDirective reads a kvlint comment: `kvlint-KIND [RULE[, RULE]...] [-- reason]`.
func parseDirective(c parser.Comment) (*directive, bool) {
	text := c.Text
	if c.Block {
		text = strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/")
	} else {
		text = strings.TrimPrefix(text, "//")
	}
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, "kvlint-")
	if !ok {
		return nil, false
	}
	d := &directive{comment: c}
	for _, k := range directiveKinds {
		if r, ok := strings.CutPrefix(rest, k); ok && (r == "" || r[0] == ' ' || r[0] == '\t') {
			d.kind, rest = k, r
			break
		}
	}
	if d.kind == "" {
		return nil, false
	}
	if i := strings.Index(rest, "--"); i >= 0 {
		d.reason = strings.TrimSpace(rest[i+2:])
		rest = rest[:i]
	}
	d.rules = strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	return d, true
}

func (d *directive) covers(rule string) bool {
	if len(d.rules) == 0 {
		return true
	}
	for _, r := range d.rules {
		if r == rule {
			return true
		}
	}
	return false
}

// applySuppressions drops findings covered by directives and reports
// directives that suppress nothing or are misplaced.
func applySuppressions(f *parser.File, findings []report.Finding, opt Options) []report.Finding {
	if len(f.Comments) == 0 {
		return findings
	}
	known := map[string]bool{}
	for _, a := range opt.Analyzers {
		known[a.Analyzer.Name] = true
	}
	for _, r := range opt.KnownRules {
		known[r] = true
	}
	enabled := opt.SuppressionSeverity
	if enabled == nil {
		enabled = map[string]report.Severity{UnusedSuppression: report.Warning, InvalidSuppression: report.Warning}
	}
	firstStmt := len(f.Src)
	if stmts := f.Stmts(); len(stmts) > 0 {
		firstStmt = int(stmts[0].Loc.Start)
	}

	var dirs []*directive
	var open []*directive // disable blocks awaiting their enable
	for _, c := range f.Comments {
		d, ok := parseDirective(c)
		if !ok {
			continue
		}
		endLine, _ := f.LineCol(c.End)
		switch d.kind {
		case "disable-next-line":
			d.fromLine, d.toLine = endLine+1, endLine+1
		case "disable-line":
			d.fromLine, d.toLine = c.Line, endLine
		case "disable-file":
			d.fromLine, d.toLine = 1, 0
			if c.Offset > firstStmt {
				d.problem = "kvlint-disable-file must come before the first statement"
			}
		case "disable":
			d.fromLine = c.Line
			d.fromOff, d.toOff = c.Offset, -1
			open = append(open, d)
		case "enable":
			d.used = true // enables are not themselves suppressions
			closed := false
			for _, o := range open {
				if o.toLine == 0 && sameRules(o.rules, d.rules) {
					o.toLine = c.Line
					o.toOff = c.Offset
					closed = true
				}
			}
			if !closed {
				d.problem = "kvlint-enable has no matching kvlint-disable"
				d.used = false
			}
		}
		for _, r := range d.rules {
			if !known[r] && r != UnusedSuppression && r != InvalidSuppression {
				d.problem = fmt.Sprintf("unknown rule %q in kvlint-%s", r, d.kind)
				if s := suggest.Closest(r, knownNames(known), 2); s != "" {
					d.problem += fmt.Sprintf("; did you mean %q?", s)
				}
			}
		}
		if d.problem == "" && d.kind != "enable" && d.reason == "" {
			d.missingReason = true
		}
		dirs = append(dirs, d)
	}

	for i := range findings {
		fd := &findings[i]
		for _, d := range dirs {
			if d.kind == "enable" || d.problem != "" || !d.covers(fd.Rule) {
				continue
			}
			in := fd.Line >= d.fromLine && (d.toLine == 0 || fd.Line <= d.toLine)
			if d.kind == "disable" {
				in = fd.Offset >= d.fromOff && (d.toOff < 0 || fd.Offset < d.toOff)
			}
			if in {
				d.used = true
				if fd.Suppressed == nil {
					fd.Suppressed = &report.Suppression{Justification: d.reason}
				}
			}
		}
	}

	for _, d := range dirs {
		rule, msg := InvalidSuppression, d.problem
		switch {
		case msg != "":
		case !d.used:
			rule = UnusedSuppression
			msg = fmt.Sprintf("kvlint-%s suppresses nothing: no finding here", d.kind)
			if len(d.rules) > 0 {
				msg = fmt.Sprintf("kvlint-%s suppresses nothing: no %s finding here", d.kind, strings.Join(d.rules, " or "))
			}
		case d.missingReason:
			msg = fmt.Sprintf("kvlint-%s needs a reason: add \"-- why this is fine\" after the rule names", d.kind)
		default:
			continue
		}
		if enabled[rule] == "" {
			continue
		}
		c := d.comment
		l := report.Location{File: f.Path, Offset: c.Offset, EndOffset: c.End}
		l.Line, l.Col = f.LineCol(c.Offset)
		l.EndLine, l.EndCol = f.LineCol(c.End)
		findings = append(findings, report.Finding{Rule: rule, Severity: enabled[rule], Message: msg, Location: l, URL: kvmodel.DocURL(rule)})
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Offset < findings[j].Offset })
	return findings
}

// knownNames lists the rule names a directive may name, sorted.
func knownNames(known map[string]bool) []string {
	names := []string{UnusedSuppression, InvalidSuppression}
	for r := range known {
		names = append(names, r)
	}
	sort.Strings(names)
	return names
}

func sameRules(a, b []string) bool {
	if len(b) == 0 {
		return true
	}
	for _, r := range b {
		found := false
		for _, x := range a {
			if x == r {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
