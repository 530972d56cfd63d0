package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/kvlint/kvlint/internal/schemacheck"
)

func TestGitLab(t *testing.T) {
	src := MapSources{"src/a.ts": []byte("a\nawait env.KV.put(k, v)\nb\nawait env.KV.put(k, v)\nb\n")}
	r := &Report{
		Findings: []Finding{
			{Rule: "missingttl", Severity: Warning, Message: "no ttl", Location: Location{File: "./src/a.ts", Line: 2, Col: 1, EndLine: 2, EndCol: 5}, URL: "https://x/#missingttl"},
			{Rule: "missingttl", Severity: Warning, Message: "no ttl", Location: Location{File: "./src/a.ts", Line: 4, Col: 1, EndLine: 4, EndCol: 5}},
			{Rule: "shortttl", Severity: Error, Message: "short", Location: Location{File: "src/a.ts", Line: 2}},
		},
		Errors: []FileError{{File: "src/b.ts", Line: 3, Col: 2, Message: "Expected \";\"", Rule: SyntaxRule}},
	}
	var b bytes.Buffer
	if err := WriteGitLab(&b, r, src); err != nil {
		t.Fatal(err)
	}
	if err := schemacheck.Validate("gitlab", b.Bytes()); err != nil {
		t.Fatal(err)
	}
	var issues []struct {
		CheckName                          string `json:"check_name"`
		Severity, Fingerprint, Description string
		Location                           struct {
			Path  string
			Lines struct{ Begin, End int }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 4 {
		t.Fatalf("%d issues, want 4", len(issues))
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s is not unique", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	if is := issues[0]; is.Location.Path != "src/a.ts" || is.Location.Lines.Begin != 2 || is.Severity != "minor" || is.CheckName != "missingttl" {
		t.Errorf("first issue %+v", is)
	}
	if issues[2].Severity != "major" || issues[3].CheckName != "syntax" || issues[3].Severity != "blocker" {
		t.Errorf("severities/checks: %+v", issues)
	}
}

// An empty report is an empty array, not null.
func TestGitLabEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGitLab(&b, nil, nil); err != nil || b.String() != "[]\n" {
		t.Errorf("empty report: %q %v", b.String(), err)
	}
}
