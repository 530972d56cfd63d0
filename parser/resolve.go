package parser

import (
	"go/token"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Binding asks whether the identifier starting at byte offset Use is a
// reference to the symbol declared by the binding identifier starting at
// offset Decl.
type Binding struct{ Use, Decl int }

// SameSymbols parses src (as path) and answers each question: esbuild
// resolves every identifier through its scopes as it parses, so the answer
// is the one JavaScript gives, shadowing and hoisting included. A question
// whose offsets name no identifier is answered false; so are all of them
// when src does not parse.
func SameSymbols(path string, src []byte, qs []Binding) []bool {
	out := make([]bool, len(qs))
	f, err := Parse(token.NewFileSet(), path, src)
	if err != nil || f == nil || !f.Parsed() {
		return out
	}
	uses := map[int32]ast.Ref{}
	decls := map[int32]ast.Ref{}
	want := map[int32]bool{}
	for _, q := range qs {
		want[int32(q.Use)] = true
		want[int32(q.Decl)] = true
	}
	WalkAST(Inspector(func(n any) bool {
		switch n := n.(type) {
		case *js_ast.Expr:
			if id, ok := n.Data.(*js_ast.EIdentifier); ok && want[n.Loc.Start] {
				uses[n.Loc.Start] = f.Resolve(id.Ref)
			}
		case *js_ast.Binding:
			if id, ok := n.Data.(*js_ast.BIdentifier); ok && want[n.Loc.Start] {
				decls[n.Loc.Start] = f.Resolve(id.Ref)
			}
		}
		return true
	}), &f.AST)
	for i, q := range qs {
		u, okU := uses[int32(q.Use)]
		d, okD := decls[int32(q.Decl)]
		out[i] = okU && okD && u == d
	}
	return out
}
