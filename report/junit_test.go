package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestJUnit(t *testing.T) {
	r := &Report{
		Findings: []Finding{
			{Rule: "missingttl", Severity: Warning, Message: "no <ttl> & more", Location: Location{File: "./src/a.ts", Line: 2, Col: 3}},
			{Rule: "shortttl", Severity: Error, Message: "short", Location: Location{File: "src/b.ts", Line: 5, Col: 1}},
		},
		Errors: []FileError{{File: "src/c.ts", Line: 1, Col: 2, Message: "Expected \";\"", Rule: SyntaxRule}},
	}
	var b bytes.Buffer
	if err := WriteJUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Error *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if doc.Tests != 3 || doc.Failures != 2 || doc.Errors != 1 || len(doc.Suites) != 3 {
		t.Fatalf("counts %+v\n%s", doc, b.String())
	}
	if s := doc.Suites[0]; s.Name != "src/a.ts" || s.Cases[0].Name != "missingttl at 2:3" || s.Cases[0].Failure.Message != "no <ttl> & more" {
		t.Errorf("first suite %+v", s)
	}
	if doc.Suites[2].Cases[0].Error == nil || doc.Suites[2].Cases[0].Name != "syntax" {
		t.Errorf("parse error not an erroring test case: %s", b.String())
	}
	if !strings.HasPrefix(b.String(), "<?xml") {
		t.Error("no XML header")
	}
}
