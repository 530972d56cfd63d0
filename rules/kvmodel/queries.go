package kvmodel

import (
	"strconv"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvtypes"
)

// maxDepth bounds the chains of aliases, fields, parameters and imports the
// queries follow (and so breaks cycles).
const maxDepth = 12

// kv reports whether e is a proven KV namespace. A cast decides first:
// `x as R2Bucket` is not KV, whatever x is; `x as KVNamespace` is.
func (m *fileModel) kv(e js_ast.Expr, depth int) (Namespace, bool) {
	ns, ok := m.kvIn(e, depth, nil)
	if isPending(ns) {
		// Only ever assigned from itself (a parameter a function passes
		// only to itself): no value, not KV.
		return Namespace{}, false
	}
	return ns, ok
}

// kvIn is kv within the session s of a question (nil: a new one; see
// memo.go).
func (m *fileModel) kvIn(e js_ast.Expr, depth int, s *kvSession) (Namespace, bool) {
	if depth > maxDepth {
		return Namespace{}, false
	}
	if t := m.castOf(e); t.Valid() {
		switch t.Kind() {
		case kvtypes.KV:
			if ns, ok := m.kvExpr(e, depth, s); ok && !isPending(ns) {
				return ns, true
			}
			// `env.X as KVNamespace`: the binding X.
			if d, ok := e.Data.(*js_ast.EDot); ok && m.env(d.Target, depth+1) && !m.declaredOther(d.Name) {
				return Namespace{Binding: d.Name}, true
			}
			return Namespace{ID: "cast:" + strconv.Itoa(int(e.Loc.Start))}, true
		case kvtypes.Env, kvtypes.Other:
			return Namespace{}, false
		}
	}
	return m.kvExpr(e, depth, s)
}

// castOf returns the type of the `as T` or `satisfies T` that follows e.
func (m *fileModel) castOf(e js_ast.Expr) kvtypes.T {
	if !m.hasCasts {
		return kvtypes.T{}
	}
	switch e.Data.(type) {
	case *js_ast.EDot, *js_ast.EIndex, *js_ast.EIdentifier, *js_ast.EImportIdentifier, *js_ast.ECall, *js_ast.EAwait:
	default:
		return kvtypes.T{}
	}
	end := m.f.ExprEnd(e)
	if v, ok := m.casts.Load(end); ok {
		return v.(kvtypes.T)
	}
	t := m.prog.Types.Of(m.f, m.f.CastAfter(end), m.typeScope(m.funcAt(e)))
	m.casts.Store(end, t)
	return t
}

// funcAt returns the function a cast is in, for its generic parameters;
// casts to a generic parameter are rare, so this is the top level.
func (m *fileModel) funcAt(js_ast.Expr) *Func { return nil }

// typeOf returns the declared type of an expression: a cast, a variable's
// or parameter's annotation, a field's, a member of a typed value.
func (m *fileModel) typeOf(e js_ast.Expr, depth int) kvtypes.T {
	if depth > maxDepth {
		return kvtypes.T{}
	}
	if t := m.castOf(e); t.Valid() {
		return t
	}
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		ref := m.f.Resolve(x.Ref)
		if t, ok := m.symT[ref]; ok {
			return t
		}
		if init, ok := m.initOf(ref); ok {
			return m.typeOf(init, depth+1)
		}
	case *js_ast.EDot:
		if this, ok := x.Target.Data.(*js_ast.EThis); ok {
			_ = this
			if cl := m.thisClass[x.Target.Loc.Start]; cl != nil {
				return m.fieldTypeOf(cl, x.Name, depth)
			}
			return kvtypes.T{}
		}
		if t := m.typeOf(x.Target, depth+1); t.Valid() {
			return t.Member(x.Name)
		}
	case *js_ast.EIndex:
		if this, name, ok := m.thisMember(e); ok {
			if cl := m.thisClass[this.Loc.Start]; cl != nil {
				return m.fieldTypeOf(cl, name, depth)
			}
		}
	case *js_ast.EAwait:
		return m.typeOf(x.Value, depth+1)
	}
	return kvtypes.T{}
}

