package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

var sampleRules = []Rule{
	{Name: "missingttl", Short: "put without expiration", Doc: "missingttl reports puts that never expire.\n\nKeys without a TTL live forever.", URL: "https://kvlint.dev/rules/missingttl", Default: Warning},
	{Name: "readafterwrite", Short: "read after write of the same key", Doc: "KV is eventually consistent.", URL: "https://kvlint.dev/rules/readafterwrite", Default: Warning},
	{Name: "badkey", Short: "invalid key", URL: "https://kvlint.dev/rules/badkey", Default: Error, Tags: []string{"correctness", "limits"}},
}

func sampleReport() *Report {
	return &Report{
		Findings: []Finding{
			{Rule: "missingttl", Severity: Warning, Message: "put without a TTL", URL: "https://kvlint.dev/rules/missingttl",
				Location: Location{File: demoFile, Line: 3, Col: 19, EndLine: 3, EndCol: 22, Offset: 45, EndOffset: 48}},
			{Rule: "readafterwrite", Severity: Error, Message: "stale read", URL: "https://kvlint.dev/rules/readafterwrite",
				Location: Location{File: demoFile, Line: 4, Col: 35, EndLine: 4, EndCol: 43},
				Related:  []Related{{Location: Location{File: demoFile, Line: 3, Col: 19, EndLine: 3, EndCol: 22}, Message: "written here"}}},
		},
		Errors: []FileError{{File: "src/bad.ts", Line: 2, Col: 9, Message: "Unexpected \";\""}},
		Rules:  sampleRules,
	}
}

func sarifOf(t *testing.T, r *Report, src Sources) (map[string]any, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, r, src, SARIFOptions{ToolVersion: "1.2.3", InfoURI: "https://kvlint.dev"}); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, b.Bytes())
	}
	return m, b.Bytes()
}

// get walks a decoded JSON value: keys index objects, ints index arrays.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for i, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %v", path, path[:i])
			}
			if v, ok = m[p]; !ok {
				t.Fatalf("%v: no field %q", path, p)
			}
		case int:
			a, ok := v.([]any)
			if !ok || p >= len(a) {
				t.Fatalf("%v: no element %d at %v", path, p, path[:i])
			}
			v = a[p]
		}
	}
	return v
}

func num(t *testing.T, v any, path ...any) int {
	t.Helper()
	f, ok := get(t, v, path...).(float64)
	if !ok {
		t.Fatalf("%v is not a number", path)
	}
	return int(f)
}

func str(t *testing.T, v any, path ...any) string {
	t.Helper()
	s, ok := get(t, v, path...).(string)
	if !ok {
		t.Fatalf("%v is not a string", path)
	}
	return s
}

