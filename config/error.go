package config

import (
	"bytes"
	"fmt"
	"sort"
)

// Error is a configuration file kvlint cannot use: a syntax error, a value
// of the wrong type, an unknown key. Line and Col are 1-based; 0 when
// unknown.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats the error as file:line:col: msg (leaving out the parts that
// are unknown).
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
}

// lineIndex converts byte offsets of a file to 1-based lines and columns.
type lineIndex []int // offsets at which lines start

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return idx
		}
		i += j + 1
		idx = append(idx, i)
	}
}

func (idx lineIndex) pos(off int) (line, col int) {
	i := sort.Search(len(idx), func(i int) bool { return idx[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - idx[i] + 1
}
