// Package fix applies the fixes attached to findings: each file's edits
// are checked for overlaps, applied to the bytes that were linted, the
// result is re-parsed, and the file is replaced atomically (a temporary
// file in the same directory, renamed over it, with the original owner,
// group and mode; written in place, with a backup, where renaming would
// split hard links), under an advisory lock (see write). A file that
// changed since it was read, that is read-only, that is reached through a
// symbolic link, or whose fixed text does not parse is left untouched and
// reported; a fix is reported applied only once it is on disk.
package fix

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"sort"

	"github.com/aymanbagabas/go-udiff"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
)

// Mode selects which fixes apply.
type Mode int

// Modes.
const (
	Safe   Mode = iota // fixes marked safe
	Unsafe             // all fixes
)

// File is a linted file: where it is and the bytes that were linted.
type File struct {
	Path string // to read and write
	Rel  string // as reported (Finding.File)
	Src  []byte
}

// Outcome says what happened to one file.
type Outcome struct {
	File    string // Rel
	Applied int    // fixes applied
	Skipped int    // fixes dropped because they overlap an earlier one
	Err     error  // the file was left untouched
	Diff    string // unified diff (dry run)
}

// Plan gathers, per file, the edits of the first applicable fix of each
// unsuppressed finding.
func Plan(findings []report.Finding, mode Mode) map[string][]report.Fix {
	plan := map[string][]report.Fix{}
	for _, f := range findings {
		if f.Suppressed != nil {
			continue
		}
		for _, fx := range f.Fixes {
			if !fx.Safe && mode != Unsafe {
				continue
			}
			if len(fx.Edits) == 0 || !sameFile(fx.Edits, f.File) {
				break
			}
			plan[f.File] = append(plan[f.File], fx)
			break
		}
	}
	return plan
}

func sameFile(edits []report.Edit, file string) bool {
	for _, e := range edits {
		if e.File != file {
			return false
		}
	}
	return true
}

// Apply applies the planned fixes to each file (or, with dryRun, only
// computes the diff).
func Apply(files []File, plan map[string][]report.Fix, dryRun bool) []Outcome {
	var out []Outcome
	if !dryRun {
		defer lockRoot(files)()
	}
	for _, f := range files {
		fixes := plan[f.Rel]
		if len(fixes) == 0 {
			continue
		}
		o := Outcome{File: f.Rel}
		fixed, applied, skipped := edit(f.Src, fixes)
		o.Applied, o.Skipped = applied, skipped
		if _, err := parser.Parse(token.NewFileSet(), f.Rel, fixed); err != nil {
			o.Err = fmt.Errorf("fixes discarded: the fixed file would not parse: %w", err)
			out = append(out, o)
			continue
		}
		if dryRun {
			o.Diff = udiff.Unified("a/"+f.Rel, "b/"+f.Rel, string(f.Src), string(fixed))
		} else {
			o.Err = write(f, fixed)
		}
		out = append(out, o)
	}
	return out
}

// edit applies non-overlapping fixes, in order of position; a fix whose
// edits overlap one already taken is skipped (a later run can apply it).
func edit(src []byte, fixes []report.Fix) ([]byte, int, int) {
	type span struct{ start, end int }
	var taken []span
	var edits []report.Edit
	applied, skipped := 0, 0
	overlaps := func(s span) bool {
		for _, t := range taken {
			if s.start < t.end && t.start < s.end || s.start == t.start && s.end == t.end {
				return true
			}
		}
		return false
	}
	for _, fx := range fixes {
		ok := true
		for _, e := range fx.Edits {
			if e.Offset < 0 || e.EndOffset > len(src) || e.EndOffset < e.Offset || overlaps(span{e.Offset, e.EndOffset}) {
				ok = false
			}
		}
		if !ok {
			skipped++
			continue
		}
		for _, e := range fx.Edits {
			taken = append(taken, span{e.Offset, e.EndOffset})
			edits = append(edits, e)
		}
		applied++
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Offset < edits[j].Offset })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.Offset])
		b.WriteString(e.NewText)
		last = e.EndOffset
	}
	b.Write(src[last:])
	return b.Bytes(), applied, skipped
}

// ErrChanged is returned for a file modified since kvlint read it.
var ErrChanged = errors.New("file changed since it was linted; not fixed")
