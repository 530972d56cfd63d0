// Package parser is kvlint's front end: it turns a Worker's TypeScript or
// JavaScript source into esbuild's AST (generated into internal/esbuild by
// parser/gen), with go/token positions, the kvlint comment directives and the
// TypeScript annotations that name Workers binding types, and the
// TypeScript types the type layer (rules/kvtypes) needs: interface and type
// alias declarations, and the annotation, cast or type arguments at a
// position the AST gives, read with esbuild's own lexer (tstypes.go,
// jsdoc.go).
//
// esbuild's parser drops comments and types. Both are recovered from the
// source text: a hit for `kvlint-` or for a binding type name counts only
// when it lies outside every string, template and regular-expression literal
// of the AST (see literals.go), so the result is exact and costs nothing for
// files that have no such text.
package parser

import (
	"bytes"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/config"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_parser"
	"github.com/kvlint/kvlint/internal/esbuild/logger"
)

// Extensions lists the file name endings kvlint parses.
var Extensions = []string{".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"}

// IsSource reports whether path names a file kvlint parses.
func IsSource(path string) bool {
	ext := filepath.Ext(path)
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// IsDecl reports whether path is a TypeScript declaration file (.d.ts and
// friends): read for binding types, never linted.
func IsDecl(path string) bool {
	base := filepath.Base(path)
	return strings.HasSuffix(base, ".d.ts") || strings.HasSuffix(base, ".d.mts") || strings.HasSuffix(base, ".d.cts")
}

// File is one parsed source file.
type File struct {
	Path string // as given to Parse
	Src  []byte
	Text string // Src as a string (esbuild works on strings)
	Tok  *token.File
	AST  js_ast.AST

	// Comments holds the comments whose text contains "kvlint-", in source
	// order: the raw material for suppression directives.
	Comments []Comment
	// Annotations holds every `name: Type` or `name?: Type` annotation whose
	// type is one of the Workers binding types (see BindingTypes): read by
	// the type layer's member index (rules/kvtypes), even of files only
	// scanned.
	Annotations []Annotation
	// Decls holds the file's interface and type alias declarations (and
	// JSDoc typedefs), read by ReadDecls: the type layer's raw material.
	Decls []TypeDecl
	// MentionsKV: the text has `KVNamespace`.
	MentionsKV bool
	// Imports maps each imported local symbol to what it imports.
	Imports map[ast.Ref]Import
	// ReExports lists `export ... from` statements.
	ReExports []ReExport

	parsed       bool       // see Parsed
	lazy         *lazyNames // see Lazy
	names        []string   // see Names
	namesOnce    sync.Once
	lits         *literalIndex
	litsOnce     sync.Once
	comments     []span // see commentSpans
	commentsOnce sync.Once
}

// Comment is a comment of the source, with its delimiters.
type Comment struct {
	Offset, End int // byte offsets; End is exclusive
	Text        string
	Line        int // 1-based line of Offset
	Block       bool
}

// Annotation is a TypeScript type annotation naming a binding type.
type Annotation struct {
	Name       string // the annotated parameter, variable, field or member
	NameOffset int    // byte offset of Name
	Type       string // "KVNamespace", "R2Bucket", ...
	// Param marks a function's parameter (`save(kv: KVNamespace)`, also in
	// an overload signature), not a member: its name says nothing of the
	// members of that name elsewhere. A constructor's parameter property
	// (`private kv: KVNamespace`) is a field, not a Param.
	Param bool
}

// IsKV reports whether the annotation's type is a KV namespace.
func (a Annotation) IsKV() bool { return a.Type == "KVNamespace" }

// BindingTypes are the Workers runtime types whose annotations kvlint
// records: KVNamespace proves a value is KV; the others prove it is not.
var BindingTypes = []string{
	"KVNamespace",
	"R2Bucket", "D1Database", "DurableObjectNamespace", "DurableObjectStorage",
	"DurableObjectState", "Queue", "Fetcher", "Service", "AnalyticsEngineDataset",
	"Hyperdrive", "VectorizeIndex", "Vectorize", "Ai", "Cache", "CacheStorage",
	"Map", "WeakMap", "Set", "Workflow", "RateLimit", "SecretsStoreSecret",
}

// SyntaxError is a file esbuild could not parse.
type SyntaxError struct {
	Path      string
	Line, Col int // 1-based; Col in bytes
	Msg       string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Parse parses src as the kind of file path names. The file's positions
// are added to fset. A syntax error is returned as a *SyntaxError.
func Parse(fset *token.FileSet, path string, src []byte) (*File, error) {
	return parse(fset, path, src)
}

// Check parses src only to find its syntax error, if any: nothing of the
// parse is kept, and nothing is prepared for analysis.
func Check(path string, src []byte) error {
	_, err := parse(nil, path, src)
	return err
}

// parse parses src; with a nil fset, only for its syntax error (Check).
func parse(fset *token.FileSet, path string, src []byte) (*File, error) {
	var opts config.Options
	switch filepath.Ext(path) {
	case ".ts":
		opts.TS.Parse = true
	case ".mts", ".cts":
		opts.TS.Parse = true
		opts.TS.NoAmbiguousLessThan = true
	case ".tsx":
		opts.TS.Parse = true
		opts.JSX.Parse = true
	default: // .js .jsx .mjs .cjs: JSX in .js is common in Worker projects
		opts.JSX.Parse = true
	}
	if IsDecl(path) {
		// Declaration files are read only for their annotations.
		return ScanOnly(path, src), nil
	}

	f := &File{Path: path, Src: src, parsed: true}
	if fset != nil {
		f.Text = string(src)
		f.Tok = fset.AddFile(path, -1, len(src))
		f.Tok.SetLines(LineStarts(src))
	} else {
		// The tree is dropped before Check returns, and with it every
		// reference into the text: no copy is needed.
		f.Text = unsafe.String(unsafe.SliceData(src), len(src))
	}
	if at, deep := checkNesting(src, opts.JSX.Parse); deep {
		return nil, f.errorAt(at, nestingMsg)
	}
	if chars, at := FoldCost(src); chars > MaxFoldChars {
		return nil, f.errorAt(at, foldMsg)
	}

	log := logger.NewDeferLog(logger.DeferLogNoVerboseOrDebug, nil)
	source := logger.Source{
		KeyPath:     logger.Path{Text: path},
		PrettyPaths: logger.PrettyPaths{Rel: path, Abs: path},
		Contents:    f.Text,
	}
	tree, ok := parseRecovering(log, source, js_parser.OptionsFromConfig(&opts))
	for _, m := range log.Done() {
		if m.Kind != logger.Error {
			continue
		}
		e := &SyntaxError{Path: path, Msg: m.Data.Text, Line: 1, Col: 1}
		if loc := m.Data.Location; loc != nil {
			// esbuild also ends lines at a lone \r, U+2028 and U+2029;
			// place the error as every finding is placed (go/token).
			e.Line, e.Col = f.LineCol(esbuildOffset(f.Text, loc.Line, loc.Column))
		}
		return nil, e
	}
	if !ok {
		return nil, &SyntaxError{Path: path, Line: 1, Col: 1, Msg: "could not parse file"}
	}
	if fset == nil {
		return nil, nil
	}
	if at, deep := checkASTNesting(&tree); deep {
		return nil, f.errorAt(at, nestingMsg)
	}
	f.AST = tree
	f.collectImports()
	f.scanComments()
	f.scanAnnotations(true)
	f.readDecls()
	return f, nil
}

// ScanOnly reads a file without parsing it, for its binding-type
// annotations alone: declaration files, and files the KV model does not
// need (see kvmodel.Sift). Hits on comment lines are dropped; hits inside
// string literals cannot be told apart without the AST and count. The file
// keeps no source and has no AST and no position table.
func ScanOnly(path string, src []byte) *File {
	f := &File{Path: path, Src: src}
	f.scanAnnotations(false)
	f.readDecls()
	f.Src = nil
	return f
}

func (f *File) readDecls() {
	if f.isJS() {
		f.Decls = ReadJSDecls(f.Src)
	} else {
		f.Decls = ReadDecls(f.Src)
	}
	f.MentionsKV = bytes.Contains(f.Src, []byte("KVNamespace"))
}

// Parsed reports whether the file was parsed (has an AST, positions and
// source), rather than only scanned by ScanOnly.
func (f *File) Parsed() bool { return f.parsed }

// parseRecovering runs esbuild's parser, turning a panic deep inside it (a
// parser bug on some input) into a parse failure of this one file.
//
// It also stops the parser at its first error: kvlint reports only that
// one, and the rest can cost far more than the parse. (Each "already
// declared" error, say, has a note pointing back at the first declaration,
// which esbuild places by scanning the text back and forth: a file with
// thousands of them took minutes.) esbuild's own recover() calls pass on
// any panic that is not its lexer's, so this one arrives here.
func parseRecovering(log logger.Log, source logger.Source, opts js_parser.Options) (tree js_ast.AST, ok bool) {
	stopping := log
	stopping.AddMsg = func(m logger.Msg) {
		log.AddMsg(m)
		if m.Kind == logger.Error {
			panic(stopAtFirstError{})
		}
	}
	defer func() {
		if r := recover(); r != nil {
			ok = false
			if _, stopped := r.(stopAtFirstError); !stopped {
				log.AddError(nil, logger.Range{}, fmt.Sprintf("esbuild's parser failed on this file: %v", r))
			}
		}
	}()
	return js_parser.Parse(stopping, source, opts)
}

// stopAtFirstError is what parseRecovering stops esbuild's parser with.
type stopAtFirstError struct{}

// Symbol returns the symbol ref resolves to, following esbuild's links
// between merged symbols.
func (f *File) Symbol(ref ast.Ref) *ast.Symbol {
	for {
		s := &f.AST.Symbols[ref.InnerIndex]
		if s.Link == ast.InvalidRef {
			return s
		}
		ref = s.Link
	}
}

// Resolve follows esbuild's links between merged symbols.
func (f *File) Resolve(ref ast.Ref) ast.Ref {
	for {
		s := &f.AST.Symbols[ref.InnerIndex]
		if s.Link == ast.InvalidRef {
			return ref
		}
		ref = s.Link
	}
}

// Name returns the source name of a symbol.
func (f *File) Name(ref ast.Ref) string { return f.Symbol(ref).OriginalName }

// IsUnbound reports whether ref is a global the file does not declare.
func (f *File) IsUnbound(ref ast.Ref) bool { return f.Symbol(ref).Kind == ast.SymbolUnbound }

// Pos converts a byte offset to a token.Pos.
func (f *File) Pos(offset int) token.Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(f.Src) {
		offset = len(f.Src)
	}
	return f.Tok.Pos(offset)
}

// LineCol returns the 1-based line and byte column of an offset.
func (f *File) LineCol(offset int) (line, col int) {
	if f.Tok == nil { // Check's file, on its way to an error
		f.Tok = token.NewFileSet().AddFile(f.Path, -1, len(f.Src))
		f.Tok.SetLines(LineStarts(f.Src))
	}
	p := f.Tok.Position(f.Pos(offset))
	return p.Line, p.Column
}

// scanComments records the comments that contain "kvlint-".
func (f *File) scanComments() {
	const marker = "kvlint-"
	src := f.Src
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte(marker))
		if i < 0 {
			return
		}
		hit := from + i
		from = hit + len(marker)
		c, ok := f.commentAt(hit)
		if !ok {
			continue
		}
		if n := len(f.Comments); n > 0 && f.Comments[n-1].Offset == c.Offset {
			continue // a second marker in the same comment
		}
		f.Comments = append(f.Comments, c)
		from = c.End
	}
}

