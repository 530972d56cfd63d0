package driver

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
)

// Never crash, never corrupt: every step that runs kvlint's own code on a
// file (reading, parsing, analyzing, suppressions) runs under a recover, so
// that a bug met on one file is reported as an internal error naming it
// (exit 2) and every other file is still linted. Files that are not source
// code at all, or that would cost far more than they are worth, are skipped
// with a note (Result.Skipped) before they are parsed.

// loaded is what became of one input.
type loaded struct {
	src      []byte // read and worth analyzing (read's result)
	ok       bool   // src is set
	file     *parser.File
	err      *report.FileError // could not be read, or does not parse
	skipped  *report.FileError // not analyzed, on purpose (Message: why)
	internal *report.FileError // kvlint failed on it
}

// read reads one input, unless it is not worth analyzing (skipReason).
func read(in Input, bufs *slabs) (out loaded) {
	defer func() {
		if r := recover(); r != nil {
			out = loaded{internal: &report.FileError{File: in.Rel, Message: panicMessage("reading the file", r)}}
		}
	}()
	src := in.Src
	if src == nil {
		b, size, err := readFile(in.Path, bufs)
		if err != nil {
			return loaded{err: &report.FileError{File: in.Rel, Message: readError(err)}}
		}
		if size > maxFileSize {
			return loaded{skipped: &report.FileError{File: in.Rel, Message: fmt.Sprintf("skipped: %d MB is too large for a source file", size>>20)}}
		}
		src = b
	}
	if why := skipReason(src); why != "" {
		return loaded{skipped: &report.FileError{File: in.Rel, Message: why}}
	}
	if why := overBudget(in.Rel, src); why != "" {
		return loaded{skipped: &report.FileError{File: in.Rel, Message: why}}
	}
	return loaded{src: src, ok: true}
}

// parse parses an input read; with scanOnly set, it only checks it for
// syntax errors (parser.Check) and scans it for binding-type annotations
// (parser.ScanOnly).
func parse(fset *token.FileSet, in Input, src []byte, scanOnly bool) (out loaded) {
	defer func() {
		if r := recover(); r != nil {
			out = loaded{internal: &report.FileError{File: in.Rel, Message: panicMessage("parsing the file", r)}}
		}
	}()
	var f *parser.File
	var err error
	if scanOnly {
		if err = parser.Check(in.Rel, src); err == nil {
			f = parser.ScanOnly(in.Rel, src)
		}
	} else {
		f, err = parser.Parse(fset, in.Rel, src)
	}
	if err != nil {
		fe := &report.FileError{File: in.Rel, Message: err.Error()}
		fe.Rule = report.SyntaxRule
		var se *parser.SyntaxError
		if errors.As(err, &se) {
			fe.Line, fe.Col, fe.Message = se.Line, se.Col, se.Msg
		}
		return loaded{err: fe}
	}
	return loaded{file: f}
}

// The thresholds of read and skipReason.
const (
	// maxFileSize bounds the files kvlint reads at all: a bigger one is
	// not hand-written source (and would be read whole into memory).
	maxFileSize = 64 << 20

	// binarySniff is how much of a file is searched for a NUL byte, as git
	// does to tell binary files from text.
	binarySniff = 8000
	// A minified bundle is a file of more than minifiedSize bytes, most of
	// them on lines longer than minifiedLine bytes that are dense with code
	// punctuation (at least one ; , ( ) { } in minifiedDensity bytes).
	minifiedSize    = 100 << 10
	minifiedLine    = 1000
	minifiedDensity = 50
	// foldSniff: a file this small cannot hold enough string literals to
	// reach parser.MaxFoldChars, and is not scanned for them.
	foldSniff = 16 << 10
	// minTokenSniff: a file this small has fewer than parser.MaxTokens
	// tokens.
	minTokenSniff = 256 << 10
)

// skipReason says why src is not worth analyzing, or returns "":
//
//   - a binary file, such as an MPEG transport stream (.ts) or a compiled
//     artifact with a source extension: it has NUL bytes;
//   - UTF-16 text: kvlint reads UTF-8 (and plain ASCII) sources;
//   - a minified bundle: generated code, hundreds of kilobytes on a few
//     long lines. Its findings would point into code nobody edits, and
//     analyzing a multi-megabyte bundle takes seconds and gigabytes; lint
//     the sources it was built from instead. Long lines that are not dense
//     with code (a base64 asset, a long string) do not make a bundle.
//   - thousands of string literals joined by + (parser.FoldCost): esbuild
//     folds them as it parses, in memory quadratic in their number (3,000
//     took 700 MB; 100,000 a Go fatal error).

