package discover

import (
	"path"
	"path/filepath"
	"strings"
)

// A glob pattern on the command line: path.Match syntax in each segment,
// "**" as a whole segment for any number of directories, and {a,b}
// alternatives. The walk starts at the pattern's longest literal prefix.

// hasMeta reports whether s holds glob syntax.
func hasMeta(s string) bool {
	return strings.ContainsAny(s, `*?[{\`)
}

// globMatcher matches slash-separated paths relative to a walk's base
// directory against the alternatives of a pattern.
type globMatcher struct {
	alts [][]string
}

// full reports whether the path rel matches.
func (g *globMatcher) full(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, a := range g.alts {
		if matchSegs(a, segs, false) {
			return true
		}
	}
	return false
}

// prefix reports whether something below the directory rel may match.
func (g *globMatcher) prefix(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, a := range g.alts {
		if matchPrefix(a, segs) {
			return true
		}
	}
	return false
}

// names reports whether the pattern spells out name as a literal segment,
// which makes an otherwise skipped directory (node_modules, dist ...) part
// of the walk.
func (g *globMatcher) names(name string) bool {
	for _, a := range g.alts {
		for _, s := range a {
			if s == name {
				return true
			}
		}
	}
	return false
}

// globBase is the alternatives of a pattern that share one base directory.
type globBase struct {
	base string // OS path of the directory to walk
	m    *globMatcher
}

// parseGlob splits pattern into base directories to walk and what to match
// below them.
func parseGlob(pattern string) ([]globBase, error) {
	var out []globBase
	index := map[string]int{}
	for _, alt := range expandBraces(pattern) {
		base, segs, err := splitGlob(alt)
		if err != nil {
			return nil, err
		}
		i, ok := index[base]
		if !ok {
			i = len(out)
			index[base] = i
			out = append(out, globBase{base: base, m: &globMatcher{}})
		}
		out[i].m.alts = append(out[i].m.alts, segs)
	}
	return out, nil
}

// splitGlob splits one brace-free pattern into its literal leading
// directory and the remaining segments.
func splitGlob(pattern string) (base string, segs []string, err error) {
	parts := strings.Split(filepath.ToSlash(pattern), "/")
	n := 0
	for n < len(parts)-1 && !hasMeta(parts[n]) {
		n++
	}
	switch base = strings.Join(parts[:n], "/"); {
	case base == "" && n > 0:
		base = "/"
	case base == "":
		base = "."
	}
	for _, s := range parts[n:] {
		if s == "" || s == "." {
			continue
		}
		if s != "**" {
			if _, err := path.Match(s, ""); err != nil {
				return "", nil, err
			}
		}
		segs = append(segs, s)
	}
	return filepath.Clean(filepath.FromSlash(base)), segs, nil
}

// expandBraces expands {a,b} alternatives (nested ones too) into separate
// patterns. A brace pair without a top-level comma is literal.
func expandBraces(p string) []string {
	depth, start := 0, -1
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '{':
			if depth == 0 {
				start = i
			}
			depth++
		case '}':
			if depth == 0 {
				continue
			}
			depth--
			if depth > 0 {
				continue
			}
			alts := splitTopCommas(p[start+1 : i])
			if len(alts) < 2 {
				continue
			}
			var out []string
			for _, a := range alts {
				out = append(out, expandBraces(p[:start]+a+p[i+1:])...)
			}
			return out
		}
	}
	return []string{p}
}

// splitTopCommas splits s at commas outside nested braces.
func splitTopCommas(s string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[last:i])
				last = i + 1
			}
		}
	}
	return append(out, s[last:])
}

// segMatch matches one path segment against one pattern segment.
func segMatch(pat, name string) bool {
	ok, err := path.Match(pat, name)
	return err == nil && ok
}

// matchSegs matches path segments s against pattern segments p, where a
// "**" segment stands for any number of segments. With strictTrailing, a
// trailing "**" needs at least one segment (gitignore's "dir/**" matches
// what is inside dir, not dir itself).
func matchSegs(p, s []string, strictTrailing bool) bool {
	for len(p) > 0 {
		if p[0] == "**" {
			rest := p[1:]
			for len(rest) > 0 && rest[0] == "**" {
				rest = rest[1:]
			}
			if len(rest) == 0 {
				return !strictTrailing || len(s) > 0
			}
			for i := range len(s) + 1 {
				if matchSegs(rest, s[i:], strictTrailing) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 || !segMatch(p[0], s[0]) {
			return false
		}
		p, s = p[1:], s[1:]
	}
	return len(s) == 0
}

// matchPrefix reports whether paths starting with the segments s may match
// the pattern p.
func matchPrefix(p, s []string) bool {
	for ; len(s) > 0; p, s = p[1:], s[1:] {
		if len(p) == 0 {
			return false
		}
		if p[0] == "**" {
			return true
		}
		if !segMatch(p[0], s[0]) {
			return false
		}
	}
	return true
}
