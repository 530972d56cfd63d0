package kvmodel

import (
	"fmt"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Reads and writes across function boundaries, for read-modify-write
// checks: a helper that returns what it read (`getPost(kv, id)`) is a read
// at its call site; a helper that writes one of its parameters
// (`saveGrant(env, key, grant)`) writes the argument at its call site.

// ReadAt is a read seen at a call site: the call stands for the read.
type ReadAt struct {
	Op *Op // a synthetic op located at the call, with the callee's key in the caller's terms
	// Origin is the read inside the callee.
	Origin      *Op
	OriginModel *Model
	// Presence tells that the callee returns only whether the key exists
	// (`return value !== null`), not what it holds.
	Presence bool
}

// WriteAt is a write made by a callee with a value taken from one of the
// call's arguments.
type WriteAt struct {
	Site   *CallSite
	Method string
	NS     Namespace
	Key    js_ast.Expr // in the caller's terms
	Value  js_ast.Expr // the argument whose value is written
	// Origin is the write inside the callee.
	Origin      *Op
	OriginModel *Model
}

// ReturnedReads lists the reads whose result the called function returns.
func (m *Model) ReturnedReads(site *CallSite) []ReadAt {
	cm, fn := m.Callee(site.Call)
	if fn == nil {
		return nil
	}
	var out []ReadAt
	for _, rr := range cm.returnedReads(fn) {
		r := rr.op
		key, ok := cm.substitute(r.Key, fn, site.Call.Args, onThis(m, cm, site.Call), 0)
		if !ok {
			continue
		}
		op := &Op{Expr: site.Expr, Call: site.Call, Method: r.Method, NS: m.nsAtCall(cm, fn, r, site.Call), Key: key, Fn: site.Fn,
			Start: int(site.Expr.Loc.Start), MethodStart: int(site.Expr.Loc.Start), End: m.File.ExprEnd(site.Expr), Parents: site.Parents}
		out = append(out, ReadAt{Op: op, Origin: r, OriginModel: cm, Presence: rr.presence})
	}
	return out
}

// returnsPresence reports whether every return of fn that depends on the
// read r tests only whether r found the key: a comparison with null or
// undefined (`value !== null`), `!!value` or `Boolean(value)`.
func (m *Model) returnsPresence(fn *Func, r *Op) bool {
	n := 0
	for _, ret := range fn.returns {
		if !m.DependsOn(ret, r, nil) {
			continue
		}
		n++
		switch x := ret.Data.(type) {
		case *js_ast.EBinary:
			switch x.Op {
			case js_ast.BinOpStrictEq, js_ast.BinOpStrictNe, js_ast.BinOpLooseEq, js_ast.BinOpLooseNe:
				if nullish(x.Left) != nullish(x.Right) {
					continue
				}
			}
		case *js_ast.EUnary:
			if x.Op == js_ast.UnOpNot {
				continue
			}
		case *js_ast.ECall:
			if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && len(x.Args) == 1 && m.File.Name(id.Ref) == "Boolean" {
				continue
			}
		}
		return false
	}
	return n > 0
}

// nullish reports whether e is null or undefined.
func nullish(e js_ast.Expr) bool {
	switch e.Data.(type) {
	case *js_ast.ENull, *js_ast.EUndefined:
		return true
	}
	return false
}

// ParamWrites lists the puts a called function makes whose value depends on
// one of its parameters, with that parameter's argument: its own puts, and
// those of the functions it calls in turn, passing the value on
// (saveMonitors(data) → setKV(key, JSON.stringify(data)) → put), up to
// maxWriteChain calls deep.
func (m *Model) ParamWrites(site *CallSite) []WriteAt {
	cm, fn := m.Callee(site.Call)
	if fn == nil {
		return nil
	}
	var out []WriteAt
	for _, w := range cm.paramWrites(fn, 1) {
		if wa, ok := m.writeAt(site, cm, fn, w); ok {
			out = append(out, wa)
		}
	}
	return out
}

const maxWriteChain = 3

// paramWrite is a put a function makes, itself or through its calls, with
// a value from its parameters, in the function's own terms.
type paramWrite struct {
	method string
	own    *Op       // the function's own put: its namespace is read at each call
	ns     Namespace // else, the namespace seen at the inner call
	key    js_ast.Expr
	params []int // the parameters the value depends on, in order
	origin *Op
	model  *Model // origin's
}

// writeAt is w seen at a call of fn (of model cm) from site: the key in
// the caller's terms and the argument written.
func (m *Model) writeAt(site *CallSite, cm *Model, fn *Func, w paramWrite) (WriteAt, bool) {
	i := -1
	for _, p := range w.params {
		if p < len(site.Call.Args) {
			i = p
			break
		}
	}
	if i < 0 {
		return WriteAt{}, false
	}
	k, ok := cm.substitute(w.key, fn, site.Call.Args, onThis(m, cm, site.Call), 0)
	if !ok {
		return WriteAt{}, false
	}
	ns := w.ns
	if w.own != nil {
		ns = m.nsAtCall(cm, fn, w.own, site.Call)
	}
	return WriteAt{Site: site, Method: w.method, NS: ns, Key: k, Value: site.Call.Args[i], Origin: w.origin, OriginModel: w.model}, true
}

type writesKey struct {
	fn    *Func
	depth int
}

// paramWrites is fn's summary for ParamWrites at a depth of the chain of
// calls, computed once per function and depth (the depth only grows, so
// recursion ends), each put kept once per distinct key and at most
// maxKeysPerOp keys: a helper that calls itself or another many times
// reaches the same put along many paths.
func (m *Model) paramWrites(fn *Func, depth int) []paramWrite {
	k := writesKey{fn, depth}
	if v, ok := m.fm.writesMemo.Load(k); ok {
		return v.([]paramWrite)
	}
	var out []paramWrite
	for _, w := range m.index().opsIn[fn] {
		if w.Method != Put || w.Value.Data == nil {
			continue
		}
		if ps := m.paramsIn(w.Value, fn); len(ps) > 0 {
			out = append(out, paramWrite{method: w.Method, own: w, key: w.Key, params: ps, origin: w, model: m})
		}
	}
	if depth < maxWriteChain {
		for _, inner := range m.index().callsIn[fn] {
			if inner.Fn != fn {
				continue // in a nested function: maybe never called
			}
			icm, ifn := m.Callee(inner.Call)
			if ifn == nil {
				continue
			}
			for _, iw := range icm.paramWrites(ifn, depth+1) {
				wa, ok := m.writeAt(inner, icm, ifn, iw)
				if !ok {
					continue
				}
				if ps := m.paramsIn(wa.Value, fn); len(ps) > 0 {
					out = append(out, paramWrite{method: wa.Method, ns: wa.NS, key: wa.Key, params: ps, origin: wa.Origin, model: wa.OriginModel})
				}
			}
		}
	}
	out = dedupeWrites(out)
	m.fm.writesMemo.Store(k, out)
	return out
}

// dedupeWrites keeps each put once per key, namespace and parameters, and
// at most maxKeysPerOp keys per put.
func dedupeWrites(in []paramWrite) []paramWrite {
	seen := map[string]bool{}
	keys := map[*Op]int{}
	out := in[:0:0]
	var b strings.Builder
	for _, w := range in {
		b.Reset()
		fmt.Fprintf(&b, "%p|%p|%s|%s|%v|", w.origin, w.own, w.ns.Binding, w.ns.ID, w.params)
		exprSig(&b, w.key, 0)
		s := b.String()
		if seen[s] || keys[w.origin] >= maxKeysPerOp {
			continue
		}
		seen[s] = true
		keys[w.origin]++
		out = append(out, w)
	}
	return out
}

// paramsIn lists the parameters of fn that value depends on.
func (m *Model) paramsIn(value js_ast.Expr, fn *Func) []int {
	var out []int
	for i, p := range fn.Params {
		if p != ast.InvalidRef && m.mentions(value, nil, m.paramTaint(fn, p)) {
			out = append(out, i)
		}
	}
	return out
}

type taintKey struct {
	fn *Func
	p  ast.Ref
}

// paramTaint is the set of fn's variables that depend on its parameter p,
// computed once per parameter.
func (m *Model) paramTaint(fn *Func, p ast.Ref) map[ast.Ref]bool {
	k := taintKey{fn, p}
	if v, ok := m.fm.taintMemo.Load(k); ok {
		return v.(map[ast.Ref]bool)
	}
	tainted := map[ast.Ref]bool{p: true}
	body := fn.Body()
	for round := 0; round < 6; round++ {
		if !m.propagate(body, nil, tainted) {
			break
		}
	}
	v, _ := m.fm.taintMemo.LoadOrStore(k, tainted)
	return v.(map[ast.Ref]bool)
}

// returnedRead is a read whose result a function returns.
type returnedRead struct {
	op       *Op
	presence bool // only whether it found the key (see returnsPresence)
}

// returnedReads lists fn's reads whose result it returns, computed once
// per function (ReturnedReads asks at every call site).
func (m *Model) returnedReads(fn *Func) []returnedRead {
	if v, ok := m.fm.returnedMemo.Load(fn); ok {
		return v.([]returnedRead)
	}
	var out []returnedRead
	for _, r := range m.index().opsIn[fn] {
		if !r.IsRead() || r.Fn != fn {
			continue
		}
		for _, ret := range fn.returns {
			if m.DependsOn(ret, r, nil) {
				out = append(out, returnedRead{op: r, presence: m.returnsPresence(fn, r)})
				break
			}
		}
	}
	v, _ := m.fm.returnedMemo.LoadOrStore(fn, out)
	return v.([]returnedRead)
}

// nsAtCall is the namespace of a callee's operation seen from a call: when
// the callee reaches it through one of its parameters, the namespace of the
// argument passed there.
func (m *Model) nsAtCall(cm *Model, fn *Func, op *Op, call *js_ast.ECall) Namespace {
	d, ok := op.Call.Target.Data.(*js_ast.EDot)
	if !ok {
		return op.NS
	}
	id, ok := d.Target.Data.(*js_ast.EIdentifier)
	if !ok {
		return op.NS
	}
	ref := cm.File.Resolve(id.Ref)
	for i, p := range fn.Params {
		if p == ref && i < len(call.Args) {
			if ns, ok := m.IsKV(call.Args[i]); ok {
				return ns
			}
		}
	}
	return op.NS
}

// elementCallbacks are the array methods whose first argument is called
// with each element.
var elementCallbacks = map[string]bool{"forEach": true, "map": true, "flatMap": true, "filter": true, "find": true,
	"findLast": true, "some": true, "every": true, "reduce": true}

// firstParam returns the binding of the first parameter of a function
// expression (the element, for elementCallbacks; reduce's accumulator is
// its first, a fresh value or the list's).
func firstParam(e js_ast.Expr) *js_ast.Binding {
	var args []js_ast.Arg
	switch f := e.Data.(type) {
	case *js_ast.EArrow:
		args = f.Args
	case *js_ast.EFunction:
		args = f.Fn.Args
	}
	if len(args) == 0 {
		return nil
	}
	return &args[0].Binding
}

// root returns the variable at the base of x, x.a.b, x[i], await x.
func (m *Model) root(e js_ast.Expr) (ast.Ref, bool) {
	for depth := 0; depth < maxDepth; depth++ {
		switch x := e.Data.(type) {
		case *js_ast.EIdentifier:
			return m.File.Resolve(x.Ref), true
		case *js_ast.EDot:
			e = x.Target
		case *js_ast.EIndex:
			e = x.Target
		case *js_ast.EAwait:
			e = x.Value
		default:
			return ast.Ref{}, false
		}
	}
	return ast.Ref{}, false
}

// flowsInto returns the tainted variables whose value (or whose changes)
// reach value: those it mentions, those they are computed from, and
// aliases and elements that share their objects (`const inner = rec.list`,
// `for (const item of items)`, `items.forEach((item) => ...)`), through
// one walk of the function body and a closure over the edges found.
func (m *Model) flowsInto(value js_ast.Expr, body []js_ast.Stmt, read *js_ast.ECall, tainted map[ast.Ref]bool) map[ast.Ref]bool {
	deps := map[ast.Ref][]ast.Ref{}
	mentioned := func(e js_ast.Expr) []ast.Ref {
		var out []ast.Ref
		parser.WalkExpr(parser.Inspector(func(n any) bool {
			if x, ok := n.(*js_ast.Expr); ok {
				if id, ok := x.Data.(*js_ast.EIdentifier); ok {
					if r := m.File.Resolve(id.Ref); tainted[r] {
						out = append(out, r)
					}
				}
			}
			return true
		}), &e)
		return out
	}
	// to depends on what e mentions; when e is a path into an object (an
	// alias), the object also changes with to.
	edge := func(to ast.Ref, e js_ast.Expr) {
		deps[to] = append(deps[to], mentioned(e)...)
		if r, ok := m.root(e); ok && tainted[r] {
			deps[r] = append(deps[r], to)
		}
	}
	bindingRefs := func(b *js_ast.Binding) []ast.Ref {
		var out []ast.Ref
		parser.WalkBinding(parser.Inspector(func(n any) bool {
			if bb, ok := n.(*js_ast.Binding); ok {
				if id, ok := bb.Data.(*js_ast.BIdentifier); ok {
					out = append(out, m.File.Resolve(id.Ref))
				}
			}
			return true
		}), b)
		return out
	}
	parser.Inspect(body, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SLocal:
				for i := range s.Decls {
					d := &s.Decls[i]
					if d.ValueOrNil.Data != nil {
						for _, r := range bindingRefs(&d.Binding) {
							edge(r, d.ValueOrNil)
						}
					}
				}
			case *js_ast.SForOf:
				if l, ok := s.Init.Data.(*js_ast.SLocal); ok {
					for i := range l.Decls {
						for _, r := range bindingRefs(&l.Decls[i].Binding) {
							edge(r, s.Value)
						}
					}
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EBinary:
				if e.Op >= js_ast.BinOpAssign {
					if r, ok := m.root(e.Left); ok {
						edge(r, e.Right)
					}
				}
			case *js_ast.ECall:
				if d, ok := e.Target.Data.(*js_ast.EDot); ok {
					if r, ok := m.root(d.Target); ok {
						for _, a := range e.Args {
							deps[r] = append(deps[r], mentioned(a)...)
						}
						if elementCallbacks[d.Name] && len(e.Args) > 0 {
							if b := firstParam(e.Args[0]); b != nil {
								for _, p := range bindingRefs(b) {
									edge(p, d.Target)
								}
							}
						}
					}
				}
			}
		}
		return true
	})
	relevant := map[ast.Ref]bool{}
	var work []ast.Ref
	for _, r := range mentioned(value) {
		if !relevant[r] {
			relevant[r] = true
			work = append(work, r)
		}
	}
	for len(work) > 0 {
		r := work[len(work)-1]
		work = work[:len(work)-1]
		for _, d := range deps[r] {
			if !relevant[d] {
				relevant[d] = true
				work = append(work, d)
			}
		}
	}
	return relevant
}

