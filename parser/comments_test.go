package parser

import (
	"go/token"
	"strings"
	"testing"
	"time"
)

// A `/*` or `/**` inside a line comment (a glob in prose, say) opens no
// block comment: the code after it is code, its annotations count and its
// directives are found.
func TestSlashStarInLineComment(t *testing.T) {
	src := `// matches src/**/*.ts and a/**
export default {
  async fetch(req: Request, env: { CACHE: KVNamespace }) {
    // kvlint-disable-next-line missingttl -- fixture
    await env.CACHE.put("k", "v");
    const s = "/* not a comment */ // nor this"; // kvlint-disable-line hotkey -- fixture
  },
};
/* a block with // inside, and kvlint-enable */
`
	f, err := Parse(token.NewFileSet(), "a.ts", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range f.Comments {
		got = append(got, itoa(c.Line)+" "+c.Text)
	}
	want := []string{
		"4 // kvlint-disable-next-line missingttl -- fixture",
		"6 // kvlint-disable-line hotkey -- fixture",
		"9 /* a block with // inside, and kvlint-enable */",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(f.Annotations) != 1 || f.Annotations[0].Name != "CACHE" {
		t.Errorf("annotations: %+v", f.Annotations)
	}
	for _, c := range []struct {
		at   string
		want bool
	}{{"src/**", true}, {"export", false}, {"missingttl", true}, {"not a comment", false}, {"nor this", false}, {"a block", true}} {
		if got := f.InComment(strings.Index(src, c.at)); got != c.want {
			t.Errorf("InComment(%q) = %v", c.at, got)
		}
	}
}

// Finding comments takes time linear in the file, however many `kvlint-`
// and annotation hits it has (it used to be quadratic: minutes for a
// megabyte of them).
func TestManyCommentsAreFast(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString("// kvlint-x https://example.com/a\nconst m" + itoa(i) + ": Map<string, number> = new Map(), s" + itoa(i) + " = \"kvlint-y //\";\n")
	}
	start := time.Now()
	f, err := Parse(token.NewFileSet(), "a.ts", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("parsing took %v", d)
	}
	if n := strings.Count(b.String(), "\n") / 2; len(f.Comments) != n || len(f.Annotations) != n {
		t.Errorf("%d comments and %d annotations, want %d each", len(f.Comments), len(f.Annotations), n)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
