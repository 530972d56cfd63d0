// Package kvmodel is kvlint's shared KV model: the one analyzer every rule
// requires. For each file it proves which expressions are Workers KV
// namespaces (and which binding each is), lists every KV operation with its
// key, value and options, and evaluates constants. Rules read the model;
// they never re-derive it.
//
// A value is a KV namespace only when the model can prove it: a member of a
// Worker env (`env.X`, `c.env.X`, `this.env.X`, `context.env.X`,
// `platform.env.X`, `getCloudflareContext().env.X`, the `env` of
// "cloudflare:workers") whose name the wrangler config or the project's
// types declare as KV; a value whose declared type the type layer
// (rules/kvtypes) resolves to KVNamespace, or a member of one whose type
// does (`opts.kv`, `({ kv }: Opts)`, `this.env.X` of a DurableObject<Env>),
// unless a cast says otherwise (`x as R2Bucket`); an alias,
// destructured name, field or parameter that receives one; or a
// service-worker global named as a KV binding. R2 buckets, caches, Durable
// Object storage, Maps and routers share the method names and are never KV.
package kvmodel

import (
	"bytes"
	"go/token"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Unit is what the driver hands to a pass: one file of a program.
type Unit struct {
	Prog *Program
	File *parser.File
}

// Input is the analyzer whose result the driver supplies: the Unit under
// analysis. It is never run.
var Input = &analysis.Analyzer{
	Name:       "kvinput",
	Doc:        "supplies the parsed file and program under analysis (provided by the driver)",
	Run:        func(*analysis.Pass) (any, error) { panic("kvinput is provided by the driver") },
	ResultType: reflect.TypeOf((*Unit)(nil)),
}

// Analyzer computes the KV model of a file.
var Analyzer = &analysis.Analyzer{
	Name:       "kvmodel",
	Doc:        "computes which expressions are Workers KV namespaces and lists every KV operation",
	Requires:   []*analysis.Analyzer{Input},
	Run:        run,
	ResultType: reflect.TypeOf((*Model)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	u := pass.ResultOf[Input].(*Unit)
	return u.Prog.Model(u.File), nil
}

// Model is the KV model of one file.
type Model struct {
	File *parser.File
	Prog *Program
	// Wrangler is the wrangler config governing the file (nil if none).
	Wrangler *config.Wrangler
	// Ops lists the file's KV operations in source order.
	Ops []*Op
	// EnvCalls lists every `<env>.NAME.method(...)` call with a KV method
	// name on a Worker env, proven KV or not: what unknownbinding checks.
	EnvCalls []*EnvCall
	// Funcs lists the file's functions in source order.
	Funcs []*Func
	// Calls lists every call of the file in source order.
	Calls []*CallSite

	fm       *fileModel
	idxOnce  sync.Once
	idx      *funcIndex
	usesOnce sync.Once
	uses     map[ast.Ref][]SymbolUse
}

// Namespace identifies a KV namespace.
type Namespace struct {
	// Binding is the binding name (`CACHE` in env.CACHE) when known.
	Binding string
	// ID identifies the namespace when the binding is not known (a
	// parameter or field typed KVNamespace); equal IDs, same namespace.
	ID string
}

// Same reports whether two namespaces are provably the same one.
func (n Namespace) Same(o Namespace) bool {
	if n.Binding != "" || o.Binding != "" {
		return n.Binding == o.Binding
	}
	return n.ID != "" && n.ID == o.ID
}

// String names the namespace for messages.
func (n Namespace) String() string {
	if n.Binding != "" {
		return n.Binding
	}
	return "the KV namespace"
}

// KV method names.
const (
	Get             = "get"
	GetWithMetadata = "getWithMetadata"
	Put             = "put"
	Delete          = "delete"
	List            = "list"
)

var kvMethods = map[string]bool{Get: true, GetWithMetadata: true, Put: true, Delete: true, List: true}

// Op is one KV operation: a call of a KV method on a proven namespace.
type Op struct {
	Expr   js_ast.Expr // the call expression
	Call   *js_ast.ECall
	Method string
	NS     Namespace
	// Key, Value and Options are the call's arguments in those roles; a
	// missing one has nil Data. delete and list have no Value; list's
	// Options is its only argument.
	Key, Value, Options js_ast.Expr
	Fn                  *Func // enclosing function (nil at top level)
	// Loop counts the loops (and per-element callbacks such as forEach)
	// around the call within Fn.
	Loop int

	Start, MethodStart, End int // byte offsets: call start, method name, call end

	// Parents are the AST nodes enclosing the call, outermost first:
	// *js_ast.Stmt, *js_ast.Expr, *js_ast.Binding, *js_ast.Fn, ...
	Parents []any
}

// IsWrite reports whether the operation writes (put or delete).
func (o *Op) IsWrite() bool { return o.Method == Put || o.Method == Delete }

// IsRead reports whether the operation reads a key (get, getWithMetadata).
func (o *Op) IsRead() bool { return o.Method == Get || o.Method == GetWithMetadata }

// EnvCall is a KV-method call on a member of a Worker env.
type EnvCall struct {
	Name                string // the member: X in env.X.get(...)
	NameStart, NameEnd  int
	Method              string
	Call                *js_ast.ECall
	IsKV                bool // the model proves env.X is KV
	Start, MethodOffset int
}

// Func is a function, method or arrow of the file.
type Func struct {
	Node   any // *js_ast.Fn, or *js_ast.Expr holding an *js_ast.EArrow
	Name   string
	Parent *Func
	Class  *js_ast.Class // class whose `this` the function sees
	Ref    ast.Ref       // the symbol naming it, if any
	Params []ast.Ref     // one per parameter; InvalidRef for patterns
	Arrow  bool
	Async  bool
	// ArgOf is the call this function expression is an argument of
	// (a route handler, a callback), if any.
	ArgOf      *js_ast.ECall
	returns    []js_ast.Expr // values of its return statements
	typeParams []parser.TypeParam

	outerLoop  int
	outerClass *js_ast.Class
}

// InLoop reports whether the function itself runs per element: it is the
// callback of forEach/map/..., or is defined inside a loop of its parent.
func (fn *Func) InLoop() bool { return fn != nil && fn.outerLoop > 0 }

// Build computes the model of f within prog.
func Build(prog *Program, f *parser.File) *Model {
	fm := prog.model(f)
	m := &Model{File: f, Prog: prog, Wrangler: fm.wrangler, Funcs: fm.Funcs, fm: fm}
	if !f.Parsed() {
		return m
	}
	m.Calls = make([]*CallSite, len(fm.callOrder))
	for i, c := range fm.callOrder {
		m.Calls[i] = &CallSite{Expr: c.expr, Call: c.call, Fn: c.fn, Parents: c.parents}
	}
	if !mayTouchKV(f.Src) {
		return m
	}
	for _, call := range fm.callOrder {
		m.addCall(call)
	}
	return m
}

// CallSite is a call expression with its context.
type CallSite struct {
	Expr    js_ast.Expr
	Call    *js_ast.ECall
	Fn      *Func // enclosing function (nil at top level)
	Parents []any // enclosing nodes, outermost first
}

// mayTouchKV is a cheap test that skips files with no KV method text.
func mayTouchKV(src []byte) bool {
	for _, s := range [][]byte{[]byte("get"), []byte("put"), []byte("list"), []byte("delete")} {
		if bytes.Contains(src, s) {
			return true
		}
	}
	return false
}

func (m *Model) addCall(c callSite) {
	call := c.call
	d, ok := call.Target.Data.(*js_ast.EDot)
	if !ok || !kvMethods[d.Name] {
		return
	}
	fm := m.fm
	f := m.File
	ns, isKV := fm.kv(d.Target, 0)
	envCall := func(name string, at int) {
		m.EnvCalls = append(m.EnvCalls, &EnvCall{
			Name: name, NameStart: at, NameEnd: at + len(name),
			Method: d.Name, Call: call, IsKV: isKV, Start: int(c.expr.Loc.Start), MethodOffset: int(d.NameLoc.Start),
		})
	}
	switch t := d.Target.Data.(type) {
	case *js_ast.EDot:
		if fm.env(t.Target, 0) {
			envCall(t.Name, int(t.NameLoc.Start))
		}
	case *js_ast.EIdentifier:
		// const { SESSIONS } = env; SESSIONS.get(...): the pattern's key
		// names the binding.
		if ds, ok := fm.destructure[f.Resolve(t.Ref)]; ok && fm.env(ds.source, 0) {
			at := int(ds.keyAt)
			if at < len(f.Src) && (f.Src[at] == '"' || f.Src[at] == '\'') {
				at++
			}
			envCall(ds.key, at)
		}
	}
	if !isKV {
		return
	}
	op := &Op{
		Expr: c.expr, Call: call, Method: d.Name, NS: ns,
		Fn: fm.callFn[call], Loop: fm.loops[call],
		Start: int(c.expr.Loc.Start), MethodStart: int(d.NameLoc.Start), End: f.ExprEnd(c.expr),
		Parents: c.parents,
	}
	arg := func(i int) js_ast.Expr {
		if i < len(call.Args) {
			return call.Args[i]
		}
		return js_ast.Expr{}
	}
	switch d.Name {
	case Put:
		op.Key, op.Value, op.Options = arg(0), arg(1), arg(2)
	case Get, GetWithMetadata:
		op.Key, op.Options = arg(0), arg(1)
	case Delete:
		op.Key = arg(0)
	case List:
		op.Options = arg(0)
	}
	m.Ops = append(m.Ops, op)
}

// IsKV reports whether e is a proven KV namespace, and which.
func (m *Model) IsKV(e js_ast.Expr) (Namespace, bool) { return m.fm.kv(e, 0) }

// IsEnv reports whether e is a Worker env object.
func (m *Model) IsEnv(e js_ast.Expr) bool { return m.fm.env(e, 0) }

// Pos converts a byte offset of the file to a token.Pos.
func (m *Model) Pos(offset int) token.Pos { return m.File.Pos(offset) }

// TTLRequired reports whether kvlint.toml leaves missingttl on for a
// binding (it is on unless configured `ttl-required = false`).
func (m *Model) TTLRequired(ns Namespace) bool {
	if ns.Binding == "" {
		return true
	}
	return m.Tool().TTLRequired(ns.Binding) // a nil Tool requires TTLs
}

// Tool returns the kvlint.toml settings governing the model's file (nil:
// defaults).
func (m *Model) Tool() *config.Tool {
	if m.Prog.ToolFor != nil {
		return m.Prog.ToolFor(m.File.Path)
	}
	return m.Prog.Tool
}

// Resolve returns the expression an identifier stands for when it is a
// never-reassigned variable with an initializer (following aliases), or e.
func (m *Model) Resolve(e js_ast.Expr) js_ast.Expr {
	for i := 0; i < 8; i++ {
		id, ok := e.Data.(*js_ast.EIdentifier)
		if !ok {
			return e
		}
		init, ok := m.fm.initOf(id.Ref)
		if !ok {
			return e
		}
		e = init
	}
	return e
}

// ResolveObject returns the object literal an expression provably holds:
// the literal itself, or the initializer of a variable that is never
// reassigned, never has a member stored into it (`opts.expirationTtl =
// ttl`) and is used whole only as an argument of KV calls. Nil otherwise.
func (m *Model) ResolveObject(e js_ast.Expr) *js_ast.EObject {
	for i := 0; i < 8; i++ {
		switch x := e.Data.(type) {
		case *js_ast.EObject:
			return x
		case *js_ast.EIdentifier:
			init, ok := m.fm.initOf(x.Ref)
			if !ok || !m.unmodified(x.Ref) {
				return nil
			}
			e = init
		default:
			return nil
		}
	}
	return nil
}

// unmodified reports whether a variable holding an object is never
// written into nor handed to code that might.
func (m *Model) unmodified(ref ast.Ref) bool {
	for _, u := range m.Uses(ref) {
		if u.Written {
			return false
		}
		if !u.Whole {
			continue
		}
		p, ok := u.Parent.(*js_ast.Expr)
		if !ok {
			return false
		}
		call, ok := p.Data.(*js_ast.ECall)
		if !ok || call.Target.Data == u.Expr.Data {
			return false
		}
		d, ok := call.Target.Data.(*js_ast.EDot)
		if !ok || !kvMethods[d.Name] {
			return false
		}
		if _, isKV := m.IsKV(d.Target); !isKV {
			return false
		}
	}
	return true
}

// PropName returns the name of a non-computed property key.
func PropName(p *js_ast.Property) (string, bool) {
	if p.Flags.Has(js_ast.PropertyIsComputed) {
		return "", false
	}
	if s, ok := p.Key.Data.(*js_ast.EString); ok {
		return helpers.UTF16ToString(s.Value), true
	}
	return "", false
}

// Property finds a named property in an object literal; spread reports
// whether the object has a spread or a computed key that might supply it
// instead.
func Property(obj *js_ast.EObject, name string) (p *js_ast.Property, spread bool) {
	for i := range obj.Properties {
		q := &obj.Properties[i]
		if q.Kind == js_ast.PropertySpread || q.Flags.Has(js_ast.PropertyIsComputed) {
			spread = true
			continue
		}
		if n, ok := PropName(q); ok && n == name {
			p = q
		}
	}
	return p, spread
}

// DocsBase is where the rules' documentation lives.
const DocsBase = "https://github.com/kvlint/kvlint/blob/main/docs/rules.md#"

// DocURL returns the documentation URL of a rule.
func DocURL(rule string) string { return DocsBase + rule }

// Option is a named property of an operation's options object.
type Option struct {
	Prop  *js_ast.Property
	Value js_ast.Expr
	// Written tells whether the options object is written at the call
	// (findings then point at the property) or reached through a variable.
	Written bool
}

// Option finds a property of op's options object, written at the call or
// held by a constant.
func (m *Model) Option(op *Op, name string) (Option, bool) {
	if op.Options.Data == nil {
		return Option{}, false
	}
	obj, written := op.Options.Data.(*js_ast.EObject)
	if !written {
		obj = m.ResolveObject(op.Options)
	}
	if obj == nil {
		return Option{}, false
	}
	p, _ := Property(obj, name)
	if p == nil || p.ValueOrNil.Data == nil {
		return Option{}, false
	}
	return Option{Prop: p, Value: p.ValueOrNil, Written: written}, true
}

// CallRange is where a finding about a KV call is reported (RULES.md):
// from the method name to the end of the call.
func (m *Model) CallRange(op *Op) (token.Pos, token.Pos) {
	return m.Pos(op.MethodStart), m.Pos(op.End)
}

// OptionRange is where a finding about an option is reported: the property
// when it is written at the call, otherwise the call.
func (m *Model) OptionRange(op *Op, o Option) (token.Pos, token.Pos) {
	if o.Written {
		return m.Pos(int(o.Prop.Loc.Start)), m.Pos(m.File.PropertyEnd(o.Prop))
	}
	return m.CallRange(op)
}

// AtMostWarning is the diagnostic category for a finding of rule that is a
// warning even where the rule's severity is error: the code is not proven
// wrong, only not proven right.
func AtMostWarning(rule string) string { return rule + WarningSuffix }

// WarningSuffix ends the category of an at-most-warning finding.
const WarningSuffix = "/warning"

// Body returns the statements of a function's body (an arrow with an
// expression body has one return statement).
func (fn *Func) Body() []js_ast.Stmt {
	switch n := fn.Node.(type) {
	case *js_ast.Fn:
		return n.Body.Block.Stmts
	case *js_ast.Expr:
		if a, ok := n.Data.(*js_ast.EArrow); ok {
			return a.Body.Block.Stmts
		}
	}
	return nil
}

// UnsafeFix starts the message of a suggested fix that changes the code's
// behaviour beyond the problem (applied only by --fix-unsafe).
const UnsafeFix = "unsafe: "

// MemberIsOther reports whether the types in the file's scope give a member
// of this name a binding type other than KV (R2Bucket, D1Database, ...).
func (m *Model) MemberIsOther(name string) bool { return m.fm.memberIsOther(name) }
