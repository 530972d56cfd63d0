package kvmodel

import (
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// Value is what the value-flow layer knows of an expression.
type Value = valueflow.Value

// Kind is the kind of a Value.
type Kind = valueflow.Kind

// Value kinds (see valueflow).
const (
	Unknown    = valueflow.Unknown
	Number     = valueflow.Number
	String     = valueflow.String
	Bool       = valueflow.Bool
	Null       = valueflow.Null
	Undefined  = valueflow.Undefined
	Time       = valueflow.Time
	DateObject = valueflow.DateObject
	Object     = valueflow.Object
)

// Eval returns what e can be at its place: constants (also `const`s of the
// project's modules), arithmetic, object shapes, times, and what the
// value-flow layer proves of variables, parameters (the arguments at every
// call site), fields and helpers' return values.
func (m *Model) Eval(e js_ast.Expr) Value { return m.fm.flowFile().Eval(e) }

func init() {
	// The value-flow layer runs before the model, on the same file.
	valueflow.Provide([]*analysis.Analyzer{Input}, func(pass *analysis.Pass) *valueflow.File {
		u := pass.ResultOf[Input].(*Unit)
		return u.Prog.model(u.File).flowFile()
	})
	Analyzer.Requires = append(Analyzer.Requires, valueflow.Analyzer)
}

// Flow returns the value flow of the model's file.
func (m *Model) Flow() *valueflow.File { return m.fm.flowFile() }

func (m *fileModel) eval(e js_ast.Expr, depth int) Value {
	return m.flowFile().EvalCtx(e, valueflow.CtxAt(depth))
}

func (m *fileModel) isGlobal(ref ast.Ref, name string) bool {
	s := m.f.Symbol(ref)
	return s.Kind == ast.SymbolUnbound && s.OriginalName == name
}

// flowFile returns the file's value flow, built on first need.
func (m *fileModel) flowFile() *valueflow.File {
	m.flowOnce.Do(func() {
		var units []valueflow.Unit
		m.flowFuncs = map[any]*Func{}
		for _, fn := range m.Funcs {
			m.flowFuncs[fn.Node] = fn
			if fn.Parent != nil {
				continue
			}
			switch n := fn.Node.(type) {
			case *js_ast.Fn:
				units = append(units, valueflow.Unit{Node: n, Start: int(n.OpenParenLoc.Start), End: int(n.Body.Block.CloseBraceLoc.Start) + 1})
			case *js_ast.Expr:
				units = append(units, valueflow.Unit{Node: n, Start: int(n.Loc.Start), End: m.f.ExprEnd(*n)})
			}
		}
		m.flowHost = &flowHost{m: m, consts: map[ast.Ref]constValue{}}
		m.flow = valueflow.NewFile(m.f, m.flowHost, units, &m.prog.flowMu)
	})
	return m.flow
}

// flowHost answers the value-flow layer's questions about what lies
// outside a function: module constants, imports, call sites, fields.
type flowHost struct {
	m *fileModel
	// consts memoises the values of never-reassigned variables, each
	// evaluated once (a big constant table is not evaluated per use).
	mu     sync.Mutex
	consts map[ast.Ref]constValue
	// fields memoises the join of the values a class's field is assigned,
	// each computed once with a fresh budget: fields computed from other
	// fields (this.a = Math.max(this.b, …)) would otherwise be evaluated
	// again at every use, exponentially in the chain.
	fields map[fieldKey]constValue
	// provisional: fields asked for while their class's constructor is
	// walked, as they are without its checks (until it is done).
	provisional map[fieldKey]Value
	// paramVals memoises Param per parameter.
	paramVals map[paramSite]paramValue
}

type fieldKey struct {
	class *js_ast.Class
	name  string
}

type constValue struct {
	v    Value
	done bool // false: being evaluated (a cycle reads unknown)
}

func (h *flowHost) Symbol(ref ast.Ref, c *valueflow.Ctx) Value {
	m := h.m
	if c.Deep() {
		return Value{}
	}
	if imp, ok := m.f.Imports[ref]; ok && imp.Alias != "*" {
		if om, oref, ok := m.importTarget(ref); ok {
			om.flowFile()
			return om.flowHost.Symbol(oref, c.Outer())
		}
		return Value{}
	}
	if init, ok := m.initOf(ref); ok {
		h.mu.Lock()
		cv, seen := h.consts[ref]
		if !seen {
			h.consts[ref] = constValue{}
		}
		h.mu.Unlock()
		if seen {
			return cv.v // done, or a cycle: unknown
		}
		v := m.flowFile().EvalCtx(init, c.Fresh())
		h.mu.Lock()
		h.consts[ref] = constValue{v: v, done: true}
		h.mu.Unlock()
		return v
	}
	if site, ok := m.params[ref]; ok {
		if v, ok := h.Param(site.fn.Node, site.index, c); ok {
			return v
		}
		return Value{Src: valueflow.FromParam}
	}
	return Value{}
}

// Param is the join of what parameter i of a function receives at its call
// sites. It is computed once per parameter, under the program's walk lock
// (so that a query under way in another goroutine is never mistaken for a
// cycle), and with a fresh budget: a recursive helper whose calls each pass
// their parameters on would otherwise be evaluated again at every call,
// exponentially in their number. A parameter asked for while its own
// value is computed (a cycle through the call sites) is unknown; one
// passed on unchanged to itself (`h(env)` inside h) adds nothing.
//
// An answer that read a caller still being walked (a helper walked from
// its caller's call, asking for an argument of a later call the caller's
// walk has not reached) holds only for the chain of walks under way: it is
// computed again after it, at most maxParamTries times.
func (h *flowHost) Param(node any, i int, c *valueflow.Ctx) (Value, bool) {
	m := h.m
	fl := m.flowFile()
	fn := m.flowFuncs[node]
	if fn == nil {
		return Value{}, false
	}
	k := paramSite{fn: fn, index: i}
	h.mu.Lock()
	pv, seen := h.paramVals[k]
	h.mu.Unlock()
	if seen && pv.done {
		return pv.v, pv.known
	}
	fl.Locked(c, func(c *valueflow.Ctx) {
		unsettled, chains, walking := fl.Settled()
		h.mu.Lock()
		pv, seen = h.paramVals[k]
		if seen && pv.tentative && (!walking || pv.chain != chains) {
			seen = false // held for a chain now done: compute it again
		}
		if !seen {
			if h.paramVals == nil {
				h.paramVals = map[paramSite]paramValue{}
			}
			h.paramVals[k] = paramValue{tries: pv.tries}
		}
		h.mu.Unlock()
		if seen {
			return // done meanwhile, held for this chain, or a cycle: unknown
		}
		paramDecisions.Add(1)
		pv = paramValue{done: true, tries: pv.tries + 1}
		pv.v, pv.known = h.param(k, c)
		if now, chain, _ := fl.Settled(); now != unsettled && pv.tries < maxParamTries {
			pv.done, pv.tentative, pv.chain = false, true, chain
		}
		h.mu.Lock()
		h.paramVals[k] = pv
		h.mu.Unlock()
	})
	return pv.v, pv.known
}

// maxParamTries bounds how often a parameter's value is computed: again
// after each chain of walks in which it read a caller not yet walked to
// its end.
const maxParamTries = 4

type paramValue struct {
	v         Value
	known     bool   // every call site is known
	done      bool   // false: being computed, or tentative
	tentative bool   // read a unit still being walked: holds for chain
	chain     uint64 // the chain of walks it holds for
	tries     uint8  // how often it was computed
}

func (h *flowHost) param(site paramSite, c *valueflow.Ctx) (Value, bool) {
	m := h.m
	args, ok := m.argsAt(site)
	if !ok {
		if args, ok = m.privateArgs(site.fn, site.index); !ok {
			return Value{}, false
		}
	}
	var out Value
	n := 0
	for _, a := range args {
		if a.m == m && m.isParam(a.e, site) {
			continue // passed on to itself: nothing new
		}
		v := a.m.flowFile().EvalCtx(a.e, c)
		if n == 0 {
			out = v
		} else {
			out = valueflow.Join(out, v)
		}
		n++
	}
	return out, n > 0
}

// isParam reports whether e is the parameter of site itself.
func (m *fileModel) isParam(e js_ast.Expr, site paramSite) bool {
	id, ok := e.Data.(*js_ast.EIdentifier)
	return ok && m.params[m.f.Resolve(id.Ref)] == site
}

func (h *flowHost) This(at int32, name string, c *valueflow.Ctx) (Value, bool) {
	cl := h.m.thisClass[at]
	if cl == nil {
		return Value{}, false
	}
	return h.field(cl, name, c)
}

// Field is the value of a field of the instance of a class of the program
// that target holds (`this.provider.options`, with `this.provider` an
// instance of another class): the join of what that class assigns to it.
func (h *flowHost) Field(target js_ast.Expr, name string, c *valueflow.Ctx) (Value, bool) {
	v := h.m.valueOf(target)
	if v.kind != objClass {
		return Value{}, false
	}
	v.fm.flowFile()
	return v.fm.flowHost.field(v.cl, name, c)
}

func (h *flowHost) MemberRange(target js_ast.Expr, name string) (lo, hi float64, ok bool) {
	return h.m.typeOf(target, 0).Member(name).NumberRange()
}

func (h *flowHost) OptionalMember(target js_ast.Expr, name string) bool {
	return h.m.typeOf(target, 0).Member(name).MayBeUndefined()
}

// field is the join of what class cl of this module assigns to a field.
func (h *flowHost) field(cl *js_ast.Class, name string, c *valueflow.Ctx) (Value, bool) {
	m := h.m
	vals := m.fields[cl][name]
	if len(vals) == 0 {
		return Value{}, false
	}
	k := fieldKey{cl, name}
	h.mu.Lock()
	if h.fields == nil {
		h.fields = map[fieldKey]constValue{}
	}
	cv, seen := h.fields[k]
	if !seen {
		h.fields[k] = constValue{}
	}
	h.mu.Unlock()
	if seen {
		return cv.v, true // done, or a cycle: unknown
	}
	fieldDecisions.Add(1)
	// What the constructor assigns counts as it is when the constructor
	// ends, after its checks (`if (this.opts.ttl < 60) throw ...`).
	var ctor *js_ast.Fn
	if fn := m.methods[methodKey{cl, "constructor"}]; fn != nil {
		ctor, _ = fn.Node.(*js_ast.Fn)
	}
	var atExit Value
	exitKnown, exitUsed, pending := false, false, false
	if ctor != nil {
		atExit, exitKnown, pending = m.flowFile().ThisAtExit(ctor, name, c.Fresh())
	}
	if pending {
		h.mu.Lock()
		pv, ok := h.provisional[k]
		if ok {
			delete(h.fields, k)
		}
		h.mu.Unlock()
		if ok {
			return pv, true
		}
	}
	var out Value
	n := 0
	for _, e := range vals {
		var v Value
		if exitKnown && ctor != nil && e.Loc.Start >= ctor.OpenParenLoc.Start && e.Loc.Start < ctor.Body.Block.CloseBraceLoc.Start {
			if exitUsed {
				continue
			}
			v, exitUsed = atExit, true
		} else {
			v = m.flowFile().EvalCtx(e, c.Fresh())
		}
		if n == 0 {
			out = v
		} else {
			out = valueflow.Join(out, v)
		}
		n++
	}
	h.mu.Lock()
	if pending {
		// Asked while the constructor is walked: not what it ends with,
		// so kept only until it is.
		delete(h.fields, k)
		if h.provisional == nil {
			h.provisional = map[fieldKey]Value{}
		}
		h.provisional[k] = out
	} else {
		h.fields[k] = constValue{v: out, done: true}
	}
	h.mu.Unlock()
	return out, true
}

func (h *flowHost) Callee(call *js_ast.ECall) (any, *valueflow.File) {
	cm, fn := h.m.callee(call)
	if fn == nil {
		return nil, nil
	}
	return fn.Node, cm.flowFile()
}

// privateArgs returns the arguments a private method (`#m`, or TypeScript
// `private m`) receives for parameter i at its calls in this file (the
// only place that can call it).
func (m *fileModel) privateArgs(fn *Func, i int) ([]arg, bool) {
	node, ok := fn.Node.(*js_ast.Fn)
	if fn.Class == nil || !ok || !m.isPrivateMethod(node) {
		return nil, false
	}
	sites := m.callersOf()[fn]
	if len(sites) == 0 {
		return nil, false
	}
	out := make([]arg, 0, len(sites))
	for _, s := range sites {
		args := s.call.Args
		for j := 0; j < len(args) && j <= i; j++ {
			if _, spread := args[j].Data.(*js_ast.ESpread); spread {
				return nil, false
			}
		}
		if i >= len(args) {
			out = append(out, arg{m, js_ast.Expr{Data: js_ast.EUndefinedShared}})
			continue
		}
		out = append(out, arg{m, args[i]})
	}
	return out, true
}

// isPrivateMethod reads, before a method's parameter list, whether its name
// is #private or declared `private`.
func (m *fileModel) isPrivateMethod(fn *js_ast.Fn) bool {
	src := m.f.Src
	i := int(fn.OpenParenLoc.Start)
	if i <= 0 || i > len(src) {
		return false
	}
	j := i
	space := func() {
		for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
			j--
		}
	}
	space()
	if j > 0 && src[j-1] == '>' { // generics: m<T>(...)
		for j > 0 && src[j-1] != '<' && i-j < 200 {
			j--
		}
		if j > 0 {
			j--
		}
		space()
	}
	for j > 0 && parser.IsIdentByte(src[j-1]) {
		j--
	}
	if j > 0 && src[j-1] == '#' {
		return true
	}
	line := j
	for line > 0 && src[line-1] != '\n' && j-line < 80 {
		line--
	}
	seg := string(src[line:j])
	return strings.Contains(" "+seg, " private ")
}
