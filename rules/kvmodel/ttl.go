package kvmodel

import (
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// OptionValue returns what the value-flow layer proves of an option of
// op: the options object as it reaches the call (written there, held by a
// variable, filled in by assignments, spread, chosen by a conditional),
// and the named property of it. ok is false when the options provably
// lack the property, or are not known. Option locates the property when
// it is written at the call.
func (m *Model) OptionValue(op *Op, name string) (Value, Option, bool) {
	if op.Options.Data == nil {
		return Value{}, Option{}, false
	}
	o, written := m.Option(op, name)
	if !written {
		o = Option{}
	}
	if obj, ok := op.Options.Data.(*js_ast.EObject); !ok || o.Prop == nil {
		o.Written = false
	} else if p, _ := Property(obj, name); p != o.Prop {
		o.Written = false
	}
	opts := m.Eval(op.Options)
	if opts.Kind != Object || opts.Shape == nil {
		return Value{}, o, false
	}
	v, has := opts.Shape.Lookup(name)
	if !has {
		return Value{}, o, false
	}
	if opts.MayUndef {
		v.MayUndef = true
	}
	return v, o, true
}

// TTL is what is known of whether a put sets an expiration.
type TTL uint8

// TTL states.
const (
	// TTLMaybe: an expiration may be set (or the options are not known).
	TTLMaybe TTL = iota
	// TTLNone: no expiration on any path.
	TTLNone
	// TTLSomePaths: an expiration is undefined on some path.
	TTLSomePaths
	// TTLFromCaller: the expiration is a parameter of the put's function
	// (or a property of one): callers decide, see OmitsTTL.
	TTLFromCaller
)

// TTLOf decides whether a put sets `expiration` or `expirationTtl`: no
// options, options provably without them, or set to undefined is none; a
// value assigned undefined on some path (`{ expirationTtl: cond ? 60 :
// undefined }`, a `let ttl` set on one branch) is none on that path. An
// options object that lacks the property on some path only (filled in on
// a branch, chosen by a conditional) may hold one.
func (m *Model) TTLOf(op *Op) TTL {
	if op.Options.Data == nil {
		return TTLNone
	}
	opts := m.Eval(op.Options)
	// A callback handed to a library is called by code outside the
	// project: no call site says what it passes, and a TTL its own code
	// leaves undefined on a path (`expires ? {...} : undefined`) is none
	// there.
	hook := op.Fn != nil && m.libraryCallback(op)
	if ownParam(op, opts.Param) && !hook {
		return TTLFromCaller
	}
	switch opts.Kind {
	case Undefined, Null:
		return TTLNone
	case Object:
	default:
		return TTLMaybe
	}
	if opts.Shape == nil {
		return TTLMaybe
	}
	state := TTLNone
	fromCaller := false
	for _, name := range []string{"expiration", "expirationTtl"} {
		v, has := opts.Shape.Lookup(name)
		if !has || v.Kind == Undefined || v.Kind == Null {
			continue
		}
		if ownParam(op, v.Param) && !hook {
			fromCaller = true
			continue
		}
		if v.MayUndef && !v.Absent() {
			if state == TTLNone {
				state = TTLSomePaths
			}
			continue
		}
		return TTLMaybe
	}
	if fromCaller {
		return TTLFromCaller
	}
	return state
}

// CallerOptions reports whether a put's options object is a parameter of
// its function passed on whole and unchanged (`put(key, value, options)` in
// a wrapper with KV's own signature), with callers the project does not
// show: what TTL it holds is each caller's, nothing the wrapper computes.
func (m *Model) CallerOptions(op *Op) bool {
	if op.Options.Data == nil || op.Fn == nil {
		return false
	}
	p := m.Eval(op.Options).Param
	return ownParam(op, p) && p.Prop == "" && !m.libraryCallback(op)
}

// ownParam reports whether p, the parameter a value of op's options is
// taken from unchanged, is one of op's own function.
func ownParam(op *Op, p *valueflow.ParamRef) bool {
	return p != nil && op.Fn != nil && p.Fn == op.Fn.Node
}

// libraryCallback reports whether the function of op is written as an
// argument of a call of a function outside the project (directly, or as a
// method or property of an object literal passed to it):
// `createSessionStorage({ async createData(data, expires) {...} })`.
func (m *Model) libraryCallback(op *Op) bool {
	i := len(op.Parents) - 1
	for ; i >= 0; i-- {
		switch n := op.Parents[i].(type) {
		case *js_ast.Fn:
			if n == op.Fn.Node {
				goto found
			}
		case *js_ast.Expr:
			if n == op.Fn.Node {
				goto found
			}
		}
	}
	return false
found:
	for i--; i >= 0; i-- {
		switch n := op.Parents[i].(type) {
		case *js_ast.Property:
			continue
		case *js_ast.Expr:
			switch x := n.Data.(type) {
			case *js_ast.EFunction, *js_ast.EArrow, *js_ast.EObject:
				continue
			case *js_ast.ECall:
				_, fn := m.Callee(x)
				return fn == nil
			}
		}
		return false
	}
	return false
}

// OmitsTTL reports whether a call of a project function leaves out the
// parameter (or the property of it) a put inside uses as its expiration,
// so that the put has none; it returns that put.
func (m *Model) OmitsTTL(site *CallSite) (*Op, bool) {
	cm, fn := m.Callee(site.Call)
	if fn == nil {
		return nil, false
	}
	for _, op := range cm.index().opsIn[fn] {
		if op.Method != Put || op.Fn != fn || !cm.TTLRequired(op.NS) || cm.TTLOf(op) != TTLFromCaller {
			continue
		}
		for _, ref := range cm.ttlParams(op) {
			if m.omits(site.Call, ref) {
				return op, true
			}
		}
	}
	return nil, false
}

// ttlParams lists the parameters (and properties) a put's expiration, or
// its options object, is taken from unchanged.
func (m *Model) ttlParams(op *Op) []valueflow.ParamRef {
	var out []valueflow.ParamRef
	opts := m.Eval(op.Options)
	if opts.Param != nil {
		return append(out, valueflow.ParamRef{Fn: opts.Param.Fn, Index: opts.Param.Index, Prop: opts.Param.Prop + "\x00opts"})
	}
	if opts.Kind != Object || opts.Shape == nil {
		return nil
	}
	for _, name := range []string{"expiration", "expirationTtl"} {
		if v, has := opts.Shape.Lookup(name); has && v.Param != nil {
			out = append(out, *v.Param)
		}
	}
	return out
}

// omits reports whether call leaves out what p names: no argument (or
// undefined) at its index; or, for a property, an object literal without
// it. An options parameter (Prop ending "\x00opts") is left out when the
// argument is missing or an object literal without either TTL key.
func (m *Model) omits(call *js_ast.ECall, p valueflow.ParamRef) bool {
	for i := 0; i < len(call.Args) && i <= p.Index; i++ {
		if _, spread := call.Args[i].Data.(*js_ast.ESpread); spread {
			return false
		}
	}
	if p.Index >= len(call.Args) {
		return true
	}
	arg := call.Args[p.Index]
	v := m.Eval(arg)
	if v.Kind == Undefined {
		return true
	}
	prop, isOpts := p.Prop, false
	if n := len(prop); n >= 5 && prop[n-5:] == "\x00opts" {
		prop, isOpts = prop[:n-5], true
	}
	if prop == "" && !isOpts {
		return false
	}
	if v.Kind != Object || v.Shape == nil {
		return false
	}
	if !isOpts {
		pv, has := v.Shape.Lookup(prop)
		return !has || pv.Kind == Undefined
	}
	if prop != "" {
		pv, has := v.Shape.Lookup(prop)
		if !has || pv.Kind == Undefined {
			return true
		}
		if pv.Kind != Object || pv.Shape == nil {
			return false
		}
		v = pv
	}
	for _, name := range []string{"expiration", "expirationTtl"} {
		if pv, has := v.Shape.Lookup(name); has && pv.Kind != Undefined {
			return false
		}
	}
	return true
}
