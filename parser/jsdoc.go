package parser

import "strings"

// JSDoc types, for .js files: `/** @type {KVNamespace} */` before a
// declaration, `@param {KVNamespace} kv` before a function, and
// `@typedef {Object} Opts` with `@property {KVNamespace} kv` tags, read as
// TypeScript would.

// jsdocTypeAt returns the JSDoc type of the binding whose name starts at
// offset: the @param naming it, or the @type, of the /** comment that ends
// just before its declaration (nothing but names, dots, parentheses, commas
// and '=' between them).
func (f *File) jsdocTypeAt(offset int) *Type {
	spans := f.commentSpans()
	lo, hi := 0, len(spans)
	for lo < hi {
		mid := (lo + hi) / 2
		if spans[mid].end <= offset {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return nil
	}
	c := spans[lo-1]
	if c.end-c.start < 5 || f.Text[c.start:c.start+3] != "/**" {
		return nil
	}
	between := f.Text[c.end:offset]
	paren := false
	for i := 0; i < len(between); i++ {
		switch ch := between[i]; {
		case ch == '(':
			paren = true
		case IsIdentByte(ch) || isSpace(ch) || ch == '.' || ch == ',' || ch == '=':
		default:
			return nil
		}
	}
	end := offset
	for end < len(f.Text) && IsIdentByte(f.Text[end]) {
		end++
	}
	name := f.Text[offset:end]
	var typ *Type
	forEachTag(f.Text, c.start, c.end, func(tag string, typeAt int, tagName string) {
		switch {
		case tag == "param" && tagName == name:
			typ = ReadType(f.Text, typeAt)
		case tag == "type" && !paren && typ == nil:
			typ = ReadType(f.Text, typeAt)
		}
	})
	return typ
}

// forEachTag calls fn for each `@tag {Type} name` of the comment
// text[from:to]: typeAt is the offset just inside the braces.
func forEachTag(text string, from, to int, fn func(tag string, typeAt int, name string)) {
	if from < 0 {
		from = 0 // a comment the caller found at no position
	}
	if to > len(text) {
		to = len(text)
	}
	if from >= to {
		return
	}
	for i := from; ; {
		j := strings.IndexByte(text[i:to], '@')
		if j < 0 {
			return
		}
		at := i + j + 1
		k := at
		for k < to && IsIdentByte(text[k]) {
			k++
		}
		tag := text[at:k]
		i = k
		for k < to && (text[k] == ' ' || text[k] == '\t') {
			k++
		}
		if k >= to || text[k] != '{' {
			continue
		}
		typeAt := k + 1
		for typeAt < to && (text[typeAt] == '?' || text[typeAt] == '!' || text[typeAt] == ' ') {
			typeAt++
		}
		end := matchBrace(text, k, to)
		if end < 0 {
			continue
		}
		k = end + 1
		for k < to && (text[k] == ' ' || text[k] == '\t' || text[k] == '[') {
			k++
		}
		n := k
		for n < to && IsIdentByte(text[n]) {
			n++
		}
		fn(tag, typeAt, text[k:n])
		i = end + 1
	}
}

func matchBrace(text string, open, to int) int {
	depth := 0
	for i := open; i < to; i++ {
		switch text[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// isObjectType reports whether a JSDoc typedef's type is a plain object
// (`{Object}`), whose @property tags give its members.
func isObjectType(t *Type) bool {
	return len(t.Terms) == 1 && (t.Terms[0].Name == "Object" || t.Terms[0].Name == "object" || t.Terms[0].Opaque)
}

// jsdocTypedefs reads `@typedef {T} Name` tags: with @property tags after
// them (in the same comment) an object type, otherwise an alias of T.
func jsdocTypedefs(text string) []TypeDecl {
	var out []TypeDecl
	for from := 0; ; {
		i := strings.Index(text[from:], "@typedef")
		if i < 0 {
			return out
		}
		at := from + i
		end := strings.Index(text[at:], "*/")
		if end < 0 {
			return out
		}
		end += at
		d := TypeDecl{Offset: at}
		first := true
		forEachTag(text, at-1, end, func(tag string, typeAt int, name string) {
			switch {
			case first && tag == "typedef":
				first = false
				d.Name = name
				if t := ReadType(text, typeAt); t != nil && !isObjectType(t) {
					d.Alias = t
				}
			case !first && (tag == "property" || tag == "prop") && name != "":
				d.Members = append(d.Members, TypeMember{Name: name, Type: ReadType(text, typeAt)})
			}
		})
		if d.Name != "" {
			if d.Members != nil {
				d.Alias = nil
			}
			out = append(out, d)
		}
		from = end
	}
}
