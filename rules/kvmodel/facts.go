package kvmodel

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvtypes"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// fileModel holds what the model knows of one file in one program: the
// facts of its own text (fileFacts, shared by every program over the same
// parse), what the type layer and the wrangler config add to them, and the
// memos of the questions "is this expression a KV namespace?" and "is it
// a Worker env?", answered on demand, so facts may be used before the code
// that establishes them (a method using a field set in a later
// constructor, a helper declared after its caller).
type fileModel struct {
	*fileFacts
	prog *Program
	f    *parser.File
	once sync.Once

	wrangler *config.Wrangler
	kvNames  map[string]bool // KV binding names from the wrangler config

	// typeParamsOn: some type the layer knows as KV may constrain a
	// function's generic parameters (else typeScope leaves them out).
	typeParamsOn bool

	// Declared types (the type layer), of symbols and of class fields;
	// what each class extends.
	symT     map[ast.Ref]kvtypes.T
	fieldT   map[*js_ast.Class]map[string]kvtypes.T
	heritage map[*js_ast.Class]kvtypes.T
	casts    sync.Map // end offset of an expression -> kvtypes.T of its cast

	typed       map[ast.Ref]fact         // from annotations or handler positions
	destructure map[ast.Ref]destructured // `const { KV: kv } = env`
	fieldType   map[*js_ast.Class]map[string]fact
	returnsKV   map[*Func]bool // the return type is annotated KVNamespace

	entryMemo     entryMemo
	symMemo       sync.Map // symKey -> result: memo.go
	missMemo      missMemo // missindex.go
	callersOnce   sync.Once
	callers       map[*Func][]*callSite
	summaryMemo   summaryMemo
	writesMemo    sync.Map // writesKey -> []paramWrite: rmw.go
	taintMemo     sync.Map // taintKey -> map[ast.Ref]bool: rmw.go
	returnedMemo  sync.Map // *Func -> []returnedRead: rmw.go
	readTaintMemo sync.Map // *Op -> map[ast.Ref]bool: flow.go
	callees       sync.Map // *js_ast.ECall -> calleeOf
	flowOnce      sync.Once
	flow          *valueflow.File // value flow (eval.go)
	flowHost      *flowHost
	flowFuncs     map[any]*Func
}

// fileFacts is what the one walk of a file (collector) learns from the
// file's own AST and text alone: nothing in it depends on another file,
// the type layer or the wrangler config, so a FactsCache keeps it for as
// long as the parse is the same. What the walk asks of the type layer is
// kept as steps, in walk order, that each program replays (fileModel.collect).
// It is never written after the walk.
type fileFacts struct {
	f *parser.File

	hasKVType bool // the text mentions KVNamespace
	hasCasts  bool // the text has `as` or `satisfies`

	// The generic parameters of each class.
	classScope map[*js_ast.Class][]parser.TypeParam

	// Declarations.
	init       map[ast.Ref]js_ast.Expr // initializer of a never-reassigned variable
	reassigned map[ast.Ref]bool
	params     map[ast.Ref]paramSite
	funcs      map[ast.Ref]*Func
	calls      map[ast.Ref][][]js_ast.Expr // arguments at each call (or new) of a local function or class
	escapes    map[ast.Ref]bool            // function used other than by calling it

	// Classes.
	thisClass map[int32]*js_ast.Class // `this` at offset -> its class
	fields    map[*js_ast.Class]map[string][]js_ast.Expr
	// kvUsedField holds the fields some method calls with a KV-only
	// signature (this.kv.getWithMetadata(k)).
	kvUsedField map[methodKey]bool
	// memberAlias names the member a local is declared as (`const kv =
	// env.SESSION`, `const { SESSION: kv } = env`): a KV-only call on the
	// local is evidence about that member.
	memberAlias map[ast.Ref]string

	// Module level.
	exports map[string]ast.Ref // exported name -> local symbol

	classRef     map[*js_ast.Class]ast.Ref // a class's name symbol
	methods      map[methodKey]*Func
	importedNews []importedNew // `new C(...)` of an imported class
	kvEvidence   []string      // names used with a KV-only call signature

	// Functions, in walk order, and the function of each call.
	Funcs     []*Func
	callOrder []callSite
	callFn    map[*js_ast.ECall]*Func
	loops     map[*js_ast.ECall]int

	// steps are the walk's questions to the type layer (and the facts
	// that depend on their answers), in walk order.
	steps []func(m *fileModel)

	// During the walk only.
	pendingArrows map[*js_ast.EArrow]ast.Ref
	pendingFns    map[*js_ast.Fn]ast.Ref
}

type methodKey struct {
	class *js_ast.Class
	name  string
}

type importedNew struct {
	ref  ast.Ref
	args []js_ast.Expr
}

type callSite struct {
	expr js_ast.Expr
	call *js_ast.ECall
	fn   *Func // enclosing function
	// parents are the nodes enclosing the call, outermost first.
	parents []any
}

type fact uint8

const (
	factNone fact = iota
	factKV
	factEnv
	factOther
)

