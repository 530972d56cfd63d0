package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// TextOptions configure WriteText.
type TextOptions struct {
	// Color adds ANSI colours. Callers decide: standard output is a
	// terminal and NO_COLOR is unset.
	Color bool
	// NoFrames leaves out code frames: one line per finding.
	NoFrames bool
	// Verbose gives every finding its rule's documentation URL; otherwise
	// only the first finding of each rule has it.
	Verbose bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// WriteText writes the report for a person:
//
//	src/index.ts:12:15: warning: put without expiration or expirationTtl (missingttl)
//	  12 |     await env.CACHE.put(key, value);
//	     |                     ^^^^^^^^^^^^^^^
//	  src/index.ts:9:3: note: written here
//	    9 |   ...
//
// followed by file errors and a summary line such as
// "3 problems (1 error, 2 warnings)". Nothing is written for an empty
// report.
func WriteText(w io.Writer, r *Report, src Sources, opt TextOptions) error {
	if r == nil {
		return nil
	}
	t := &textWriter{opt: opt, src: newSourceCache(src), docsShown: map[string]bool{}, ruleURL: map[string]string{}}
	for _, rule := range r.Rules {
		t.ruleURL[rule.Name] = rule.URL
	}
	if opt.NoFrames {
		t.src = nil
	}
	// Written as it goes, a buffer at a time: a big report is never held
	// whole in memory.
	for i := range r.Findings {
		t.finding(&r.Findings[i])
		if err := flushFull(w, &t.buf); err != nil {
			return err
		}
	}
	for i := range r.Errors {
		t.fileError(&r.Errors[i])
		if err := flushFull(w, &t.buf); err != nil {
			return err
		}
	}
	if len(r.Findings)+len(r.Errors) > 0 {
		t.summary(r)
	}
	_, err := w.Write(t.buf.Bytes())
	return err
}

type textWriter struct {
	opt TextOptions
	src *sourceCache // nil without frames
	buf bytes.Buffer

	docsShown        map[string]bool   // rules whose docs URL was written
	ruleURL          map[string]string // docs URL by rule, for file errors
	fixable, unsafes int               // findings with a safe fix; with unsafe fixes only
}

func (t *textWriter) paint(code, s string) string {
	if !t.opt.Color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s Severity) string {
	if s == Error {
		return ansiRed
	}
	return ansiYellow
}

func (t *textWriter) finding(f *Finding) {
	b := &t.buf
	b.WriteString(t.paint(ansiBold, location(cleanName(f.File), f.Line, f.Col)+":"))
	b.WriteByte(' ')
	b.WriteString(t.paint(severityColor(f.Severity), severityName(f.Severity)))
	b.WriteString(": ")
	b.WriteString(f.Message)
	if f.Rule != "" {
		b.WriteByte(' ')
		b.WriteString(t.paint(ansiDim, "("+f.Rule+")"))
	}
	b.WriteString(t.fixMark(f))
	b.WriteByte('\n')
	t.frame("  ", f.File, f.Location, severityColor(f.Severity))
	for i := range f.Related {
		rel := &f.Related[i]
		file := relatedFile(f, rel)
		b.WriteString("  ")
		b.WriteString(t.paint(ansiBold, location(cleanName(file), rel.Line, rel.Col)+":"))
		b.WriteByte(' ')
		b.WriteString(t.paint(ansiCyan, "note"))
		b.WriteString(": ")
		b.WriteString(rel.Message)
		b.WriteByte('\n')
		t.frame("    ", file, rel.Location, ansiCyan)
	}
	t.docs(f)
	if !t.opt.NoFrames {
		b.WriteByte('\n')
	}
}

// fixMark marks a finding that --fix (or only --fix-unsafe) can fix, and
// counts it for the summary.
func (t *textWriter) fixMark(f *Finding) string {
	safe, unsafe := false, false
	for _, fx := range f.Fixes {
		if fx.Safe {
			safe = true
		} else {
			unsafe = true
		}
	}
	switch {
	case safe:
		t.fixable++
		return " " + t.paint(ansiCyan, "[fixable with --fix]")
	case unsafe:
		t.unsafes++
		return " " + t.paint(ansiCyan, "[fixable with --fix-unsafe]")
	}
	return ""
}

// docs writes the rule's documentation URL under the first finding of
// each rule (every finding with Verbose).
func (t *textWriter) docs(f *Finding) {
	if f.URL == "" || (t.docsShown[f.Rule] && !t.opt.Verbose) {
		return
	}
	t.docsShown[f.Rule] = true
	t.buf.WriteString("  " + t.paint(ansiDim, "docs: "+f.URL) + "\n")
}

func (t *textWriter) fileError(e *FileError) {
	b := &t.buf
	b.WriteString(t.paint(ansiBold, location(cleanName(e.File), e.Line, e.Col)+":"))
	b.WriteByte(' ')
	b.WriteString(t.paint(ansiRed, "error"))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Rule != "" {
		b.WriteByte(' ')
		b.WriteString(t.paint(ansiDim, "("+e.Rule+")"))
	}
	b.WriteByte('\n')
	if e.Line > 0 {
		t.frame("  ", e.File, Location{Line: e.Line, Col: e.Col}, ansiRed)
	}
	if e.Rule != "" {
		t.docs(&Finding{Rule: e.Rule, URL: t.ruleURL[e.Rule]})
	}
	if !t.opt.NoFrames {
		b.WriteByte('\n')
	}
}

// frame writes the source line of loc with a gutter, and a line of carets
// under loc's columns (to the end of the line for a range that spans
// lines). It writes nothing when the source line is unavailable.
func (t *textWriter) frame(indent, file string, loc Location, caretColor string) {
	if t.src == nil || loc.Line < 1 {
		return
	}
	line, ok := t.src.get(file).line(loc.Line)
	if !ok {
		return
	}
	// Lay out only a window of a very long line around the column: a
	// 10 MB line laid out whole for each of its findings took seconds and
	// gigabytes.
	line, from, cutLeft, cutRight := frameBytes(line, loc.Col-1)
	l := layoutLine(line)
	start := l.cellAt(max(loc.Col-1-from, 0))
	end := start + 1 // only a start is known
	switch {
	case loc.EndLine > loc.Line:
		end = l.width // underline to the end of the first line
	case (loc.EndLine == loc.Line || loc.EndLine == 0) && loc.EndCol > 0:
		end = l.cellAt(max(loc.EndCol-1-from, 0))
	}
	if end <= start {
		end = start + 1
	}

	// Cut lines too long to read, keeping the column in view.
	lo, hi := 0, l.width
	if l.width > maxFrameWidth || cutLeft || cutRight {
		lo = max(start-frameContext, 0)
		hi = lo + frameWindow
		if hi > l.width {
			hi = l.width
			lo = max(hi-frameWindow, 0)
		}
	}
	var text strings.Builder
	shift := -lo
	if lo > 0 || cutLeft {
		text.WriteString("…")
		shift++
	}
	cur := lo
	for _, g := range l.glyphs {
		if g.cell < lo || g.cell+g.width > hi {
			continue
		}
		text.WriteString(spaces(g.cell - cur)) // after a cut wide glyph
		if g.repl != "" {
			text.WriteString(g.repl)
		} else {
			text.Write(line[g.off : g.off+g.size])
		}
		cur = g.cell + g.width
	}
	if hi < l.width || cutRight {
		text.WriteString(spaces(hi - cur))
		text.WriteString("…")
	}
	cs := min(max(start, lo), hi) + shift
	ce := min(max(end, lo), hi) + shift
	if ce <= cs {
		ce = cs + 1
	}

	num := strconv.Itoa(loc.Line)
	b := &t.buf
	b.WriteString(strings.TrimRight(fmt.Sprintf("%s%s | %s", indent, num, text.String()), " "))
	b.WriteByte('\n')
	b.WriteString(indent)
	b.WriteString(spaces(len(num)))
	b.WriteString(" | ")
	b.WriteString(spaces(cs))
	b.WriteString(t.paint(caretColor, strings.Repeat("^", ce-cs)))
	b.WriteByte('\n')
}

func (t *textWriter) summary(r *Report) {
	errs, warns := len(r.Errors), 0
	for i := range r.Findings {
		if r.Findings[i].Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	if t.opt.NoFrames {
		t.buf.WriteByte('\n')
	}
	line := fmt.Sprintf("%s (%s, %s)",
		plural(errs+warns, "problem"), plural(errs, "error"), plural(warns, "warning"))
	color := ansiYellow
	if errs > 0 {
		color = ansiRed
	}
	t.buf.WriteString(t.paint(ansiBold+color, line))
	t.buf.WriteByte('\n')
	if t.fixable > 0 {
		fmt.Fprintf(&t.buf, "%s fixable with --fix (--fix-dry-run shows the changes)\n", plural(t.fixable, "problem"))
	}
	if t.unsafes > 0 {
		word := "problem"
		if t.fixable > 0 {
			word = "more problem"
		}
		fmt.Fprintf(&t.buf, "%s fixable with --fix-unsafe, which changes behaviour (review the diff of --fix-dry-run --fix-unsafe)\n", plural(t.unsafes, word))
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
