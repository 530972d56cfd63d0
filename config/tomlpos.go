package config

import (
	"strconv"
	"strings"
)

// BurntSushi/toml records where each key is declared but does not export it
// (v1.6.0), so kvlint finds the keys of a TOML file itself. locateTOML runs
// only on files that toml.Decode accepted, so it can be simple: it follows
// table headers, arrays of tables, dotted keys, inline tables and arrays,
// and skips strings and comments.

// pathKey joins a key path (as indexSeg makes array indices) into a map key.
func pathKey(path []string) string { return strings.Join(path, "\x1f") }

// indexSeg is the path segment of array element i.
func indexSeg(i int) string { return "\x00" + strconv.Itoa(i) }

// locateTOML returns the byte offset at which each key path of a valid TOML
// file is first declared: the key itself, the header of a table or of an
// element of an array of tables, the start of an element of an inline array.
func locateTOML(src []byte) map[string]int {
	s := &tomlScanner{src: src, pos: map[string]int{}, aot: map[string]int{}}
	s.run()
	return s.pos
}

type tomlScanner struct {
	src   []byte
	i     int
	pos   map[string]int
	aot   map[string]int // array-of-tables path → elements so far
	table []string       // the current table (with element indices)
}

func (s *tomlScanner) set(path []string, off int) {
	k := pathKey(path)
	if _, ok := s.pos[k]; !ok {
		s.pos[k] = off
	}
}

func (s *tomlScanner) eof() bool { return s.i >= len(s.src) }

func (s *tomlScanner) run() {
	for {
		s.skipBlank()
		if s.eof() {
			return
		}
		start := s.i
		if s.src[s.i] == '[' {
			s.header()
		} else {
			s.keyval(s.table)
		}
		if s.i == start {
			s.i++ // never loop on something unexpected
		}
	}
}

// header reads [a.b] or [[a.b]].
func (s *tomlScanner) header() {
	off := s.i
	s.i++
	array := !s.eof() && s.src[s.i] == '['
	if array {
		s.i++
	}
	parts := s.key()
	s.skipSpace()
	for !s.eof() && s.src[s.i] == ']' {
		s.i++
	}
	if len(parts) == 0 {
		return
	}
	// Resolve the parents: a parent that is an array of tables means its
	// last element.
	var path []string
	for _, p := range parts[:len(parts)-1] {
		path = append(path, p)
		s.set(path, off)
		if n := s.aot[pathKey(path)]; n > 0 {
			path = append(path, indexSeg(n-1))
		}
	}
	path = append(path, parts[len(parts)-1])
	s.set(path, off)
	if array {
		k := pathKey(path)
		n := s.aot[k]
		s.aot[k] = n + 1
		path = append(path, indexSeg(n))
		s.set(path, off)
	}
	s.table = path
}

// keyval reads key = value inside the table at base.
func (s *tomlScanner) keyval(base []string) {
	off := s.i
	parts := s.key()
	if len(parts) == 0 {
		return
	}
	path := make([]string, 0, len(base)+len(parts))
	path = append(append(path, base...), parts...)
	for i := len(base) + 1; i <= len(path); i++ {
		s.set(path[:i], off)
	}
	s.skipSpace()
	if s.eof() || s.src[s.i] != '=' {
		return
	}
	s.i++
	s.value(path)
}

// key reads a dotted key: bare, "basic" or 'literal' parts joined by dots.
func (s *tomlScanner) key() []string {
	var parts []string
	for {
		s.skipSpace()
		if s.eof() {
			return parts
		}
		switch c := s.src[s.i]; c {
		case '"', '\'':
			start := s.i
			s.skipString()
			raw := string(s.src[start:s.i])
			part := raw[1 : len(raw)-1]
			if c == '"' {
				if u, err := strconv.Unquote(raw); err == nil {
					part = u
				}
			}
			parts = append(parts, part)
		default:
			start := s.i
			for !s.eof() && !strings.ContainsRune(" \t\r\n=.[]{},#\"'", rune(s.src[s.i])) {
				s.i++
			}
			if s.i == start {
				return parts
			}
			parts = append(parts, string(s.src[start:s.i]))
		}
		s.skipSpace()
		if s.eof() || s.src[s.i] != '.' {
			return parts
		}
		s.i++
	}
}

// value skips a value, recording the keys and elements inside it.
func (s *tomlScanner) value(path []string) {
	s.skipSpace()
	if s.eof() {
		return
	}
	sub := func(seg string) []string {
		p := make([]string, len(path), len(path)+1)
		copy(p, path)
		return append(p, seg)
	}
	switch s.src[s.i] {
	case '"', '\'':
		s.skipString()
	case '[':
		s.i++
		for n := 0; ; {
			s.skipBlank()
			if s.eof() {
				return
			}
			switch s.src[s.i] {
			case ']':
				s.i++
				return
			case ',':
				s.i++
				continue
			}
			start := s.i
			elem := sub(indexSeg(n))
			s.set(elem, s.i)
			s.value(elem)
			n++
			if s.i == start {
				s.i++
			}
		}
	case '{':
		s.i++
		for {
			s.skipBlank()
			if s.eof() {
				return
			}
			switch s.src[s.i] {
			case '}':
				s.i++
				return
			case ',':
				s.i++
				continue
			}
			start := s.i
			s.keyval(path)
			if s.i == start {
				s.i++
			}
		}
	default: // number, boolean, date and time (which may contain a space)
		for !s.eof() && !strings.ContainsRune(",]}\r\n#", rune(s.src[s.i])) {
			s.i++
		}
	}
}

// skipString skips a basic, literal or multi-line string starting at s.i.
func (s *tomlScanner) skipString() {
	defer func() {
		if s.i > len(s.src) {
			s.i = len(s.src)
		}
	}()
	q := s.src[s.i]
	triple := s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q
	if triple {
		s.i += 3
		for !s.eof() {
			c := s.src[s.i]
			if c == '\\' && q == '"' {
				s.i += 2
				continue
			}
			if c == q && s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q {
				s.i += 3
				// Up to two more quotes belong to the content.
				for k := 0; k < 2 && !s.eof() && s.src[s.i] == q; k++ {
					s.i++
				}
				return
			}
			s.i++
		}
		return
	}
	s.i++
	for !s.eof() {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i += 2
			continue
		case c == q:
			s.i++
			return
		case c == '\n':
			return
		}
		s.i++
	}
}

// skipSpace skips spaces and tabs.
func (s *tomlScanner) skipSpace() {
	for !s.eof() && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipBlank skips whitespace, newlines and comments.
func (s *tomlScanner) skipBlank() {
	for !s.eof() {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		case '#':
			for !s.eof() && s.src[s.i] != '\n' {
				s.i++
			}
		default:
			return
		}
	}
}