// fieldTypeOf returns the declared type of a class field: its annotation,
// the type of the one value assigned to it (a constructor parameter), or
// the env of the class it extends (`this.env` of a DurableObject<Env>).
func (m *fileModel) fieldTypeOf(cl *js_ast.Class, name string, depth int) kvtypes.T {
	if t, ok := m.fieldT[cl][name]; ok {
		return t
	}
	if vals := m.fields[cl][name]; len(vals) == 1 {
		return m.typeOf(vals[0], depth+1)
	}
	if h, ok := m.heritage[cl]; ok {
		return h.Member(name)
	}
	return kvtypes.T{}
}

func (m *fileModel) kvExpr(e js_ast.Expr, depth int, s *kvSession) (Namespace, bool) {
	switch x := e.Data.(type) {
	case *js_ast.EDot:
		return m.kvMember(x.Target, x.Name, e.Loc.Start, depth, s)
	case *js_ast.EIndex:
		if this, name, ok := m.thisMember(e); ok { // this.#kv
			return m.kvMember(this, name, e.Loc.Start, depth, s)
		}
		// env["CACHE"], env[BINDING_NAME] with a constant name.
		if v := m.eval(x.Index, depth+1); v.Kind == String {
			return m.kvMember(x.Target, v.Str, e.Loc.Start, depth, s)
		}
		// env[name] with a name not known: one of the Worker's bindings,
		// a KV namespace when the config gives it no other kind of binding
		// (vars and text are data, not bindings with methods).
		if m.env(x.Target, depth+1) {
			return m.onlyKVBinding()
		}
	case *js_ast.EIdentifier:
		return m.kvSymbol(m.f.Resolve(x.Ref), s)
	case *js_ast.EImportIdentifier:
		if om, ref, ok := m.importTarget(x.Ref); ok {
			return om.kvSymbol(ref, s)
		}
	case *js_ast.EAnnotation:
		return m.kvIn(x.Value, depth+1, s)
	case *js_ast.EAwait:
		return m.kvIn(x.Value, depth+1, s)
	case *js_ast.ECall:
		if name, ok := contextVar(x, "get", 1); ok {
			if ns, ok := m.kvContextVar(name, depth, s); ok {
				return ns, true
			}
		}
		return m.kvReturned(x, depth, s)
	}
	return Namespace{}, false
}

// kvContextVar decides a context variable (`c.get("kv")`, `c.var.kv`):
// KV when every value the Worker sets it to (`c.set("kv", c.env.X)`) is.
func (m *fileModel) kvContextVar(name string, depth int, s *kvSession) (Namespace, bool) {
	sets := m.prog.contextSets(m.wrangler, name)
	if len(sets) == 0 {
		return Namespace{}, false
	}
	ns, ok := agreed(len(sets), func(i int) (Namespace, bool) { return sets[i].m.kvIn(sets[i].value, depth+1, s) },
		Namespace{ID: "context:" + name})
	if !ok || isPending(ns) {
		return Namespace{}, false
	}
	return ns, true
}

// kvReturned decides a call of a project function that returns a KV
// namespace: annotated `(): KVNamespace`, or whose every return statement
// returns one (`getKv() { return this.env.CACHE }`).
func (m *fileModel) kvReturned(call *js_ast.ECall, depth int, s *kvSession) (Namespace, bool) {
	om, fn := m.callee(call)
	if fn == nil {
		return Namespace{}, false
	}
	if om.returnsKV[fn] {
		return Namespace{ID: "returned:" + fn.Name}, true
	}
	if len(fn.returns) == 0 {
		return Namespace{}, false
	}
	return agreed(len(fn.returns), func(i int) (Namespace, bool) { return om.kvIn(fn.returns[i], depth+1, s) },
		Namespace{ID: "returned:" + fn.Name})
}