// replacedFields reports whether value writes an object literal (as is or
// through JSON.stringify) with no spread whose every property is either
// not derived from the read or a member `v.f` of the read's value that the
// function stores a fresh value into (`cur.status = status`): every field
// written is replaced, and no update of another request is lost.
func (m *Model) replacedFields(value js_ast.Expr, body []js_ast.Stmt, read *js_ast.ECall, tainted map[ast.Ref]bool) bool {
	if c, ok := value.Data.(*js_ast.ECall); ok && len(c.Args) > 0 {
		if d, ok := c.Target.Data.(*js_ast.EDot); ok && d.Name == "stringify" && m.isGlobal(d.Target, "JSON") {
			value = c.Args[0]
		}
	}
	obj, ok := value.Data.(*js_ast.EObject)
	if !ok || len(obj.Properties) == 0 {
		return false
	}
	// The members stored with fresh values, and those stored otherwise.
	fresh := map[string]bool{}
	derived := map[string]bool{}
	key := func(e js_ast.Expr) (string, bool) {
		d, ok := e.Data.(*js_ast.EDot)
		if !ok {
			return "", false
		}
		id, ok := d.Target.Data.(*js_ast.EIdentifier)
		if !ok || !tainted[m.File.Resolve(id.Ref)] {
			return "", false
		}
		return m.File.Name(id.Ref) + "." + d.Name, true
	}
	parser.Inspect(body, func(n any) bool {
		if x, ok := n.(*js_ast.Expr); ok {
			if b, ok := x.Data.(*js_ast.EBinary); ok && b.Op >= js_ast.BinOpAssign {
				if k, ok := key(b.Left); ok {
					if b.Op == js_ast.BinOpAssign && !m.mentions(b.Right, read, tainted) {
						fresh[k] = true
					} else {
						derived[k] = true
					}
				}
			}
		}
		return true
	})
	for i := range obj.Properties {
		p := &obj.Properties[i]
		if p.Kind == js_ast.PropertySpread || p.ValueOrNil.Data == nil {
			return false
		}
		if !m.mentions(p.ValueOrNil, read, tainted) {
			continue
		}
		k, ok := key(p.ValueOrNil)
		if !ok || !fresh[k] || derived[k] {
			return false
		}
	}
	return true
}

