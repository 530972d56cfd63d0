package parser

import (
	"path/filepath"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// MaxNesting bounds how deeply a file kvlint analyzes may nest.
//
// esbuild's parser, its visitor and kvlint's own walkers recurse once per
// level of nesting, and Go ends a program whose goroutine stack passes 1 GB
// with a fatal error that no recover can catch: a few hundred thousand
// nested parentheses (or member accesses, or `else if`s) would take the
// whole run down, and even 100,000 take seconds and a gigabyte. No real
// Worker comes near the bound: V8, which runs Workers, already rejects
// about 3,000 nested parentheses ("Maximum call stack size exceeded").
//
// A file nested more deeply is reported like a syntax error, at the place
// where the bound is crossed, and the other files are still linted.
const MaxNesting = 5000

// nestingMsg is the message for a file nested more deeply than MaxNesting.
const nestingMsg = "nested too deeply to analyze (more than 5000 levels of brackets, operators or statements)"

// checkNesting reports whether src, about to be parsed, nests more deeply
// than MaxNesting (see estimateNesting), and where.
func checkNesting(src []byte, jsx bool) (offset int, tooDeep bool) {
	d, at := estimateNesting(src, jsx, MaxNesting)
	return at, d > MaxNesting
}

// checkASTNesting reports whether a parsed tree nests more deeply than
// MaxNesting, and where. It walks the tree with kvlint's walker and stops
// descending at the bound, so it never recurses deeper than that itself.
// It catches what estimateNesting lets through: long chains of binary
// operators, which esbuild parses in a loop but which make a deep tree.
func checkASTNesting(tree *js_ast.AST) (offset int, tooDeep bool) {
	v := &depthVisitor{limit: MaxNesting, at: -1}
	WalkAST(v, tree)
	return v.at, v.at >= 0
}

type depthVisitor struct {
	depth, limit int
	at           int // offset where the limit was crossed; -1: not crossed
}

func (v *depthVisitor) Visit(node any) Visitor {
	if node == nil {
		v.depth--
		return nil
	}
	if v.at >= 0 {
		return nil
	}
	if v.depth+1 > v.limit {
		v.at = 0
		switch n := node.(type) {
		case *js_ast.Expr:
			v.at = int(n.Loc.Start)
		case *js_ast.Stmt:
			v.at = int(n.Loc.Start)
		case *js_ast.Binding:
			v.at = int(n.Loc.Start)
		case *js_ast.Property:
			v.at = int(n.Loc.Start)
		}
		return nil
	}
	v.depth++
	return v
}

// estimateNesting scans source text, before esbuild parses it, for the
// nesting that makes a recursive-descent parser recurse: brackets, template
// substitutions and JSX elements, and within each the chains that nest
// without brackets (prefix operators, member and call chains, assignments
// and other right-associative operators, `?:`, arrows, `else if` and other
// statement heads, labels, TypeScript type arguments). It returns the
// estimate's maximum and the offset where it is first reached, and stops
// early once limit is exceeded. The scan is linear and allocates only its
// stack of open brackets.
//
// The estimate errs towards counting: a chain counts in full until its
// expression or statement ends (at `;`, `,`, or a line break that ends the
// statement, roughly as automatic semicolon insertion decides), whatever
// operators it mixes. Left-associative binary operators do not count:
// esbuild parses and visits them in loops (checkASTNesting bounds the tree
// they make). Strings, comments, template text and JSX text are skipped;
// the bodies of regular expressions are scanned for brackets, because
// telling a regex from a division needs the parser, and for a well-formed
// regex they balance anyway.
//
// It is an estimate: a file crafted to make it mistake code for a string
// (say, a regex containing a quote, right after a `)`) can hide nesting
// from it. Ordinary code, generated code and code nested by repetition are
// measured with room to spare.
func estimateNesting(src []byte, jsx bool, limit int) (maxDepth, at int) {
	s := &nestScanner{src: src, jsx: jsx, limit: limit}
	s.frames = append(s.frames, nestFrame{})
	for s.i < len(s.src) && s.max <= s.limit {
		if t := s.top(); t.open == '<' && t.children {
			s.jsxChildren()
		} else {
			s.token()
		}
	}
	return s.max, s.maxAt
}

// nestFrame is an open bracket; frames[0] is the top level.
type nestFrame struct {
	open     byte // '(', '[', '{', '$' (a template's ${), '<' (a JSX element); 0 at the top level
	chain    int  // the expression chain open in the frame
	stmt     int  // the statement chain open in the frame (else, do, if (...) ...)
	children bool // a JSX element whose opening tag has ended
	head     bool // '(' of an if/for/while/with/switch/catch head
}

type nestScanner struct {
	src    []byte
	jsx    bool // JSX is parsed (every extension but .ts, .mts, .cts)
	limit  int
	i      int
	frames []nestFrame
	open   [256]int // open frames by opener, so that a stray closer costs nothing
	depth  int      // open frames (but the top level) plus every frame's chains
	max    int
	maxAt  int

	operand  bool // the previous token ends an operand: `/` divides, `<` compares
	afterDot bool // the previous token was `.` or `?.`: a keyword is a name
	newline  bool // a line break since the previous token
	semi     bool // the previous token was `;`
	nextHead bool // an if/for/while/... keyword awaits its '('
	floor    int  // frames below this index are not closed (inside a regex body)
}

func (s *nestScanner) top() *nestFrame { return &s.frames[len(s.frames)-1] }

func (s *nestScanner) grew() {
	if s.depth > s.max {
		s.max, s.maxAt = s.depth, s.i
	}
}

// chain counts one more level of the open expression chain.
func (s *nestScanner) chain() {
	s.top().chain++
	s.depth++
	s.grew()
}

// stmt counts one more level of the open statement chain.
func (s *nestScanner) stmt() {
	s.top().stmt++
	s.depth++
	s.grew()
}

// endExpr ends the open expression chain (at a `,`).
func (s *nestScanner) endExpr() {
	t := s.top()
	s.depth -= t.chain
	t.chain = 0
}

// endStmt ends the open statement and expression chains.
func (s *nestScanner) endStmt() {
	t := s.top()
	s.depth -= t.chain + t.stmt
	t.chain, t.stmt = 0, 0
}

func (s *nestScanner) push(open byte) {
	s.frames = append(s.frames, nestFrame{open: open})
	s.open[open]++
	s.depth++
	s.grew()
}

// pop closes the innermost frame opened by open, and any left open inside
// it; a closer without one is ignored.
func (s *nestScanner) pop(open byte) (closed nestFrame, ok bool) {
	if s.open[open] == 0 {
		return nestFrame{}, false
	}
	for j := len(s.frames) - 1; j >= 1 && j >= s.floor; j-- {
		if s.frames[j].open != open {
			continue
		}
		closed = s.frames[j]
		for k := len(s.frames) - 1; k >= j; k-- {
			s.depth -= 1 + s.frames[k].chain + s.frames[k].stmt
			s.open[s.frames[k].open]--
		}
		s.frames = s.frames[:j]
		return closed, true
	}
	return nestFrame{}, false
}

func (s *nestScanner) peek(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

// token scans one token of code.
func (s *nestScanner) token() {
	src := s.src
	c := src[s.i]
	switch {
	case c == '\n' || c == '\r':
		s.newline = true
		s.i++
		return
	case c == ' ' || c == '\t' || c == '\f' || c == '\v':
		s.i++
		return
	case c == '/' && s.peek(1) == '/':
		for s.i < len(src) && src[s.i] != '\n' && src[s.i] != '\r' {
			s.i++
		}
		return
	case c == '/' && s.peek(1) == '*':
		s.i += 2
		for s.i < len(src) && (src[s.i] != '*' || s.peek(1) != '/') {
			if src[s.i] == '\n' || src[s.i] == '\r' {
				s.newline = true
			}
			s.i++
		}
		s.i += 2
		return
	}

	word := ""
	if isIdentStart(c) {
		j := s.i
		for j < len(src) && IsIdentByte(src[j]) {
			j++
		}
		word = string(src[s.i:j])
	}
	s.settle(c, word)
	afterDot := s.afterDot
	s.afterDot = false

	switch {
	case word != "":
		s.i += len(word)
		s.keyword(word, afterDot)
	case c >= '0' && c <= '9' || c == '.' && s.peek(1) >= '0' && s.peek(1) <= '9':
		for s.i < len(src) && (IsIdentByte(src[s.i]) || src[s.i] == '.') {
			s.i++
		}
		s.operand = true
	case c == '"' || c == '\'':
		s.skipString(c)
		s.operand = true
	case c == '`':
		s.i++
		s.templateText()
	default:
		s.punct(c)
	}
}

// settle decides, at a token starting with c (word, when it is one),
// whether the `;` or line break before it ended the statement.
func (s *nestScanner) settle(c byte, word string) {
	cont := false
	switch word {
	case "else", "while", "catch", "finally", "instanceof", "in", "of", "as", "satisfies", "extends":
		cont = true
	case "":
		cont = continues(c)
	}
	if s.semi {
		s.semi = false
		if word == "else" || word == "while" {
			return // if (a) b; else ..., do a; while (b)
		}
		s.endStmt()
		s.newline = false
		return
	}
	if s.newline {
		s.newline = false
		if s.operand && !cont {
			s.endStmt()
		}
	}
}

// continues reports whether a token starting with c can continue the
// expression on the line before.
func continues(c byte) bool {
	switch c {
	case '.', '?', '(', '[', '`', '+', '-', '*', '/', '%', '=', '<', '>', '&', '|', '^', ',', ':', '!', ')', ']', '}', ';':
		return true
	}
	return false
}

// keyword handles an identifier or keyword.
func (s *nestScanner) keyword(word string, afterDot bool) {
	s.operand = true
	if afterDot {
		return
	}
	switch word {
	case "typeof", "void", "delete", "await", "new", "yield", "keyof", "infer", "readonly", "unique", "asserts":
		s.chain()
		s.operand = false
	case "else", "do":
		s.stmt()
		s.operand = false
	case "if", "for", "while", "with", "switch", "catch":
		s.nextHead = true
		s.operand = false
	case "return", "throw", "case", "in", "of", "instanceof", "extends", "export", "default",
		"let", "const", "var", "as", "satisfies", "is", "implements":
		s.operand = false
	}
}

// punct handles an operator or punctuator.
func (s *nestScanner) punct(c byte) {
	n := 1 // bytes of the token
	operand := false
	switch c {
	case '(':
		s.i++
		s.push('(')
		s.top().head = s.nextHead
		s.nextHead = false
		s.operand = false
		return
	case '[':
		s.i++
		s.push('[')
		s.operand = false
		return
	case '{':
		s.i++
		s.nextHead = false
		s.push('{')
		s.operand = false
		return
	case ')':
		s.i++
		closed, _ := s.pop('(')
		if closed.head {
			s.stmt() // if (...) and the like: the statement that follows nests
			s.operand = false
		} else {
			s.chain() // a call or a parenthesized operand
			s.operand = true
		}
		return
	case ']':
		s.i++
		s.pop('[')
		s.chain()
		s.operand = true
		return
	case '}':
		s.i++
		if s.top().open == '$' {
			s.pop('$')
			s.templateText()
			return
		}
		s.pop('{')
		s.operand = true
		return
	case ';':
		s.i++
		s.semi = true
		s.nextHead = false
		s.operand = false
		return
	case ',':
		s.i++
		s.endExpr()
		s.operand = false
		return
	case '.':
		if s.peek(1) == '.' && s.peek(2) == '.' {
			n = 3 // spread and rest
		} else {
			s.afterDot = true
		}
		s.chain()
	case '?':
		switch {
		case s.peek(1) == '.' && (s.peek(2) < '0' || s.peek(2) > '9'):
			n = 2
			s.afterDot = true
			s.chain()
		case s.peek(1) == '?' && s.peek(2) == '=':
			n = 3
			s.chain()
		case s.peek(1) == '?':
			n = 2
		default:
			s.chain()
		}
	case '=':
		switch {
		case s.peek(1) == '>':
			n = 2
			s.chain()
		case s.peek(1) == '=' && s.peek(2) == '=':
			n = 3
		case s.peek(1) == '=':
			n = 2
		default:
			s.chain()
		}
	case '!':
		switch {
		case s.peek(1) == '=' && s.peek(2) == '=':
			n = 3
		case s.peek(1) == '=':
			n = 2
		default:
			s.chain() // not, or TypeScript's non-null assertion
			operand = s.operand
		}
	case '~', ':':
		s.chain()
	case '+', '-':
		switch {
		case s.peek(1) == c:
			n = 2
			s.chain()
			operand = s.operand // x++ is an operand
		case s.peek(1) == '=':
			n = 2
			s.chain()
		case !s.operand:
			s.chain() // unary
		}
	case '*':
		switch {
		case s.peek(1) == '*' && s.peek(2) == '=':
			n = 3
			s.chain()
		case s.peek(1) == '*' || s.peek(1) == '=':
			n = 2
			s.chain()
		}
	case '%', '^':
		if s.peek(1) == '=' {
			n = 2
			s.chain()
		}
	case '&', '|':
		switch {
		case s.peek(1) == c && s.peek(2) == '=':
			n = 3
			s.chain()
		case s.peek(1) == c:
			n = 2
		case s.peek(1) == '=':
			n = 2
			s.chain()
		}
	case '/':
		if t := s.top(); t.open == '<' && !t.children && s.peek(1) == '>' {
			s.i += 2 // a self-closing JSX element
			s.pop('<')
			s.operand = true
			return
		}
		if !s.operand {
			s.regex()
			return
		}
		if s.peek(1) == '=' {
			n = 2
			s.chain()
		}
	case '<':
		if s.jsx && !s.operand {
			s.jsxTag()
			return
		}
		switch {
		case s.peek(1) == '<' && s.peek(2) == '=':
			n = 3
			s.chain()
		case s.peek(1) == '<' || s.peek(1) == '=':
			n = 2
		default:
			s.chain() // a comparison or a type argument list
		}
	case '>':
		if t := s.top(); t.open == '<' && !t.children {
			s.i++
			t.children = true // the end of a JSX opening tag
			return
		}
		for n < 4 && s.peek(n) == '>' {
			n++
		}
		if s.peek(n) == '=' {
			n++
			if n > 2 {
				s.chain() // >>= and >>>=
			}
		}
	}
	s.i += n
	s.operand = operand
}

// skipString skips a quoted string; one left open ends at the line break.
func (s *nestScanner) skipString(q byte) {
	src := s.src
	for s.i++; s.i < len(src); s.i++ {
		switch src[s.i] {
		case '\\':
			s.i++
		case q:
			s.i++
			return
		case '\n', '\r':
			return
		}
	}
}

// templateText skips a template's text up to its end or its next ${.
func (s *nestScanner) templateText() {
	src := s.src
	for ; s.i < len(src); s.i++ {
		switch src[s.i] {
		case '\\':
			s.i++
		case '`':
			s.i++
			s.chain() // a tagged template continues a chain
			s.operand = true
			return
		case '$':
			if s.peek(1) == '{' {
				s.i += 2
				s.push('$')
				s.operand = false
				return
			}
		}
	}
	if s.i > len(src) {
		s.i = len(src)
	}
}

// regex scans a regular expression (or what may be a division): its
// brackets count, those it leaves open stay open.
func (s *nestScanner) regex() {
	src := s.src
	floor := s.floor
	s.floor = len(s.frames)
	defer func() { s.floor = floor }()
	inClass := false
	for s.i++; s.i < len(src); s.i++ {
		switch c := src[s.i]; c {
		case '\\':
			s.i++
		case '\n', '\r':
			s.operand = true
			return
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '(':
			if !inClass {
				s.push('(')
			}
		case ')':
			if !inClass {
				s.pop('(')
			}
		case '/':
			if !inClass {
				s.i++
				for s.i < len(src) && IsIdentByte(src[s.i]) {
					s.i++ // flags
				}
				s.operand = true
				return
			}
		}
	}
	if s.i > len(src) {
		s.i = len(src)
	}
	s.operand = true
}

// jsxTag handles a '<' that starts a JSX opening or closing tag.
func (s *nestScanner) jsxTag() {
	if s.peek(1) == '/' {
		s.closeJSX()
		return
	}
	s.i++
	s.push('<')
	s.operand = false
}

// closeJSX skips a closing tag </name> and closes its element.
func (s *nestScanner) closeJSX() {
	for s.i < len(s.src) && s.src[s.i] != '>' {
		s.i++
	}
	s.i++
	s.pop('<')
	s.operand = true
}

// jsxChildren skips JSX text up to the next child element, closing tag or
// expression container.
func (s *nestScanner) jsxChildren() {
	src := s.src
	for ; s.i < len(src); s.i++ {
		switch src[s.i] {
		case '{':
			s.i++
			s.push('{')
			s.operand = false
			return
		case '<':
			s.jsxTag()
			return
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// errorAt is a *SyntaxError at offset.
func (f *File) errorAt(offset int, msg string) *SyntaxError {
	line, col := f.LineCol(offset)
	return &SyntaxError{Path: f.Path, Line: line, Col: col, Msg: msg}
}

// NestedTooDeep reports whether the parser will refuse src (named path)
// as nested more deeply than MaxNesting, from its text alone.
func NestedTooDeep(path string, src []byte) bool {
	ext := filepath.Ext(path)
	_, deep := checkNesting(src, ext != ".ts" && ext != ".mts" && ext != ".cts")
	return deep
}
