package config

import (
	"bytes"
	"fmt"
)

// maxDepth bounds how deeply a config file may nest arrays, tables and
// objects. Wrangler configs and kvlint.toml nest a handful of levels; a
// file nested thousands deep is not a config, and the TOML and JSON
// parsers (and kvlint's key locator, whose key paths grow with the depth)
// would spend seconds and gigabytes on it, or overflow the stack.
const maxDepth = 64

// depthMsg is the message of a config nested more deeply than maxDepth.
var depthMsg = fmt.Sprintf("nested more than %d levels deep: not a configuration file kvlint can read", maxDepth)

// checkBrackets reports an *Error at the first place in src where arrays,
// tables or objects nest more than maxDepth levels: a '[' or '{' outside
// strings and comments, or, in TOML, a dotted key or table header with
// more than maxDepth dots (a.b.c = 1 nests too, and the TOML decoder takes
// time quadratic in a key's length). isTOML selects TOML's strings and
// comments, else JSON's (with JSONC comments).
func checkBrackets(file string, src []byte, isTOML bool) *Error {
	fail := func(i int) *Error {
		line, col := newLineIndex(src).pos(i)
		return &Error{File: file, Line: line, Col: col, Msg: depthMsg}
	}
	var open []byte        // '[', '{', or 'h' for a TOML table header
	key, dots := isTOML, 0 // TOML: reading a key (or header), and its dots so far
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '[' || c == '{':
			kind := c
			if isTOML && c == '[' && key && len(open) == 0 {
				kind = 'h' // [table] or [[array.of.tables]]
				if i+1 < len(src) && src[i+1] == '[' {
					i++
				}
			} else {
				key = isTOML && c == '{'
			}
			if open = append(open, kind); len(open) > maxDepth {
				return fail(i)
			}
			dots = 0
		case c == ']' || c == '}':
			if n := len(open); n > 0 {
				if open[n-1] == 'h' && i+1 < len(src) && src[i+1] == ']' {
					i++
				}
				open = open[:n-1]
			}
			key = false
		case !isTOML:
			switch {
			case c == '"':
				i = skipConfigString(src, i, false)
			case c == '/' && i+1 < len(src) && src[i+1] == '/':
				for i < len(src) && src[i] != '\n' {
					i++
				}
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
					i += 2 + j + 1
				} else {
					i = len(src)
				}
			}
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i-- // the line break starts a key
		case c == '"' || c == '\'':
			i = skipConfigString(src, i, true)
		case c == '\n':
			if len(open) == 0 {
				key, dots = true, 0
			}
		case c == ',':
			if n := len(open); n > 0 && open[n-1] == '{' {
				key, dots = true, 0
			}
		case c == '=':
			key = false
		case c == '.' && key:
			if dots++; dots > maxDepth {
				return fail(i)
			}
		}
	}
	return nil
}

// skipConfigString returns the offset of the last byte of the string that
// starts at i (TOML: basic, literal, and their multi-line forms; JSON:
// basic). An unterminated string runs to the end of its line (or of the
// file, for a multi-line one); the parser reports it.
func skipConfigString(src []byte, i int, isTOML bool) int {
	q := src[i]
	if isTOML && bytes.HasPrefix(src[i:], []byte{q, q, q}) {
		for j := i + 3; j < len(src); j++ {
			if src[j] == '\\' && q == '"' {
				j++
				continue
			}
			if bytes.HasPrefix(src[j:], []byte{q, q, q}) {
				return j + 2
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j
		case '\n':
			return j
		}
	}
	return len(src)
}

// tooDeep reports whether a decoded TOML value nests more than maxDepth
// levels below depth (dotted keys nest without brackets: a.b.c = 1). It
// stops descending at the bound.
func tooDeep(v any, depth int) bool {
	if depth > maxDepth {
		return true
	}
	switch t := v.(type) {
	case map[string]any:
		for _, x := range t {
			if tooDeep(x, depth+1) {
				return true
			}
		}
	case []map[string]any:
		for _, x := range t {
			if tooDeep(x, depth+1) {
				return true
			}
		}
	case []any:
		for _, x := range t {
			if tooDeep(x, depth+1) {
				return true
			}
		}
	}
	return false
}