// The same holds for a file named on the command line: kvlint cannot
// analyze a binary file whatever its name, and a bundle named explicitly
// is still a bundle (walks also leave out *.min.* files by name). A
// skipped file is not an error: the run's exit code does not change, and
// the command line prints a note naming the file and the reason.
func skipReason(src []byte) string {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return "skipped: UTF-16 text (kvlint reads UTF-8 source files)"
	}
	if bytes.IndexByte(src[:min(len(src), binarySniff)], 0) >= 0 {
		return "skipped: binary file (it has NUL bytes), not JavaScript or TypeScript"
	}
	if len(src) > foldSniff && parser.FoldBound(src) > parser.MaxFoldChars {
		if chars, at := parser.FoldCost(src); chars > parser.MaxFoldChars {
			return fmt.Sprintf("skipped: the string literals joined by + from line %d would take %d MB to parse (esbuild folds them into ever longer strings); build the string another way",
				1+bytes.Count(src[:at], []byte("\n")), chars*2>>20)
		}
	}
	if len(src) > minifiedSize {
		dense, lines := 0, 0
		for rest := src; len(rest) > 0; lines++ {
			line := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				line, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			if len(line) > minifiedLine && codePunct(line)*minifiedDensity >= len(line) {
				dense += len(line)
			}
		}
		if dense*2 > len(src) {
			return fmt.Sprintf("skipped: minified bundle (%d KB on %s); lint the sources it was built from", len(src)>>10, plural(lines, "line"))
		}
	}
	return ""
}

// overBudget says why src is too large to analyze within the memory
// budget (more than parser.MaxTokens tokens), or returns "". A file the
// parser will refuse as nested too deeply is left to it, to report where.
func overBudget(path string, src []byte) string {
	// (Every token takes a byte at least.)
	if len(src) <= max(minTokenSniff, parser.MaxTokens) || parser.CountTokens(src, parser.MaxTokens) <= parser.MaxTokens || parser.NestedTooDeep(path, src) {
		return ""
	}
	return fmt.Sprintf("skipped: more than %d tokens (%s) is too large to analyze within kvlint's memory budget", parser.MaxTokens, sizeText(len(src)))
}

func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// codePunct counts the bytes of line that are frequent in code and rare
// in prose and encoded data.
func codePunct(line []byte) int {
	n := 0
	for _, c := range line {
		switch c {
		case ';', ',', '(', ')', '{', '}':
			n++
		}
	}
	return n
}

// guard runs fn, turning a panic into an internal error about file (the
// run as a whole when file is "").
func (r *Result) guard(what, file string, fn func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			if file == "" {
				file = "kvlint"
			}
			r.Internal = append(r.Internal, report.FileError{File: file, Message: panicMessage(what, p)})
			ok = false
		}
	}()
	fn()
	return true
}

// panicMessage describes a recovered panic, with the stack that raised it.
func panicMessage(what string, p any) string {
	stack := debug.Stack()
	if wp, ok := p.(*workerPanic); ok {
		p, stack = wp.value, wp.stack
	}
	return fmt.Sprintf("internal error %s: panic: %v\n%s", what, p, stack)
}

// workerPanic carries a panic out of one of parallel's goroutines, where
// nothing could recover it, to the goroutine that called parallel.
type workerPanic struct {
	value any
	stack []byte
}

func (p *workerPanic) String() string { return fmt.Sprint(p.value) }

// callRecovering calls f(i), returning what it panicked with, if it did.
func callRecovering(f func(int), i int) (p *workerPanic) {
	defer func() {
		if r := recover(); r != nil {
			p = &workerPanic{value: r, stack: debug.Stack()}
		}
	}()
	f(i)
	return nil
}

func sortSkipped(s []report.FileError) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].File < s[j].File })
}

// analyzerFailure is an analyzer that failed (panicked) on a file; every
// analyzer requiring it fails with the same error.
type analyzerFailure struct {
	analyzer string
	err      error
}

func (e *analyzerFailure) Error() string { return e.analyzer + ": " + e.err.Error() }

func (e *analyzerFailure) Unwrap() error { return e.err }