// MutatesArg reports whether the function a call invokes changes its i-th
// argument in place: stores into a member of the parameter, updates one
// (`rec.count += 1`, `rec.n++`), calls a mutating method on it or a member
// (`rec.tags.push(t)`), or hands it to a function that does, up to
// maxWriteChain calls deep. Memoised per function and parameter.
func (m *Model) MutatesArg(call *js_ast.ECall, i int) bool {
	return m.mutatesArg(call, i, 0)
}

func (m *Model) mutatesArg(call *js_ast.ECall, i, depth int) bool {
	cm, fn := m.Callee(call)
	if fn == nil || i >= len(fn.Params) || fn.Params[i] == ast.InvalidRef || depth > maxWriteChain {
		return false
	}
	// Memoised for whole queries only: one cut short by the depth bound
	// depends on where it started.
	key := mutationKey{fn, i}
	if depth == 0 {
		if v, ok := m.Prog.mutations.Load(key); ok {
			return v.(bool)
		}
	}
	p := fn.Params[i]
	onParam := func(e js_ast.Expr) bool {
		r, ok := cm.root(e)
		return ok && r == p
	}
	found := false
	parser.Inspect(fn.Body(), func(n any) bool {
		if found {
			return false
		}
		x, ok := n.(*js_ast.Expr)
		if !ok {
			return true
		}
		switch e := x.Data.(type) {
		case *js_ast.EBinary:
			if e.Op >= js_ast.BinOpAssign && !isIdent(e.Left) && onParam(e.Left) {
				found = true
			}
		case *js_ast.EUnary:
			if e.Op >= js_ast.UnOpPreDec && e.Op <= js_ast.UnOpPostInc && onParam(e.Value) {
				found = true
			}
		case *js_ast.ECall:
			if d, ok := e.Target.Data.(*js_ast.EDot); ok && mutators[d.Name] && onParam(d.Target) {
				found = true
			}
			for j, a := range e.Args {
				if id, ok := a.Data.(*js_ast.EIdentifier); ok && cm.File.Resolve(id.Ref) == p && cm.mutatesArg(e, j, depth+1) {
					found = true
				}
			}
		}
		return !found
	})
	if depth == 0 {
		m.Prog.mutations.Store(key, found)
	}
	return found
}

