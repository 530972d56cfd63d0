package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
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
	for _, r := range cm.index().opsIn[fn] {
		if !r.IsRead() || r.Fn != fn {
			continue
		}
		returned := false
		for _, ret := range fn.returns {
			if cm.DependsOn(ret, r, nil) {
				returned = true
				break
			}
		}
		if !returned {
			continue
		}
		key, ok := cm.substitute(r.Key, fn, site.Call.Args, onThis(m, cm, site.Call), 0)
		if !ok {
			continue
		}
		op := &Op{Expr: site.Expr, Call: site.Call, Method: r.Method, NS: m.nsAtCall(cm, fn, r, site.Call), Key: key, Fn: site.Fn,
			Start: int(site.Expr.Loc.Start), MethodStart: int(site.Expr.Loc.Start), End: m.File.ExprEnd(site.Expr), Parents: site.Parents}
		out = append(out, ReadAt{Op: op, Origin: r, OriginModel: cm})
	}
	return out
}

// ParamWrites lists the puts a called function makes whose value depends on
// one of its parameters, with that parameter's argument: its own puts, and
// those of the functions it calls in turn, passing the value on
// (saveMonitors(data) → setKV(key, JSON.stringify(data)) → put), up to
// maxWriteChain calls deep.
func (m *Model) ParamWrites(site *CallSite) []WriteAt {
	return m.paramWrites(site, 1)
}

const maxWriteChain = 3

func (m *Model) paramWrites(site *CallSite, depth int) []WriteAt {
	cm, fn := m.Callee(site.Call)
	if fn == nil {
		return nil
	}
	// param returns the index of the parameter of fn that value depends
	// on, if any.
	param := func(value js_ast.Expr) int {
		for i, p := range fn.Params {
			if p != ast.InvalidRef && i < len(site.Call.Args) && cm.dependsOnParam(value, p, fn) {
				return i
			}
		}
		return -1
	}
	var out []WriteAt
	// add records a put, seen inside fn as writing value under key (both in
	// fn's terms), when value comes from one of fn's parameters.
	add := func(method string, ns Namespace, key, value js_ast.Expr, origin *Op, originModel *Model) {
		i := param(value)
		if i < 0 {
			return
		}
		if k, ok := cm.substitute(key, fn, site.Call.Args, onThis(m, cm, site.Call), 0); ok {
			out = append(out, WriteAt{Site: site, Method: method, NS: ns, Key: k, Value: site.Call.Args[i], Origin: origin, OriginModel: originModel})
		}
	}
	for _, w := range cm.index().opsIn[fn] {
		if w.Method == Put && w.Value.Data != nil {
			add(w.Method, m.nsAtCall(cm, fn, w, site.Call), w.Key, w.Value, w, cm)
		}
	}
	if depth >= maxWriteChain {
		return out
	}
	for _, inner := range cm.index().callsIn[fn] {
		if inner.Fn != fn {
			continue // in a nested function: maybe never called
		}
		for _, w := range cm.paramWrites(inner, depth+1) {
			add(w.Method, w.NS, w.Key, w.Value, w.Origin, w.OriginModel)
		}
	}
	return out
}

// dependsOnParam reports whether value depends on parameter p of fn.
func (m *Model) dependsOnParam(value js_ast.Expr, p ast.Ref, fn *Func) bool {
	tainted := map[ast.Ref]bool{p: true}
	body := fn.Body()
	for round := 0; round < 6; round++ {
		if !m.propagate(body, nil, tainted) {
			break
		}
	}
	return m.mentions(value, nil, tainted)
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
