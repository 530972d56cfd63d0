package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// writeLog is a writer that keeps what it is given and the size of each
// write.
type writeLog struct {
	bytes.Buffer
	largest, writes int
}

func (w *writeLog) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	return w.Buffer.Write(p)
}

// Every format writes a big report as it goes, never the whole of it at
// once: a run of 80k findings died under a 1.5 GB address-space limit
// while the JSON writer held the document three times over (the structs,
// the compact encoding, the indented copy). Each write is at most a
// buffer; the document is still what the format requires.
func TestBigReportsAreStreamed(t *testing.T) {
	const n = 10000
	src := MapSources{}
	r := &Report{Rules: []Rule{{Name: "missingttl", Short: "s", Doc: "d", URL: "https://kvlint.dev/rules/missingttl", Default: Warning}}}
	for i := range n {
		file := fmt.Sprintf("src/w%d.ts", i/1000)
		line := i%1000 + 1
		if src[file] == nil {
			src[file] = []byte(strings.Repeat("    env.CACHE.put(\"k\", \"v\");\n", 1000))
		}
		loc := Location{File: file, Line: line, Col: 5, EndLine: line, EndCol: 27, Offset: 30*(line-1) + 4, EndOffset: 30*(line-1) + 26}
		r.Findings = append(r.Findings, Finding{
			Rule: "missingttl", Severity: Warning, Message: "put without expiration or expirationTtl", URL: "https://kvlint.dev/rules/missingttl", Location: loc,
			Related: []Related{{Location: loc, Message: "written here"}},
			Fixes:   []Fix{{Message: "add a TTL", Edits: []Edit{{Location: loc, NewText: "x"}}}},
		})
	}
	r.Errors = []FileError{{File: "src/bad.ts", Line: 1, Col: 2, Message: "Unexpected \"}\"", Rule: "syntax"}, {File: "wrangler.toml", Message: "bad"}}
	for _, tc := range []struct {
		name  string
		write func(w *writeLog) error
		json  bool
	}{
		{"text", func(w *writeLog) error { return WriteText(w, r, src, TextOptions{}) }, false},
		{"github", func(w *writeLog) error { return WriteGitHub(w, r) }, false},
		{"json", func(w *writeLog) error { return WriteJSON(w, r, src) }, true},
		{"sarif", func(w *writeLog) error { return WriteSARIF(w, r, src, SARIFOptions{ToolVersion: "1"}) }, true},
		{"gitlab", func(w *writeLog) error { return WriteGitLab(w, r, src) }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w writeLog
			if err := tc.write(&w); err != nil {
				t.Fatal(err)
			}
			if w.Len() < 1<<20 {
				t.Fatalf("%d bytes: not a big report", w.Len())
			}
			if w.largest > 256<<10 {
				t.Errorf("a write of %d KB of a %d KB report: the report is built in memory, then written", w.largest>>10, w.Len()>>10)
			}
			if !tc.json {
				return
			}
			// The streamed document is the indented form of itself:
			// what encoding it whole and indenting it gave.
			var compact, indented bytes.Buffer
			if err := json.Compact(&compact, w.Bytes()); err != nil {
				t.Fatal(err)
			}
			if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
				t.Fatal(err)
			}
			indented.WriteByte('\n')
			if !bytes.Equal(indented.Bytes(), w.Bytes()) {
				t.Errorf("the streamed document is not indented as a whole document is")
			}
		})
	}
}
