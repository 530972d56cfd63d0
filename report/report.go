// Package report formats kvlint's findings for people and for machines.
//
// Four formats are written from one [Report]:
//
//   - text ([WriteText]): `file:line:col: severity: message (rule)` followed
//     by a code frame, for the terminal and pre-commit;
//   - SARIF 2.1.0 ([WriteSARIF]), for GitHub code scanning and other SARIF
//     consumers;
//   - JSON ([WriteJSON]), a small versioned schema for scripts;
//   - GitHub Actions workflow commands ([WriteGitHub]), which become
//     annotations on pull requests.
//
// Positions in a [Location] are 1-based lines and 1-based byte columns with
// an exclusive end, the way go/token reports them. Text, JSON and GitHub
// output keep byte columns; SARIF converts them to UTF-16 code units (what
// GitHub and editors count) using the file contents from [Sources].
//
// Every writer is deterministic: the same report and sources give the same
// bytes.
package report

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Severity is how serious a finding is.
type Severity string

// The severities a finding can have.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Location is a range in a source file.
type Location struct {
	// File is a slash-separated path relative to the working directory or
	// repository root, as the user typed it or as discovery found it.
	File string
	// Line, Col, EndLine and EndCol are 1-based. Col and EndCol count bytes
	// (on the first line, after a UTF-8 byte order mark, which is not text
	// and which editors do not show). The end is exclusive: EndCol points
	// just past the last byte. Zero means unknown.
	Line, Col, EndLine, EndCol int
	// Offset and EndOffset are byte offsets into the file.
	Offset, EndOffset int
}

// Related is a secondary location of a finding, such as the write a
// read-after-write finding refers to.
type Related struct {
	Location
	Message string
}

// Finding is one problem a rule reported.
type Finding struct {
	Rule     string
	Severity Severity
	Message  string
	Location
	Related []Related
	URL     string // documentation URL of the rule
	Fixes   []Fix
	// Suppressed is set when an in-source directive suppresses the
	// finding: SARIF keeps it, marked; the other formats leave it out.
	Suppressed *Suppression
}

// Suppression is the directive that suppressed a finding.
type Suppression struct {
	Justification string // the directive's "-- reason"
}

// Fix is a change that resolves a finding.
type Fix struct {
	Message string
	// Safe fixes keep the code's behaviour apart from the problem they
	// fix (applied by --fix); the others change it (--fix-unsafe).
	Safe  bool
	Edits []Edit
}

// Edit replaces the bytes [Offset, EndOffset) of File with NewText.
type Edit struct {
	Location
	NewText string
}

// FileError is a file kvlint could not analyse (a parse error, say).
type FileError struct {
	File      string
	Line, Col int // 1-based, Col in bytes; 0 when unknown
	Message   string
	// Rule is SyntaxRule for a parse error; empty for other errors (a
	// file that cannot be read, a broken config).
	Rule string
}

// SyntaxRule is the rule of parse errors.
const SyntaxRule = "syntax"

// errorRule names the check of a file error in formats that need one.
func errorRule(e *FileError) string {
	if e.Rule != "" {
		return e.Rule
	}
	return toolName
}

// Rule describes a rule that ran.
type Rule struct {
	Name    string
	Short   string // one line
	Doc     string // full documentation, plain text or markdown
	URL     string
	Default Severity
	// Tags label the rule in SARIF (properties.tags). When empty, the
	// tags "correctness" and "cloudflare-workers-kv" are used.
	Tags []string
}

// Report is everything one kvlint run has to say.
type Report struct {
	Findings []Finding // sorted by the caller (see Sort)
	Errors   []FileError
	Rules    []Rule // all rules that ran
}

// Sources gives the contents of a file, for code frames and for converting
// byte columns to UTF-16 columns. Source may return nil when the file is not
// available; output then does without.
type Sources interface {
	Source(file string) []byte
}

// MapSources is a Sources backed by a map from file name to contents.
type MapSources map[string][]byte

// Source implements Sources.
func (m MapSources) Source(file string) []byte { return m[file] }

// Sort orders findings by file, line, column, rule and message (then by
// end position), so that output does not depend on the order in which
// analyzers ran. Findings equal in all of these keep their order.
func Sort(findings []Finding) {
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Message, b.Message),
			cmp.Compare(a.EndLine, b.EndLine),
			cmp.Compare(a.EndCol, b.EndCol),
		)
	})
}

// SortErrors orders file errors by file, line, column and message.
func SortErrors(errs []FileError) {
	slices.SortStableFunc(errs, func(a, b FileError) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// severityName is the word used for s in output; an unset severity is a
// warning.
func severityName(s Severity) string {
	if s == "" {
		return string(Warning)
	}
	return string(s)
}

// location formats file:line:col, leaving out unknown (zero) parts.
func location(file string, line, col int) string {
	var b strings.Builder
	b.WriteString(file)
	if line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(line))
		if col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(col))
		}
	}
	return b.String()
}

// repoPath cleans a slash-separated relative path for consumers that want
// a path relative to the repository root ("./src/a.ts" → "src/a.ts").
func repoPath(file string) string {
	if file == "" {
		return file
	}
	return path.Clean(file)
}

// relatedFile is the file of a related location, which defaults to the
// finding's file.
func relatedFile(f *Finding, r *Related) string {
	if r.File != "" {
		return r.File
	}
	return f.File
}
