package parser

import (
	"bytes"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/kvlint/kvlint/internal/esbuild/config"
	"github.com/kvlint/kvlint/internal/esbuild/js_lexer"
	"github.com/kvlint/kvlint/internal/esbuild/logger"
)

// TypeScript types, read from the source text. esbuild's parser skips
// types, so kvlint reads the few it needs itself, with esbuild's own lexer
// started where a type begins: a declaration found in the text (interface,
// type alias, namespace), or a position the AST gives (the name of a
// parameter, variable or field, the end of an expression followed by `as`,
// the base class of a class). What the types mean is the type layer's
// question (rules/kvtypes); this file only reads them.

// Type is a type expression: a union of terms (one term when it is not a
// union).
type Type struct {
	Terms []TypeTerm
}

// TypeTerm is one alternative of a union.
type TypeTerm struct {
	// Name is a type reference, qualified as written ("L.Store",
	// "Cloudflare.Env", "KVNamespace"); empty for the other forms.
	Name string
	Args []*Type // type arguments of a reference
	// Members is a type literal's (`{ kv: KVNamespace }`); Literal tells
	// an empty literal from a reference.
	Members []TypeMember
	Literal bool
	// And holds the parts of an intersection (`Env & { X: KVNamespace }`).
	And []*Type
	// Nullish: undefined, null or void.
	Nullish bool
	// Opaque is any other type: a keyword (string, any, unknown), a literal
	// type, a function, tuple or array type, a conditional or mapped type.
	Opaque bool
	// Number is a numeric literal type's value (`60`, `-1`), when IsNumber.
	Number   float64
	IsNumber bool
}

// TypeMember is a property of an interface or type literal.
type TypeMember struct {
	Name string
	Type *Type // nil for a method
	// KVSig tells, for a method, whether its signature is one only a KV
	// namespace has (see kvSignature).
	KVSig bool
}

// kvSignature reports whether a method's signature (parameters and
// result) is one of Workers KV's own: getWithMetadata; get with a
// "stream" or "arrayBuffer" type or a cacheTtl option; put with
// expirationTtl; list with list_complete.
func kvSignature(name, sig string) bool {
	switch name {
	case "getWithMetadata":
		return true
	case "get":
		for _, w := range []string{`"arrayBuffer"`, `"stream"`, `'arrayBuffer'`, `'stream'`, "cacheTtl"} {
			if strings.Contains(sig, w) {
				return true
			}
		}
		return false
	case "put":
		return strings.Contains(sig, "expirationTtl")
	case "list":
		return strings.Contains(sig, "list_complete")
	}
	return false
}

// TypeParam is a generic parameter: `T extends KVNamespace = KVNamespace`.
type TypeParam struct {
	Name       string
	Constraint *Type // nil if none
	Default    *Type // nil if none
}

// TypeDecl is an interface or type alias declaration.
type TypeDecl struct {
	// Name is qualified by the namespaces around the declaration
	// ("Cloudflare.Env" in `declare namespace Cloudflare { interface Env }`).
	Name    string
	Params  []TypeParam
	Extends []*Type      // an interface's heritage
	Members []TypeMember // an interface's body
	Alias   *Type        // a type alias's right-hand side
	Offset  int          // of the keyword
	// Local: the declaration is seen only in its own file (a renaming
	// import, `import type { Store as S }`, is an alias S of Store).
	Local bool
}

// tsLexer is esbuild's lexer run over the text from a start offset, in
// TypeScript mode; offsets it reports are of the whole text.
type tsLexer struct {
	lx   js_lexer.Lexer
	base int
	gt   int // '>' tokens still owed from a split '>>' or '>>>'
	text string
	// budget, when set, is how many more tokens the read may take: an
	// annotation is short, and a read that is not one (a destructuring
	// pattern with functions in its defaults) stops early.
	budget int
	// closes, when set, records where each '{' skipBalanced passes is
	// closed (the offset after its '}'), so nested namespaces are not
	// lexed again.
	closes map[int]int
}

// reset starts the lexer at offset start of text. A lexer error (the
// text is not a type after all) panics with js_lexer.LexerPanic; callers
// recover with readSafely.
func (l *tsLexer) reset(text string, start int) {
	if start < 0 || start > len(text) {
		start = len(text)
	}
	src := logger.Source{Contents: text[start:]}
	l.base = start
	l.text = text
	l.lx = js_lexer.NewLexer(quietLog, src, config.TSOptions{Parse: true})
	l.lx.IsLogDisabled = true
}