func TestSARIFStructure(t *testing.T) {
	m, _ := sarifOf(t, sampleReport(), demoSrc)
	if v := str(t, m, "version"); v != "2.1.0" {
		t.Errorf("version %q", v)
	}
	if s := str(t, m, "$schema"); !strings.Contains(s, "sarif-schema-2.1.0") {
		t.Errorf("$schema %q", s)
	}
	if n := len(get(t, m, "runs").([]any)); n != 1 {
		t.Fatalf("%d runs", n)
	}
	run := get(t, m, "runs", 0)
	driver := get(t, run, "tool", "driver")
	if str(t, driver, "name") != "kvlint" || str(t, driver, "version") != "1.2.3" || str(t, driver, "informationUri") != "https://kvlint.dev" {
		t.Errorf("driver: %v", driver)
	}

	rules := get(t, driver, "rules").([]any)
	if len(rules) != len(sampleRules) {
		t.Fatalf("%d rules, want %d", len(rules), len(sampleRules))
	}
	for i, want := range sampleRules {
		r := rules[i]
		if str(t, r, "id") != want.Name || str(t, r, "name") != want.Name {
			t.Errorf("rule %d: id/name %v", i, r)
		}
		if str(t, r, "shortDescription", "text") != want.Short {
			t.Errorf("rule %s: shortDescription %v", want.Name, get(t, r, "shortDescription"))
		}
		for _, p := range [][]any{{"fullDescription", "text"}, {"help", "text"}, {"help", "markdown"}} {
			if str(t, r, p...) == "" {
				t.Errorf("rule %s: empty %v", want.Name, p)
			}
		}
		if !strings.Contains(str(t, r, "help", "markdown"), want.URL) {
			t.Errorf("rule %s: help does not link the docs", want.Name)
		}
		if str(t, r, "helpUri") != want.URL {
			t.Errorf("rule %s: helpUri %v", want.Name, get(t, r, "helpUri"))
		}
		if str(t, r, "defaultConfiguration", "level") != string(want.Default) {
			t.Errorf("rule %s: level %v", want.Name, get(t, r, "defaultConfiguration"))
		}
		if tags := get(t, r, "properties", "tags").([]any); len(tags) == 0 {
			t.Errorf("rule %s: no tags", want.Name)
		}
	}
	if str(t, rules[0], "fullDescription", "text") != "missingttl reports puts that never expire." {
		t.Errorf("fullDescription: %v", get(t, rules[0], "fullDescription"))
	}
	if fmt.Sprint(get(t, rules[2], "properties", "tags")) != "[correctness limits]" {
		t.Errorf("custom tags: %v", get(t, rules[2], "properties", "tags"))
	}

	results := get(t, run, "results").([]any)
	if len(results) != 2 {
		t.Fatalf("%d results", len(results))
	}
	res := results[1]
	if str(t, res, "ruleId") != "readafterwrite" || str(t, res, "level") != "error" || str(t, res, "message", "text") != "stale read" {
		t.Errorf("result: %v", res)
	}
	loc := get(t, res, "locations", 0, "physicalLocation")
	if str(t, loc, "artifactLocation", "uri") != "src/index.ts" || str(t, loc, "artifactLocation", "uriBaseId") != "%SRCROOT%" {
		t.Errorf("artifactLocation: %v", get(t, loc, "artifactLocation"))
	}
	rel := get(t, res, "relatedLocations", 0)
	if num(t, rel, "id") < 0 || str(t, rel, "message", "text") != "written here" ||
		num(t, rel, "physicalLocation", "region", "startLine") != 3 {
		t.Errorf("relatedLocations: %v", rel)
	}
	if fp := str(t, res, "partialFingerprints", "primaryLocationLineHash"); fp == "" {
		t.Error("no primaryLocationLineHash")
	}

	inv := get(t, run, "invocations", 0)
	if get(t, inv, "executionSuccessful") != true {
		t.Errorf("executionSuccessful: %v", get(t, inv, "executionSuccessful"))
	}
	n := get(t, inv, "toolExecutionNotifications", 0)
	if str(t, n, "level") != "error" || str(t, n, "message", "text") != "Unexpected \";\"" {
		t.Errorf("notification: %v", n)
	}
	nl := get(t, n, "locations", 0, "physicalLocation")
	if str(t, nl, "artifactLocation", "uri") != "src/bad.ts" || num(t, nl, "region", "startLine") != 2 || num(t, nl, "region", "startColumn") != 9 {
		t.Errorf("notification location: %v", nl)
	}
}

func TestSARIFRegionsAtLeastOne(t *testing.T) {
	r := sampleReport()
	// Odd inputs: zero columns, an end before the start.
	r.Findings = append(r.Findings,
		Finding{Rule: "badkey", Severity: Error, Message: "m", Location: Location{File: demoFile, Line: 1, Col: 0}},
		Finding{Rule: "badkey", Severity: Error, Message: "m", Location: Location{File: demoFile, Line: 2, Col: 5, EndLine: 2, EndCol: 2}},
		Finding{Rule: "badkey", Severity: Error, Message: "m", Location: Location{File: "gone.ts", Line: 9, Col: 4, EndLine: 9, EndCol: 6}},
	)
	m, _ := sarifOf(t, r, demoSrc)
	for i, res := range get(t, m, "runs", 0, "results").([]any) {
		locs := []any{get(t, res, "locations", 0)}
		if rl, ok := res.(map[string]any)["relatedLocations"].([]any); ok {
			locs = append(locs, rl...)
		}
		for _, l := range locs {
			reg := get(t, l, "physicalLocation", "region").(map[string]any)
			for k, v := range reg {
				if v.(float64) < 1 {
					t.Errorf("result %d: region %s = %v", i, k, v)
				}
			}
			if el, ok := reg["endLine"]; ok && el.(float64) == reg["startLine"].(float64) {
				if reg["endColumn"].(float64) < reg["startColumn"].(float64) {
					t.Errorf("result %d: end before start: %v", i, reg)
				}
			}
		}
	}
}

