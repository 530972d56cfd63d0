package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// GitLab Code Quality (a subset of the Code Climate issue format), as
// GitLab reads it from a job's artifacts:reports:codequality file.
type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Categories  []string       `json:"categories"`
	Severity    string         `json:"severity"`
	Fingerprint string         `json:"fingerprint"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// WriteGitLab writes the report as a GitLab Code Quality report: a JSON
// array of issues with repository-relative paths, the rule as check_name,
// "major" for errors and "minor" for warnings, and a fingerprint that
// survives lines moving (see Fingerprints). File errors are issues of
// check "syntax" (or "config" when the file is not source), "blocker".
func WriteGitLab(w io.Writer, r *Report, src Sources) error {
	if r == nil {
		r = &Report{}
	}
	prints := Fingerprints(r.Findings, src)
	// One issue at a time (see jsonStream).
	s := newJSONStream(w)
	s.array(len(r.Findings)+len(r.Errors), "", func(i int) any {
		if i >= len(r.Findings) {
			e := &r.Errors[i-len(r.Findings)]
			return gitlabIssue{
				Type: "issue", CheckName: errorRule(e), Description: e.Message,
				Categories: []string{"Bug Risk"}, Severity: "blocker",
				Fingerprint: gitlabHash("error\x00" + e.File + "\x00" + e.Message),
				Location:    gitlabLocation{Path: repoPath(e.File), Lines: gitlabLines{Begin: max(e.Line, 1)}},
			}
		}
		f := &r.Findings[i]
		sev := "minor"
		if f.Severity == Error {
			sev = "major"
		}
		desc := f.Message
		if f.URL != "" {
			desc += " (" + f.URL + ")"
		}
		return gitlabIssue{
			Type: "issue", CheckName: f.Rule, Description: desc,
			Categories: []string{"Bug Risk"}, Severity: sev,
			Fingerprint: gitlabHash(prints[i]),
			Location:    gitlabLocation{Path: repoPath(f.File), Lines: gitlabLines{Begin: max(f.Line, 1), End: max(f.EndLine, 0)}},
		}
	})
	s.raw("\n")
	return s.close()
}

// gitlabHash is a fingerprint in the form GitLab expects (hex, unique per
// issue): GitLab compares them between the merge request and its target.
func gitlabHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}