// scanAnnotations records `name: Type` annotations for the binding types,
// in one pass over the colons of the source. With exact set, hits inside
// literals and comments are dropped using the AST; without it (ScanOnly),
// hits on comment lines.
func (f *File) scanAnnotations(exact bool) {
	src := f.Src
	var brackets bracketMemo
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], ':')
		if i < 0 {
			return
		}
		colon := from + i
		from = colon + 1
		hit := colon + 1
		for hit < len(src) && isSpace(src[hit]) {
			hit++
		}
		end := hit
		for end < len(src) && IsIdentByte(src[end]) {
			end++
		}
		if end == hit || !bindingTypes[string(src[hit:end])] {
			continue
		}
		name, nameOff, ok := annotatedName(src, hit)
		if !ok {
			continue
		}
		if exact {
			if f.inLiteral(hit) || f.InComment(hit) {
				continue
			}
		} else if onCommentLine(src, hit) {
			continue
		}
		inParens := brackets.inParens(src, nameOff)
		f.Annotations = append(f.Annotations, Annotation{Name: name, NameOffset: nameOff, Type: string(src[hit:end]),
			Param: inParens && !propertyModifier(src, nameOff)})
	}
}

var bindingTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range BindingTypes {
		m[t] = true
	}
	return m
}()

// annotatedName finds the identifier annotated by the type at hit:
// `name: T`, `name?: T`, `readonly name: T`, `name: T | undefined` all give
// name; `#name: T` gives #name. It walks back over white space, `:` and `?`.
func annotatedName(src []byte, hit int) (string, int, bool) {
	i := hit - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	if i < 0 || src[i] != ':' {
		return "", 0, false
	}
	i--
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	if i >= 0 && src[i] == '?' {
		i--
	}
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	end := i + 1
	// A quoted member name: "MY_KV": KVNamespace
	if i >= 0 && (src[i] == '"' || src[i] == '\'') {
		q := src[i]
		j := bytes.LastIndexByte(src[:i], q)
		if j < 0 || j+1 >= i {
			return "", 0, false
		}
		return string(src[j+1 : i]), j, true
	}
	for i >= 0 && IsIdentByte(src[i]) {
		i--
	}
	start := i + 1
	if start == end || src[start] >= '0' && src[start] <= '9' {
		return "", 0, false
	}
	if start > 0 && src[start-1] == '#' { // a private class member
		start--
	}
	return string(src[start:end]), start, true
}

