package parser

import (
	"bytes"
	"testing"
)

// IndexRare finds what bytes.Index finds.
func TestIndexRare(t *testing.T) {
	texts := []string{"", "t", "type", "a type b", "typ", "ttype type", "./a ../b '.'", "xx interface", "y", "yyy type", "é type é"}
	seps := []string{"t", "type", "interface", "./", "y", "ype", "'.'", "é", "e é"}
	for _, s := range texts {
		for _, sep := range seps {
			if got, want := IndexRare([]byte(s), []byte(sep)), bytes.Index([]byte(s), []byte(sep)); got != want {
				t.Errorf("IndexRare(%q, %q) = %d, want %d", s, sep, got, want)
			}
		}
	}
}

func FuzzIndexRare(f *testing.F) {
	f.Add([]byte("export type A = 1; interface B {}"), []byte("type"))
	f.Fuzz(func(t *testing.T, s, sep []byte) {
		if len(sep) == 0 {
			return
		}
		if got, want := IndexRare(s, sep), bytes.Index(s, sep); got != want {
			t.Errorf("IndexRare(%q, %q) = %d, want %d", s, sep, got, want)
		}
	})
}