func TestSARIFUTF16Columns(t *testing.T) {
	// "😀" is 4 bytes and 2 UTF-16 units, each CJK character 3 bytes and 1
	// unit, "é" 2 bytes and 1 unit.
	line := `const s = "😀日本é"; await env.KV.put(k, v);`
	src := MapSources{"w.ts": []byte("// header\n" + line + "\n")}
	col := strings.Index(line, "put") + 1 // byte column
	r := &Report{Findings: []Finding{{
		Rule: "missingttl", Severity: Warning, Message: "m",
		Location: Location{File: "w.ts", Line: 2, Col: col, EndLine: 2, EndCol: col + 3},
		Related:  []Related{{Location: Location{File: "w.ts", Line: 2, Col: col + 3, EndLine: 2, EndCol: col + 4}, Message: "paren"}},
	}}}
	m, _ := sarifOf(t, r, src)
	reg := get(t, m, "runs", 0, "results", 0, "locations", 0, "physicalLocation", "region")
	// Prefix: `const s = "` (11) + 2 + 1 + 1 + 1 + `"; await env.KV.` (16).
	want := 11 + 2 + 1 + 1 + 1 + 16 + 1
	if col-1 != 11+4+3+3+2+16 {
		t.Fatalf("test line miscounted: byte column %d", col)
	}
	if got := num(t, reg, "startColumn"); got != want {
		t.Errorf("startColumn %d, want %d (byte column %d)", got, want, col)
	}
	if got := num(t, reg, "endColumn"); got != want+3 {
		t.Errorf("endColumn %d, want %d", got, want+3)
	}
	if num(t, reg, "startLine") != 2 || num(t, reg, "endLine") != 2 {
		t.Errorf("lines: %v", reg)
	}
	rel := get(t, m, "runs", 0, "results", 0, "relatedLocations", 0, "physicalLocation", "region")
	if got := num(t, rel, "startColumn"); got != want+3 {
		t.Errorf("related startColumn %d, want %d", got, want+3)
	}
	if ck := str(t, m, "runs", 0, "columnKind"); ck != "utf16CodeUnits" {
		t.Errorf("columnKind %q", ck)
	}
}

func TestSARIFRuleIndex(t *testing.T) {
	r := &Report{
		Rules: sampleRules,
		Findings: []Finding{
			{Rule: "badkey", Severity: Error, Message: "a", Location: Location{File: "a.ts", Line: 1, Col: 1}},
			{Rule: "unusedsuppression", Severity: Warning, Message: "b", URL: "https://kvlint.dev/rules/unusedsuppression", Location: Location{File: "a.ts", Line: 2, Col: 1}},
			{Rule: "missingttl", Severity: Warning, Message: "c", Location: Location{File: "a.ts", Line: 3, Col: 1}},
			{Rule: "unusedsuppression", Severity: Warning, Message: "d", Location: Location{File: "a.ts", Line: 4, Col: 1}},
		},
	}
	m, _ := sarifOf(t, r, nil)
	rules := get(t, m, "runs", 0, "tool", "driver", "rules").([]any)
	if len(rules) != len(sampleRules)+1 {
		t.Fatalf("%d rules; a rule only named by a finding must be added once", len(rules))
	}
	for i, res := range get(t, m, "runs", 0, "results").([]any) {
		idx := num(t, res, "ruleIndex")
		if idx >= len(rules) || str(t, rules[idx], "id") != str(t, res, "ruleId") {
			t.Errorf("result %d: ruleIndex %d does not point at rule %s", i, idx, str(t, res, "ruleId"))
		}
	}
	if str(t, rules[3], "helpUri") != "https://kvlint.dev/rules/unusedsuppression" {
		t.Errorf("added rule: %v", rules[3])
	}
}

