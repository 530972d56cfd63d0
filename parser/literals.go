package parser

import (
	"sort"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/internal/esbuild/logger"
)

// literalIndex holds the byte ranges of the file's string, template,
// regular-expression and JSX text literals, and of its import paths: the
// places where text that looks like a comment or a type is not one.
type literalIndex struct {
	ranges []span // sorted by start
}

type span struct{ start, end int }

// literals returns the file's literal index, built on first use.
func (f *File) literals() *literalIndex {
	f.litsOnce.Do(func() { f.lits = f.buildLiterals() })
	return f.lits
}

func (f *File) inLiteral(offset int) bool {
	r := f.literals().ranges
	// Literal ranges never overlap (template text segments are split at
	// their substitutions), so the last range starting at or before offset
	// is the only candidate.
	i := sort.Search(len(r), func(i int) bool { return r[i].start > offset })
	return i > 0 && offset < r[i-1].end
}

func (f *File) buildLiterals() *literalIndex {
	idx := &literalIndex{}
	src := f.Text
	add := func(start, end int) {
		if start >= 0 && end > start && end <= len(src) {
			idx.ranges = append(idx.ranges, span{start, end})
		}
	}
	source := logger.Source{Contents: src}
	for _, rec := range f.AST.ImportRecords {
		add(int(rec.Range.Loc.Start), int(rec.Range.Loc.Start+rec.Range.Len))
	}
	Inspect(allStmts(&f.AST), func(n any) bool {
		e, ok := n.(*js_ast.Expr)
		if !ok {
			return true
		}
		start := int(e.Loc.Start)
		switch d := e.Data.(type) {
		case *js_ast.EString:
			if start < len(src) && (src[start] == '"' || src[start] == '\'' || src[start] == '`') {
				r := source.RangeOfString(e.Loc)
				add(start, start+int(r.Len))
			}
		case *js_ast.ERegExp:
			add(start, start+len(d.Value))
		case *js_ast.EJSXText:
			add(start, start+len(d.Raw))
		case *js_ast.ETemplate:
			add(int(d.HeadLoc.Start), templateSegmentEnd(src, int(d.HeadLoc.Start)))
			for _, p := range d.Parts {
				add(int(p.TailLoc.Start), templateSegmentEnd(src, int(p.TailLoc.Start)))
			}
		}
		return true
	})
	sort.Slice(idx.ranges, func(i, j int) bool { return idx.ranges[i].start < idx.ranges[j].start })
	return idx
}

// templateSegmentEnd scans a template's text from its opening "`" or "}"
// to just past the next unescaped "`" or "${".
func templateSegmentEnd(src string, start int) int {
	for i := start + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '`':
			return i + 1
		case '$':
			if i+1 < len(src) && src[i+1] == '{' {
				return i + 2
			}
		}
	}
	return len(src)
}

func allStmts(tree *js_ast.AST) []js_ast.Stmt {
	if len(tree.Parts) == 1 {
		return tree.Parts[0].Stmts
	}
	var all []js_ast.Stmt
	for _, p := range tree.Parts {
		all = append(all, p.Stmts...)
	}
	return all
}

// Stmts returns the file's top-level statements in source order.
func (f *File) Stmts() []js_ast.Stmt { return allStmts(&f.AST) }
