package parser

import (
	"bytes"
	"slices"
	"strings"
)

// Declarations read on demand. A file of a named file's project that the
// KV model does not need (a vendored library, another Worker) is scanned
// for its annotations alone (ScanLazy); its declarations matter only when
// the type layer looks up a name one of them declares, since names are
// the only way in (kvtypes looks declarations up by name). ScanLazy
// records a superset of the names its declarations would have; the driver
// reads them (LoadDecls) for the names the run can look up.

// ScanLazy is ScanOnly without the declarations, which LoadDecls reads
// later: LazyNames tells the names they may have. A declaration file, or
// one that mentions KVNamespace, is read whole (ScanOnly): the type
// layer's member index reads every declaration of those.
func ScanLazy(path string, src []byte) *File {
	if IsDecl(path) || bytes.Contains(src, []byte("KVNamespace")) {
		return ScanOnly(path, src)
	}
	f := &File{Path: path, Src: src}
	f.scanAnnotations(false)
	f.Src = nil
	f.lazy = &lazyNames{}
	f.lazy.names, f.lazy.spaces, f.lazy.all, f.lazy.hits = declNames(src, f.isJS())
	return f
}

type lazyNames struct {
	names, spaces []string
	all           bool
	// hits: of TypeScript's declaredKeywords, for LoadDecls (nil in
	// JavaScript, or when all).
	hits []keywordHit
}

// Lazy reports whether the file's declarations are still to be read
// (LoadDecls).
func (f *File) Lazy() bool { return f.lazy != nil }

// LazyNames returns, for a lazy file, the last parts of the names its
// declarations may have (see DeclNames); all is true when they may have
// any.
func (f *File) LazyNames() (names []string, all bool) {
	if f.lazy == nil {
		return nil, false
	}
	return f.lazy.names, f.lazy.all
}

// MayDeclare reports whether a lazy file may declare the name (qualified
// by the namespaces around the declaration, as TypeDecl.Name is): its
// last part is one of LazyNames, and each of its other parts names a
// namespace of the file.
func (f *File) MayDeclare(name string) bool {
	if f.lazy == nil {
		return false
	}
	if f.lazy.all {
		return true
	}
	for {
		j := strings.IndexByte(name, '.')
		if j < 0 {
			break
		}
		if !slices.Contains(f.lazy.spaces, name[:j]) {
			return false
		}
		name = name[j+1:]
	}
	return slices.Contains(f.lazy.names, name)
}

// LoadDecls reads the declarations of a lazy file from src, its text.
func (f *File) LoadDecls(src []byte) {
	if f.lazy == nil {
		return
	}
	f.Decls = readDeclsFrom(src, f.isJS(), f.lazy.hits)
	f.lazy = nil
}

// DeclNames returns, from the text alone, a superset of the last parts of
// the names of the declarations ReadDecls (ReadJSDecls when js) reads
// from src that other files see: the word after each `interface` or
// `type` that may start a declaration (see declKeywords; TypeScript
// only), and the names of JSDoc typedefs. Renaming imports are seen only
// in their own file and are left out. spaces holds each part of the
// names of the namespaces and modules the text may declare, the only
// other parts a declaration's name can have. all is true when some name
// cannot be read from the text alone (an escaped identifier, a comment
// before the name): every name may be declared.
func DeclNames(src []byte, js bool) (names, spaces []string, all bool) {
	names, spaces, all, _ = declNames(src, js)
	return names, spaces, all
}

