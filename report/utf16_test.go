package report

import (
	"math/rand"
	"testing"
	"unicode/utf8"
)

// utf16Len counts the UTF-16 code units of b. An invalid byte counts as one
// unit (it decodes to U+FFFD).
func refUTF16Len(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		i += size
	}
	return n
}

// Columns computed from the file's index of wide characters equal a count
// of the line's UTF-16 code units, for every column of random text mixing
// ASCII, two-, three- and four-byte characters, invalid bytes, CR, CRLF
// and a BOM.
func TestUTF16ColumnsMatchACount(t *testing.T) {
	pieces := []string{"a", "k", " ", "é", "€", "😀", "\xff", "\xe2\x82", "\n", "\r\n", "\r"}
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 200; round++ {
		src := ""
		if round%5 == 0 {
			src = "\uFEFF"
		}
		for i := rng.Intn(60); i > 0; i-- {
			src += pieces[rng.Intn(len(pieces))]
		}
		ft := newFileText([]byte(src))
		for n := 1; n <= len(ft.starts); n++ {
			l, _ := ft.line(n)
			for col := 1; col <= len(l)+3; col++ {
				prefix, extra := col-1, 0
				if prefix > len(l) {
					prefix, extra = len(l), prefix-len(l)
				}
				// A column inside a character is not a position kvlint reports.
				if prefix < len(l) && !utf8.RuneStart(l[prefix]) {
					continue
				}
				want := refUTF16Len(l[:prefix]) + extra + 1
				if got := ft.utf16Col(n, col); got != want {
					t.Fatalf("%q line %d col %d: %d, want %d", src, n, col, got, want)
				}
			}
		}
	}
}
