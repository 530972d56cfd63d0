package parser

import (
	"bytes"
	"sort"
)

// The comments of a parsed file, found by one scan of its text that skips
// the literals the AST knows (strings, templates, regular expressions, JSX
// text, import paths): every `//` or `/*` outside them starts a comment.
// Looking comments up in this index costs a binary search; finding them by
// searching backwards from each offset, as kvlint once did, took time
// quadratic in the size of the file (seconds for a few hundred kilobytes
// with many `kvlint-` or `: Map` hits).

// commentSpans returns the byte ranges of the file's comments, sorted; a
// line comment ends before its line break (and a '\r' before it).
func (f *File) commentSpans() []span {
	f.commentsOnce.Do(func() { f.comments = f.buildComments() })
	return f.comments
}

func (f *File) buildComments() []span {
	src := f.Src
	lits := f.literals().ranges
	var out []span
	k := 0
	for i := 0; i+1 < len(src); {
		for k < len(lits) && lits[k].end <= i {
			k++
		}
		if k < len(lits) && lits[k].start <= i {
			i = lits[k].end // inside a literal
			continue
		}
		if src[i] != '/' {
			i++
			continue
		}
		switch src[i+1] {
		case '/':
			end := len(src)
			if j := bytes.IndexAny(src[i:], "\r\n"); j >= 0 { // a lone \r ends it too
				end = i + j
			}
			next := end
			if end > i && src[end-1] == '\r' {
				end--
			}
			out = append(out, span{i, end})
			i = next
		case '*':
			j := bytes.Index(src[i+2:], []byte("*/"))
			if j < 0 { // unterminated: esbuild rejects the file first
				i += 2
				continue
			}
			end := i + 2 + j + 2
			out = append(out, span{i, end})
			i = end
		default:
			i++
		}
	}
	return out
}

// commentAt returns the comment enclosing offset, if any.
func (f *File) commentAt(offset int) (Comment, bool) {
	spans := f.commentSpans()
	i := sort.Search(len(spans), func(i int) bool { return spans[i].start > offset }) - 1
	if i < 0 || offset >= spans[i].end {
		return Comment{}, false
	}
	sp := spans[i]
	line, _ := f.LineCol(sp.start)
	return Comment{
		Offset: sp.start, End: sp.end, Text: string(f.Src[sp.start:sp.end]), Line: line,
		Block: f.Src[sp.start+1] == '*',
	}, true
}

// InComment reports whether offset lies inside a comment.
func (f *File) InComment(offset int) bool {
	spans := f.commentSpans()
	i := sort.Search(len(spans), func(i int) bool { return spans[i].start > offset }) - 1
	return i >= 0 && offset < spans[i].end
}
