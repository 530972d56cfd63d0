package lsp

import (
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// lines converts between byte offsets in a source and LSP positions, whose
// characters count UTF-16 code units (the protocol's default encoding).
type lines struct {
	src   []byte
	start []int // offsets at which lines start
}

func newLines(src []byte) *lines {
	l := &lines{src: src, start: []int{0}}
	for i, c := range src {
		if c == '\n' {
			l.start = append(l.start, i+1)
		}
	}
	return l
}

// position returns the LSP position of a byte offset.
func (l *lines) position(off int) protocol.Position {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	line := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	ch := 0
	for b := l.src[l.start[line]:off]; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if r >= 0x10000 {
			ch += 2
		} else {
			ch++
		}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(ch)}
}

// offset returns the byte offset of an LSP position (clamped to its line
// and to the text).
func (l *lines) offset(p protocol.Position) int {
	if int(p.Line) >= len(l.start) {
		return len(l.src)
	}
	off := l.start[p.Line]
	end := len(l.src)
	if int(p.Line)+1 < len(l.start) {
		end = l.start[p.Line+1] - 1 // the newline
	}
	for ch := 0; off < end && ch < int(p.Character); {
		r, n := utf8.DecodeRune(l.src[off:end])
		if r >= 0x10000 {
			ch += 2
		} else {
			ch++
		}
		off += n
	}
	return off
}

func (l *lines) rangeOf(off, end int) protocol.Range {
	if end < off {
		end = off
	}
	return protocol.Range{Start: l.position(off), End: l.position(end)}
}

// lineStart returns the offset at which the line holding off starts, and
// its indentation.
func (l *lines) lineStart(off int) (int, string) {
	line := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	s := l.start[line]
	e := s
	for e < len(l.src) && (l.src[e] == ' ' || l.src[e] == '\t') {
		e++
	}
	return s, string(l.src[s:e])
}

// applyChange applies one content change of didChange to text.
func applyChange(text []byte, r *protocol.Range, newText string) []byte {
	if r == nil {
		return []byte(newText)
	}
	l := newLines(text)
	s, e := l.offset(r.Start), l.offset(r.End)
	if e < s {
		e = s
	}
	out := make([]byte, 0, len(text)-(e-s)+len(newText))
	out = append(out, text[:s]...)
	out = append(out, newText...)
	return append(out, text[e:]...)
}