// agreed decides n values that must all be KV namespaces (ns(i) tells each
// one): the namespace they all are, or, when they differ, other (a
// namespace whose binding is not known). ok is false if one is not KV. A
// pending value (a symbol of a cycle being decided) is left out; all
// pending, the answer is pending.
func agreed(n int, ns func(i int) (Namespace, bool), other Namespace) (Namespace, bool) {
	if n == 0 {
		return Namespace{}, true
	}
	out, first := pendingNS, true
	for i := 0; i < n; i++ {
		x, ok := ns(i)
		if !ok {
			return Namespace{}, false
		}
		if isPending(x) {
			continue
		}
		if first {
			out, first = x, false
		} else if !out.Same(x) {
			out = other
		}
	}
	return out, true
}

// kvMember decides `target.name`.
func (m *fileModel) kvMember(target js_ast.Expr, name string, loc int32, depth int, s *kvSession) (Namespace, bool) {
	// The declared type of the member decides when it says anything:
	// `opts.kv` with `opts: Opts`, `this.env.X` in a DurableObject<Env>.
	if _, this := target.Data.(*js_ast.EThis); !this {
		if t := m.typeOf(target, depth+1); t.Valid() {
			switch t.Member(name).Kind() {
			case kvtypes.KV:
				if m.env(target, depth+1) {
					if m.declaredOther(name) {
						return Namespace{}, false
					}
					return Namespace{Binding: name}, true
				}
				return Namespace{ID: "member:" + name}, true
			case kvtypes.Other, kvtypes.Env:
				return Namespace{}, false
			}
		}
	}
	if _, ok := target.Data.(*js_ast.EThis); ok {
		if cl := m.thisClass[target.Loc.Start]; cl != nil {
			return m.kvField(cl, name, depth, s)
		}
	}
	if d, ok := target.Data.(*js_ast.EDot); ok && d.Name == "var" && isIdent(d.Target) {
		if ns, ok := m.kvContextVar(name, depth, s); ok {
			return ns, true // c.var.kv
		}
	}
	// A member of an object literal this file builds (a mock env in a test,
	// an options object): the property's value decides.
	if obj := m.objectInit(target); obj != nil {
		if p, _ := Property(obj, name); p != nil && p.ValueOrNil.Data != nil {
			return m.kvIn(p.ValueOrNil, depth+1, s)
		}
		return Namespace{}, false
	}
	if m.env(target, depth+1) {
		if m.isKVBinding(name) {
			return Namespace{Binding: name}, true
		}
		return Namespace{}, false
	}
	// A member the project's types declare KVNamespace (an options object,
	// a context) and never anything else.
	if m.memberIsKV(name) && (m.wrangler == nil || !m.declaredOther(name)) {
		return Namespace{ID: "member:" + name}, true
	}
	return Namespace{}, false
}

// onlyKVBinding returns what env[name] is, name unknown, when every
// binding the wrangler config declares (in any environment) is a KV
// namespace, apart from plain data (vars, text and data blobs, Wasm
// modules): that binding when there is one, else a namespace of unknown
// binding.
func (m *fileModel) onlyKVBinding() (Namespace, bool) {
	w := m.wrangler
	if w == nil {
		return Namespace{}, false
	}
	names := w.KVNames()
	if len(names) == 0 {
		return Namespace{}, false
	}
	for _, e := range append([]config.Env{w.Top}, w.Envs...) {
		for _, b := range e.Other {
			switch b.Kind {
			case config.KindVar, config.KindTextBlob, config.KindDataBlob, config.KindWasmModule:
			default:
				return Namespace{}, false
			}
		}
	}
	if len(names) == 1 {
		for n := range names {
			return Namespace{Binding: n}, true
		}
	}
	return Namespace{ID: "env:any-kv"}, true
}

// objectInit returns the object literal a never-reassigned variable is
// initialized with.
func (m *fileModel) objectInit(e js_ast.Expr) *js_ast.EObject {
	id, ok := e.Data.(*js_ast.EIdentifier)
	if !ok {
		return nil
	}
	init, ok := m.initOf(id.Ref)
	if !ok {
		return nil
	}
	obj, _ := init.Data.(*js_ast.EObject)
	return obj
}

