package discover

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestIgnorePatterns(t *testing.T) {
	base := filepath.FromSlash("/repo")
	tests := []struct {
		lines string // patterns, one per line
		path  string // relative to base; a trailing "/" marks a directory
		want  bool
	}{
		{"*.ts", "a.ts", true},
		{"*.ts", "src/a.ts", true},
		{"*.ts", "a.tsx", false},
		{"/*.ts", "src/a.ts", false},
		{"/*.ts", "a.ts", true},
		{"src/gen", "src/gen/", true},
		{"src/gen", "pkg/src/gen/", false}, // a middle slash anchors
		{"gen/", "gen/", true},
		{"gen/", "gen", false}, // directories only
		{"gen/", "a/gen/", true},
		{"a?.ts", "ab.ts", true},
		{"a?.ts", "a/.ts", false},
		{"[!a]b.ts", "ab.ts", false},
		{"[!a]b.ts", "cb.ts", true},
		{"[^a]b.ts", "cb.ts", true},
		{"c++.ts", "c++.ts", true},
		{"f(1).ts", "f(1).ts", true},
		{`\#x.ts`, "#x.ts", true},
		{`\!x.ts`, "!x.ts", true},
		{"# comment", "# comment", false},
		{"a.ts   ", "a.ts", true},
		{`a.ts\ `, "a.ts ", true},
		{"**/foo", "foo", true},
		{"**/foo", "x/y/foo", true},
		{"**/foo/bar", "x/foo/bar", true},
		{"a/**/b", "a/b", true},
		{"a/**/b", "a/x/y/b", true},
		{"a/**/b", "x/a/b", false},
		{"abc/**", "abc/", false}, // what is inside, not abc itself
		{"abc/**", "abc/x/y.ts", true},
		{"**", "anything.ts", true},
		{"gen/*\n!gen/keep.ts", "gen/", false},
		{"gen/*\n!gen/keep.ts", "gen/a.ts", true},
		{"gen/*\n!gen/keep.ts", "gen/keep.ts", false},
		{"*.ts\n!keep.ts\nkeep.ts", "keep.ts", true}, // the last match wins
		{"!keep.ts", "keep.ts", false},
		{"doc/*.ts", "doc/a/b.ts", false},
		{"a//b", "a/b", true},
	}
	for _, tt := range tests {
		rs, bad := parseIgnore(base, strings.Split(tt.lines, "\n"))
		if len(bad) != 0 {
			t.Errorf("%q: bad lines %q", tt.lines, bad)
		}
		isDir := strings.HasSuffix(tt.path, "/")
		abs := filepath.Join(base, filepath.FromSlash(strings.TrimSuffix(tt.path, "/")))
		if _, got := rs.match(abs, isDir); got != tt.want {
			t.Errorf("patterns %q, path %q: ignored = %v, want %v", tt.lines, tt.path, got, tt.want)
		}
	}
}

func TestIgnoreBadLines(t *testing.T) {
	rs, bad := parseIgnore("/", []string{"", "#x", "   ", "[z-", "ok.ts", "!", "/"})
	if len(rs.pats) != 1 || !slices.Equal(bad, []string{"[z-", "!", "/"}) {
		t.Errorf("got %d patterns, bad %q", len(rs.pats), bad)
	}
}

func TestExpandBraces(t *testing.T) {
	tests := map[string][]string{
		"a":              {"a"},
		"{a,b}":          {"a", "b"},
		"src/*.{ts,tsx}": {"src/*.ts", "src/*.tsx"},
		"{a,b}/{c,d}":    {"a/c", "a/d", "b/c", "b/d"},
		"{a,{b,c}}x":     {"ax", "bx", "cx"},
		"{a}{b,c}":       {"{a}b", "{a}c"},
		"lit{eral":       {"lit{eral"},
		`\{a,b}`:         {`\{a,b}`},
		"x{,.min}.js":    {"x.js", "x.min.js"},
	}
	for in, want := range tests {
		if got := expandBraces(in); !slices.Equal(got, want) {
			t.Errorf("expandBraces(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitGlob(t *testing.T) {
	tests := []struct {
		in, base string
		segs     []string
	}{
		{"src/**/*.ts", "src", []string{"**", "*.ts"}},
		{"*.ts", ".", []string{"*.ts"}},
		{"./src/*/x.ts", "src", []string{"*", "x.ts"}},
		{"/*.ts", "/", []string{"*.ts"}},
		{"a/b/c.ts", filepath.Join("a", "b"), []string{"c.ts"}},
		{"../up/**", filepath.Join("..", "up"), []string{"**"}},
	}
	for _, tt := range tests {
		base, segs, err := splitGlob(tt.in)
		if err != nil || base != filepath.FromSlash(tt.base) || !slices.Equal(segs, tt.segs) {
			t.Errorf("splitGlob(%q) = %q, %q, %v; want %q, %q", tt.in, base, segs, err, tt.base, tt.segs)
		}
	}
}

func TestGlobMatcher(t *testing.T) {
	m := &globMatcher{alts: [][]string{{"src", "**", "*.ts"}, {"lib", "*", "x.js"}}}
	for rel, want := range map[string]bool{
		"src/a.ts": true, "src/a/b/c.ts": true, "src/a.js": false, "lib/q/x.js": true,
		"lib/x.js": false, "lib/q/r/x.js": false, "other/a.ts": false,
	} {
		if got := m.full(rel); got != want {
			t.Errorf("full(%q) = %v, want %v", rel, got, want)
		}
	}
	for rel, want := range map[string]bool{
		"src": true, "src/a/b": true, "lib": true, "lib/q": true, "lib/q/r": false, "other": false,
	} {
		if got := m.prefix(rel); got != want {
			t.Errorf("prefix(%q) = %v, want %v", rel, got, want)
		}
	}
}