type destructured struct {
	source js_ast.Expr
	key    string
	keyAt  int32       // offset of the key in the pattern
	def    js_ast.Expr // the pattern's default value, if any
}

type paramSite struct {
	fn    *Func
	index int
}

// handlerNames are the module-worker and Durable Object entry points whose
// second parameter is the env.
var handlerNames = map[string]bool{"fetch": true, "scheduled": true, "queue": true, "email": true, "tail": true, "trace": true}

func (m *fileModel) collect() {
	f := m.f
	m.wrangler = m.prog.Wrangler(f.Path)
	if m.wrangler != nil {
		m.kvNames = m.wrangler.KVNames()
	}
	m.fileFacts = m.prog.Facts.facts(f)
	types := m.prog.Types
	m.typeParamsOn = f.MentionsKV || len(types.KVNames(nil)) > 0 || len(types.KVNames(m.wrangler)) > 0
	m.symT = map[ast.Ref]kvtypes.T{}
	m.fieldT = map[*js_ast.Class]map[string]kvtypes.T{}
	m.heritage = map[*js_ast.Class]kvtypes.T{}
	m.typed = map[ast.Ref]fact{}
	m.destructure = map[ast.Ref]destructured{}
	m.fieldType = map[*js_ast.Class]map[string]fact{}
	m.returnsKV = map[*Func]bool{}
	for _, step := range m.steps {
		step(m)
	}
}

// collectFacts walks f once for its fileFacts.
func collectFacts(f *parser.File) *fileFacts {
	ff := &fileFacts{
		f:           f,
		hasKVType:   bytes.Contains(f.Src, []byte("KVNamespace")),
		hasCasts:    bytes.Contains(f.Src, []byte(" as ")) || bytes.Contains(f.Src, []byte("satisfies")),
		classScope:  map[*js_ast.Class][]parser.TypeParam{},
		init:        map[ast.Ref]js_ast.Expr{},
		reassigned:  map[ast.Ref]bool{},
		params:      map[ast.Ref]paramSite{},
		funcs:       map[ast.Ref]*Func{},
		calls:       map[ast.Ref][][]js_ast.Expr{},
		classRef:    map[*js_ast.Class]ast.Ref{},
		escapes:     map[ast.Ref]bool{},
		thisClass:   map[int32]*js_ast.Class{},
		fields:      map[*js_ast.Class]map[string][]js_ast.Expr{},
		kvUsedField: map[methodKey]bool{},
		memberAlias: map[ast.Ref]string{},
		exports:     map[string]ast.Ref{},
		callFn:      map[*js_ast.ECall]*Func{},
		loops:       map[*js_ast.ECall]int{},
	}
	if !f.Parsed() {
		return ff
	}
	factWalks.Add(1)
	w := &collector{m: ff}
	parser.WalkAST(w, &f.AST)
	ff.pendingArrows, ff.pendingFns = nil, nil
	// Methods (or arrow functions held by class fields) by class and name,
	// the first declared winning.
	ff.methods = map[methodKey]*Func{}
	for _, fn := range ff.Funcs {
		if fn.Class != nil && fn.Parent == nil {
			k := methodKey{fn.Class, fn.Name}
			if ff.methods[k] == nil {
				ff.methods[k] = fn
			}
		}
	}
	for name, ref := range f.AST.NamedExports {
		ff.exports[name] = f.Resolve(ref.Ref)
	}
	return ff
}

// factWalks counts the walks of parsed files for their fileFacts (the tests
// check that a cache spares those of unchanged files).
var factWalks atomic.Int64

// FactsCache keeps each parsed file's fileFacts between runs (of an
// editor's language server, say), keyed by the parse: a program over an
// unchanged *parser.File reuses them, and only what depends on the other
// files, the type layer and the configs is computed again. A nil
// *FactsCache keeps nothing. It is safe for concurrent use.
type FactsCache struct {
	mu sync.Mutex
	m  map[*parser.File]*fileFacts
}

// facts returns f's facts, walking f only when the cache has none.
func (c *FactsCache) facts(f *parser.File) *fileFacts {
	if c == nil || !f.Parsed() {
		return collectFacts(f) // (a scan has no facts to keep)
	}
	c.mu.Lock()
	ff := c.m[f]
	c.mu.Unlock()
	if ff != nil {
		return ff
	}
	ff = collectFacts(f)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[f]; old != nil {
		return old // another program walked it meanwhile
	}
	if c.m == nil {
		c.m = map[*parser.File]*fileFacts{}
	}
	c.m[f] = ff
	return ff
}

// Forget drops what the cache holds for a parse the caller no longer uses.
func (c *FactsCache) Forget(f *parser.File) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, f)
}