// declNames is DeclNames, also returning the hits of declaredKeywords it
// read the names after (TypeScript; nil when all).
func declNames(src []byte, js bool) (names, spaces []string, all bool, hits []keywordHit) {
	if !js {
		hits = keywordHits(src, declaredKeywords)
		if hits == nil {
			hits = []keywordHit{} // none, not unknown
		}
		for _, hit := range hits {
			i := hit.at + len(hit.kw)
			for {
				for i < len(src) && isSpace(src[i]) {
					i++
				}
				start := i
				for i < len(src) && IsIdentByte(src[i]) {
					i++
				}
				switch {
				case i < len(src) && src[i] == '\\', start < len(src) && (src[start] == '\\' || src[start] == '/'):
					return nil, nil, true, nil
				case i == start:
				case hit.kw == "interface" || hit.kw == "type":
					names = append(names, string(src[start:i]))
				default:
					spaces = append(spaces, string(src[start:i]))
					// namespace A.B: each part, spaces or comments around
					// the dots
					for i < len(src) && isSpace(src[i]) {
						i++
					}
					if i < len(src) && src[i] == '/' {
						return nil, nil, true, nil
					}
					if i < len(src) && src[i] == '.' {
						i++
						continue
					}
				}
				break
			}
		}
	}
	if bytes.Contains(src, []byte("@typedef")) {
		for _, d := range jsdocTypedefs(bytesString(src)) {
			names = append(names, d.Name)
		}
	}
	return names, spaces, false, hits
}

// TypeNames calls fn with every type name, as written ("L.Store"), that
// the types of a declaration refer to (its alias, heritage, members,
// generic constraints and defaults, type arguments): the names the type
// layer may look up on its behalf.
func TypeNames(d *TypeDecl, fn func(string)) {
	typeNames(d.Alias, fn)
	for _, e := range d.Extends {
		typeNames(e, fn)
	}
	membersNames(d.Members, fn)
	for _, p := range d.Params {
		typeNames(p.Constraint, fn)
		typeNames(p.Default, fn)
	}
}

func membersNames(ms []TypeMember, fn func(string)) {
	for _, m := range ms {
		typeNames(m.Type, fn)
	}
}

func typeNames(t *Type, fn func(string)) {
	if t == nil {
		return
	}
	for i := range t.Terms {
		term := &t.Terms[i]
		if term.Name != "" {
			fn(term.Name)
		}
		for _, a := range term.Args {
			typeNames(a, fn)
		}
		membersNames(term.Members, fn)
		for _, a := range term.And {
			typeNames(a, fn)
		}
	}
}

// Names returns the names written in a parsed file's text (see Names),
// each once, read on first use and kept with the file (an editor's runs
// share its parse).
func (f *File) Names() []string {
	f.namesOnce.Do(func() {
		seen := map[string]bool{}
		Names(f.Src, func(n string) {
			if !seen[n] {
				seen[n] = true
				f.names = append(f.names, n)
			}
		})
	})
	return f.names
}

// Names calls fn with every name written in src, a word (a run of
// identifier bytes not starting with a digit) or words joined by dots
// ("Cloudflare.Env", white space around the dots allowed), and with the
// last word of each joined name: what a parsed file's types can look up.
func Names(src []byte, fn func(string)) {
	word := func(i int) int {
		for i < len(src) && IsIdentByte(src[i]) {
			i++
		}
		return i
	}
	space := func(i int) int {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		return i
	}
	for i := 0; i < len(src); {
		if c := src[i]; !IsIdentByte(c) || c >= '0' && c <= '9' {
			if IsIdentByte(c) {
				i = word(i)
			} else {
				i++
			}
			continue
		}
		start, end := i, word(i)
		last := start
		i = end
		for {
			j := space(i)
			if j >= len(src) || src[j] != '.' {
				break
			}
			k := space(j + 1)
			if k >= len(src) || !IsIdentByte(src[k]) || src[k] >= '0' && src[k] <= '9' {
				break
			}
			last, end = k, word(k)
			i = end
		}
		if last == start {
			fn(string(src[start:end]))
			continue
		}
		var b strings.Builder
		for p := start; p < end; {
			q := word(p)
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.Write(src[p:q])
			p = space(q)
			if p < end {
				p = space(p + 1) // the dot
			}
		}
		fn(b.String())
		fn(string(src[last:end]))
	}
}
