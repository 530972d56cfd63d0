package report

import (
	"bytes"
	"strings"
	"testing"
)

const demoFile = "src/index.ts"

// demoSrc has a plain line, a line indented with tabs and a line with
// multibyte UTF-8 (2 CJK characters, 2 cells each; é, 1 cell) before the
// column.
var demoSrc = MapSources{demoFile: []byte(
	"const key = \"k\";\n" + //                         line 1
		"\tif (x) {\n" + //                             line 2
		"\t\tawait env.CACHE.put(key, v);\n" + //       line 3
		"const 日本 = 'é'; await env.KV.get(key);\n" + // line 4
		"}\r\n"), //                                     line 5
}

func textOf(t *testing.T, r *Report, src Sources, opt TextOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteText(&b, r, src, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTextFrames(t *testing.T) {
	// put on line 3: two tabs (8 cells), "await env.CACHE." then put.
	put := strings.Index("\t\tawait env.CACHE.put(key, v);", "put")
	// get on line 4 is at byte column 35 (after 6+6+4+2+3+6+7 bytes).
	get := strings.Index("const 日本 = 'é'; await env.KV.get(key);", "get")
	r := &Report{Findings: []Finding{
		{
			Rule: "missingttl", Severity: Warning, Message: "put without a TTL",
			Location: Location{File: demoFile, Line: 3, Col: put + 1, EndLine: 3, EndCol: put + 4},
		},
		{
			Rule: "readafterwrite", Severity: Error, Message: "read of a key written before",
			Location: Location{File: demoFile, Line: 4, Col: get + 1, EndLine: 4, EndCol: get + 9},
			Related: []Related{{
				Location: Location{File: demoFile, Line: 3, Col: put + 1, EndLine: 3, EndCol: put + 4},
				Message:  "written here",
			}},
		},
	}}
	got := textOf(t, r, demoSrc, TextOptions{})
	want := "" +
		"src/index.ts:3:19: warning: put without a TTL (missingttl)\n" +
		"  3 |         await env.CACHE.put(key, v);\n" +
		"    | " + strings.Repeat(" ", 8+16) + "^^^\n" + // two tabs, "await env.CACHE."
		"\n" +
		"src/index.ts:4:35: error: read of a key written before (readafterwrite)\n" +
		"  4 | const 日本 = 'é'; await env.KV.get(key);\n" +
		// 31 cells: 日 and 本 take two cells each.
		"    | " + strings.Repeat(" ", 31) + "^^^^^^^^\n" +
		"  src/index.ts:3:19: note: written here\n" +
		"    3 |         await env.CACHE.put(key, v);\n" +
		"      |                         ^^^\n" +
		"\n" +
		"2 problems (1 error, 1 warning)\n"
	if got != want {
		t.Errorf("text output:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("colour codes without Color:\n%q", got)
	}
}

// caretUnder returns the text of the source line (as framed) in the
// display cells the carets cover.
func caretUnder(t *testing.T, frame string) string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(frame, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		caret := strings.IndexByte(lines[i], '^')
		if caret < 0 || !strings.Contains(lines[i], " | ") {
			continue
		}
		n := strings.Count(lines[i], "^")
		src := []rune(lines[i-1])
		// All test lines are ASCII in the gutter and before the caret.
		if caret+n > len(src) {
			t.Fatalf("carets past the line:\n%s\n%s", lines[i-1], lines[i])
		}
		return string(src[caret : caret+n])
	}
	t.Fatalf("no caret line in\n%s", frame)
	return ""
}

func TestTextTabsAndCaret(t *testing.T) {
	// "\tif (x) {": the caret under "x" whatever the tab expansion.
	r := &Report{Findings: []Finding{{
		Rule: "r", Severity: Warning, Message: "m",
		Location: Location{File: demoFile, Line: 2, Col: 6, EndLine: 2, EndCol: 7},
	}}}
	if got := caretUnder(t, textOf(t, r, demoSrc, TextOptions{})); got != "x" {
		t.Errorf("caret under %q, want %q", got, "x")
	}
	// A tab in the middle of a line expands to the next tab stop, in the
	// frame and in the caret line alike.
	src := MapSources{"a.js": []byte("ab\tcd\tKV.put(x)\n")}
	r = &Report{Findings: []Finding{{
		Rule: "r", Severity: Warning, Message: "m",
		Location: Location{File: "a.js", Line: 1, Col: 7, EndLine: 1, EndCol: 9},
	}}}
	out := textOf(t, r, src, TextOptions{})
	if got := caretUnder(t, out); got != "KV" {
		t.Errorf("caret under %q, want %q\n%s", got, "KV", out)
	}
	if strings.Contains(out, "\t") {
		t.Errorf("tab not expanded:\n%q", out)
	}
}

func TestTextMultiLineRange(t *testing.T) {
	src := MapSources{"a.ts": []byte("await env.KV.put(k, v, {\n  expirationTtl: 30,\n});\n")}
	r := &Report{Findings: []Finding{{
		Rule: "r", Severity: Error, Message: "m",
		Location: Location{File: "a.ts", Line: 1, Col: 14, EndLine: 3, EndCol: 3},
	}}}
	// Underlined to the end of the first line.
	if got := caretUnder(t, textOf(t, r, src, TextOptions{})); got != "put(k, v, {" {
		t.Errorf("caret under %q", got)
	}
}

func TestTextColor(t *testing.T) {
	r := &Report{
		Findings: []Finding{
			{Rule: "badkey", Severity: Error, Message: "empty key", Location: Location{File: demoFile, Line: 1, Col: 7, EndLine: 1, EndCol: 10}},
			{Rule: "missingttl", Severity: Warning, Message: "no ttl", Location: Location{File: demoFile, Line: 3, Col: 19, EndLine: 3, EndCol: 22}},
		},
	}
	got := textOf(t, r, demoSrc, TextOptions{Color: true})
	for _, want := range []string{
		ansiBold + "src/index.ts:1:7:" + ansiReset,
		ansiRed + "error" + ansiReset,
		ansiYellow + "warning" + ansiReset,
		ansiDim + "(badkey)" + ansiReset,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("coloured output lacks %q:\n%q", want, got)
		}
	}
	plain := textOf(t, r, demoSrc, TextOptions{})
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("plain output has escape codes:\n%q", plain)
	}
	if !strings.Contains(plain, "src/index.ts:1:7: error: empty key (badkey)\n") {
		t.Errorf("plain output:\n%s", plain)
	}
}

