package discover

import (
	"path/filepath"
	"strings"
)

// Matcher matches files against .gitignore-style patterns relative to a
// directory, as Options.Ignore does during a walk: the command uses one
// per kvlint.toml, whose ignore patterns hold below its own directory.
type Matcher struct {
	rules *ruleSet
}

// NewMatcher compiles patterns relative to the directory base. bad lists
// the patterns that are not valid gitignore syntax (left out).
func NewMatcher(base string, patterns []string) (m *Matcher, bad []string) {
	abs, err := filepath.Abs(base)
	if err != nil {
		abs = filepath.Clean(base)
	}
	lines := make([]string, len(patterns))
	for i, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		for strings.HasPrefix(p, "./") {
			p = p[2:]
		}
		if neg {
			p = "!" + p
		}
		lines[i] = p
	}
	rs, bad := parseIgnore(abs, lines)
	return &Matcher{rules: rs}, bad
}

// Ignores reports whether the patterns exclude the file at abs (an absolute
// path), or a directory above it.
func (m *Matcher) Ignores(abs string) bool {
	if m == nil || len(m.rules.pats) == 0 {
		return false
	}
	w := &walker{optRules: m.rules}
	return w.optIgnores(abs)
}
