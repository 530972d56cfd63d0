package report

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// A 10 MB line with 20 findings: each frame lays out only a window around
// its column (the whole line for each took 8 s and 1.46 GB), and shows the
// finding's text with the cuts marked.
func TestFrameOfHugeLineIsWindowed(t *testing.T) {
	line := []byte(strings.Repeat("x = 1; ", 10<<20/7))
	var r Report
	for i := 0; i < 20; i++ {
		at := i * len(line) / 20
		copy(line[at:], "env.KV.put(k)")
		r.Findings = append(r.Findings, Finding{Rule: "r", Severity: Warning, Message: "m",
			Location: Location{File: "big.js", Line: 1, Col: at + 1, EndLine: 1, EndCol: at + 14}})
	}
	src := MapSources{"big.js": line}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var b bytes.Buffer
	if err := WriteText(&b, &r, src, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// Indexing the file's lines is linear; the frames add little.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("writing 20 frames allocated %d MB", alloc>>20)
	}
	out := b.String()
	if n := strings.Count(out, "env.KV.put(k)"); n != 20 {
		t.Errorf("%d frames show the call, want 20:\n%.2000s", n, out)
	}
	if b.Len() > 20*1000 {
		t.Errorf("output of %d bytes: the frames are not cut", b.Len())
	}
	// A column in the middle: cut on both sides.
	cut := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "env.KV.put(k)") && strings.HasPrefix(l, "  1 | …") && strings.HasSuffix(l, "…") {
			cut++
		}
	}
	if cut != 19 {
		t.Errorf("%d frames cut on both sides, want 19:\n%.3000s", cut, out)
	}
}

// Control characters in file names are written as escapes, in text and
// GitHub output: no live escape sequence, no split file:line:col line.
func TestFileNamesAreSanitized(t *testing.T) {
	name := "src/\x1b[31mred\nline\u202e.ts"
	r := &Report{Findings: []Finding{{Rule: "r", Severity: Error, Message: "m", Location: Location{File: name, Line: 1, Col: 1}}},
		Errors: []FileError{{File: name, Line: 1, Col: 1, Message: "bad"}}}
	var text, gh bytes.Buffer
	if err := WriteText(&text, r, nil, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteGitHub(&gh, r); err != nil {
		t.Fatal(err)
	}
	want := `src/\x1b[31mred\nline\u202e.ts:1:1: error: m`
	if !strings.Contains(text.String(), want) {
		t.Errorf("text output:\n%q\nwant it to contain %q", text.String(), want)
	}
	for what, out := range map[string]string{"text": text.String(), "github": gh.String()} {
		if strings.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("%s output has raw control characters: %q", what, out)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(gh.String()), "\n") {
		if !strings.HasPrefix(l, "::") {
			t.Errorf("github output line split: %q", l)
		}
	}
}