type mutationKey struct {
	fn *Func
	i  int
}

// addsFresh reports whether an object or array literal holds a part that
// does not come from the read: a property, element or spread that neither
// mentions the read nor is a constant. A constant is a known primitive; an
// object or a time the value flow knows of (a parameter every caller passes
// an array literal for, `Date.now()`) is still new data.
func (m *Model) addsFresh(e js_ast.Expr, read *js_ast.ECall, tainted map[ast.Ref]bool) bool {
	fresh := func(v js_ast.Expr) bool {
		if sp, ok := v.Data.(*js_ast.ESpread); ok {
			v = sp.Value
		}
		return v.Data != nil && !m.mentions(v, read, tainted) && !constantValue(m.Eval(v))
	}
	switch x := e.Data.(type) {
	case *js_ast.EObject:
		for i := range x.Properties {
			p := &x.Properties[i]
			if p.Flags.Has(js_ast.PropertyIsComputed) && fresh(p.Key) || fresh(p.ValueOrNil) {
				return true
			}
		}
	case *js_ast.EArray:
		for _, it := range x.Items {
			if fresh(it) {
				return true
			}
		}
	}
	return false
}

// constantValue reports whether v is a known primitive: a number, string,
// boolean, null or undefined the code spells out (no undefined on some path
// only).
func constantValue(v Value) bool {
	switch v.Kind {
	case Number, String, Bool, Null, Undefined:
		return !v.MayUndef || v.Kind == Undefined
	}
	return false
}
