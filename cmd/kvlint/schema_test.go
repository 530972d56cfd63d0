package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kvlint/kvlint/internal/schemacheck"
)

// Every report any test of this package makes kvlint write, in a format
// that has a published schema (SARIF 2.1.0, GitLab Code Quality), is
// validated against that schema; one invalid report fails the run.
var schemaLog struct {
	sync.Mutex
	checked  map[string]int
	failures []string
}

func TestMain(m *testing.M) {
	schemaLog.checked = map[string]int{}
	reportWritten = func(format string, data []byte) {
		if !schemacheck.Has(format) {
			return
		}
		err := schemacheck.Validate(format, data)
		schemaLog.Lock()
		defer schemaLog.Unlock()
		schemaLog.checked[format]++
		if err != nil {
			schemaLog.failures = append(schemaLog.failures, fmt.Sprintf("%v\n%.4000s", err, data))
		}
	}
	code := m.Run()
	if len(schemaLog.failures) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d report(s) do not match their schema:\n%s\n", len(schemaLog.failures), strings.Join(schemaLog.failures, "\n---\n"))
		code = 1
	}
	if code == 0 && testing.Verbose() {
		var formats []string
		for f, n := range schemaLog.checked {
			formats = append(formats, fmt.Sprintf("%s: %d", f, n))
		}
		sort.Strings(formats)
		fmt.Printf("schema-validated reports: %s\n", strings.Join(formats, ", "))
	}
	os.Exit(code)
}

// checkedReports returns how many reports of format were validated so far.
func checkedReports(format string) int {
	schemaLog.Lock()
	defer schemaLog.Unlock()
	return schemaLog.checked[format]
}

// The example Worker has a suppressed finding, a fix and related locations:
// its SARIF and GitLab reports, and one with a parse error and a broken
// config, must validate. (TestMain validates; this test makes sure it did.)
func TestReportsMatchSchemas(t *testing.T) {
	for _, format := range []string{"sarif", "gitlab"} {
		for _, args := range [][]string{{"examples/worker"}, {"testdata/e2e/syntax"}, {"testdata/e2e/badconfig"}, {"testdata/src"}} {
			before := checkedReports(format)
			out, stderr, code := kvlint(t, append([]string{"--format", format}, args...)...)
			if code == 2 && out == "" {
				t.Fatalf("%s %v: exit 2: %s", format, args, stderr)
			}
			if checkedReports(format) != before+1 {
				t.Errorf("%s %v: report not validated", format, args)
			}
			if err := schemacheck.Validate(format, []byte(out)); err != nil {
				t.Errorf("%s %v: %v", format, args, err)
			}
		}
	}
}
