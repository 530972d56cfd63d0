package report

import (
	"encoding/xml"
	"io"
	"strconv"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML, which CI systems (GitLab,
// Jenkins, Azure Pipelines, CircleCI) show as test results: one test suite
// per file, one failing test case per finding (named after the rule and
// position), and an erroring test case per file that could not be
// analysed.
func WriteJUnit(w io.Writer, r *Report) error {
	if r == nil {
		r = &Report{}
	}
	doc := junitSuites{Name: toolName}
	suites := map[string]int{}
	suite := func(file string) *junitSuite {
		file = repoPath(file)
		i, ok := suites[file]
		if !ok {
			i = len(doc.Suites)
			suites[file] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: file})
		}
		return &doc.Suites[i]
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		s := suite(f.File)
		text := location(repoPath(f.File), f.Line, f.Col) + ": " + severityName(f.Severity) + ": " + f.Message
		if f.URL != "" {
			text += "\n" + f.URL
		}
		s.Cases = append(s.Cases, junitCase{
			Name:      f.Rule + " at " + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Col),
			ClassName: toolName + "." + f.Rule,
			File:      repoPath(f.File), Line: f.Line,
			Failure: &junitProblem{Message: f.Message, Type: severityName(f.Severity), Text: text},
		})
		s.Tests++
		s.Failures++
	}
	for i := range r.Errors {
		e := &r.Errors[i]
		s := suite(e.File)
		s.Cases = append(s.Cases, junitCase{
			Name:      errorRule(e),
			ClassName: toolName + "." + errorRule(e),
			File:      repoPath(e.File), Line: e.Line,
			Error: &junitProblem{Message: e.Message, Type: "error", Text: location(repoPath(e.File), e.Line, e.Col) + ": " + e.Message},
		})
		s.Tests++
		s.Errors++
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