// isKVBinding decides whether an env member is a KV binding: the wrangler
// config says so, or (when the config does not name it at all) the
// project's Env type does.
func (m *fileModel) isKVBinding(name string) bool {
	if m.kvNames[name] {
		return true
	}
	if m.declaredOther(name) || m.memberIsOther(name) {
		return false
	}
	return m.memberIsKV(name) || m.prog.usedAsKV(m.wrangler, name)
}

// memberIsKV reports whether the types in the file's scope say that a
// member of this name holds a KV namespace, and never something else.
func (m *fileModel) memberIsKV(name string) bool { return m.prog.member(m.wrangler, name) == memberKV }

// memberIsOther reports whether the types in the file's scope give a member
// of this name a binding type other than KV.
func (m *fileModel) memberIsOther(name string) bool {
	return m.prog.member(m.wrangler, name)&memberOther != 0
}

// declaredOther reports whether the wrangler config declares name as a
// binding of another kind.
func (m *fileModel) declaredOther(name string) bool {
	if m.wrangler == nil {
		return false
	}
	k, ok := m.wrangler.KindOf(name)
	return ok && k != config.KindKV
}

func (m *fileModel) kvField(cl *js_ast.Class, name string, depth int, s *kvSession) (Namespace, bool) {
	id := Namespace{ID: "field:" + strconv.Itoa(int(cl.BodyLoc.Start)) + ":" + name}
	vals := m.fields[cl][name]
	assigned := func() (Namespace, bool) {
		return agreed(len(vals), func(i int) (Namespace, bool) { return m.kvIn(vals[i], depth+1, s) }, id)
	}
	switch m.fieldType[cl][name] {
	case factKV:
		// Typed KVNamespace; the binding, when every assignment says which.
		if ns, ok := assigned(); ok && ns.Binding != "" {
			return ns, true
		}
		return id, true
	case factEnv, factOther:
		return Namespace{}, false
	}
	if ns, ok := assigned(); ok && len(vals) > 0 {
		return ns, true
	}
	// Untyped (plain JS): a field a method calls with a signature only KV
	// has is KV, unless a value assigned to it is visibly something else.
	if m.kvUsedField[methodKey{cl, name}] && !anyBuilt(vals) {
		return id, true
	}
	return Namespace{}, false
}

// anyBuilt reports whether one of the values is built on the spot (an
// object, array, function or `new`), not handed in.
func anyBuilt(vals []js_ast.Expr) bool {
	for _, v := range vals {
		switch v.Data.(type) {
		case *js_ast.EObject, *js_ast.EArray, *js_ast.ENew, *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
			return true
		}
	}
	return false
}

// kvSymbolOnce decides a variable or parameter, within session s.
func (m *fileModel) kvSymbolOnce(ref ast.Ref, depth int, s *kvSession) (Namespace, bool) {
	sym := m.f.Symbol(ref)
	switch m.typed[ref] {
	case factKV:
		// Typed KVNamespace; the binding, when the initializer or every
		// caller says which.
		if init, ok := m.initOf(ref); ok {
			if ns, ok := m.kvIn(init, depth+1, s); ok && !isPending(ns) {
				return ns, true
			}
		}
		if site, ok := m.params[ref]; ok {
			if ns, ok := m.kvParam(site, depth, s); ok && ns.Binding != "" {
				return ns, true
			}
		}
		return Namespace{ID: "sym:" + strconv.Itoa(int(ref.InnerIndex)) + ":" + sym.OriginalName}, true
	case factEnv, factOther:
		return Namespace{}, false
	}
	if init, ok := m.initOf(ref); ok {
		return m.kvIn(init, depth+1, s)
	}
	if d, ok := m.destructure[ref]; ok {
		// `const { kv } = opts` with `opts: Opts`.
		if t := m.typeOf(d.source, depth+1); t.Valid() {
			switch t.Member(d.key).Kind() {
			case kvtypes.KV:
				if m.env(d.source, depth+1) && !m.declaredOther(d.key) {
					return Namespace{Binding: d.key}, true
				}
				return Namespace{ID: "member:" + d.key}, true
			case kvtypes.Other, kvtypes.Env:
				return Namespace{}, false
			}
		}
		if m.env(d.source, depth+1) && m.isKVBinding(d.key) {
			return Namespace{Binding: d.key}, true
		}
		return Namespace{}, false
	}
	if site, ok := m.params[ref]; ok {
		return m.kvParam(site, depth, s)
	}
	if sym.Kind == ast.SymbolUnbound {
		// A service-worker global binding.
		name := sym.OriginalName
		if m.kvNames[name] || !m.declaredOther(name) && !m.memberIsOther(name) && (m.memberIsKV(name) || m.prog.usedAsKV(m.wrangler, name)) {
			return Namespace{Binding: name}, true
		}
	}
	return Namespace{}, false
}