// quietLog drops what the lexer would report: a type that cannot be read
// is simply not read.
var quietLog = logger.Log{
	AddMsg:    func(logger.Msg) {},
	HasErrors: func() bool { return false },
	Peek:      func() []logger.Msg { return nil },
	Done:      func() []logger.Msg { return nil },
}

var lexers = sync.Pool{New: func() any { return new(tsLexer) }}

// lexAt runs read with a lexer started at offset start of text (from a
// pool: a lexer is large, and most reads are a few tokens). A lexer error
// ends the read with ok=false.
func lexAt(text string, start int, read func(l *tsLexer)) (ok bool) {
	return lexAtMost(text, start, 0, read)
}

// lexAtMost is lexAt for a read of at most budget tokens (0: no bound).
func lexAtMost(text string, start, budget int, read func(l *tsLexer)) (ok bool) {
	l := lexers.Get().(*tsLexer)
	defer lexers.Put(l)
	return readSafely(func() {
		*l = tsLexer{budget: budget}
		l.reset(text, start)
		read(l)
	})
}

// annotationBudget bounds the tokens of a type read at a position the
// AST gives: generous for any annotation, and a bound on the work of a
// read that is not one.
const annotationBudget = 4096

// readSafely runs read, turning a lexer error into ok=false. Types are
// read on a best-effort basis: text that is not the type expected (or
// that trips a reader bug) is not read, and the file is analyzed without
// it.
func readSafely(read func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	read()
	return true
}

func (l *tsLexer) tok() js_lexer.T {
	if l.gt > 0 {
		return js_lexer.TGreaterThan
	}
	return l.lx.Token
}

func (l *tsLexer) next() {
	if l.budget > 0 {
		if l.budget--; l.budget == 0 {
			panic(js_lexer.LexerPanic{})
		}
	}
	if l.gt > 0 {
		l.gt--
		if l.gt > 0 {
			return
		}
	}
	if l.lx.Token == js_lexer.TSyntaxError {
		// esbuild's lexer stops at a character it cannot read, giving
		// the same token again and again: a loop skipping tokens to a
		// closing brace never ended (`namespace N { \x03 }` in a file
		// read without parsing).
		panic(js_lexer.LexerPanic{})
	}
	l.lx.Next()
}

// closeAngle consumes one '>' (splitting '>>' and '>>>'); false if none.
func (l *tsLexer) closeAngle() bool {
	if l.gt > 0 {
		l.next()
		return true
	}
	switch l.lx.Token {
	case js_lexer.TGreaterThan:
		l.lx.Next()
	case js_lexer.TGreaterThanGreaterThan:
		l.gt = 1
		l.lx.Next()
		l.gt = 1
	case js_lexer.TGreaterThanGreaterThanGreaterThan:
		l.lx.Next()
		l.gt = 2
	default:
		return false
	}
	return true
}

func (l *tsLexer) offset() int { return l.base + int(l.lx.Loc().Start) }

func (l *tsLexer) ident() string { return l.lx.Identifier.String }

func (l *tsLexer) is(word string) bool {
	return l.gt == 0 && l.lx.Token == js_lexer.TIdentifier && l.lx.Identifier.String == word
}

func (l *tsLexer) expect(t js_lexer.T) {
	if l.tok() != t {
		panic(js_lexer.LexerPanic{})
	}
	l.next()
}

// isName reports whether the token can name a member or a type: an
// identifier or a keyword.
func (l *tsLexer) isName() bool { return l.gt == 0 && l.lx.IsIdentifierOrKeyword() }

// parseType reads a type expression.
func (l *tsLexer) parseType() *Type {
	if l.tok() == js_lexer.TBar || l.tok() == js_lexer.TAmpersand {
		l.next()
	}
	t := &Type{}
	for {
		t.Terms = append(t.Terms, l.parseIntersection())
		if l.tok() != js_lexer.TBar {
			break
		}
		l.next()
	}
	// A conditional type: T extends U ? X : Y.
	if l.tok() == js_lexer.TExtends {
		l.next()
		l.parseType()
		l.expect(js_lexer.TQuestion)
		l.parseType()
		l.expect(js_lexer.TColon)
		l.parseType()
		return &Type{Terms: []TypeTerm{{Opaque: true}}}
	}
	return t
}