// Len reports how many files' facts the cache holds.
func (c *FactsCache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// declared resolves a type annotated on a binding or member (the walk
// reads it: parser.File.TypeAt) as the type layer does where the generic
// parameters of scope are visible.
func (m *fileModel) declared(typ *parser.Type, scope kvtypes.Scope) (fact, kvtypes.T) {
	t := m.prog.Types.Of(m.f, typ, scope)
	return kindFact(t.Kind()), t
}

func kindFact(k kvtypes.Kind) fact {
	switch k {
	case kvtypes.KV:
		return factKV
	case kvtypes.Env:
		return factEnv
	case kvtypes.Other:
		return factOther
	}
	return factNone
}

// typeScope returns the generic parameters visible in fn (nil: top level).
func (m *fileModel) typeScope(fn *Func) kvtypes.Scope {
	var s kvtypes.Scope
	for ; fn != nil; fn = fn.Parent {
		if m.typeParamsOn && len(fn.typeParams) > 0 {
			s = append(kvtypes.Scope{fn.typeParams}, s...)
		}
		if fn.Parent == nil && fn.Class != nil {
			s = append(kvtypes.Scope{m.classScope[fn.Class]}, s...)
		}
	}
	return s
}

// collector is the one walk over a file that gathers its facts.
type collector struct {
	m     *fileFacts
	fn    *Func         // innermost function
	class *js_ast.Class // class whose `this` is in scope
	loop  int           // loops enclosing the current point, within fn
	stack []any         // open nodes

	// snap is a copy of the stack whose first same entries still equal
	// it: call sites share it for their parents (see parents).
	snap []any
	same int
}

// parents returns the open nodes but the last, for a call site. Calls
// nested in one another share one copy, extended as the walk goes deeper,
// so a chain of nested calls costs its length, not its length squared.
func (c *collector) parents() []any {
	n := len(c.stack) - 1
	if c.same < n {
		if c.same < len(c.snap) {
			c.snap = append([]any(nil), c.stack...)
		} else {
			c.snap = append(c.snap, c.stack[len(c.snap):]...)
		}
		c.same = len(c.stack)
	}
	return c.snap[:n:n]
}

func (c *collector) Visit(node any) parser.Visitor {
	m := c.m
	if node == nil {
		top := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		c.same = min(c.same, len(c.stack))
		c.leave(top)
		return nil
	}
	c.stack = append(c.stack, node)
	switch n := node.(type) {
	case *js_ast.Stmt:
		switch s := n.Data.(type) {
		case *js_ast.SFunction:
			fn := c.enterFunc(&s.Fn, nil, nameOf(m.f, s.Fn.Name))
			if s.Fn.Name != nil {
				ref := m.f.Resolve(s.Fn.Name.Ref)
				m.funcs[ref] = fn
				fn.Ref = ref
				c.params(fn, s.Fn.Args)
			}
		case *js_ast.SLocal:
			for i := range s.Decls {
				c.decl(s.Kind, &s.Decls[i])
			}
		case *js_ast.SClass:
			if s.Class.Name != nil {
				m.classRef[&s.Class] = m.f.Resolve(s.Class.Name.Ref)
			}
		case *js_ast.SFor, *js_ast.SForIn, *js_ast.SForOf, *js_ast.SWhile, *js_ast.SDoWhile:
			c.loop++
		case *js_ast.SReturn:
			if c.fn != nil && s.ValueOrNil.Data != nil {
				c.fn.returns = append(c.fn.returns, s.ValueOrNil)
			}
		}
	case *js_ast.Fn:
		// Methods and function expressions reach here without a statement.
		if c.fn == nil || c.fn.Node != any(n) {
			c.enterFunc(n, nil, c.pendingName())
			c.params(c.fn, n.Args)
		}
	case *js_ast.Class:
		c.class = n
		m.classTypes(n)
	case *js_ast.Property:
		c.property(n)
	case *js_ast.Expr:
		c.expr(n)
	}
	return c
}

func (c *collector) leave(node any) {
	switch n := node.(type) {
	case *js_ast.Stmt:
		switch n.Data.(type) {
		case *js_ast.SFor, *js_ast.SForIn, *js_ast.SForOf, *js_ast.SWhile, *js_ast.SDoWhile:
			c.loop--
		}
	case *js_ast.Fn:
		if c.fn != nil && c.fn.Node == any(n) {
			c.leaveFunc()
		}
	case *js_ast.Class:
		c.class = c.outerClass()
	case *js_ast.Expr:
		switch x := n.Data.(type) {
		case *js_ast.EArrow:
			c.leaveFunc()
		case *js_ast.ECall:
			// Array callbacks (forEach, map, ...) run per element: a loop.
			if isIterationCall(x) {
				c.loop--
			}
		}
	}
}

func (c *collector) outerClass() *js_ast.Class {
	for i := len(c.stack) - 1; i >= 0; i-- {
		if cl, ok := c.stack[i].(*js_ast.Class); ok {
			return cl
		}
	}
	return nil
}

// pendingName names a function expression from where it stands: the key
// of the property or method it is the value of, or the variable it
// initializes.
func (c *collector) pendingName() string {
	for i := len(c.stack) - 2; i >= 0; i-- {
		switch n := c.stack[i].(type) {
		case *js_ast.Property:
			name, _ := c.m.memberKey(n.Key)
			return name
		case *js_ast.Stmt:
			if l, ok := n.Data.(*js_ast.SLocal); ok {
				for _, d := range l.Decls {
					if b, ok := d.Binding.Data.(*js_ast.BIdentifier); ok && d.ValueOrNil.Data != nil {
						return c.m.f.Name(b.Ref)
					}
				}
			}
			if _, ok := n.Data.(*js_ast.SExportDefault); ok {
				return "default"
			}
			return ""
		case *js_ast.Expr:
			switch x := n.Data.(type) {
			case *js_ast.EBinary:
				if x.Op == js_ast.BinOpAssign {
					if d, ok := x.Left.Data.(*js_ast.EDot); ok {
						return d.Name
					}
					if id, ok := x.Left.Data.(*js_ast.EIdentifier); ok {
						return c.m.f.Name(id.Ref)
					}
				}
				return ""
			case *js_ast.EFunction, *js_ast.EArrow:
				continue
			default:
				return ""
			}
		}
	}
	return ""
}

func (c *collector) enterFunc(node any, arrow *js_ast.EArrow, name string) *Func {
	fn := &Func{Node: node, Name: name, Parent: c.fn, Ref: ast.InvalidRef, outerLoop: c.loop, outerClass: c.class}
	if arrow != nil {
		fn.Arrow = true
		fn.Async = arrow.IsAsync
	} else if f, ok := node.(*js_ast.Fn); ok {
		fn.Async = f.IsAsync
	}
	c.m.Funcs = append(c.m.Funcs, fn)
	c.fn = fn
	c.loop = 0
	if arrow == nil {
		// A non-arrow function binds its own `this`: the class is only in
		// scope for methods, which are the direct values of class members.
		if !c.isClassMember() {
			c.class = nil
		}
	}
	fn.Class = c.class
	fn.typeParams = c.m.funcTypeParams(node, arrow)
	fn.ArgOf = c.argOf()
	if ret := c.m.returnType(node, arrow); ret != nil {
		c.m.step(func(m *fileModel) {
			if m.returnsKVType(fn, ret) {
				m.returnsKV[fn] = true
			}
		})
	}
	return fn
}

// step adds a question to the type layer to the facts (see fileFacts).
func (m *fileFacts) step(f func(m *fileModel)) { m.steps = append(m.steps, f) }

// returnType reads a function's return type annotation, which esbuild
// drops, from the text between its parameters and its body: `):
// KVNamespace {`, `): Store {`, `): Promise<KVNamespace | undefined> {`
// (the promise's type argument).
func (m *fileFacts) returnType(node any, arrow *js_ast.EArrow) *parser.Type {
	var from, body int
	switch {
	case arrow != nil:
		from, body = int(node.(*js_ast.Expr).Loc.Start), int(arrow.Body.Loc.Start)
	default:
		fn, ok := node.(*js_ast.Fn)
		if !ok {
			return nil
		}
		from, body = int(fn.OpenParenLoc.Start), int(fn.Body.Loc.Start)
	}
	src := m.f.Src
	if from < 0 || body > len(src) || from >= body {
		return nil
	}
	seg := src[from:body]
	paren := bytes.LastIndexByte(seg, ')')
	if paren < 0 {
		return nil
	}
	ret := seg[paren+1:]
	colon := bytes.IndexByte(ret, ':')
	if colon < 0 {
		return nil
	}
	t := parser.ReadType(m.f.Text, from+paren+1+colon+1)
	if t != nil && len(t.Terms) == 1 && t.Terms[0].Name == "Promise" && len(t.Terms[0].Args) == 1 {
		t = t.Terms[0].Args[0]
	}
	return t
}

// returnsKVType asks the type layer whether a function's return type
// (returnType) is KV.
func (m *fileModel) returnsKVType(f *Func, ret *parser.Type) bool {
	if !m.hasKVType && len(m.prog.Types.KVNames(nil)) == 0 && len(m.prog.Types.KVNames(m.wrangler)) == 0 {
		return false
	}
	return m.prog.Types.Of(m.f, ret, m.typeScope(f)).Kind() == kvtypes.KV
}

// funcTypeParams reads a function's generic parameters, which esbuild
// drops, from the `<...>` just before its parameter list (typeScope leaves
// them out where no type the layer knows as KV can constrain them).
func (m *fileFacts) funcTypeParams(node any, arrow *js_ast.EArrow) []parser.TypeParam {
	var from, paren int
	switch {
	case arrow != nil:
		from = int(node.(*js_ast.Expr).Loc.Start)
		if bytes.HasPrefix(m.f.Src[from:], []byte("async")) {
			from += len("async")
		}
		for from < len(m.f.Src) && isBlank(m.f.Src[from]) {
			from++
		}
		if from >= len(m.f.Src) || m.f.Src[from] != '<' {
			return nil
		}
		paren = int(arrow.Body.Loc.Start)
	default:
		fn, ok := node.(*js_ast.Fn)
		if !ok {
			return nil
		}
		paren = int(fn.OpenParenLoc.Start)
		from = paren
		// Back over `<...>`: the '>' just before the '(' and its '<'.
		i := paren - 1
		for i >= 0 && (m.f.Src[i] == ' ' || m.f.Src[i] == '\t') {
			i--
		}
		if i < 0 || m.f.Src[i] != '>' {
			return nil
		}
		depth := 0
		for ; i >= 0 && paren-i < 4096; i-- {
			switch m.f.Src[i] {
			case '>':
				if i == 0 || m.f.Src[i-1] != '=' {
					depth++
				}
			case '<':
				if depth--; depth == 0 {
					from = i
				}
			}
			if depth == 0 {
				break
			}
		}
	}
	if from >= paren {
		return nil
	}
	return m.f.TypeParamsIn(from, paren)
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// classTypes reads a class's generic parameters and the type it extends
// (`extends DurableObject<Env>`: its `this.env` is an Env).
func (m *fileFacts) classTypes(cl *js_ast.Class) {
	if _, done := m.classScope[cl]; done {
		return
	}
	f := m.f
	var ps []parser.TypeParam
	if cl.Name != nil {
		end := int(cl.Name.Loc.Start) + len(f.Name(cl.Name.Ref))
		if end < len(f.Src) && f.Src[end] == '<' {
			ps = f.TypeParamsIn(end, int(cl.BodyLoc.Start))
		}
	}
	m.classScope[cl] = ps
	ext := cl.ExtendsOrNil
	if ext.Data == nil {
		return
	}
	var name string
	switch x := ext.Data.(type) {
	case *js_ast.EIdentifier:
		name = f.Name(x.Ref)
	case *js_ast.EImportIdentifier:
		name = f.Name(x.Ref)
		if imp, ok := f.Imports[f.Resolve(x.Ref)]; ok && imp.Alias != "*" && imp.Alias != "default" {
			name = imp.Alias
		}
	case *js_ast.EDot:
		name = x.Name
	default:
		return
	}
	args := f.TypeArgsAt(f.ExprEnd(ext))
	if len(args) == 0 {
		return
	}
	t := &parser.Type{Terms: []parser.TypeTerm{{Name: name, Args: args}}}
	m.step(func(m *fileModel) { m.heritage[cl] = m.prog.Types.Of(f, t, kvtypes.Scope{ps}) })
}

// argOf returns the call a function expression is passed to, if any.
func (c *collector) argOf() *js_ast.ECall {
	if len(c.stack) < 2 {
		return nil
	}
	if p, ok := c.stack[len(c.stack)-2].(*js_ast.Expr); ok {
		if call, ok := p.Data.(*js_ast.ECall); ok {
			return call
		}
	}
	return nil
}

func (c *collector) isClassMember() bool {
	// stack: ... Class, Property, (Expr EFunction), Fn
	for i := len(c.stack) - 2; i >= 0; i-- {
		switch c.stack[i].(type) {
		case *js_ast.Property:
			if i > 0 {
				_, ok := c.stack[i-1].(*js_ast.Class)
				return ok
			}
			return false
		case *js_ast.Expr:
			continue
		default:
			return false
		}
	}
	return false
}

func (c *collector) leaveFunc() {
	fn := c.fn
	c.fn = fn.Parent
	c.loop = fn.outerLoop
	c.class = fn.outerClass
}

// params records parameter facts: annotations, the env position of
// handlers, and the function each parameter belongs to.
func (c *collector) params(fn *Func, args []js_ast.Arg) {
	m := c.m
	fn.Params = fn.Params[:0]
	for i := range args {
		b := args[i].Binding
		switch d := b.Data.(type) {
		case *js_ast.BIdentifier:
			ref := m.f.Resolve(d.Ref)
			fn.Params = append(fn.Params, ref)
			m.params[ref] = paramSite{fn: fn, index: i}
			typ := m.f.TypeAt(int(b.Loc.Start))
			var route *parser.Type
			if i == 0 && fn.ArgOf != nil {
				route = m.routeType(fn.ArgOf)
			}
			env := i == 1 && handlerNames[fn.Name] || m.f.Name(ref) == "env"
			if typ == nil && route == nil && !env {
				continue // nothing to ask nor to say
			}
			m.step(func(m *fileModel) {
				ft, t := m.declared(typ, m.typeScope(fn))
				if !t.Valid() && route != nil {
					t = m.routeContext(route)
				}
				if t.Valid() {
					m.symT[ref] = t
				}
				if ft != factNone {
					m.typed[ref] = ft
				} else if env {
					m.typed[ref] = factEnv
				}
			})
		case *js_ast.BObject:
			fn.Params = append(fn.Params, ast.InvalidRef)
			// `({ env }) => env.KV` (Pages functions, framework contexts) and
			// `fetch(req, { KV })`.
			envPos := i == 1 && handlerNames[fn.Name]
			typ := m.f.TypeAt(int(b.Loc.Start))
			type prop struct {
				key   string
				keyAt int32
				ref   ast.Ref
			}
			var props []prop
			for _, p := range d.Properties {
				key, ok := KeyName(p.Key)
				id, isID := p.Value.Data.(*js_ast.BIdentifier)
				if !ok || !isID || p.IsSpread {
					continue
				}
				props = append(props, prop{key, p.Key.Loc.Start, m.f.Resolve(id.Ref)})
			}
			if len(props) == 0 {
				continue
			}
			m.step(func(m *fileModel) {
				_, pt := m.declared(typ, m.typeScope(fn))
				for _, p := range props {
					// `({ kv }: Opts)`: the member's declared type.
					if mt := pt.Member(p.key); mt.Valid() {
						m.symT[p.ref] = mt
						if ft := kindFact(mt.Kind()); ft != factNone {
							m.typed[p.ref] = ft
							continue
						}
					}
					switch {
					case envPos:
						m.destructure[p.ref] = destructured{source: js_ast.Expr{Data: &envMarker{}}, key: p.key, keyAt: p.keyAt}
					case p.key == "env":
						m.typed[p.ref] = factEnv
					}
				}
			})
		default:
			fn.Params = append(fn.Params, ast.InvalidRef)
		}
	}
}

// routeType reads the context type of a handler passed to call (Hono's
// `app.get(path, (c) => ...)`, `createMiddleware<E>((c, next) => ...)`):
// a Context of the type argument given to the callee, or to the `new
// Hono<E>()` the receiver was made by (nil: none).
func (m *fileFacts) routeType(call *js_ast.ECall) *parser.Type {
	f := m.f
	args := f.TypeArgsAt(f.ExprEnd(call.Target))
	if len(args) == 0 {
		if d, ok := call.Target.Data.(*js_ast.EDot); ok {
			if id, ok := d.Target.Data.(*js_ast.EIdentifier); ok {
				if init, ok := m.initOf(id.Ref); ok {
					if n, ok := init.Data.(*js_ast.ENew); ok {
						args = f.TypeArgsAt(f.ExprEnd(n.Target))
					}
				}
			}
		}
	}
	if len(args) == 0 {
		return nil
	}
	return &parser.Type{Terms: []parser.TypeTerm{{Name: "Context", Args: args[:1]}}}
}

// routeContext types the context parameter of a handler (routeType). The
// zero T when that type's argument carries no env.
func (m *fileModel) routeContext(route *parser.Type) kvtypes.T {
	if !m.hasKVType && len(m.prog.Types.KVNames(nil)) == 0 && len(m.prog.Types.KVNames(m.wrangler)) == 0 {
		return kvtypes.T{}
	}
	t := m.prog.Types.Of(m.f, route, nil)
	if !t.Member("env").Valid() {
		return kvtypes.T{}
	}
	return t
}

// envMarker stands for an env value the code never names (a destructured
// handler parameter).
type envMarker struct{ js_ast.EMissing }

func (c *collector) decl(kind js_ast.LocalKind, d *js_ast.Decl) {
	m := c.m
	switch b := d.Binding.Data.(type) {
	case *js_ast.BIdentifier:
		ref := m.f.Resolve(b.Ref)
		if typ := m.f.TypeAt(int(d.Binding.Loc.Start)); typ != nil {
			fn := c.fn
			m.step(func(m *fileModel) {
				ft, t := m.declared(typ, m.typeScope(fn))
				if t.Valid() {
					m.symT[ref] = t
				}
				if ft != factNone {
					m.typed[ref] = ft
				}
			})
		}
		if d.ValueOrNil.Data != nil {
			m.init[ref] = d.ValueOrNil
			switch v := d.ValueOrNil.Data.(type) {
			case *js_ast.EDot:
				m.memberAlias[ref] = v.Name
			case *js_ast.EArrow:
				m.pendingArrow(ref, v)
			case *js_ast.EFunction:
				m.pendingFn(ref, &v.Fn)
			}
		}
	case *js_ast.BObject:
		if d.ValueOrNil.Data == nil {
			return
		}
		for _, p := range b.Properties {
			key, ok := KeyName(p.Key)
			id, isID := p.Value.Data.(*js_ast.BIdentifier)
			if !ok || !isID || p.IsSpread {
				continue
			}
			// A step, as the destructured parameters are: the last one
			// written wins.
			ref, ds := m.f.Resolve(id.Ref), destructured{source: d.ValueOrNil, key: key, keyAt: p.Key.Loc.Start, def: p.DefaultValueOrNil}
			switch d.ValueOrNil.Data.(type) {
			case *js_ast.EIdentifier, *js_ast.EDot:
				m.memberAlias[ref] = key
			}
			m.step(func(m *fileModel) { m.destructure[ref] = ds })
		}
	}
}

// Arrow and function expressions bound to a variable are named after it and
// reachable through its symbol; the walk meets the variable first.
func (m *fileFacts) pendingArrow(ref ast.Ref, a *js_ast.EArrow) {
	if m.pendingArrows == nil {
		m.pendingArrows = map[*js_ast.EArrow]ast.Ref{}
	}
	m.pendingArrows[a] = ref
}

func (m *fileFacts) pendingFn(ref ast.Ref, fn *js_ast.Fn) {
	if m.pendingFns == nil {
		m.pendingFns = map[*js_ast.Fn]ast.Ref{}
	}
	m.pendingFns[fn] = ref
}

func (c *collector) property(p *js_ast.Property) {
	cl := c.outerClassOf(p)
	if cl == nil {
		return
	}
	key, ok := c.m.memberKey(p.Key)
	if !ok {
		return
	}
	if typ := c.m.f.TypeAt(int(p.Key.Loc.Start)); typ != nil {
		c.m.step(func(m *fileModel) {
			ft, t := m.declared(typ, kvtypes.Scope{m.classScope[cl]})
			if t.Valid() {
				if m.fieldT[cl] == nil {
					m.fieldT[cl] = map[string]kvtypes.T{}
				}
				m.fieldT[cl][key] = t
			}
			if ft != factNone {
				m.setFieldType(cl, key, ft)
			}
		})
	}
	if p.Kind == js_ast.PropertyField && p.InitializerOrNil.Data != nil {
		c.m.addField(cl, key, p.InitializerOrNil)
	}
}

func (c *collector) outerClassOf(p *js_ast.Property) *js_ast.Class {
	if len(c.stack) >= 2 {
		if cl, ok := c.stack[len(c.stack)-2].(*js_ast.Class); ok {
			return cl
		}
	}
	return nil
}

func (m *fileModel) setFieldType(cl *js_ast.Class, key string, ft fact) {
	if m.fieldType[cl] == nil {
		m.fieldType[cl] = map[string]fact{}
	}
	m.fieldType[cl][key] = ft
}

func (m *fileFacts) addField(cl *js_ast.Class, key string, v js_ast.Expr) {
	if m.fields[cl] == nil {
		m.fields[cl] = map[string][]js_ast.Expr{}
	}
	m.fields[cl][key] = append(m.fields[cl][key], v)
}

func (c *collector) expr(e *js_ast.Expr) {
	m := c.m
	switch x := e.Data.(type) {
	case *js_ast.EArrow:
		ref, named := m.pendingArrows[x]
		name := ""
		if named {
			name = m.f.Name(ref)
		} else {
			name = c.pendingName()
		}
		fn := c.enterFunc(e, x, name)
		if named {
			fn.Ref = ref
			m.funcs[ref] = fn
		}
		c.params(fn, x.Args)
	case *js_ast.EFunction:
		ref, named := m.pendingFns[&x.Fn]
		name := c.pendingName()
		if x.Fn.Name != nil {
			name = m.f.Name(x.Fn.Name.Ref)
		} else if named {
			name = m.f.Name(ref)
		}
		fn := c.enterFunc(&x.Fn, nil, name)
		if named {
			fn.Ref = ref
			m.funcs[ref] = fn
		}
		if name == "constructor" && fn.Class != nil {
			// `new C(args)` calls the constructor: link it to the class.
			if ref, ok := m.classRef[fn.Class]; ok {
				fn.Ref = ref
				m.funcs[ref] = fn
			}
		}
		c.params(fn, x.Fn.Args)
	case *js_ast.ENew:
		switch t := x.Target.Data.(type) {
		case *js_ast.EIdentifier:
			ref := m.f.Resolve(t.Ref)
			m.calls[ref] = append(m.calls[ref], x.Args)
		case *js_ast.EImportIdentifier:
			m.importedNews = append(m.importedNews, importedNew{ref: t.Ref, args: x.Args})
		}
	case *js_ast.EClass:
		if x.Class.Name != nil {
			m.classRef[&x.Class] = m.f.Resolve(x.Class.Name.Ref)
		} else if len(c.stack) >= 2 {
			if st, ok := c.stack[len(c.stack)-2].(*js_ast.Stmt); ok {
				if l, ok := st.Data.(*js_ast.SLocal); ok && len(l.Decls) == 1 {
					if b, ok := l.Decls[0].Binding.Data.(*js_ast.BIdentifier); ok {
						m.classRef[&x.Class] = m.f.Resolve(b.Ref)
					}
				}
			}
		}
	case *js_ast.EThis:
		if c.class != nil {
			m.thisClass[e.Loc.Start] = c.class
		}
	case *js_ast.EBinary:
		if x.Op >= js_ast.BinOpAssign {
			if l, ok := x.Left.Data.(*js_ast.EIdentifier); ok {
				m.reassigned[m.f.Resolve(l.Ref)] = true
			} else if _, name, ok := m.thisMember(x.Left); ok && c.class != nil && x.Op == js_ast.BinOpAssign {
				m.addField(c.class, name, x.Right)
			}
		}
	case *js_ast.EUnary:
		if x.Op >= js_ast.UnOpPreDec && x.Op <= js_ast.UnOpPostInc {
			if id, ok := x.Value.Data.(*js_ast.EIdentifier); ok {
				m.reassigned[m.f.Resolve(id.Ref)] = true
			}
		}
	case *js_ast.ECall:
		if name, ok := kvOnlyUse(m.f, x, m.memberAlias); ok {
			m.kvEvidence = append(m.kvEvidence, name)
			if d, ok := x.Target.Data.(*js_ast.EDot); ok && c.class != nil {
				if _, field, ok := m.thisMember(d.Target); ok {
					m.kvUsedField[methodKey{c.class, field}] = true
				}
			}
		}
		m.callFn[x] = c.fn
		m.callOrder = append(m.callOrder, callSite{expr: *e, call: x, fn: c.fn, parents: c.parents()})
		m.loops[x] = c.loop
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok {
			ref := m.f.Resolve(id.Ref)
			m.calls[ref] = append(m.calls[ref], x.Args)
		}
		if isIterationCall(x) {
			c.loop++
		}
	case *js_ast.EIdentifier:
		// A function used as a value (passed, exported, stored) may be
		// called from places this file does not show.
		if !c.isCallee(e) {
			m.escapes[m.f.Resolve(x.Ref)] = true
		}
	}
}

// isCallee reports whether e, the node on top of the stack, is the callee of
// the call below it.
func (c *collector) isCallee(e *js_ast.Expr) bool {
	if len(c.stack) < 2 {
		return false
	}
	if p, ok := c.stack[len(c.stack)-2].(*js_ast.Expr); ok {
		switch call := p.Data.(type) {
		case *js_ast.ECall:
			return call.Target.Data == e.Data
		case *js_ast.ENew:
			return call.Target.Data == e.Data
		}
	}
	return false
}

// iterationMethods are the array methods whose callback runs per element.
var iterationMethods = map[string]bool{"forEach": true, "map": true, "flatMap": true, "filter": true, "reduce": true, "some": true, "every": true, "find": true}

func isIterationCall(call *js_ast.ECall) bool {
	d, ok := call.Target.Data.(*js_ast.EDot)
	if !ok || !iterationMethods[d.Name] || len(call.Args) == 0 {
		return false
	}
	switch call.Args[0].Data.(type) {
	case *js_ast.EArrow, *js_ast.EFunction:
		return true
	}
	return false
}

// KeyName returns the name of a non-computed property or pattern key.
func KeyName(k js_ast.Expr) (string, bool) {
	if s, ok := k.Data.(*js_ast.EString); ok {
		return helpers.UTF16ToString(s.Value), true
	}
	return "", false
}

// memberKey returns the name of a class member's key: a plain name, or a
// private one with its "#" ("#cache").
func (m *fileFacts) memberKey(k js_ast.Expr) (string, bool) {
	if p, ok := k.Data.(*js_ast.EPrivateIdentifier); ok {
		return m.f.Name(p.Ref), true
	}
	return KeyName(k)
}

// thisMember recognizes a member of `this`: `this.x` (name "x") or
// `this.#x` (name "#x"). It returns the `this` expression and the name.
func (m *fileFacts) thisMember(e js_ast.Expr) (this js_ast.Expr, name string, ok bool) {
	switch x := e.Data.(type) {
	case *js_ast.EDot:
		if _, ok := x.Target.Data.(*js_ast.EThis); ok {
			return x.Target, x.Name, true
		}
	case *js_ast.EIndex:
		if p, ok := x.Index.Data.(*js_ast.EPrivateIdentifier); ok {
			if _, ok := x.Target.Data.(*js_ast.EThis); ok {
				return x.Target, m.f.Name(p.Ref), true
			}
		}
	}
	return js_ast.Expr{}, "", false
}

func nameOf(f *parser.File, r *ast.LocRef) string {
	if r == nil {
		return ""
	}
	return f.Name(r.Ref)
}

// kvOnlyUse recognizes a call that only a KV namespace answers, and returns
// the name of its receiver (X in env.X.getWithMetadata(k), a global X, or
// the member a local was declared as: X for kv in `const kv = env.X`):
// getWithMetadata; get with a "text"/"json"/"arrayBuffer"/"stream" type or
// a { type } / { cacheTtl } option; put with expiration, expirationTtl or
// metadata. R2 buckets, Durable Object namespaces and the Cache API have no
// such signatures.
func kvOnlyUse(f *parser.File, call *js_ast.ECall, alias map[ast.Ref]string) (string, bool) {
	d, ok := call.Target.Data.(*js_ast.EDot)
	if !ok {
		return "", false
	}
	var name string
	switch r := d.Target.Data.(type) {
	case *js_ast.EDot:
		name = r.Name
	case *js_ast.EIdentifier:
		if f.IsUnbound(r.Ref) {
			name = f.Name(r.Ref)
		} else if n, ok := alias[f.Resolve(r.Ref)]; ok {
			name = n
		} else {
			return "", false
		}
	case *js_ast.EIndex:
		n, ok := KeyName(r.Index)
		if !ok {
			return "", false
		}
		name = n
	default:
		return "", false
	}
	arg := func(i int) js_ast.E {
		if i < len(call.Args) {
			return call.Args[i].Data
		}
		return nil
	}
	hasKey := func(e js_ast.E, keys ...string) bool {
		obj, ok := e.(*js_ast.EObject)
		if !ok {
			return false
		}
		for _, k := range keys {
			if p, _ := Property(obj, k); p != nil {
				return true
			}
		}
		return false
	}
	switch d.Name {
	case GetWithMetadata:
		return name, true
	case Get:
		if s, ok := arg(1).(*js_ast.EString); ok {
			switch helpers.UTF16ToString(s.Value) {
			case "text", "json", "arrayBuffer", "stream":
				return name, true
			}
		}
		return name, hasKey(arg(1), "type", "cacheTtl")
	case Put:
		return name, hasKey(arg(2), "expiration", "expirationTtl", "metadata")
	}
	return "", false
}
