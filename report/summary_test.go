package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	r := &Report{Rules: []Rule{{Name: "missingttl", URL: "https://d/#missingttl"}}}
	for i := 1; i <= 12; i++ {
		r.Findings = append(r.Findings, Finding{Rule: "missingttl", Severity: Warning, Message: "a | b", Location: Location{File: "src/a.ts", Line: i, Col: 3}})
	}
	r.Findings = append(r.Findings, Finding{Rule: "shortttl", Severity: Error, Message: "short", Location: Location{File: "src/b.ts", Line: 2, Col: 1}})
	link := GitHubFileURL(func(k string) string {
		return map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}[k]
	})
	var b bytes.Buffer
	if err := WriteSummary(&b, r, SummaryOptions{FileURL: link, AnnotationLimit: 10}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"### kvlint: 13 problems (1 error, 12 warnings)",
		"| [`missingttl`](https://d/#missingttl) | 0 | 12 |",
		"| `shortttl` | 1 | 0 |",
		"| [`src/a.ts:12:3`](https://github.com/o/r/blob/abc/src/a.ts#L12) | warning | `missingttl` | a \\| b |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// Under the annotation limit: counts only.
	r.Findings = r.Findings[10:]
	b.Reset()
	_ = WriteSummary(&b, r, SummaryOptions{FileURL: link, AnnotationLimit: 10})
	if strings.Contains(b.String(), "| location |") || !strings.Contains(b.String(), "3 problems") {
		t.Errorf("under the limit:\n%s", b.String())
	}
	// MaxRows bounds the list.
	b.Reset()
	_ = WriteSummary(&b, r, SummaryOptions{MaxRows: 1})
	if !strings.Contains(b.String(), fmt.Sprintf("\n%d more not listed.", 2)) {
		t.Errorf("MaxRows:\n%s", b.String())
	}
}
