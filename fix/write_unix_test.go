//go:build unix

package fix

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kvlint/kvlint/report"
)

// An editor appending a line every ~0.3 ms while --fix runs: no line is
// ever lost, and a fix is reported applied only if it is in the file.
func TestConcurrentAppendIsNeverLost(t *testing.T) {
	const src = "let a = 1;\n"
	lost, claimed := 0, 0
	for trial := 0; trial < 100; trial++ {
		f := setup(t, src)
		var stop atomic.Bool
		var wg sync.WaitGroup
		appended := 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				w, err := os.OpenFile(f.Path, os.O_WRONLY|os.O_APPEND, 0)
				if err != nil {
					return
				}
				fmt.Fprintf(w, "// line %d\n", i)
				w.Close()
				appended++
				time.Sleep(300 * time.Microsecond)
			}
		}()
		time.Sleep(time.Duration(trial%7) * 100 * time.Microsecond)
		out := Apply([]File{f}, map[string][]report.Fix{"a.ts": {edit1(8, 9, "2")}}, false)
		time.Sleep(2 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
		got, _ := os.ReadFile(f.Path)
		if n := strings.Count(string(got), "// line "); n != appended {
			lost++
			t.Logf("trial %d: %d of %d appended lines in the file (outcome %+v)", trial, n, appended, out[0])
		}
		if out[0].Err == nil && out[0].Applied > 0 {
			claimed++
			if !strings.HasPrefix(string(got), "let a = 2;\n") {
				t.Errorf("trial %d: reported applied, but the file is:\n%s", trial, got)
			}
		}
	}
	if lost > 0 {
		t.Errorf("appended lines lost in %d of 100 runs", lost)
	}
	t.Logf("fix applied in %d of 100 runs", claimed)
}

// Several --fix runs on one tree at once: every file ends with the fix
// once, and each run's report of applied fixes is true of the disk.
func TestConcurrentFixRunsSerialise(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	src := "let a = 1;\n"
	var files []File
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%03d.ts", i))
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Path: p, Rel: filepath.Base(p), Src: []byte(src)})
	}
	plan := map[string][]report.Fix{}
	for _, f := range files {
		fx := edit1(8, 9, "2")
		fx.Edits[0].File = f.Rel
		plan[f.Rel] = []report.Fix{fx}
	}
	var wg sync.WaitGroup
	applied := make([]int, 3)
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, o := range Apply(files, plan, false) {
				if o.Err == nil {
					applied[r]++
				}
			}
		}()
	}
	wg.Wait()
	for _, f := range files {
		if got, _ := os.ReadFile(f.Path); string(got) != "let a = 2;\n" {
			t.Errorf("%s: %q", f.Rel, got)
		}
	}
	if total := applied[0] + applied[1] + applied[2]; total != n {
		t.Errorf("runs reported %v files fixed, %d in all; %d were", applied, total, n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != n {
		t.Errorf("%d entries left in the directory, want %d", len(entries), n)
	}
}

func applyOne(t *testing.T, f File) Outcome {
	t.Helper()
	return Apply([]File{f}, map[string][]report.Fix{f.Rel: {edit1(8, 9, "2")}}, false)[0]
}

func TestHardLinksStayLinked(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	other := filepath.Join(filepath.Dir(f.Path), "other.ts")
	if err := os.Link(f.Path, other); err != nil {
		t.Skip(err)
	}
	if o := applyOne(t, f); o.Err != nil {
		t.Fatal(o.Err)
	}
	for _, p := range []string{f.Path, other} {
		if got, _ := os.ReadFile(p); string(got) != "let b = 1;\n" && string(got) != "let a = 2;\n" {
			t.Errorf("%s: %q", p, got)
		}
	}
	a, _ := os.Stat(f.Path)
	b, _ := os.Stat(other)
	if !os.SameFile(a, b) {
		t.Error("the hard link was split")
	}
	if entries, _ := os.ReadDir(filepath.Dir(f.Path)); len(entries) != 2 {
		t.Errorf("backup left behind: %v", entries)
	}
}

func TestModeBitsAndOwnerAreKept(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	if err := os.Chmod(f.Path, 0o640|os.ModeSetuid|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	owner := os.Getuid() == 0
	if owner {
		if err := os.Chown(f.Path, 1234, 4321); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(f.Path, 0o640|os.ModeSetuid|os.ModeSetgid); err != nil { // chown cleared them
			t.Fatal(err)
		}
	}
	if o := applyOne(t, f); o.Err != nil {
		t.Fatal(o.Err)
	}
	info, _ := os.Stat(f.Path)
	if want := 0o640 | os.ModeSetuid | os.ModeSetgid; info.Mode() != want {
		t.Errorf("mode %v, want %v", info.Mode(), want)
	}
	st := info.Sys().(*syscall.Stat_t)
	if owner && (st.Uid != 1234 || st.Gid != 4321) {
		t.Errorf("owner %d:%d, want 1234:4321", st.Uid, st.Gid)
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let a = 2;\n" {
		t.Errorf("got %q", got)
	}
}

func TestReadOnlyFileIsRefused(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	if err := os.Chmod(f.Path, 0o444); err != nil {
		t.Fatal(err)
	}
	o := applyOne(t, f)
	if o.Err == nil || !strings.Contains(o.Err.Error(), "read-only") {
		t.Errorf("want a read-only refusal, got %+v", o)
	}
	if got, _ := os.ReadFile(f.Path); string(got) != "let a = 1;\n" {
		t.Errorf("read-only file replaced: %q", got)
	}
}

func TestSymlinkedDirectoryIsNotWrittenThrough(t *testing.T) {
	root := t.TempDir()
	target := t.TempDir()
	if err := os.WriteFile(filepath.Join(target, "a.ts"), []byte("let a = 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(root, "linked")); err != nil {
		t.Skip(err)
	}
	f := File{Path: filepath.Join(root, "linked", "a.ts"), Rel: "linked/a.ts", Src: []byte("let a = 1;\n")}
	o := Apply([]File{f}, map[string][]report.Fix{f.Rel: {{Safe: true, Edits: []report.Edit{{Location: report.Location{File: f.Rel, Offset: 8, EndOffset: 9}, NewText: "2"}}}}}, false)[0]
	if o.Err == nil || !strings.Contains(o.Err.Error(), "symbolic link") {
		t.Errorf("want a refusal, got %+v", o)
	}
	if got, _ := os.ReadFile(filepath.Join(target, "a.ts")); string(got) != "let a = 1;\n" {
		t.Errorf("written through the linked directory: %q", got)
	}
}

// A killed run's temporary file is removed by the next run.
func TestStaleTempFileIsRemoved(t *testing.T) {
	f := setup(t, "let a = 1;\n")
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	dead := cmd.Process.Pid
	stale := filepath.Join(filepath.Dir(f.Path), fmt.Sprintf(".a.ts.kvlint-%d-tmp-123456", dead))
	if err := os.WriteFile(stale, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if o := applyOne(t, f); o.Err != nil {
		t.Fatal(o.Err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept: %v", err)
	}
	if got, _ := os.ReadFile(f.Path); !bytes.Equal(got, []byte("let a = 2;\n")) {
		t.Errorf("got %q", got)
	}
}
