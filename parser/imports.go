package parser

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Import is what a local name imported by an import statement refers to.
type Import struct {
	Alias string // the exported name ("default" for a default import, "*" for a namespace)
	Path  string // the module specifier
}

// ReExport is an `export { a as b } from "path"` item or an
// `export * from "path"` (Alias and Name "*").
type ReExport struct {
	Alias string // the name this module exports
	Name  string // the name in the other module
	Path  string
}

// collectImports records the file's import and re-export statements.
// (esbuild fills AST.NamedImports only when bundling; kvlint parses in
// pass-through mode and reads the statements instead.)
func (f *File) collectImports() {
	recs := f.AST.ImportRecords
	path := func(i uint32) string {
		if int(i) < len(recs) {
			return recs[i].Path.Text
		}
		return ""
	}
	for _, s := range f.Stmts() {
		switch x := s.Data.(type) {
		case *js_ast.SImport:
			p := path(x.ImportRecordIndex)
			if f.Imports == nil {
				f.Imports = map[ast.Ref]Import{}
			}
			if x.DefaultName != nil {
				f.Imports[f.Resolve(x.DefaultName.Ref)] = Import{Alias: "default", Path: p}
			}
			if x.StarNameLoc != nil {
				f.Imports[f.Resolve(x.NamespaceRef)] = Import{Alias: "*", Path: p}
			}
			if x.Items != nil {
				for _, it := range *x.Items {
					f.Imports[f.Resolve(it.Name.Ref)] = Import{Alias: it.Alias, Path: p}
				}
			}
		case *js_ast.SExportFrom:
			for _, it := range x.Items {
				f.ReExports = append(f.ReExports, ReExport{Alias: it.Alias, Name: it.OriginalName, Path: path(x.ImportRecordIndex)})
			}
		case *js_ast.SExportStar:
			if x.Alias == nil {
				f.ReExports = append(f.ReExports, ReExport{Alias: "*", Name: "*", Path: path(x.ImportRecordIndex)})
			}
		}
	}
}
