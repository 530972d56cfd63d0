package parser

import (
	"errors"
	"go/token"
	"strings"
	"testing"
	"time"
)

// A syntax error is placed the way findings are (lines end at "\n", "\r\n"
// or a lone "\r"), whatever line terminators esbuild also counts: U+2028.
func TestSyntaxErrorPosition(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
	}{
		{"LF", "a = 1;\nb = ;\n", 2, 5},
		{"CRLF", "a = 1;\r\nb = ;\r\n", 2, 5},
		{"lone CR", "a = 1;\rb = ;\n", 2, 5},
		{"U+2028", "a = 1;\u2028b = ;\n", 1, 14},
		{"BOM", "\uFEFFa = 1;\nb = ;\n", 2, 5},
		{"after invalid UTF-8", "a = '\xff\xfe';\nb = \xff;\n", 2, 5},
		{"end of file", "a = (", 1, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(token.NewFileSet(), "a.ts", []byte(c.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a syntax error", err)
			}
			if se.Line != c.line || se.Col != c.col {
				t.Errorf("%q: error at %d:%d, want %d:%d (%s)", c.src, se.Line, se.Col, c.line, c.col, se.Msg)
			}
		})
	}
}

func TestESBuildOffset(t *testing.T) {
	src := "ab\r\ncd\ref\u2028gh\nij"
	cases := []struct{ line, col, want int }{
		{1, 0, 0}, {1, 1, 1}, {2, 0, 4}, {3, 1, 8}, {4, 0, 12}, {5, 1, 16}, {9, 0, len(src)}, {1, 999, len(src)},
	}
	for _, c := range cases {
		if got := esbuildOffset(src, c.line, c.col); got != c.want {
			t.Errorf("esbuildOffset(%d, %d) = %d, want %d", c.line, c.col, got, c.want)
		}
	}
}

// The parser stops at the first error: a file with thousands of them (each
// "already declared" error places a note by rescanning the text, so they
// once took minutes) fails quickly, with the first.
func TestManyErrorsAreFast(t *testing.T) {
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("// x\nconst m: Map<string, number> = new Map(); const s = 1;\n")
	}
	start := time.Now()
	_, err := Parse(token.NewFileSet(), "a.ts", []byte(b.String()))
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 4 || se.Col != 7 || se.Msg != `The symbol "m" has already been declared` {
		t.Errorf("got %v", err)
	}
}
