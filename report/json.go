package report

import (
	"io"
	"strconv"
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
// JSONVersion), one document followed by a newline. The findings are
// written one at a time, as they are converted: the output of a big run
// is never held in memory.
func WriteJSON(w io.Writer, r *Report, src Sources) error {
	if r == nil {
		r = &Report{}
	}
	c := newSourceCache(src)
	s := newJSONStream(w)
	s.raw("{\n  \"version\": " + strconv.Itoa(JSONVersion) + ",\n  \"findings\": ")
	s.array(len(r.Findings), "  ", func(i int) any { return jsonFindingOf(c, &r.Findings[i]) })
	s.raw(",\n  \"errors\": ")
	s.array(len(r.Errors), "  ", func(i int) any {
		e := &r.Errors[i]
		return jsonError{File: e.File, Line: e.Line, Column: e.Col, Message: e.Message, Rule: e.Rule}
	})
	s.raw("\n}\n")
	return s.close()
}

func jsonFindingOf(c *sourceCache, f *Finding) *jsonFinding {
	jf := &jsonFinding{
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
	return jf
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