func fingerprints(t *testing.T, r *Report, src Sources) []string {
	t.Helper()
	m, _ := sarifOf(t, r, src)
	var fps []string
	for _, res := range get(t, m, "runs", 0, "results").([]any) {
		fps = append(fps, str(t, res, "partialFingerprints", fingerprintKey))
	}
	return fps
}

func TestSARIFFingerprintSurvivesLineShift(t *testing.T) {
	body := "export default {\n  async fetch(req, env) {\n    await env.KV.put(\"a\", \"1\");\n    await env.KV.put(\"a\", \"1\");\n  },\n};\n"
	finding := func(line int) Finding {
		return Finding{Rule: "missingttl", Severity: Warning, Message: "m",
			Location: Location{File: "src/w.ts", Line: line, Col: 18, EndLine: line, EndCol: 21}}
	}
	before := fingerprints(t, &Report{Findings: []Finding{finding(3), finding(4)}},
		MapSources{"src/w.ts": []byte(body)})
	// A line inserted above (and indentation changed) moves both down.
	after := fingerprints(t, &Report{Findings: []Finding{finding(4), finding(5)}},
		MapSources{"src/w.ts": []byte("// new comment\n" + strings.ReplaceAll(body, "    await", "\t\tawait"))})
	if before[0] != after[0] || before[1] != after[1] {
		t.Errorf("fingerprints changed with the line: %v → %v", before, after)
	}
	if before[0] == before[1] {
		t.Errorf("identical lines share a fingerprint: %v", before)
	}
	// A different rule on the same line, or a changed line, is another alert.
	other := fingerprints(t, &Report{Findings: []Finding{{Rule: "hotkey", Severity: Warning, Message: "m",
		Location: Location{File: "src/w.ts", Line: 3, Col: 18}}}}, MapSources{"src/w.ts": []byte(body)})
	if other[0] == before[0] {
		t.Error("fingerprint ignores the rule")
	}
	changed := fingerprints(t, &Report{Findings: []Finding{finding(3)}},
		MapSources{"src/w.ts": []byte(strings.Replace(body, `"a"`, `"b"`, 1))})
	if changed[0] == before[0] {
		t.Error("fingerprint ignores the line text")
	}
}

func TestSARIFEmpty(t *testing.T) {
	m, raw := sarifOf(t, &Report{}, nil)
	if !bytes.Contains(raw, []byte(`"results": []`)) {
		t.Errorf("results not an empty array:\n%s", raw)
	}
	if !bytes.Contains(raw, []byte(`"rules": []`)) {
		t.Errorf("rules not an empty array:\n%s", raw)
	}
	if get(t, m, "runs", 0, "invocations", 0, "executionSuccessful") != true {
		t.Error("executionSuccessful missing")
	}
	// A nil report is an empty one.
	var b bytes.Buffer
	if err := WriteSARIF(&b, nil, nil, SARIFOptions{}); err != nil || !bytes.Contains(b.Bytes(), []byte(`"results": []`)) {
		t.Errorf("nil report: %v\n%s", err, b.Bytes())
	}
}

func TestSARIFPaths(t *testing.T) {
	for file, want := range map[string]string{
		"./src/a.ts":              "src/a.ts",
		"functions/api/[id].ts":   "functions/api/%5Bid%5D.ts",
		"src/my file.ts":          "src/my%20file.ts",
		"/home/u/w/src/a.ts":      "file:///home/u/w/src/a.ts",
		"C:/Users/u/w/src/a.ts":   "file:///C:/Users/u/w/src/a.ts",
		"packages/api/src/kv.mts": "packages/api/src/kv.mts",
	} {
		a := artifact(file)
		if *a.URI != want {
			t.Errorf("%s: uri %q, want %q", file, *a.URI, want)
		}
		if strings.HasPrefix(want, "file:") != (a.URIBaseId == nil) {
			t.Errorf("%s: uriBaseId %v", file, a.URIBaseId)
		}
	}
}

func TestSARIFDeterministic(t *testing.T) {
	_, a := sarifOf(t, sampleReport(), demoSrc)
	_, b := sarifOf(t, sampleReport(), demoSrc)
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
}
