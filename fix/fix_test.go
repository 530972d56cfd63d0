package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/report"
)

func edit1(off, end int, text string) report.Fix {
	return report.Fix{Safe: true, Edits: []report.Edit{{Location: report.Location{File: "a.ts", Offset: off, EndOffset: end}, NewText: text}}}
}

func setup(t *testing.T, src string) File {
	t.Helper()
	p := filepath.Join(t.TempDir(), "a.ts")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return File{Path: p, Rel: "a.ts", Src: []byte(src)}
}

func TestOverlappingFixesAreSkipped(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	out := Apply([]File{f}, map[string][]report.Fix{"a.ts": {edit1(8, 9, "2"), edit1(8, 9, "3"), edit1(4, 5, "b")}}, false)
	if out[0].Err != nil || out[0].Applied != 2 || out[0].Skipped != 1 {
		t.Fatalf("%+v", out[0])
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let b = 2;\n" {
		t.Errorf("got %q", got)
	}
}

func TestFixThatBreaksSyntaxIsDiscarded(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	out := Apply([]File{f}, map[string][]report.Fix{"a.ts": {edit1(8, 9, "(")}}, false)
	if out[0].Err == nil || !strings.Contains(out[0].Err.Error(), "would not parse") {
		t.Fatalf("want a parse failure, got %+v", out[0])
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let a = 1;\n" {
		t.Errorf("file modified: %q", got)
	}
}

func TestFileChangedSinceReadIsNotWritten(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	if err := os.WriteFile(f.Path, []byte("let a = 1; // edited\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := Apply([]File{f}, map[string][]report.Fix{"a.ts": {edit1(8, 9, "2")}}, false)
	if !errors.Is(out[0].Err, ErrChanged) {
		t.Fatalf("want ErrChanged, got %v", out[0].Err)
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let a = 1; // edited\n" {
		t.Errorf("the user's edit was overwritten: %q", got)
	}
}

func TestSymlinkIsNotWrittenThrough(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	link := filepath.Join(filepath.Dir(f.Path), "link.ts")
	if err := os.Symlink(f.Path, link); err != nil {
		t.Skip(err)
	}
	lf := File{Path: link, Rel: "link.ts", Src: f.Src}
	out := Apply([]File{lf}, map[string][]report.Fix{"link.ts": {edit1(8, 9, "2")}}, false)
	if out[0].Err == nil || !strings.Contains(out[0].Err.Error(), "symbolic link") {
		t.Fatalf("want a refusal, got %+v", out[0])
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let a = 1;\n" {
		t.Errorf("target modified through the link: %q", got)
	}
}

func TestPlanSkipsUnsafeAndSuppressed(t *testing.T) {
	unsafe := edit1(0, 1, "x")
	unsafe.Safe = false
	findings := []report.Finding{
		{Location: report.Location{File: "a.ts"}, Fixes: []report.Fix{unsafe}},
		{Location: report.Location{File: "a.ts"}, Fixes: []report.Fix{edit1(2, 3, "y")}, Suppressed: &report.Suppression{}},
		{Location: report.Location{File: "a.ts"}, Fixes: []report.Fix{edit1(4, 5, "z")}},
	}
	if got := Plan(findings, Safe)["a.ts"]; len(got) != 1 || got[0].Edits[0].NewText != "z" {
		t.Errorf("safe plan: %+v", got)
	}
	if got := Plan(findings, Unsafe)["a.ts"]; len(got) != 2 {
		t.Errorf("unsafe plan: %+v", got)
	}
}