func (l *tsLexer) parseIntersection() TypeTerm {
	first := l.parsePostfix()
	if l.tok() != js_lexer.TAmpersand {
		return first
	}
	and := []*Type{{Terms: []TypeTerm{first}}}
	for l.tok() == js_lexer.TAmpersand {
		l.next()
		and = append(and, &Type{Terms: []TypeTerm{l.parsePostfix()}})
	}
	return TypeTerm{And: and}
}

func (l *tsLexer) parsePostfix() TypeTerm {
	t := l.parsePrimary()
	for l.tok() == js_lexer.TOpenBracket && !l.lx.HasNewlineBefore {
		l.next()
		if l.tok() != js_lexer.TCloseBracket {
			l.parseType() // an indexed access: T["x"]
		}
		l.expect(js_lexer.TCloseBracket)
		t = TypeTerm{Opaque: true}
	}
	return t
}

func (l *tsLexer) parsePrimary() TypeTerm {
	opaque := TypeTerm{Opaque: true}
	switch l.tok() {
	case js_lexer.TIdentifier:
		switch name := l.ident(); name {
		case "undefined":
			l.next()
			return TypeTerm{Nullish: true}
		case "keyof", "readonly", "unique", "infer", "asserts":
			l.next()
			inner := l.parsePostfix()
			if name == "readonly" {
				return inner
			}
			return opaque
		case "string", "number", "boolean", "any", "unknown", "never", "object", "bigint", "symbol":
			l.next()
			return opaque
		}
		return l.parseReference()
	case js_lexer.TNull, js_lexer.TVoid:
		l.next()
		return TypeTerm{Nullish: true}
	case js_lexer.TNumericLiteral:
		n := l.lx.Number
		l.next()
		return TypeTerm{Opaque: true, Number: n, IsNumber: true}
	case js_lexer.TThis, js_lexer.TTrue, js_lexer.TFalse, js_lexer.TStringLiteral,
		js_lexer.TBigIntegerLiteral, js_lexer.TNoSubstitutionTemplateLiteral:
		l.next()
		return opaque
	case js_lexer.TMinus:
		l.next()
		if l.tok() == js_lexer.TNumericLiteral {
			n := -l.lx.Number
			l.next()
			return TypeTerm{Opaque: true, Number: n, IsNumber: true}
		}
		l.next()
		return opaque
	case js_lexer.TTemplateHead:
		l.next()
		for {
			l.parseType()
			if l.tok() != js_lexer.TCloseBrace {
				panic(js_lexer.LexerPanic{})
			}
			l.lx.RescanCloseBraceAsTemplateToken()
			tail := l.lx.Token == js_lexer.TTemplateTail
			l.next()
			if tail {
				return opaque
			}
		}
	case js_lexer.TTypeof:
		l.next()
		if l.tok() == js_lexer.TImport {
			l.next()
			l.skipBalanced()
		} else {
			l.next()
		}
		for l.tok() == js_lexer.TDot {
			l.next()
			l.next()
		}
		if l.tok() == js_lexer.TLessThan {
			l.parseTypeArgs()
		}
		return opaque
	case js_lexer.TImport:
		// import("./types").Store
		l.next()
		l.skipBalanced()
		if l.tok() != js_lexer.TDot {
			return opaque
		}
		l.next()
		return l.parseReference()
	case js_lexer.TOpenBrace:
		return l.parseLiteral()
	case js_lexer.TOpenBracket:
		l.skipBalanced()
		return opaque
	case js_lexer.TNew:
		l.next()
		l.skipFunctionType()
		return opaque
	case js_lexer.TLessThan:
		l.skipFunctionType() // <T>(x: T) => T
		return opaque
	case js_lexer.TOpenParen:
		// A parenthesized type or a function type.
		save := *l
		l.next()
		if l.tok() != js_lexer.TCloseParen && l.tok() != js_lexer.TDotDotDot {
			var inner *Type
			if readSafely(func() { inner = l.parseType() }) && l.tok() == js_lexer.TCloseParen {
				l.next()
				if l.tok() != js_lexer.TEqualsGreaterThan && len(inner.Terms) == 1 {
					return inner.Terms[0]
				}
				if l.tok() != js_lexer.TEqualsGreaterThan {
					return TypeTerm{And: []*Type{inner}}
				}
			}
		}
		*l = save
		l.skipFunctionType()
		return opaque
	}
	if l.isName() { // a keyword used as a name, or an unusual token
		return l.parseReference()
	}
	panic(js_lexer.LexerPanic{})
}

