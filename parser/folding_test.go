package parser

import (
	"strings"
	"testing"
)

func chain(n int, term string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"` + term + `"`
	}
	return "export const s = " + strings.Join(parts, " +\n  ") + ";\n"
}

func TestFoldCost(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		over bool
	}{
		{"a few literals", `const a = "x" + "y" + 'z' + ` + "`w`;", false},
		{"a long message", chain(200, strings.Repeat("m", 80)), false},
		{"3,000 terms", chain(3000, strings.Repeat("x", 80)), true},
		{"after a variable", "const s = v + " + chain(3000, strings.Repeat("x", 80))[len("export const s = "):], true},
		{"broken by variables", strings.Repeat(`"`+strings.Repeat("x", 80)+`" + v + `, 3000) + `""`, false},
		{"increments are not additions", strings.Repeat(`"`+strings.Repeat("x", 80)+`"; i++; `, 3000), false},
		{"in a comment", "/* " + chain(3000, strings.Repeat("x", 80)) + " */", false},
		{"joined across comments", strings.Repeat(`"`+strings.Repeat("x", 80)+`" /* c */ + // d
 `, 3000) + `""`, true},
		{"templates with substitutions", strings.Repeat("`${a}"+strings.Repeat("x", 80)+"` + ", 3000) + "``", false},
	} {
		chars, _ := FoldCost([]byte(c.src))
		// The skip check reads FoldCost only past FoldBound.
		if b := FoldBound([]byte(c.src)); b < chars {
			t.Errorf("%s: bound %d below the cost %d", c.name, b, chars)
		}
		if got := chars > MaxFoldChars; got != c.over {
			t.Errorf("%s: cost %d, over the bound %v, want %v", c.name, chars, got, c.over)
		}
	}
	// The parser refuses such a file, as it does one nested too deeply.
	_, err := Parse(nil, "bomb.ts", []byte(chain(3000, strings.Repeat("x", 80))))
	if err == nil || !strings.Contains(err.Error(), "string literals joined by +") {
		t.Errorf("Parse: %v", err)
	}
}

func TestCountTokens(t *testing.T) {
	if n := CountTokens([]byte(`env.KV.put("k", "v"); // a comment`), 100); n != 11 {
		t.Errorf("got %d tokens, want 11", n)
	}
	long := `const s = "` + strings.Repeat("x", 1<<20) + `";`
	if n := CountTokens([]byte(long), 100); n != 5 {
		t.Errorf("a long string: %d tokens, want 5", n)
	}
	if n := CountTokens([]byte(strings.Repeat("a;", 1000)), 10); n != 11 {
		t.Errorf("limit: counted %d, want to stop at 11", n)
	}
}
