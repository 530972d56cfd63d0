package parser

import "testing"

// skipTriviaByByte is skipTrivia as it was, a byte at a time and one white
// space character per call.
func skipTriviaByByte(src []byte, i int) int {
	switch {
	case src[i] != '/':
		return i + 1
	case src[i+1] == '/':
		for i < len(src) && src[i] != '\n' {
			i++
		}
		return i
	}
	i += 2
	for i+1 < len(src) && (src[i] != '*' || src[i+1] != '/') {
		i++
	}
	return i + 2
}

// afterTrivia is where a scan that skips trivia (CountTokens, FoldCost)
// goes on from i.
func afterTrivia(src []byte, i int, skip func([]byte, int) int) int {
	for i < len(src) && isTrivia(src, i) {
		i = skip(src, i)
	}
	return i
}

func FuzzSkipTrivia(f *testing.F) {
	for _, s := range []string{"  a", "// x\n b", "/* x */c", "/* open", "/*", "/**/", "\t\r\n/* a */ // b\n/*", "a /", "x/*/"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for i := range src {
			if got, want := afterTrivia(src, i, skipTrivia), afterTrivia(src, i, skipTriviaByByte); got != want {
				t.Fatalf("%q from %d: trivia end at %d, want %d", src, i, got, want)
			}
		}
	})
}