// failureMessage describes the failure of rule on a file: its own, or that
// of an analyzer it requires (the KV model, say).
func failureMessage(rule string, err error) string {
	var af *analyzerFailure
	if !errors.As(err, &af) {
		return fmt.Sprintf("internal error in rule %s: %v", rule, err)
	}
	if af.analyzer == rule {
		return fmt.Sprintf("internal error in rule %s: %v", rule, af.err)
	}
	return fmt.Sprintf("internal error in %s (required by rule %s and maybe others): %v", af.analyzer, rule, af.err)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\uFEFF")

// dropBOMColumns makes the columns of positions on the first line of a
// file that starts with a UTF-8 byte order mark count from the text after
// it, as editors and the report package do (report.Location); offsets stay
// offsets into the file.
func (r *Result) dropBOMColumns() {
	fix := func(file string, line, col *int) {
		if *line == 1 && *col > 0 && bytes.HasPrefix(r.Sources[file], utf8BOM) {
			*col = max(1, *col-len(utf8BOM))
		}
	}
	loc := func(l *report.Location) {
		fix(l.File, &l.Line, &l.Col)
		fix(l.File, &l.EndLine, &l.EndCol)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		loc(&f.Location)
		for j := range f.Related {
			loc(&f.Related[j].Location)
		}
		for j := range f.Fixes {
			for k := range f.Fixes[j].Edits {
				loc(&f.Fixes[j].Edits[k].Location)
			}
		}
	}
	for i := range r.Errors {
		e := &r.Errors[i]
		fix(e.File, &e.Line, &e.Col)
	}
}

// MemoryBudget is the memory a run aims to stay under. The per-file caps
// (maxFileSize, parser.MaxTokens, parser.MaxFoldChars, the nesting bound)
// keep every file well within it; SetMemoryBudget makes the garbage
// collector work to keep the whole run there.
const MemoryBudget = 900 << 20

// SetMemoryBudget sets the Go runtime's soft memory limit to MemoryBudget,
// unless the environment sets one (GOMEMLIMIT) or a lower one is set.
//
// The limit then follows what the run keeps: a project big enough that
// its ASTs and models alone (the live heap) near the budget cannot be
// kept under it by collecting more often, and a fixed limit made the
// collector run all but continuously (--parse-all on 107 MB of packages:
// 65% of the CPU time in the collector, and 1.6 GB all the same). After
// each collection, a live heap over two thirds of the limit raises the
// limit to one and a half times the live heap (a collection per half of
// it allocated, as GOGC=50 would). Below that, which is what every single
// file stays within, the budget holds.
func SetMemoryBudget(getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	if cur := debug.SetMemoryLimit(-1); cur > MemoryBudget {
		debug.SetMemoryLimit(MemoryBudget)
		followLiveHeap()
	}
}

// HeapFloor is the heap a command-line run grows to before its first
// collection (see SetHeapFloor).
const HeapFloor = 128 << 20

// SetHeapFloor makes the collector wait until the heap reaches HeapFloor
// before its first collection, and from then on collect as GOGC says,
// unless the environment sets GOGC or GOMEMLIMIT. A run that lints one
// file or a small project allocates tens of MB, which the collector,
// starting at a 4 MB heap and doubling, collected nine times (a tenth of
// a named file's time in a project vendoring 26 MB); a big project's
// memory is what its live heap keeps, collected as before once it passes
// the floor. For the command line, once per process; the language server,
// which lives long and reuses its heap, keeps the runtime's own start.
func SetHeapFloor(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := debug.SetMemoryLimit(-1)
	if limit <= HeapFloor {
		return
	}
	// No collection but at the memory limit, set to the floor until the
	// first collection has run.
	gogc := debug.SetGCPercent(-1)
	debug.SetMemoryLimit(HeapFloor)
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		debug.SetMemoryLimit(max(limit, debug.SetMemoryLimit(-1)))
		debug.SetGCPercent(gogc)
	})
}

// nextMemoryLimit is the limit after a collection that left live bytes
// live under limit (see SetMemoryBudget).
func nextMemoryLimit(live, limit int64) int64 {
	if live > limit/3*2 {
		return live / 2 * 3
	}
	return limit
}

// gcSentinel is an object whose finalizer marks a collection (it holds a
// pointer, so that it is never one of the tiny allocations that share a
// block, whose finalizers may not run).
type gcSentinel struct {
	_ *int
	_ [8]byte
}

// followLiveHeap raises the memory limit after each collection as
// nextMemoryLimit says, for the rest of the process.
func followLiveHeap() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var rearm func()
	rearm = func() {
		// An object unreachable at once: its finalizer runs after the
		// next collection, and sets up the one after.
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				live := int64(sample[0].Value.Uint64())
				limit := debug.SetMemoryLimit(-1)
				if next := nextMemoryLimit(live, limit); next != limit {
					debug.SetMemoryLimit(next)
				}
			}
			rearm()
		})
	}
	rearm()
}