// skipFunctionType skips `<T>(params) => R` from its '<' or '('.
func (l *tsLexer) skipFunctionType() {
	if l.tok() == js_lexer.TLessThan {
		l.parseTypeParams()
	}
	l.skipBalanced()
	l.expect(js_lexer.TEqualsGreaterThan)
	l.parseType()
}

// skipBalanced skips a bracketed group from its opening token.
func (l *tsLexer) skipBalanced() {
	depth := 0
	var open []int
	for {
		switch l.tok() {
		case js_lexer.TOpenParen, js_lexer.TOpenBracket, js_lexer.TOpenBrace:
			depth++
			if l.closes != nil && l.tok() == js_lexer.TOpenBrace {
				open = append(open, l.offset())
			}
		case js_lexer.TCloseParen, js_lexer.TCloseBracket, js_lexer.TCloseBrace:
			depth--
			if l.closes != nil && l.tok() == js_lexer.TCloseBrace && len(open) > 0 {
				l.closes[open[len(open)-1]] = l.offset() + 1
				open = open[:len(open)-1]
			}
		case js_lexer.TTemplateHead:
			depth++
		case js_lexer.TEndOfFile:
			panic(js_lexer.LexerPanic{})
		}
		if depth == 0 {
			l.next()
			return
		}
		if l.tok() == js_lexer.TCloseBrace && depth > 0 && l.inTemplate(depth) {
			l.lx.RescanCloseBraceAsTemplateToken()
		}
		l.next()
	}
}

// inTemplate is a placeholder for template literals inside skipped groups:
// the lexer reads them whole unless they have substitutions, which types
// in skipped groups almost never do.
func (l *tsLexer) inTemplate(int) bool { return false }

func (l *tsLexer) parseReference() TypeTerm {
	if !l.isName() {
		panic(js_lexer.LexerPanic{})
	}
	name := l.ident()
	if l.lx.Token != js_lexer.TIdentifier {
		name = l.lx.Raw()
	}
	l.next()
	for l.tok() == js_lexer.TDot {
		l.next()
		if !l.isName() {
			panic(js_lexer.LexerPanic{})
		}
		name += "." + l.lx.Raw()
		l.next()
	}
	t := TypeTerm{Name: name}
	if l.tok() == js_lexer.TLessThan && !l.lx.HasNewlineBefore {
		t.Args = l.parseTypeArgs()
	}
	return t
}

func (l *tsLexer) parseTypeArgs() []*Type {
	l.expect(js_lexer.TLessThan)
	var args []*Type
	for l.tok() != js_lexer.TGreaterThan && l.tok() != js_lexer.TGreaterThanGreaterThan && l.tok() != js_lexer.TGreaterThanGreaterThanGreaterThan {
		args = append(args, l.parseType())
		if l.tok() != js_lexer.TComma {
			break
		}
		l.next()
	}
	if !l.closeAngle() {
		panic(js_lexer.LexerPanic{})
	}
	return args
}

// parseTypeParams reads `<T extends C = D, ...>`.
func (l *tsLexer) parseTypeParams() []TypeParam {
	l.expect(js_lexer.TLessThan)
	var ps []TypeParam
	for l.tok() != js_lexer.TGreaterThan {
		for l.is("in") || l.is("out") || l.tok() == js_lexer.TConst || l.tok() == js_lexer.TIn {
			l.next()
		}
		if !l.isName() {
			panic(js_lexer.LexerPanic{})
		}
		p := TypeParam{Name: l.ident()}
		l.next()
		if l.tok() == js_lexer.TExtends {
			l.next()
			p.Constraint = l.parseType()
		}
		if l.tok() == js_lexer.TEquals {
			l.next()
			p.Default = l.parseType()
		}
		ps = append(ps, p)
		if l.tok() != js_lexer.TComma {
			break
		}
		l.next()
	}
	if !l.closeAngle() {
		panic(js_lexer.LexerPanic{})
	}
	return ps
}

// parseLiteral reads a type literal or interface body from its '{'.
func (l *tsLexer) parseLiteral() TypeTerm {
	l.expect(js_lexer.TOpenBrace)
	t := TypeTerm{Literal: true}
	for l.tok() != js_lexer.TCloseBrace {
		if m, ok := l.parseMember(); ok {
			t.Members = append(t.Members, m)
		}
		for l.tok() == js_lexer.TSemicolon || l.tok() == js_lexer.TComma {
			l.next()
		}
	}
	l.next()
	return t
}

