package report

import (
	"bytes"
	"encoding/json"
	"io"
)

// JSONVersion is the version of the JSON output schema. It changes only
// when a field is removed or changes meaning; new fields may appear.
const JSONVersion = 1

// The JSON output schema (version 1):
//
//	{
//	  "version": 1,
//	  "findings": [{
//	    "rule": "missingttl", "severity": "warning", "message": "...",
//	    "file": "src/index.ts",
//	    "line": 12, "column": 15, "endLine": 12, "endColumn": 30,
//	    "columnUtf16": 15, "endColumnUtf16": 30,
//	    "offset": 301, "endOffset": 316,
//	    "url": "https://...",
//	    "related": [{"file": ..., "line": ..., "column": ..., "endLine": ...,
//	                 "endColumn": ..., "columnUtf16": ..., "endColumnUtf16": ...,
//	                 "offset": ..., "endOffset": ..., "message": "..."}],
//	    "fixes": [{"message": "...", "safe": true,
//	               "edits": [{"file": ..., "line": ..., ..., "newText": "..."}]}]
//	  }],
//	  "errors": [{"file": "src/bad.ts", "line": 3, "column": 7, "message": "...",
//	              "rule": "syntax"}]
//	}
//
// Lines and columns are 1-based; "column" and "endColumn" count bytes (as
// in text output), "columnUtf16" and "endColumnUtf16" count UTF-16 code
// units (as JavaScript strings, LSP and SARIF do); ends are exclusive;
// offsets are byte offsets. Arrays are never null. An error's "rule" is
// "syntax" for a file that does not parse, and left out for other errors
// (a path that does not exist, a file that cannot be read, a broken
// config).

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
}

type jsonRange struct {
	File           string `json:"file"`
	Line           int    `json:"line"`
	Column         int    `json:"column"`
	EndLine        int    `json:"endLine"`
	EndColumn      int    `json:"endColumn"`
	ColumnUTF16    int    `json:"columnUtf16"`
	EndColumnUTF16 int    `json:"endColumnUtf16"`
	Offset         int    `json:"offset"`
	EndOffset      int    `json:"endOffset"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	jsonRange
	URL     string        `json:"url"`
	Related []jsonRelated `json:"related"`
	Fixes   []jsonFix     `json:"fixes"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Safe    bool       `json:"safe"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	jsonRange
	NewText string `json:"newText"`
}

type jsonRelated struct {
	jsonRange
	Message string `json:"message"`
}

type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	Rule    string `json:"rule,omitempty"`
}

// WriteJSON writes the report in kvlint's versioned JSON schema (see
// JSONVersion), one document followed by a newline.
func WriteJSON(w io.Writer, r *Report, src Sources) error {
	if r == nil {
		r = &Report{}
	}
	c := newSourceCache(src)
	out := jsonReport{
		Version:  JSONVersion,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   make([]jsonError, 0, len(r.Errors)),
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		jf := jsonFinding{
			Rule:      f.Rule,
			Severity:  severityName(f.Severity),
			Message:   f.Message,
			jsonRange: makeRange(c, f.File, f.Location),
			URL:       f.URL,
			Related:   make([]jsonRelated, 0, len(f.Related)),
		}
		for j := range f.Related {
			rel := &f.Related[j]
			jf.Related = append(jf.Related, jsonRelated{
				jsonRange: makeRange(c, relatedFile(f, rel), rel.Location),
				Message:   rel.Message,
			})
		}
		jf.Fixes = make([]jsonFix, 0, len(f.Fixes))
		for _, fix := range f.Fixes {
			jfix := jsonFix{Message: fix.Message, Safe: fix.Safe, Edits: make([]jsonEdit, 0, len(fix.Edits))}
			for _, e := range fix.Edits {
				jfix.Edits = append(jfix.Edits, jsonEdit{jsonRange: makeRange(c, e.File, e.Location), NewText: e.NewText})
			}
			jf.Fixes = append(jf.Fixes, jfix)
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonError{File: e.File, Line: e.Line, Column: e.Col, Message: e.Message, Rule: e.Rule})
	}
	// Compact first, then indent into a buffer sized once: the encoder's
	// own indenting grows its output step by step, which costs more than
	// the encoding on a report of thousands of findings.
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return err
	}
	var doc bytes.Buffer
	doc.Grow(2 * compact.Len())
	if err := json.Indent(&doc, compact.Bytes(), "", "  "); err != nil {
		return err
	}
	_, err := w.Write(doc.Bytes())
	return err
}

func makeRange(c *sourceCache, file string, loc Location) jsonRange {
	jr := jsonRange{
		File:      file,
		Line:      loc.Line,
		Column:    loc.Col,
		EndLine:   loc.EndLine,
		EndColumn: loc.EndCol,
		Offset:    loc.Offset,
		EndOffset: loc.EndOffset,
	}
	t := c.get(file)
	if loc.Line >= 1 && loc.Col >= 1 {
		jr.ColumnUTF16 = t.utf16Col(loc.Line, loc.Col)
	}
	if loc.EndLine >= 1 && loc.EndCol >= 1 {
		jr.EndColumnUTF16 = t.utf16Col(loc.EndLine, loc.EndCol)
	}
	return jr
}
