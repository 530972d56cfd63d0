// Package ruletest runs an analyzer over a fixture directory the way the
// kvlint command does and checks its findings against `// want "regexp"`
// comments, in the manner of golang.org/x/tools/go/analysis/analysistest.
//
// A fixture directory is a small Worker project: sources, and optionally a
// wrangler config and a kvlint.toml. A line that should be reported carries
// a comment `// want "regexp"` (several quoted regexps for several
// findings); each finding must match a want on its line, and each want a
// finding. Findings on lines without a want fail the test, so negative
// fixtures are simply lines with no want.
package ruletest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
)

// Result is what a fixture run produced, for extra assertions.
type Result struct {
	Findings   []report.Finding // reported
	Suppressed []report.Finding // suppressed by a directive
}

// Run analyzes dir with the analyzers and checks the want comments.
// Suppressed findings are not matched against wants.
func Run(t *testing.T, dir string, analyzers ...*analysis.Analyzer) *Result {
	t.Helper()
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	inputs, wants := load(t, dir)
	opt := driver.Options{}
	var names []string
	for _, a := range analyzers {
		opt.Analyzers = append(opt.Analyzers, driver.Analyzer{Analyzer: a, Severity: report.Warning})
		names = append(names, a.Name)
	}
	if p, ok := config.FindTool(dir); ok && strings.HasPrefix(p, dir+string(filepath.Separator)) {
		tool, err := config.LoadTool(p, names)
		if err != nil {
			t.Fatalf("loading %s: %v", p, err)
		}
		opt.Tool = tool
	}
	res := driver.Run(inputs, opt)
	for _, e := range append(res.Errors, res.Internal...) {
		t.Errorf("%s:%d:%d: unexpected error: %s", e.File, e.Line, e.Col, e.Message)
	}
	out := &Result{}
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			out.Suppressed = append(out.Suppressed, f)
			continue
		}
		out.Findings = append(out.Findings, f)
		key := lineKey{f.File, f.Line}
		matched := false
		for i, w := range wants[key] {
			if w != nil && w.MatchString(f.Message) {
				wants[key][i] = nil
				matched = true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding (%s): %s", f.File, f.Line, f.Col, f.Rule, f.Message)
		}
	}
	for key, ws := range wants {
		for _, w := range ws {
			if w != nil {
				t.Errorf("%s:%d: no finding matched %q", key.file, key.line, w)
			}
		}
	}
	return out
}

type lineKey struct {
	file string
	line int
}

var wantRE = regexp.MustCompile(`//\s*want\s+(.*)$`)

func load(t *testing.T, dir string) ([]driver.Input, map[lineKey][]*regexp.Regexp) {
	t.Helper()
	var inputs []driver.Input
	wants := map[lineKey][]*regexp.Regexp{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !parser.IsSource(path) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		inputs = append(inputs, driver.Input{Path: path, Rel: rel, Src: src})
		for i, line := range bytes.Split(src, []byte("\n")) {
			m := wantRE.FindSubmatch(line)
			if m == nil {
				continue
			}
			for _, pat := range splitQuoted(t, rel, i+1, string(m[1])) {
				re, err := regexp.Compile(pat)
				if err != nil {
					t.Fatalf("%s:%d: bad want regexp %q: %v", rel, i+1, pat, err)
				}
				k := lineKey{rel, i + 1}
				wants[k] = append(wants[k], re)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	return inputs, wants
}

// splitQuoted reads a sequence of Go string literals ("..." or `...`).
func splitQuoted(t *testing.T, file string, line int, s string) []string {
	t.Helper()
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		var end int
		switch s[0] {
		case '"':
			end = 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
		case '`':
			end = strings.IndexByte(s[1:], '`') + 1
		default:
			t.Fatalf("%s:%d: want expects quoted regexps, got %q", file, line, s)
		}
		if end <= 0 || end >= len(s) {
			t.Fatalf("%s:%d: unterminated want regexp %q", file, line, s)
		}
		v, err := strconv.Unquote(s[:end+1])
		if err != nil {
			t.Fatalf("%s:%d: bad want regexp %s: %v", file, line, s[:end+1], err)
		}
		out = append(out, v)
		s = strings.TrimSpace(s[end+1:])
	}
	return out
}