// parseMember reads one member of a type literal or interface body. ok is
// false for members that have no name kvlint can use (index signatures,
// call and construct signatures, mapped types).
func (l *tsLexer) parseMember() (TypeMember, bool) {
	for (l.is("readonly") || l.is("declare") || l.is("get") || l.is("set")) && l.followedByName() {
		l.next()
	}
	if l.tok() == js_lexer.TMinus || l.tok() == js_lexer.TPlus { // -readonly in a mapped type
		l.next()
		l.next()
	}
	var name string
	switch {
	case l.tok() == js_lexer.TStringLiteral:
		name = utf16ToString(l.lx.StringLiteral())
		l.next()
	case l.tok() == js_lexer.TNumericLiteral:
		name = l.lx.Raw()
		l.next()
	case l.tok() == js_lexer.TPrivateIdentifier:
		name = l.lx.Raw()
		l.next()
	case l.isName():
		name = l.lx.Raw()
		l.next()
	case l.tok() == js_lexer.TOpenBracket:
		// An index signature, a computed name or a mapped type.
		l.skipBalanced()
		if l.tok() == js_lexer.TQuestion {
			l.next()
		}
		if l.tok() == js_lexer.TColon {
			l.next()
			l.parseType()
		} else if l.tok() == js_lexer.TOpenParen || l.tok() == js_lexer.TLessThan {
			l.skipMethod()
		}
		return TypeMember{}, false
	case l.tok() == js_lexer.TOpenParen || l.tok() == js_lexer.TLessThan || l.tok() == js_lexer.TNew:
		if l.tok() == js_lexer.TNew {
			l.next()
		}
		l.skipMethod()
		return TypeMember{}, false
	default:
		panic(js_lexer.LexerPanic{})
	}
	optional := false
	if l.tok() == js_lexer.TQuestion || l.tok() == js_lexer.TExclamation {
		optional = l.tok() == js_lexer.TQuestion
		l.next()
	}
	switch l.tok() {
	case js_lexer.TColon:
		l.next()
		t := l.parseType()
		if optional && t != nil {
			// `ttl?: number` is `number | undefined`.
			t.Terms = append(t.Terms, TypeTerm{Nullish: true})
		}
		return TypeMember{Name: name, Type: t}, true
	case js_lexer.TOpenParen, js_lexer.TLessThan:
		from := l.offset()
		l.skipMethod()
		return TypeMember{Name: name, KVSig: kvSignature(name, l.text[from:l.offset()])}, true
	}
	return TypeMember{Name: name}, true
}

// followedByName reports whether the token after a modifier is a member
// name (so the modifier is not itself the name).
func (l *tsLexer) followedByName() bool {
	save := *l
	l.next()
	ok := l.isName() || l.tok() == js_lexer.TStringLiteral || l.tok() == js_lexer.TOpenBracket || l.tok() == js_lexer.TPrivateIdentifier
	*l = save
	return ok
}

// skipMethod skips `<T>(params): R` of a method signature.
func (l *tsLexer) skipMethod() {
	if l.tok() == js_lexer.TLessThan {
		l.parseTypeParams()
	}
	l.skipBalanced()
	if l.tok() == js_lexer.TColon {
		l.next()
		l.parseType()
	}
}

func utf16ToString(s []uint16) string {
	b := make([]rune, 0, len(s))
	for _, c := range s {
		b = append(b, rune(c))
	}
	return string(b)
}

// ReadType reads the type expression starting at offset start of text; nil
// if none can be read there.
func ReadType(text string, start int) *Type {
	var t *Type
	if !lexAtMost(text, start, annotationBudget, func(l *tsLexer) { t = l.parseType() }) {
		return nil
	}
	return t
}

