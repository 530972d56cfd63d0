package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestGitHub(t *testing.T) {
	r := &Report{
		Findings: []Finding{
			{Rule: "shortttl", Severity: Error, Message: "expirationTtl is 30; KV needs at least 60",
				Location: Location{File: "./src/index.ts", Line: 12, Col: 5, EndLine: 12, EndCol: 22}},
			{Rule: "readafterwrite", Severity: Warning, Message: "100% stale,\r\nmaybe: yes",
				URL:      "https://kvlint.dev/rules/readafterwrite",
				Location: Location{File: "src/a,b:c%d.ts", Line: 3, Col: 1, EndLine: 5, EndCol: 2},
				Related:  []Related{{Location: Location{Line: 1, Col: 7}, Message: "written here"}}},
		},
		Errors: []FileError{
			{File: "src/bad.ts", Line: 2, Col: 9, Message: "Expected \";\"\nbut found \"}\""},
			{File: "src/gone.ts", Message: "cannot read"},
		},
	}
	var b bytes.Buffer
	if err := WriteGitHub(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"::error file=src/index.ts,line=12,endLine=12,col=5,endColumn=22,title=kvlint (shortttl)::expirationTtl is 30; KV needs at least 60\n" +
		"::warning file=src/a%2Cb%3Ac%25d.ts,line=3,endLine=5,title=kvlint (readafterwrite)::100%25 stale,%0D%0Amaybe: yes%0Asrc/a,b:c%25d.ts:1:7: note: written here%0Ahttps://kvlint.dev/rules/readafterwrite\n" +
		"::error file=src/bad.ts,line=2,col=9,title=kvlint::Expected \";\"%0Abut found \"}\"\n" +
		"::error file=src/gone.ts,title=kvlint::cannot read\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if strings.Count(b.String(), "\n") != 4 {
		t.Error("a command spans lines")
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := escapeProperty("a,b:c%d\r\ne"); got != "a%2Cb%3Ac%25d%0D%0Ae" {
		t.Errorf("escapeProperty: %q", got)
	}
	if got := escapeData("a,b:c%d\r\ne"); got != "a,b:c%25d%0D%0Ae" {
		t.Errorf("escapeData: %q", got)
	}
	// Already-escaped-looking text is escaped again, not passed through.
	if got := escapeData("%0A"); got != "%250A" {
		t.Errorf("escapeData: %q", got)
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport(), demoSrc); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if keys(m) != "errors findings version" || m["version"] != float64(1) {
		t.Errorf("top level: %v", keys(m))
	}
	f := m["findings"].([]any)[1].(map[string]any)
	const fields = "column columnUtf16 endColumn endColumnUtf16 endLine endOffset file fixes line message offset related rule severity url"
	if keys(f) != fields {
		t.Errorf("finding fields: %s\nwant:           %s", keys(f), fields)
	}
	want := map[string]any{
		"rule": "readafterwrite", "severity": "error", "message": "stale read", "file": demoFile,
		"line": 4.0, "column": 35.0, "endLine": 4.0, "endColumn": 43.0,
		// 日本 (6 bytes, 2 units) and é (2 bytes, 1 unit) come before.
		"columnUtf16": 30.0, "endColumnUtf16": 38.0,
		"url": "https://kvlint.dev/rules/readafterwrite",
	}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s = %v, want %v", k, f[k], v)
		}
	}
	rel := f["related"].([]any)[0].(map[string]any)
	if rel["message"] != "written here" || rel["line"] != 3.0 || rel["column"] != 19.0 || rel["file"] != demoFile {
		t.Errorf("related: %v", rel)
	}
	e := m["errors"].([]any)[0].(map[string]any)
	if keys(e) != "column file line message" || e["file"] != "src/bad.ts" || e["line"] != 2.0 {
		t.Errorf("error: %v", e)
	}

	// Two-space indentation, a final newline, and text as written (no
	// \u003c for <).
	b.Reset()
	r := &Report{Findings: []Finding{{Rule: "r", Message: "a <b> & c", Location: Location{File: "a"}}}}
	if err := WriteJSON(&b, r, nil); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.HasPrefix(out, "{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"rule\": \"r\",\n") ||
		!strings.HasSuffix(out, "\n  \"errors\": []\n}\n") || !strings.Contains(out, `"message": "a <b> & c"`) {
		t.Errorf("layout:\n%s", out)
	}

	// Empty report: arrays, not null.
	b.Reset()
	if err := WriteJSON(&b, &Report{Findings: []Finding{{Rule: "r", Location: Location{File: "a"}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`"errors": []`)) || !bytes.Contains(b.Bytes(), []byte(`"related": []`)) {
		t.Errorf("null arrays:\n%s", b.Bytes())
	}
	b.Reset()
	if err := WriteJSON(&b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(strings.Fields(b.String()), ""); got != `{"version":1,"findings":[],"errors":[]}` {
		t.Errorf("nil report: %s", got)
	}
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

func TestDeterministicBytes(t *testing.T) {
	write := map[string]func(*bytes.Buffer) error{
		"text": func(b *bytes.Buffer) error { return WriteText(b, sampleReport(), demoSrc, TextOptions{}) },
		"json": func(b *bytes.Buffer) error { return WriteJSON(b, sampleReport(), demoSrc) },
		"sarif": func(b *bytes.Buffer) error {
			return WriteSARIF(b, sampleReport(), demoSrc, SARIFOptions{ToolVersion: "1"})
		},
		"github": func(b *bytes.Buffer) error { return WriteGitHub(b, sampleReport()) },
	}
	for name, w := range write {
		var a, b bytes.Buffer
		if err := w(&a); err != nil {
			t.Fatal(err)
		}
		if err := w(&b); err != nil {
			t.Fatal(err)
		}
		if a.Len() == 0 || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: output differs between two calls (or is empty)", name)
		}
	}
}

func TestSort(t *testing.T) {
	mk := func(file string, line, col int, rule, msg string) Finding {
		return Finding{Rule: rule, Message: msg, Location: Location{File: file, Line: line, Col: col}}
	}
	want := []Finding{
		mk("a.ts", 1, 5, "z", "m"),
		mk("a.ts", 2, 1, "b", "m"),
		mk("a.ts", 2, 3, "a", "x"),
		mk("a.ts", 2, 3, "b", "a"),
		mk("a.ts", 2, 3, "b", "b"),
		mk("a.ts", 10, 1, "a", "m"),
		mk("b.ts", 1, 1, "a", "m"),
	}
	got := append([]Finding(nil), want...)
	for i, j := range []int{6, 3, 0, 5, 1, 4, 2} {
		got[i] = want[j]
	}
	Sort(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sort:\n%v\nwant:\n%v", got, want)
	}
}

func TestUTF16Col(t *testing.T) {
	ft := newFileText([]byte("a😀b\r\nxé\n\xffz"))
	for _, tc := range []struct{ line, col, want int }{
		{1, 1, 1}, {1, 2, 2}, {1, 6, 4}, {1, 7, 5}, // after 😀 (4 bytes → 2 units)
		{1, 8, 6},            // past the end, '\r' not counted as text
		{2, 2, 2}, {2, 4, 3}, // é
		{3, 2, 2},            // an invalid byte counts as one unit
		{9, 5, 5}, {1, 0, 1}, // unknown line; column 0
	} {
		if got := ft.utf16Col(tc.line, tc.col); got != tc.want {
			t.Errorf("utf16Col(%d, %d) = %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
	var none *fileText
	if got := none.utf16Col(3, 7); got != 7 {
		t.Errorf("without source: %d", got)
	}
}

func TestRuneWidth(t *testing.T) {
	for r, want := range map[rune]int{'a': 1, 'é': 1, '日': 2, '😀': 2, '\u0301': 0, '\u200d': 0, 'ア': 2, 'ｱ': 1} {
		if got := runeWidth(r); got != want {
			t.Errorf("runeWidth(%U) = %d, want %d", r, got, want)
		}
	}
}