func TestTextSummary(t *testing.T) {
	f := func(sev Severity) Finding {
		return Finding{Rule: "r", Severity: sev, Message: "m", Location: Location{File: "x.ts", Line: 1, Col: 1}}
	}
	ferr := FileError{File: "bad.ts", Line: 2, Col: 5, Message: "Expected \";\""}
	for _, tc := range []struct {
		r    Report
		want string
	}{
		{Report{}, ""},
		{Report{Rules: []Rule{{Name: "r"}}}, ""},
		{Report{Findings: []Finding{f(Error)}}, "1 problem (1 error, 0 warnings)\n"},
		{Report{Findings: []Finding{f(Warning)}}, "1 problem (0 errors, 1 warning)\n"},
		{Report{Findings: []Finding{f(Error), f(Warning), f(Warning)}}, "3 problems (1 error, 2 warnings)\n"},
		{Report{Findings: []Finding{f(Error), f(Error)}}, "2 problems (2 errors, 0 warnings)\n"},
		{Report{Errors: []FileError{ferr}}, "1 problem (1 error, 0 warnings)\n"},
	} {
		for _, opt := range []TextOptions{{}, {NoFrames: true}} {
			got := textOf(t, &tc.r, nil, opt)
			if tc.want == "" {
				if got != "" {
					t.Errorf("empty report wrote %q", got)
				}
				continue
			}
			if !strings.HasSuffix(got, "\n\n"+tc.want) {
				t.Errorf("output %q does not end with the summary %q", got, tc.want)
			}
		}
	}
}