// TypeAt reads the type annotation of the binding, parameter or member
// whose name or pattern starts at offset: `kv: KVNamespace`, `kv?: T`,
// `{ kv }: Opts`, `private readonly kv: T` (offset at kv). Nil when there
// is none (or the file was not parsed).
func (f *File) TypeAt(offset int) *Type {
	if !f.parsed || offset < 0 || offset >= len(f.Text) {
		return nil
	}
	if f.isJS() {
		return f.jsdocTypeAt(offset)
	}
	// Most bindings have no annotation: look for the ':' first.
	if c := f.Src[offset]; c != '{' && c != '[' && c != '"' && c != '\'' {
		i := offset + 1
		for i < len(f.Src) && IsIdentByte(f.Src[i]) {
			i++
		}
		for i < len(f.Src) && isSpace(f.Src[i]) {
			i++
		}
		if i < len(f.Src) && (f.Src[i] == '?' || f.Src[i] == '!') {
			i++
		}
		if i >= len(f.Src) || f.Src[i] != ':' {
			return nil
		}
	}
	var t *Type
	lexAtMost(f.Text, offset, annotationBudget, func(l *tsLexer) {
		switch l.tok() {
		case js_lexer.TOpenBrace, js_lexer.TOpenBracket:
			l.skipBalanced()
		case js_lexer.TStringLiteral, js_lexer.TPrivateIdentifier, js_lexer.TNumericLiteral:
			l.next()
		default:
			if !l.isName() {
				return
			}
			l.next()
		}
		if l.tok() == js_lexer.TQuestion || l.tok() == js_lexer.TExclamation {
			l.next()
		}
		if l.tok() != js_lexer.TColon {
			return
		}
		l.next()
		t = l.parseType()
	})
	return t
}

// CastAfter reads the type of an `as T` or `satisfies T` that follows an
// expression ending at end (the last of a chain: `x as unknown as T`).
// Nil when none follows.
func (f *File) CastAfter(end int) *Type {
	if !f.parsed || end < 0 || end >= len(f.Text) {
		return nil
	}
	i := end
	for i < len(f.Src) && (isSpace(f.Src[i]) || f.Src[i] == '!' || f.Src[i] == ')') {
		if f.Src[i] == ')' {
			return nil
		}
		i++
	}
	if rest := f.Text[i:]; !strings.HasPrefix(rest, "as") && !strings.HasPrefix(rest, "satisfies") {
		return nil
	}
	var t *Type
	lexAtMost(f.Text, end, annotationBudget, func(l *tsLexer) {
		for l.tok() == js_lexer.TExclamation {
			l.next()
		}
		for l.is("as") || l.is("satisfies") {
			l.next()
			if l.tok() == js_lexer.TConst {
				t = &Type{Terms: []TypeTerm{{Opaque: true}}}
				return
			}
			t = l.parseType()
		}
	})
	return t
}

// TypeArgsAt reads the type arguments `<A, B>` starting at offset (after
// a base class's name: `extends DurableObject<Env>`; after a callee:
// `new Hono<{ Bindings: B }>()`). Nil when none start there.
func (f *File) TypeArgsAt(offset int) []*Type {
	if !f.parsed || offset < 0 || offset >= len(f.Text) {
		return nil
	}
	i := offset
	for i < len(f.Src) && isSpace(f.Src[i]) {
		i++
	}
	if i >= len(f.Src) || f.Src[i] != '<' {
		return nil
	}
	var args []*Type
	lexAtMost(f.Text, offset, annotationBudget, func(l *tsLexer) {
		if l.tok() == js_lexer.TLessThan {
			args = l.parseTypeArgs()
		}
	})
	return args
}

// TypeParamsIn reads the type parameters `<T extends C>` that appear
// between from and to: after a function's or class's name, before its
// parameters or body.
func (f *File) TypeParamsIn(from, to int) []TypeParam {
	if !f.parsed || from < 0 || to > len(f.Text) || from >= to {
		return nil
	}
	i := strings.IndexByte(f.Text[from:to], '<')
	if i < 0 {
		return nil
	}
	var ps []TypeParam
	lexAtMost(f.Text, from+i, annotationBudget, func(l *tsLexer) { ps = l.parseTypeParams() })
	return ps
}

