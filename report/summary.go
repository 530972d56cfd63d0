package report

import (
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
)

// SummaryOptions configure WriteSummary.
type SummaryOptions struct {
	// FileURL, when set, links a file and line to where a reader sees
	// them (on GitHub: server/repo/blob/sha/path#Lline).
	FileURL func(file string, line int) string
	// AnnotationLimit is how many annotations of one severity the CI shows
	// per step (GitHub: 10). With more findings than that, the summary
	// lists every finding, since the annotations would not. 0: always list.
	AnnotationLimit int
	// MaxRows bounds that list (GitHub caps a job summary at 1 MiB).
	MaxRows int
}

// WriteSummary writes the report as Markdown for a CI job summary (GitHub
// Actions' $GITHUB_STEP_SUMMARY): the counts, a table of findings per rule
// with links to the rules' docs, and, when the CI's annotation limit would
// hide findings, a table of every finding with links to its line.
func WriteSummary(w io.Writer, r *Report, opt SummaryOptions) error {
	if r == nil {
		r = &Report{}
	}
	var b strings.Builder
	errs, warns := len(r.Errors), 0
	type counts struct{ errors, warnings int }
	perRule := map[string]*counts{}
	for i := range r.Findings {
		f := &r.Findings[i]
		c := perRule[f.Rule]
		if c == nil {
			c = &counts{}
			perRule[f.Rule] = c
		}
		if f.Severity == Error {
			errs++
			c.errors++
		} else {
			warns++
			c.warnings++
		}
	}
	if errs+warns == 0 {
		b.WriteString("### kvlint: no problems\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "### kvlint: %s (%s, %s)\n\n", plural(errs+warns, "problem"), plural(errs, "error"), plural(warns, "warning"))

	urls := map[string]string{}
	for _, rule := range r.Rules {
		urls[rule.Name] = rule.URL
	}
	if len(perRule) > 0 {
		names := make([]string, 0, len(perRule))
		for n := range perRule {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			a, c := perRule[names[i]], perRule[names[j]]
			if a.errors+a.warnings != c.errors+c.warnings {
				return a.errors+a.warnings > c.errors+c.warnings
			}
			return names[i] < names[j]
		})
		b.WriteString("| rule | errors | warnings |\n|---|---:|---:|\n")
		for _, n := range names {
			name := "`" + n + "`"
			if u := urls[n]; u != "" {
				name = "[" + name + "](" + u + ")"
			}
			fmt.Fprintf(&b, "| %s | %d | %d |\n", name, perRule[n].errors, perRule[n].warnings)
		}
		b.WriteByte('\n')
	}

	if opt.AnnotationLimit > 0 && errs <= opt.AnnotationLimit && warns <= opt.AnnotationLimit {
		_, err := io.WriteString(w, b.String())
		return err
	}
	if opt.AnnotationLimit > 0 {
		fmt.Fprintf(&b, "The annotations show at most %d errors and %d warnings per step; every finding:\n\n", opt.AnnotationLimit, opt.AnnotationLimit)
	}
	b.WriteString("| location | severity | rule | message |\n|---|---|---|---|\n")
	rows := 0
	row := func(file string, line, col int, sev, rule, msg string) {
		rows++
		if opt.MaxRows > 0 && rows > opt.MaxRows {
			return
		}
		loc := "`" + mdCell(location(repoPath(file), line, col)) + "`"
		if opt.FileURL != nil && file != "" {
			loc = "[" + loc + "](" + opt.FileURL(repoPath(file), line) + ")"
		}
		if rule != "" {
			rule = "`" + rule + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", loc, sev, rule, mdCell(msg))
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		row(f.File, f.Line, f.Col, severityName(f.Severity), f.Rule, f.Message)
	}
	for i := range r.Errors {
		e := &r.Errors[i]
		row(e.File, e.Line, e.Col, "error", e.Rule, e.Message)
	}
	if opt.MaxRows > 0 && rows > opt.MaxRows {
		fmt.Fprintf(&b, "\n%d more not listed.\n", rows-opt.MaxRows)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell makes text safe in a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}

// GitHubFileURL links file and line on GitHub: server/repository/blob/
// sha/file#Lline, from the Actions variables GITHUB_SERVER_URL,
// GITHUB_REPOSITORY and GITHUB_SHA; nil when any is missing.
func GitHubFileURL(getenv func(string) string) func(file string, line int) string {
	server, repo, sha := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return nil
	}
	return func(file string, line int) string {
		u := strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha + "/" + (&url.URL{Path: file}).EscapedPath()
		if line > 0 {
			u += fmt.Sprintf("#L%d", line)
		}
		return u
	}
}
