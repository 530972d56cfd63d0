package parser

import (
	"errors"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// deep builds opener×n + middle + closer×n, with a line break every 50
// repetitions (so that the file does not look like a minified bundle).
func deep(opener, middle, closer string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(opener)
		if i%50 == 49 {
			b.WriteByte('\n')
		}
	}
	b.WriteString(middle)
	for i := 0; i < n; i++ {
		b.WriteString(closer)
		if i%50 == 49 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Nesting that would make esbuild (or kvlint's walkers) recurse a hundred
// thousand times, and crash or take seconds and gigabytes, is reported as a
// syntax error at the place it crosses MaxNesting, quickly.
func TestDeepNestingIsAnError(t *testing.T) {
	const n = 100000
	cases := []struct{ name, file, src string }{
		{"parentheses", "a.js", "x = " + deep("(", "1", ")", n) + ";\n"},
		{"arrays", "a.js", "x = " + deep("[", "", "]", n) + ";\n"},
		{"blocks", "a.js", deep("{", "", "}", n) + "\n"},
		{"objects", "a.ts", "x = " + deep("{a:", "1", "}", n) + ";\n"},
		{"calls", "a.js", "x = " + deep("f(", "1", ")", n) + ";\n"},
		{"call chain", "a.js", "x = a" + deep("()", "", "", n) + ";\n"},
		{"member chain", "a.js", "x = a" + strings.Repeat("\n  .b", n) + ";\n"},
		{"not", "a.js", "x = " + deep("!", "1", "", n) + ";\n"},
		{"unary minus", "a.js", "x = " + deep("- ", "1", "", n) + ";\n"},
		{"typeof", "a.js", "x = " + deep("typeof ", "a", "", n) + ";\n"},
		{"new", "a.js", "x = " + deep("new ", "A", "", n) + ";\n"},
		{"assignments", "a.js", "a" + deep(" = a", "", "", n) + ";\n"},
		{"conditionals", "a.js", "x = " + deep("a ? ", "1", " : 1", n) + ";\n"},
		{"arrows", "a.js", "f = " + deep("x => ", "1", "", n) + ";\n"},
		{"else if", "a.js", "if (a) {}" + strings.Repeat("\nelse if (a) {}", n) + "\n"},
		{"if", "a.js", deep("if (a) ", "x;", "", n) + "\n"},
		{"labels", "a.js", deep("a: ", "x;", "", n) + "\n"},
		{"templates", "a.js", "x = " + deep("`${", "1", "}`", n) + ";\n"},
		{"JSX", "a.jsx", "x = " + deep("<a>", "", "</a>", n) + ";\n"},
		{"functions", "a.ts", deep("function f() {", "", "}", n) + "\n"},
		{"type arguments", "a.ts", "let x: " + deep("A<", "B", ">", n) + ";\n"},
		// Loops in esbuild, but a tree this deep for kvlint's walkers.
		{"additions", "a.js", "x = a" + strings.Repeat(" +\n a", n) + ";\n"},
		{"commas", "a.js", "x = (a" + strings.Repeat(",\n a", n) + ");\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse(token.NewFileSet(), c.file, []byte(c.src))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || se.Msg != nestingMsg {
				t.Fatalf("got %v, want %q", err, nestingMsg)
			}
			lines := strings.Count(c.src, "\n") + 1
			if se.Line < 1 || se.Line > lines || se.Col < 1 {
				t.Errorf("reported at %d:%d of a %d-line file", se.Line, se.Col, lines)
			}
		})
	}
}

// Nesting well beyond what real code has parses: deep but ordinary shapes,
// long flat ones, code without semicolons.
func TestOrdinaryNestingParses(t *testing.T) {
	var asi strings.Builder
	for i := 0; i < 20000; i++ {
		asi.WriteString("const a" + strconv.Itoa(i) + " = b.c.d(e).f[g] ?? h ? i : !j\n")
	}
	var jsx strings.Builder
	jsx.WriteString("export const Page = () => (\n  <ul>\n")
	for i := 0; i < 5000; i++ {
		jsx.WriteString("    <li class=\"x\">Don't {item(" + strconv.Itoa(i) + ")} <b>it's</b></li>\n")
	}
	jsx.WriteString("  </ul>\n);\n")
	cases := []struct{ name, file, src string }{
		{"parentheses", "a.js", "x = " + deep("(", "1", ")", 1000) + ";\n"},
		{"callbacks", "a.js", deep("f(function () {\n", "", "});\n", 500)},
		{"arrow callbacks", "a.ts", deep("f(async (x: T) => {\n", "", "});\n", 500)},
		{"else if", "a.js", "if (a) {}" + strings.Repeat("\nelse if (a === 1) { x = b.c.d(); }", 2000) + "\n"},
		{"JSX siblings", "a.tsx", jsx.String()},
		{"JSX nesting", "a.jsx", "x = " + deep("<div>", "text", "</div>", 1000) + ";\n"},
		{"concatenation", "a.js", "x = 'a'" + strings.Repeat(" +\n 'b'", 4000) + ";\n"},
		{"method chain", "a.js", "app" + strings.Repeat("\n  .get('/', (c) => c.text('x'))", 1000) + ";\n"},
		{"flat object", "a.ts", "export const routes = {\n" + strings.Repeat("  \"/a/b\": { method: 'GET', ttl: 60 * 60 },\n", 20000) + "};\n"},
		{"no semicolons", "a.ts", asi.String()},
		{"regexes and strings", "a.js", strings.Repeat("x = /[(]\\(/.test(s) ? '(((' : \"[[[\" + `${'('}` // ((((\n", 5000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Parse(token.NewFileSet(), c.file, []byte(c.src)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Every fixture of the repository is far from the bound.
func TestFixturesNestShallowly(t *testing.T) {
	n := 0
	for _, root := range []string{"../testdata", "../examples"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !IsSource(path) {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			ext := filepath.Ext(path)
			jsx := ext != ".ts" && ext != ".mts" && ext != ".cts"
			if depth, _ := estimateNesting(src, jsx, MaxNesting); depth > 100 {
				t.Errorf("%s: estimated nesting %d", path, depth)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatal("no fixtures")
	}
}

func TestEstimateNesting(t *testing.T) {
	cases := []struct {
		src  string
		jsx  bool
		want int
	}{
		{"f(a, [b, {c: d}])", true, 4}, // ( [ { and the :
		{"'((((' + \"[[[[\" + `{{{{` // ((((\n/* [[[[ */", true, 1},
		{"x = `${`${`${a}`}`}`", true, 4},     // = and three ${
		{"x = /(a(b))[(]/g.test(y)", true, 3}, // = and the regex's groups
		{"a.b.c.d.e", true, 4},
		{"a.b.c;\nd.e.f;\ng", true, 2},
		{"a.b.c\nd.e.f\ng", true, 2},   // automatic semicolons end the chains
		{"a.b.c\n.d.e.f\n.g", true, 6}, // a line starting with . continues
		{"a = b = c, d = e", true, 2},  // , ends the chain
		{"if (a) x; else if (b) y; else if (c) z;", true, 5},
		{"<div>Don't (stop) me</div>", true, 1}, // JSX text is text
		{"<div a=\"'\">{f(x)}</div>", true, 4},  // element, =, container, call
		{"a < b; c < d; e < f", false, 1},
		{"let x: A<B<C<D>>>", false, 4},
	}
	for _, c := range cases {
		if got, _ := estimateNesting([]byte(c.src), c.jsx, MaxNesting); got != c.want {
			t.Errorf("estimateNesting(%q) = %d, want %d", c.src, got, c.want)
		}
	}
}

// The estimate is linear, closers without openers included (a stray
// closer used to search the whole stack of open brackets).
func TestEstimateIsLinear(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("[", 4900) + strings.Repeat(")", 1000000),
		strings.Repeat("(", 4900) + strings.Repeat("}", 1000000),
		strings.Repeat("{", 4900) + strings.Repeat("/)))))/;", 200000),
		strings.Repeat("`${", 4900) + strings.Repeat("]", 1000000),
	} {
		start := time.Now()
		estimateNesting([]byte(src), true, MaxNesting)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%.20q...: %v", src, d)
		}
	}
}