func TestTextNoFramesAndErrors(t *testing.T) {
	r := &Report{
		Findings: []Finding{{
			Rule: "readafterwrite", Severity: Warning, Message: "stale read",
			Location: Location{File: demoFile, Line: 4, Col: 34, EndLine: 4, EndCol: 47},
			Related:  []Related{{Location: Location{Line: 3, Col: 19}, Message: "written here"}},
		}},
		Errors: []FileError{
			{File: "src/bad.ts", Line: 7, Col: 3, Message: "Unexpected \"}\""},
			{File: "src/gone.ts", Message: "no such file"},
		},
	}
	got := textOf(t, r, demoSrc, TextOptions{NoFrames: true})
	want := "" +
		"src/index.ts:4:34: warning: stale read (readafterwrite)\n" +
		"  src/index.ts:3:19: note: written here\n" +
		"src/bad.ts:7:3: error: Unexpected \"}\"\n" +
		"src/gone.ts: error: no such file\n" +
		"\n" +
		"3 problems (2 errors, 1 warning)\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextParseErrorFrame(t *testing.T) {
	src := MapSources{"bad.ts": []byte("let a = 1;\nlet b = ;\n")}
	r := &Report{Errors: []FileError{{File: "bad.ts", Line: 2, Col: 9, Message: "Unexpected \";\""}}}
	got := textOf(t, r, src, TextOptions{})
	want := "" +
		"bad.ts:2:9: error: Unexpected \";\"\n" +
		"  2 | let b = ;\n" +
		"    |         ^\n" +
		"\n" +
		"1 problem (1 error, 0 warnings)\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextMissingSourceOrLine(t *testing.T) {
	r := &Report{Findings: []Finding{
		{Rule: "r", Severity: Warning, Message: "m", Location: Location{File: "nosrc.ts", Line: 1, Col: 1, EndLine: 1, EndCol: 2}},
		{Rule: "r", Severity: Warning, Message: "m", Location: Location{File: demoFile, Line: 99, Col: 1, EndLine: 99, EndCol: 2}},
	}}
	got := textOf(t, r, demoSrc, TextOptions{})
	if strings.Contains(got, " | ") {
		t.Errorf("frame without a source line:\n%s", got)
	}
}

func TestTextLongLine(t *testing.T) {
	line := "const a = [" + strings.Repeat("1, ", 150) + "]; await env.KV.put(k, v); " + strings.Repeat("x", 300)
	col := strings.Index(line, "put") + 1
	src := MapSources{"long.js": []byte(line + "\n")}
	r := &Report{Findings: []Finding{{
		Rule: "r", Severity: Warning, Message: "m",
		Location: Location{File: "long.js", Line: 1, Col: col, EndLine: 1, EndCol: col + 3},
	}}}
	out := textOf(t, r, src, TextOptions{})
	for _, l := range strings.Split(out, "\n") {
		if n := len([]rune(l)); n > maxFrameWidth+20 {
			t.Errorf("frame line of %d characters: %q", n, l)
		}
	}
	if got := caretUnder(t, out); got != "put" {
		t.Errorf("caret under %q, want put\n%s", got, out)
	}
	if !strings.Contains(out, "1 | …") || !strings.Contains(out, "x…\n") {
		t.Errorf("cut line not marked with …:\n%s", out)
	}
}

func TestTextControlCharacters(t *testing.T) {
	// Escape sequences and bidi overrides in the source must not reach the
	// terminal; they are shown as U+FFFD.
	src := MapSources{"a.js": []byte("x = '\x1b[2J\u202e'; KV.put(a)\n")}
	r := &Report{Findings: []Finding{{
		Rule: "r", Severity: Warning, Message: "m",
		Location: Location{File: "a.js", Line: 1, Col: 19, EndLine: 1, EndCol: 21},
	}}}
	out := textOf(t, r, src, TextOptions{})
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("control characters written: %q", out)
	}
	if !strings.Contains(out, "x = '\uFFFD[2J\uFFFD';") {
		t.Errorf("got %q", out)
	}
}

func TestTextDeterministic(t *testing.T) {
	r := sampleReport()
	a := textOf(t, r, demoSrc, TextOptions{Color: true})
	b := textOf(t, r, demoSrc, TextOptions{Color: true})
	if a != b {
		t.Error("two runs differ")
	}
}
