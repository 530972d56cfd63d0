package kvmodel

import (
	"bytes"
	"path"
	"slices"
	"testing"
)

// relativeSpecsReference is relativeSpecs as five searches: "./" from
// spec to spec, then each quoted "." and "..".
func relativeSpecsReference(src []byte) []string {
	var specs []string
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte("./"))
		if i < 0 {
			break
		}
		at := from + i
		from = at + 2
		start := at
		if start > 0 && src[start-1] == '.' {
			start--
		}
		if start == 0 || !isQuote(src[start-1]) {
			continue
		}
		q := src[start-1]
		end := start
		for end < len(src) && src[end] != q && src[end] != '\n' && end-start < 1024 {
			end++
		}
		if end < len(src) && src[end] == q {
			specs = append(specs, string(src[start:end]))
			from = end + 1
		}
	}
	for _, s := range []string{`"."`, `'.'`, `".."`, `'..'`} {
		if bytes.Contains(src, []byte(s)) {
			specs = append(specs, s[1:len(s)-1])
		}
	}
	return specs
}

var relativeSpecsSeeds = []string{
	`import a from "./a.js"; import b from '../b'; export * from "."; require('..')`,
	`"./a"./b" '.' ".." "./x'./y"`,
	"`./tpl` \"./no\nnewline\" '../../c/d.ts' ...rest './'",
	`".".."'..'"."`,
	`a./b "../" "./`,
}

// One pass finds what the five searches find, in the same order.
func TestRelativeSpecs(t *testing.T) {
	for _, s := range relativeSpecsSeeds {
		if got, want := relativeSpecs([]byte(s)), relativeSpecsReference([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("relativeSpecs(%q) = %q, want %q", s, got, want)
		}
	}
	if got := relativeSpecs([]byte(`import a from "./a.js"; export * from "..";`)); !slices.Equal(got, []string{"./a.js", ".."}) {
		t.Errorf("got %q", got)
	}
}

func FuzzRelativeSpecs(f *testing.F) {
	for _, s := range relativeSpecsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := relativeSpecs(src), relativeSpecsReference(src); !slices.Equal(got, want) {
			t.Errorf("relativeSpecs(%q) = %q, want %q", src, got, want)
		}
	})
}

// joinSpec is path.Join.
func TestJoinSpec(t *testing.T) {
	for _, dir := range []string{".", "..", "/", "src", "/w/src", "../lib", "a/b/c"} {
		for _, spec := range []string{"./a.js", "./a/b.ts", "./a//b", "./a/./b", "./a/../b", "./", "./a/", "../a", ".", "..", "./.a", "./..a/b", "./a/.."} {
			if got, want := joinSpec(dir, spec), path.Join(dir, spec); got != want {
				t.Errorf("joinSpec(%q, %q) = %q, want %q", dir, spec, got, want)
			}
		}
	}
}

// kvOnlyText reports KV method text (.get, .put, .list, .delete anywhere)
// as the searches for each did.
func TestKVMethodText(t *testing.T) {
	for src, want := range map[string]bool{
		"":                          false,
		"a.b.c":                     false,
		"map.get(k)":                true,
		"x.getWithMetadata":         true,
		"// see .list":              true,
		"obj.del(k); a.puts":        true,
		"obj.dele; end.":            false,
		"a . get(k)":                false,
		"env.KV.delete(k)":          true,
		"... spread get put delete": false,
	} {
		_, _, got := kvOnlyText([]byte(src))
		ref := false
		for _, m := range []string{".get", ".put", ".list", ".delete"} {
			ref = ref || bytes.Contains([]byte(src), []byte(m))
		}
		if got != want || got != ref {
			t.Errorf("kvOnlyText(%q): method text %v, want %v", src, got, want)
		}
	}
}

// mentionedReference is mentioned as one pass over the words of src.
func mentionedReference(src []byte, names []string) bool {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	for i := 0; i < len(src); {
		if !identByte[src[i]] {
			i++
			continue
		}
		j := i
		for j < len(src) && identByte[src[j]] {
			j++
		}
		if set[string(src[i:j])] {
			return true
		}
		i = j
	}
	return false
}

var mentionedSeeds = []string{
	"env.CACHE.get(k)", "CACHES", "xCACHE", "kv", "a.kv", "kvs", "$kv", "store_kv", "ONE+kv;", "", "st", "storestore store",
}

// A few names are searched one by one, more in one pass over the words:
// both find a name only as a whole word.
func TestMentioned(t *testing.T) {
	few := []string{"CACHE", "kv", "store"}
	many := append([]string{"a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8", "i9"}, few...)
	for _, names := range [][]string{few, many} {
		set := &nameSet{}
		for _, n := range names {
			set.add(n)
		}
		for _, src := range mentionedSeeds {
			if got, want := mentioned([]byte(src), nil, set), mentionedReference([]byte(src), names); got != want {
				t.Errorf("%d names, %q: mentioned %v, want %v", len(names), src, got, want)
			}
		}
	}
}

func FuzzMentioned(f *testing.F) {
	for _, s := range mentionedSeeds {
		f.Add([]byte(s))
	}
	few := []string{"CACHE", "kv", "store", "a"}
	set := &nameSet{}
	for _, n := range few {
		set.add(n)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := mentioned(src, set, nil), mentionedReference(src, few); got != want {
			t.Errorf("%q: mentioned %v, want %v", src, got, want)
		}
	})
}