// kvParam decides a parameter from the arguments at every call site of its
// function in this file.
func (m *fileModel) kvParam(site paramSite, depth int, s *kvSession) (Namespace, bool) {
	args, ok := m.argsAt(site)
	if !ok {
		return Namespace{}, false
	}
	return agreed(len(args), func(i int) (Namespace, bool) { return args[i].m.kvIn(args[i].e, depth+1, s) },
		Namespace{ID: "param:" + strconv.Itoa(site.index) + ":" + site.fn.Name})
}

// arg is an argument expression in the file whose model evaluates it.
type arg struct {
	m *fileModel
	e js_ast.Expr
}

// argsAt returns the argument passed for a parameter at every call site of
// its function: in this file, and, for an exported function or class, in
// the project's modules that import it. It returns false when there is no
// call site, the function is used as a value here, or some call passes no
// such argument.
func (m *fileModel) argsAt(site paramSite) ([]arg, bool) {
	fn := site.fn
	if fn == nil || fn.Ref == ast.InvalidRef || m.escapes[fn.Ref] {
		return nil, false
	}
	type callArgs struct {
		m    *fileModel
		args []js_ast.Expr
	}
	var calls []callArgs
	for _, c := range m.calls[fn.Ref] {
		calls = append(calls, callArgs{m, c})
	}
	for _, ic := range m.prog.importedCalls(m, fn.Ref) {
		calls = append(calls, callArgs{ic.m, ic.args})
	}
	if len(calls) == 0 {
		return nil, false
	}
	args := make([]arg, 0, len(calls))
	for _, cc := range calls {
		c := cc.args
		for i := 0; i < len(c) && i <= site.index; i++ {
			if _, spread := c[i].Data.(*js_ast.ESpread); spread {
				return nil, false
			}
		}
		if site.index >= len(c) {
			// A missing argument is undefined.
			args = append(args, arg{cc.m, js_ast.Expr{Data: js_ast.EUndefinedShared}})
			continue
		}
		args = append(args, arg{cc.m, c[site.index]})
	}
	return args, true
}

// env reports whether e is a Worker env object.
func (m *fileModel) env(e js_ast.Expr, depth int) bool {
	yes, _ := m.envIn(e, depth, nil)
	return yes
}

// envIn is env within the session s of a question (nil: a new one; see
// memo.go); pending tells that e is only symbols of a cycle being decided
// (no value yet).
func (m *fileModel) envIn(e js_ast.Expr, depth int, s *kvSession) (yes, pending bool) {
	if depth > maxDepth {
		return false, false
	}
	switch x := e.Data.(type) {
	case *envMarker:
		return true, false
	case *js_ast.EDot, *js_ast.EIndex:
		if x, ok := x.(*js_ast.EDot); ok && x.Name == "env" {
			return !m.isProcessOrImportMeta(x.Target), false
		}
		if this, name, ok := m.thisMember(e); ok {
			if cl := m.thisClass[this.Loc.Start]; cl != nil {
				if m.fieldType[cl][name] == factEnv {
					return true, false
				}
				vals := m.fields[cl][name]
				return allEnv(len(vals), func(i int) (bool, bool) { return m.envIn(vals[i], depth+1, s) })
			}
		}
	case *js_ast.EIdentifier:
		return m.envSymbol(m.f.Resolve(x.Ref), s)
	case *js_ast.EImportIdentifier:
		if imp, ok := m.f.Imports[m.f.Resolve(x.Ref)]; ok && imp.Path == "cloudflare:workers" && imp.Alias == "env" {
			return true, false
		}
		if om, ref, ok := m.importTarget(x.Ref); ok {
			return om.envSymbol(ref, s)
		}
	case *js_ast.EAnnotation:
		return m.envIn(x.Value, depth+1, s)
	}
	return false, false
}

