package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// jsonStream writes an indented JSON document one element at a time: a
// report of a hundred thousand findings is never held whole in memory,
// encoded or not (the JSON, SARIF and GitLab writers build one element,
// write it, and reuse the buffers for the next). Its output is what
// json.Indent with an indent of two spaces makes of the whole document.
type jsonStream struct {
	w       *bufio.Writer
	compact bytes.Buffer
	out     bytes.Buffer
	enc     *json.Encoder
	err     error
}

func newJSONStream(w io.Writer) *jsonStream {
	s := &jsonStream{w: bufio.NewWriterSize(w, 64<<10)}
	s.enc = json.NewEncoder(&s.compact)
	s.enc.SetEscapeHTML(false)
	return s
}

// raw writes text as it is.
func (s *jsonStream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

// array writes a JSON array of n elements, each made by elem (a value to
// encode, or, from a writer with its own encoding, compact JSON as
// json.RawMessage), at nesting depth indent (the indentation of the line
// the array starts on).
func (s *jsonStream) array(n int, indent string, elem func(i int) any) {
	if n == 0 {
		s.raw("[]")
		return
	}
	s.raw("[")
	inner := indent + "  "
	for i := range n {
		if i > 0 {
			s.raw(",")
		}
		s.raw("\n" + inner)
		s.value(inner, elem(i))
	}
	s.raw("\n" + indent + "]")
}

// value writes v, indented for a line at depth indent.
func (s *jsonStream) value(indent string, v any) {
	if s.err != nil {
		return
	}
	var compact []byte
	if m, ok := v.(json.RawMessage); ok {
		compact = m
	} else {
		s.compact.Reset()
		if s.err = s.enc.Encode(v); s.err != nil {
			return
		}
		compact = bytes.TrimSuffix(s.compact.Bytes(), []byte("\n"))
	}
	s.out.Reset()
	if s.err = json.Indent(&s.out, compact, indent, "  "); s.err != nil {
		return
	}
	_, s.err = s.w.Write(s.out.Bytes())
}

// close flushes what is buffered and reports the first error.
func (s *jsonStream) close() error {
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// flushFull writes out and empties b once it holds 64 KB or more: the
// text writers' buffers stay small whatever the size of the report.
func flushFull(w io.Writer, b *bytes.Buffer) error {
	if b.Len() < 64<<10 {
		return nil
	}
	_, err := w.Write(b.Bytes())
	b.Reset()
	return err
}
