package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const trickyTOML = `# [not.a.table] binding = "NOPE"
title = """
[fake]
binding = "FAKE" \"""
"""
lit = '''
[[also.fake]]
'''
path = 'C:\dir\#not-a-comment'
"dotted.key".plain = 1
a.b.c = [
  1, # comment ]
  { binding = "INLINE", id = "x" },
  [ "nested", { k = "v" } ],
]
when = 1979-05-27 07:32:00Z

[[fruits]]
name = "apple"

[[fruits.varieties]]
name = "red"

[[fruits.varieties]]
name = "green"

[fruits.physical]
color = "red"

[[fruits]]
name = "banana"

[[fruits.varieties]]
name = "plantain"

[ env . "prod uction" ]
kv_namespaces = [{ binding = "P", id = "1" }, {
  binding = "Q",
}]
`

func TestLocateTOML(t *testing.T) {
	src := []byte(trickyTOML)
	if _, err := toml.Decode(trickyTOML, new(map[string]any)); err != nil {
		t.Fatalf("the test's TOML is invalid: %v", err)
	}
	pos := locateTOML(src)
	idx := newLineIndex(src)
	tests := []struct {
		path []string
		line int
	}{
		{[]string{"title"}, 2},
		{[]string{"lit"}, 6},
		{[]string{"path"}, 9},
		{[]string{"dotted.key", "plain"}, 10},
		{[]string{"a", "b", "c"}, 11},
		{[]string{"a", "b", "c", indexSeg(0)}, 12},
		{[]string{"a", "b", "c", indexSeg(1)}, 13},
		{[]string{"a", "b", "c", indexSeg(1), "binding"}, 13},
		{[]string{"a", "b", "c", indexSeg(2), indexSeg(1), "k"}, 14},
		{[]string{"when"}, 16},
		{[]string{"fruits", indexSeg(0)}, 18},
		{[]string{"fruits", indexSeg(0), "name"}, 19},
		{[]string{"fruits", indexSeg(0), "varieties", indexSeg(1), "name"}, 25},
		{[]string{"fruits", indexSeg(0), "physical", "color"}, 28},
		{[]string{"fruits", indexSeg(1)}, 30},
		{[]string{"fruits", indexSeg(1), "varieties", indexSeg(0), "name"}, 34},
		{[]string{"env", "prod uction"}, 36},
		{[]string{"env", "prod uction", "kv_namespaces", indexSeg(0), "binding"}, 37},
		{[]string{"env", "prod uction", "kv_namespaces", indexSeg(1), "binding"}, 38},
	}
	for _, tt := range tests {
		off, ok := pos[pathKey(tt.path)]
		if line, _ := idx.pos(off); !ok || line != tt.line {
			t.Errorf("%q: line %d (found %v), want %d", tt.path, line, ok, tt.line)
		}
	}
	for k := range pos {
		if strings.Contains(k, "fake") || strings.Contains(k, "NOPE") || strings.Contains(k, "not") {
			t.Errorf("a key inside a string or comment was located: %q", k)
		}
	}
}

// Every key toml finds in the TOML files of testdata is located.
func TestLocateTOMLFindsEveryKey(t *testing.T) {
	files := []string{"<tricky>"}
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".toml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src := []byte(trickyTOML)
		if f != "<tricky>" {
			if src, err = os.ReadFile(f); err != nil {
				t.Fatal(err)
			}
		}
		md, err := toml.Decode(string(src), new(map[string]any))
		if err != nil {
			continue // the malformed fixtures
		}
		located := map[string]bool{}
		for k := range locateTOML(src) {
			var parts []string
			for _, seg := range strings.Split(k, "\x1f") {
				if !strings.HasPrefix(seg, "\x00") {
					parts = append(parts, seg)
				}
			}
			located[pathKey(parts)] = true
		}
		for _, key := range md.Keys() {
			if !located[pathKey(key)] {
				t.Errorf("%s: key %q not located", f, key)
			}
		}
	}
}