func (f *File) isJS() bool {
	switch ext := filepath.Ext(f.Path); ext {
	case ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// ReadDecls reads the interface and type alias declarations of a file's
// text, and the JSDoc @typedef/@property tags of its comments. A keyword
// counts when it starts a declaration esbuild's lexer can read, outside
// comment lines; one read costs a search of the text plus the length of
// the declarations.
func ReadDecls(src []byte) []TypeDecl { return readDecls(src, false) }

// ReadJSDecls is ReadDecls for a JavaScript file, where interfaces, type
// aliases and namespaces cannot be written: only its renaming imports and
// JSDoc typedefs are read. (Library code is mostly JavaScript, and a
// named file's context reads every file's declarations.)
func ReadJSDecls(src []byte) []TypeDecl { return readDecls(src, true) }

func readDecls(src []byte, js bool) []TypeDecl { return readDeclsFrom(src, js, nil) }

// readDeclsFrom is readDecls given, when declared is not nil, the hits of
// declaredKeywords in src (a lazy file's, found when it was scanned).
func readDeclsFrom(src []byte, js bool, declared []keywordHit) []TypeDecl {
	// `wrangler types` appends the Workers runtime's own declarations
	// (half a megabyte: KVNamespace, R2Bucket, ...), which the type layer
	// knows by name: only the Env part before them is read.
	if i := bytes.Index(src, []byte(runtimeTypesMarker)); i >= 0 {
		src = src[:i]
		declared = nil // found in the whole text
	}
	if len(src) == 0 {
		return nil
	}
	text := bytesString(src)
	var out []TypeDecl
	type ns struct {
		name     string
		from, to int
	}
	var spaces []ns // namespace bodies, outermost first, all open at the hit
	closes := map[int]int{}
	pop := func(at int) {
		for len(spaces) > 0 && spaces[len(spaces)-1].to <= at {
			spaces = spaces[:len(spaces)-1]
		}
	}
	// qualify prefixes a name with the namespaces open at at; ok is false
	// past maxNamespaceDepth of them.
	qualify := func(at int, name string) (string, bool) {
		pop(at)
		if len(spaces) > maxNamespaceDepth {
			return "", false
		}
		prefix := ""
		for _, s := range spaces {
			if s.name != "" {
				prefix += s.name + "."
			}
		}
		return prefix + name, true
	}
	var hits []keywordHit
	switch {
	case declared == nil || js:
		hits = declKeywords(src, js)
	default: // TypeScript: the other keywords' hits, in source order with them
		hits = append(keywordHits(src, []string{"global", "import"}), declared...)
		sortHits(hits)
	}
	for _, hit := range hits {
		kw, at := hit.kw, hit.at
		switch kw {
		case "namespace", "module", "global":
			lexAt(text, at, func(l *tsLexer) {
				l.next()
				var name string
				switch {
				case kw == "global":
				case l.tok() == js_lexer.TStringLiteral: // declare module "x"
					l.next()
				case l.isName():
					name = l.ident()
					l.next()
					for l.tok() == js_lexer.TDot {
						l.next()
						name += "." + l.ident()
						l.next()
					}
				default:
					return
				}
				if l.tok() != js_lexer.TOpenBrace {
					return
				}
				from := l.offset()
				to, known := closes[from]
				if !known {
					l.closes = closes
					l.skipBalanced()
					to = l.offset()
				}
				pop(at)
				spaces = append(spaces, ns{name: name, from: from, to: to})
			})
		case "import":
			// import type { Store as S, type Opts as O } from "./store"
			lexAtMost(text, at, annotationBudget, func(l *tsLexer) {
				l.next()
				if l.is("type") {
					l.next()
				}
				if l.tok() != js_lexer.TOpenBrace {
					return
				}
				l.next()
				for l.tok() != js_lexer.TCloseBrace {
					if l.is("type") && l.followedByName() {
						l.next()
					}
					if !l.isName() && l.tok() != js_lexer.TStringLiteral {
						return
					}
					name := l.lx.Raw()
					l.next()
					if l.is("as") {
						l.next()
						if alias := l.lx.Raw(); l.isName() && alias != name {
							out = append(out, TypeDecl{Name: alias, Alias: &Type{Terms: []TypeTerm{{Name: name}}}, Offset: at, Local: true})
						}
						l.next()
					}
					if l.tok() != js_lexer.TComma {
						break
					}
					l.next()
				}
			})
		case "interface":
			lexAt(text, at, func(l *tsLexer) {
				l.next()
				if !l.isName() {
					return
				}
				d := TypeDecl{Name: l.ident(), Offset: at}
				l.next()
				if l.tok() == js_lexer.TLessThan {
					d.Params = l.parseTypeParams()
				}
				if l.tok() == js_lexer.TExtends {
					for {
						l.next()
						d.Extends = append(d.Extends, &Type{Terms: []TypeTerm{l.parseReference()}})
						if l.tok() != js_lexer.TComma {
							break
						}
					}
				}
				if l.tok() != js_lexer.TOpenBrace {
					return
				}
				d.Members = l.parseLiteral().Members
				if name, ok := qualify(at, d.Name); ok {
					d.Name = name
					out = append(out, d)
				}
			})
		case "type":
			lexAt(text, at, func(l *tsLexer) {
				l.next()
				if l.tok() != js_lexer.TIdentifier {
					return
				}
				d := TypeDecl{Name: l.ident(), Offset: at}
				l.next()
				if l.tok() == js_lexer.TLessThan {
					d.Params = l.parseTypeParams()
				}
				if l.tok() != js_lexer.TEquals {
					return
				}
				l.next()
				d.Alias = l.parseType()
				if name, ok := qualify(at, d.Name); ok {
					d.Name = name
					out = append(out, d)
				}
			})
		}
	}
	return cloneDecls(append(out, jsdocTypedefs(text)...))
}

// runtimeTypesMarker starts the runtime types in the output of `wrangler
// types`.
const runtimeTypesMarker = "// Begin runtime types"

// maxNamespaceDepth bounds the namespaces a declaration kvlint reads may
// be nested in (so that its qualified name stays short).
const maxNamespaceDepth = 16

type keywordHit struct {
	kw string
	at int
}

// declKeywords finds, in source order, the words that may start a
// declaration: interface, type, namespace, module (after declare), global
// (after declare). A hit must stand at the start of a statement: after a
// line break, ';', '{' or '}', or after export/declare.
func declKeywords(src []byte, js bool) []keywordHit {
	keywords := slices.Concat(declaredKeywords, []string{"global", "import"})
	if js {
		keywords = keywords[len(keywords)-1:]
	}
	return keywordHits(src, keywords)
}

// declaredKeywords start the declarations whose names DeclNames reads.
var declaredKeywords = []string{"interface", "type", "namespace", "module"}

// keywordHits is declKeywords for the keywords given.
func keywordHits(src []byte, keywords []string) []keywordHit {
	var hits []keywordHit
	declare := bytes.Contains(src, []byte("declare "))
	renames := bytes.Contains(src, []byte(" as "))
	for _, kw := range keywords {
		if kw == "import" && !renames {
			continue
		}
		if (kw == "module" || kw == "global") && !declare {
			continue
		}
		w := []byte(kw)
		for from := 0; ; {
			i := IndexRare(src[from:], w)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(w)
			end := at + len(w)
			if at > 0 && IsIdentByte(src[at-1]) || end >= len(src) || !isSpace(src[end]) {
				continue
			}
			prev := prevWord(src, at)
			switch kw {
			case "module", "global":
				if prev != "declare" {
					continue
				}
			default:
				if prev != "" && prev != "export" && prev != "declare" {
					continue
				}
			}
			if onCommentLine(src, at) {
				continue
			}
			hits = append(hits, keywordHit{kw, at})
		}
	}
	// Source order, so namespaces are seen before what they hold.
	sortHits(hits)
	return hits
}

func sortHits(h []keywordHit) { sort.Slice(h, func(i, j int) bool { return h[i].at < h[j].at }) }

// prevWord returns "" when the text before at (over spaces) ends a
// statement or opens a block, the word before at when it is export or
// declare, and "?" otherwise.
func prevWord(src []byte, at int) string {
	i := at - 1
	for i >= 0 && (src[i] == ' ' || src[i] == '\t') {
		i--
	}
	if i < 0 {
		return ""
	}
	switch src[i] {
	case '\n', '\r', ';', '{', '}':
		return ""
	}
	end := i + 1
	for i >= 0 && IsIdentByte(src[i]) {
		i--
	}
	switch w := string(src[i+1 : end]); w {
	case "export", "declare":
		return w
	}
	return "?"
}

// bytesString views b as a string for the lexer; what ReadDecls keeps of
// it is cloned (see cloneDecls), so a scanned file's text can be dropped.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func cloneDecls(ds []TypeDecl) []TypeDecl {
	for i := range ds {
		d := &ds[i]
		d.Name = strings.Clone(d.Name)
		for j := range d.Params {
			d.Params[j].Name = strings.Clone(d.Params[j].Name)
			cloneType(d.Params[j].Constraint)
			cloneType(d.Params[j].Default)
		}
		for _, e := range d.Extends {
			cloneType(e)
		}
		cloneMembers(d.Members)
		cloneType(d.Alias)
	}
	return ds
}

func cloneMembers(ms []TypeMember) {
	for i := range ms {
		ms[i].Name = strings.Clone(ms[i].Name)
		cloneType(ms[i].Type)
	}
}

func cloneType(t *Type) {
	if t == nil {
		return
	}
	for i := range t.Terms {
		x := &t.Terms[i]
		x.Name = strings.Clone(x.Name)
		for _, a := range x.Args {
			cloneType(a)
		}
		for _, a := range x.And {
			cloneType(a)
		}
		cloneMembers(x.Members)
	}
}
