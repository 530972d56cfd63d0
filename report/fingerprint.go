package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Fingerprints identifies each finding independently of its line number,
// as SARIF's partialFingerprints, GitLab's fingerprint and kvlint's
// baseline need: a hash of the rule, the file and the finding's source
// line with its whitespace normalised, then ":" and the occurrence of that
// hash so far in findings (1 for the first). Inserting or deleting lines
// elsewhere in the file leaves a fingerprint unchanged; editing the line
// changes it.
func Fingerprints(findings []Finding, src Sources) []string {
	return fingerprintsWith(findings, src, 0)
}

// ContextFingerprints are Fingerprints that also hash the line before and
// the line after the finding's: they tell apart findings on identical
// lines, and change when a neighbour does.
func ContextFingerprints(findings []Finding, src Sources) []string {
	return fingerprintsWith(findings, src, 1)
}

func fingerprintsWith(findings []Finding, src Sources, context int) []string {
	c := newSourceCache(src)
	seen := map[string]int{}
	out := make([]string, len(findings))
	// The hash of a rule's finding on a line, once per rule, file and line:
	// many findings on one long (minified) line would otherwise hash it
	// again each.
	type at struct {
		rule, file string
		line       int
	}
	sums := map[at]string{}
	for i := range findings {
		f := &findings[i]
		k := at{f.Rule, f.File, f.Line}
		sum, ok := sums[k]
		if !ok {
			t := c.get(f.File)
			h := sha256.New()
			for _, s := range []string{f.Rule, repoPath(f.File)} {
				h.Write([]byte(s))
				h.Write([]byte{0})
			}
			for n := f.Line - context; n <= f.Line+context; n++ {
				if line, ok := t.line(n); ok {
					h.Write([]byte(strings.Join(strings.Fields(string(line)), " ")))
				}
				if context > 0 {
					h.Write([]byte{0})
				}
			}
			sum = hex.EncodeToString(h.Sum(nil)[:8])
			sums[k] = sum
		}
		seen[sum]++
		out[i] = sum + ":" + strconv.Itoa(seen[sum])
	}
	return out
}