// paramReach bounds how far back inParens looks for the bracket that
// holds a name.
const paramReach = 1024

// bracketMemo remembers the last answer of inParens, asked in increasing
// offsets: a name in the same bracket as the one before is found by
// looking back only to it, so a list of many annotated parameters costs
// time linear in its length.
type bracketMemo struct {
	off   int // the last offset asked (0: none)
	paren bool
}

// inParens reports whether the innermost bracket open at off is a `(`:
// the name there is a function's parameter (or a parameter property).
func (b *bracketMemo) inParens(src []byte, off int) bool {
	depth := 0
	for i := off - 1; i >= 0 && off-i <= paramReach; i-- {
		if i == b.off-1 && depth == 0 {
			// Back at the name asked before, with no bracket opened or
			// closed between: the same bracket holds both.
			b.off = off
			return b.paren
		}
		switch src[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth == 0 {
				b.off, b.paren = off, src[i] == '('
				return b.paren
			}
			depth--
		}
	}
	b.off, b.paren = off, false
	return false
}

// propertyModifier reports whether the word before the name at off is one
// that makes a constructor parameter a field.
func propertyModifier(src []byte, off int) bool {
	i := off - 1
	for i >= 0 && isSpace(src[i]) {
		i--
	}
	end := i + 1
	for i >= 0 && IsIdentByte(src[i]) {
		i--
	}
	switch string(src[i+1 : end]) {
	case "private", "public", "protected", "readonly", "override":
		return true
	}
	return false
}

func onCommentLine(src []byte, offset int) bool {
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	line := bytes.TrimLeft(src[lineStart:offset], " \t")
	return bytes.HasPrefix(line, []byte("*")) || bytes.HasPrefix(line, []byte("//")) || bytes.Contains(line, []byte("//"))
}

// IsIdentByte reports whether c can be part of an identifier (any byte of
// a non-ASCII character counts).
func IsIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
