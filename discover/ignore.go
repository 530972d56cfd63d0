package discover

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kvlint/kvlint/internal/safefile"
)

// ignorePattern is one pattern of a .gitignore file (or of Options.Ignore),
// following the rules of gitignore(5).
type ignorePattern struct {
	segs     []string // pattern split at "/"; a "**" element is a globstar
	negate   bool     // "!pattern": re-include what an earlier pattern excluded
	dirOnly  bool     // "pattern/": matches directories only
	anchored bool     // contains a "/": matched against the whole relative path, else against the base name
}

// ruleSet is the patterns of one ignore file, relative to its directory.
type ruleSet struct {
	base string // absolute OS directory the patterns are relative to
	pats []ignorePattern
}

// parseIgnore compiles the lines of an ignore file. Lines that are blank,
// comments or invalid patterns are left out, as git does. bad receives the
// invalid non-comment lines.
func parseIgnore(base string, lines []string) (rs *ruleSet, bad []string) {
	rs = &ruleSet{base: base}
	for _, line := range lines {
		p, ok, valid := parseIgnoreLine(line)
		if !valid {
			bad = append(bad, line)
			continue
		}
		if ok {
			rs.pats = append(rs.pats, p)
		}
	}
	return rs, bad
}

// parseIgnoreLine compiles one line. ok is false for blank lines and
// comments; valid is false for a line that is not a usable pattern.
func parseIgnoreLine(line string) (p ignorePattern, ok, valid bool) {
	line = strings.TrimSuffix(line, "\r")
	if line == "" || line[0] == '#' {
		return p, false, true
	}
	line = trimUnescapedSpaces(line)
	if line == "" {
		return p, false, true
	}
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if strings.Contains(line, "/") {
		p.anchored = true
		line = strings.TrimLeft(line, "/")
	}
	for s := range strings.SplitSeq(line, "/") {
		if s == "" {
			continue // "a//b" is "a/b"
		}
		if s != "**" {
			s = gitClass(s)
			if _, err := path.Match(s, ""); err != nil {
				return p, false, false
			}
		}
		p.segs = append(p.segs, s)
	}
	if len(p.segs) == 0 {
		return p, false, false
	}
	if !p.anchored && p.segs[0] == "**" {
		// A lone "**" matches every name, like "*".
		p.segs[0] = "*"
	}
	return p, true, true
}

// trimUnescapedSpaces removes trailing spaces that are not escaped with a
// backslash.
func trimUnescapedSpaces(s string) string {
	for strings.HasSuffix(s, " ") && !strings.HasSuffix(s, `\ `) {
		s = s[:len(s)-1]
	}
	return s
}

// gitClass rewrites the gitignore negated bracket expression "[!...]" into
// path.Match's "[^...]". Everything else in gitignore's single-segment syntax
// (*, ?, [...], backslash escapes) means the same to path.Match.
func gitClass(s string) string {
	if !strings.Contains(s, "[!") {
		return s
	}
	b := []byte(s)
	inClass := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\':
			i++
		case !inClass && b[i] == '[':
			inClass = true
			if i+1 < len(b) && b[i+1] == '!' {
				b[i+1] = '^'
			}
		case inClass && b[i] == ']':
			inClass = false
		}
	}
	return string(b)
}

// match reports whether the pattern matches rel, a slash-separated path
// relative to the rule set's base, split into segs.
func (p *ignorePattern) match(segs []string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	if !p.anchored {
		return segMatch(p.segs[0], segs[len(segs)-1])
	}
	return matchSegs(p.segs, segs, true)
}

// match reports whether any pattern matches abs (an absolute OS path) and,
// if so, whether the last matching pattern ignores it.
func (rs *ruleSet) match(abs string, isDir bool) (matched, ignored bool) {
	rel, ok := relUnder(rs.base, abs)
	if !ok || rel == "" {
		return false, false
	}
	segs := strings.Split(rel, "/")
	for i := len(rs.pats) - 1; i >= 0; i-- {
		if rs.pats[i].match(segs, isDir) {
			return true, !rs.pats[i].negate
		}
	}
	return false, false
}

// isIgnored applies the rule sets in order of increasing precedence: the
// last set with a matching pattern decides.
func isIgnored(stack []*ruleSet, abs string, isDir bool) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if m, ign := stack[i].match(abs, isDir); m {
			return ign
		}
	}
	return false
}

// maxIgnoreSize bounds the ignore files read (.gitignore, .kvlintignore,
// .git/info/exclude).
const maxIgnoreSize = 8 << 20

// loadRules reads the ignore file at file (patterns relative to dir); it
// returns nil when there is no such file. Rule sets are cached per file.
func (w *walker) loadRules(file, dir string) *ruleSet {
	if rs, ok := w.ruleCache[file]; ok {
		return rs
	}
	var rs *ruleSet
	data, err := safefile.ReadFile(file, maxIgnoreSize)
	switch {
	case errors.Is(err, safefile.ErrNotRegular) || errors.Is(err, safefile.ErrTooLarge):
		w.problem(file, err)
	case err == nil:
		rs, _ = parseIgnore(dir, strings.Split(string(data), "\n"))
		if len(rs.pats) == 0 {
			rs = nil
		}
	case errors.Is(err, fs.ErrPermission):
		w.problem(file, err)
	}
	w.ruleCache[file] = rs
	return rs
}

// appendRules appends the rule set of the ignore file at file, if any,
// without sharing the backing array of stack.
func (w *walker) appendRules(stack []*ruleSet, file, dir string) []*ruleSet {
	if rs := w.loadRules(file, dir); rs != nil {
		return append(stack[:len(stack):len(stack)], rs)
	}
	return stack
}

// repoRules returns the rules that apply at the top of the git repository
// top: its .git/info/exclude. (.gitignore files are added as the walk
// reaches their directories.)
func (w *walker) repoRules(top string) []*ruleSet {
	return w.appendRules(nil, filepath.Join(top, ".git", "info", "exclude"), top)
}

// initialStack returns the rule sets that apply to the entries of the
// directory abs, excluding abs's own .gitignore: those of the git repository
// abs is in, from the repository's top down to abs's parent. Outside a git
// repository, .gitignore files are honored from the options' Root (when abs
// is inside it) or from abs itself.
func (w *walker) initialStack(abs string) []*ruleSet {
	top := findRepoTop(abs)
	var stack []*ruleSet
	if top != "" {
		stack = w.repoRules(top)
	} else if _, ok := relUnder(w.absRoot, abs); ok {
		top = w.absRoot
	} else {
		top = abs
	}
	rel, ok := relUnder(top, abs)
	if !ok || rel == "" {
		return stack
	}
	dir := top
	stack = w.appendRules(stack, filepath.Join(dir, ".gitignore"), dir)
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, p)
		stack = w.appendRules(stack, filepath.Join(dir, ".gitignore"), dir)
	}
	return stack
}

// findRepoTop returns the nearest directory at or above abs that holds a
// .git entry (a directory, or a file for worktrees and submodules), or "".
func findRepoTop(abs string) string {
	for dir := abs; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// ValidPattern reports whether line is a usable .gitignore-style pattern
// (blank lines and comments are valid and match nothing); "[" with no
// closing bracket, say, is not.
func ValidPattern(line string) bool {
	_, _, valid := parseIgnoreLine(line)
	return valid
}
