package parser

import (
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_lexer"
	"github.com/kvlint/kvlint/internal/esbuild/logger"
)

// esbuild's AST records where nodes start; ends come from the closing
// locations some nodes keep and otherwise from esbuild's own lexer helpers
// run from a start offset.

// ExprEnd returns the byte offset just past e.
func (f *File) ExprEnd(e js_ast.Expr) int {
	src := logger.Source{Contents: f.Text}
	start := int(e.Loc.Start)
	switch d := e.Data.(type) {
	case *js_ast.ECall:
		return f.after(d.CloseParenLoc, ')', start)
	case *js_ast.ENew:
		if d.CloseParenLoc.Start > 0 {
			return f.after(d.CloseParenLoc, ')', start)
		}
		return f.ExprEnd(d.Target)
	case *js_ast.EImportCall:
		return f.after(d.CloseParenLoc, ')', start)
	case *js_ast.EDot:
		return int(d.NameLoc.Start) + len(d.Name)
	case *js_ast.EIndex:
		return f.after(d.CloseBracketLoc, ']', start)
	case *js_ast.EArray:
		return f.after(d.CloseBracketLoc, ']', start)
	case *js_ast.EObject:
		return f.after(d.CloseBraceLoc, '}', start)
	case *js_ast.EIdentifier, *js_ast.EImportIdentifier, *js_ast.EPrivateIdentifier:
		r := js_lexer.RangeOfIdentifier(src, e.Loc)
		return start + int(r.Len)
	case *js_ast.ENumber:
		r := src.RangeOfNumber(e.Loc)
		if r.Len == 0 {
			return f.identEnd(start)
		}
		return start + int(r.Len)
	case *js_ast.EString:
		if r := src.RangeOfString(e.Loc); r.Len > 0 {
			return start + int(r.Len)
		}
	case *js_ast.ETemplate:
		end := templateSegmentEnd(f.Text, int(d.HeadLoc.Start))
		if n := len(d.Parts); n > 0 {
			end = templateSegmentEnd(f.Text, int(d.Parts[n-1].TailLoc.Start))
		}
		return end
	case *js_ast.ERegExp:
		return start + len(d.Value)
	case *js_ast.EBoolean, *js_ast.ENull, *js_ast.EUndefined, *js_ast.EThis, *js_ast.ESuper:
		return f.identEnd(start)
	case *js_ast.EAwait:
		return f.ExprEnd(d.Value)
	case *js_ast.EUnary:
		if d.Op >= js_ast.UnOpPostDec && d.Op <= js_ast.UnOpPostInc {
			return f.ExprEnd(d.Value) + 2
		}
		return f.ExprEnd(d.Value)
	case *js_ast.EBinary:
		return f.ExprEnd(d.Right)
	case *js_ast.EIf:
		return f.ExprEnd(d.No)
	case *js_ast.ESpread:
		return f.ExprEnd(d.Value)
	case *js_ast.EArrow:
		if d.Body.Block.CloseBraceLoc.Start > 0 {
			return f.after(d.Body.Block.CloseBraceLoc, '}', start)
		}
		if n := len(d.Body.Block.Stmts); n > 0 {
			if r, ok := d.Body.Block.Stmts[n-1].Data.(*js_ast.SReturn); ok && r.ValueOrNil.Data != nil {
				return f.ExprEnd(r.ValueOrNil)
			}
		}
	case *js_ast.EFunction:
		return f.after(d.Fn.Body.Block.CloseBraceLoc, '}', start)
	case *js_ast.EClass:
		return f.after(d.Class.CloseBraceLoc, '}', start)
	}
	return f.identEnd(start)
}

// PropertyEnd returns the byte offset just past an object property
// (`key: value`, a shorthand `key`, or a spread).
func (f *File) PropertyEnd(p *js_ast.Property) int {
	if p.ValueOrNil.Data != nil && p.ValueOrNil.Loc.Start >= p.Key.Loc.Start {
		if p.InitializerOrNil.Data != nil {
			return f.ExprEnd(p.InitializerOrNil)
		}
		return f.ExprEnd(p.ValueOrNil)
	}
	if p.Key.Data != nil {
		return f.ExprEnd(p.Key)
	}
	return int(p.Loc.Start) + 1
}

// after returns the offset just past a closing token at loc, or a fallback
// when esbuild recorded none.
func (f *File) after(loc logger.Loc, closing byte, start int) int {
	i := int(loc.Start)
	if i > start && i < len(f.Src) && f.Src[i] == closing {
		return i + 1
	}
	return f.identEnd(start)
}

// identEnd is the fallback end: the end of the word starting at start, or
// one byte past it.
func (f *File) identEnd(start int) int {
	i := start
	for i < len(f.Src) && IsIdentByte(f.Src[i]) {
		i++
	}
	if i == start && i < len(f.Src) {
		i++
	}
	return i
}