// allEnv decides n values that must all be envs (env(i) tells each one),
// leaving out the pending ones (as agreed does); all pending, pending.
// None is not an env.
func allEnv(n int, env func(i int) (yes, pending bool)) (yes, pending bool) {
	found := false
	for i := 0; i < n; i++ {
		yes, pending := env(i)
		if pending {
			continue
		}
		if !yes {
			return false, false
		}
		found = true
	}
	return found, n > 0 && !found
}

func (m *fileModel) isProcessOrImportMeta(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.EImportMeta:
		return true
	case *js_ast.EIdentifier:
		sym := m.f.Symbol(x.Ref)
		return sym.Kind == ast.SymbolUnbound && sym.OriginalName == "process"
	}
	return false
}

// envSymbolOnce decides whether a variable or parameter is a Worker env,
// within session s.
func (m *fileModel) envSymbolOnce(ref ast.Ref, depth int, s *kvSession) (yes, pending bool) {
	switch m.typed[ref] {
	case factEnv:
		return true, false
	case factKV, factOther:
		return false, false
	}
	if init, ok := m.initOf(ref); ok {
		return m.envIn(init, depth+1, s)
	}
	if d, ok := m.destructure[ref]; ok {
		return d.key == "env", false
	}
	if site, ok := m.params[ref]; ok {
		if args, ok := m.argsAt(site); ok {
			return allEnv(len(args), func(i int) (bool, bool) { return args[i].m.envIn(args[i].e, depth+1, s) })
		}
	}
	return false, false
}

// initOf returns the initializer of a variable that is never assigned again.
func (m *fileFacts) initOf(ref ast.Ref) (js_ast.Expr, bool) {
	ref = m.f.Resolve(ref)
	if m.reassigned[ref] {
		return js_ast.Expr{}, false
	}
	e, ok := m.init[ref]
	return e, ok
}

// importTarget follows an imported name to the model and symbol of the
// project module that exports it (through re-exports and index files).
func (m *fileModel) importTarget(ref ast.Ref) (*fileModel, ast.Ref, bool) {
	imp, ok := m.f.Imports[m.f.Resolve(ref)]
	if !ok || imp.Alias == "*" {
		return nil, ast.Ref{}, false
	}
	return m.exported(imp.Path, imp.Alias, 0)
}

// exported finds the module spec resolves to (from m) and its export alias.
func (m *fileModel) exported(spec, alias string, depth int) (*fileModel, ast.Ref, bool) {
	if depth > 4 {
		return nil, ast.Ref{}, false
	}
	target := m.prog.Resolve(m.f, spec)
	if target == nil {
		return nil, ast.Ref{}, false
	}
	om := m.prog.model(target)
	if exp, ok := om.exports[alias]; ok {
		return om, exp, true
	}
	for _, re := range target.ReExports {
		switch re.Alias {
		case alias:
			return om.exported(re.Path, re.Name, depth+1)
		case "*":
			if fm, ref, ok := om.exported(re.Path, alias, depth+1); ok {
				return fm, ref, true
			}
		}
	}
	return nil, ast.Ref{}, false
}

// stringValue returns the value of a string literal.
func stringValue(e js_ast.Expr) (string, bool) {
	if s, ok := e.Data.(*js_ast.EString); ok {
		return helpers.UTF16ToString(s.Value), true
	}
	return "", false
}
