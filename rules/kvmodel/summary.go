package kvmodel

import (
	"sync"

	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Effect is a KV operation a call performs, directly or through the
// functions it calls, in this module or others.
type Effect struct {
	Method string
	NS     Namespace
	// Key is the key in the caller's terms: the argument the caller passes
	// where the callee uses a parameter as the key, or the callee's own key
	// expression when it is a constant. Nil Data when neither.
	Key js_ast.Expr
	// Op and OpModel locate the operation itself.
	Op      *Op
	OpModel *Model
}

// IsWrite reports whether the effect writes (put or delete).
func (e Effect) IsWrite() bool { return e.Method == Put || e.Method == Delete }

// IsRead reports whether the effect reads a key.
func (e Effect) IsRead() bool { return e.Method == Get || e.Method == GetWithMetadata }

// paramEffect is an effect of a function with its key in the function's
// own terms: an expression over its parameters and constants (nil when the
// key cannot be so expressed).
type paramEffect struct {
	method  string
	ns      Namespace
	key     js_ast.Expr
	op      *Op
	opModel *Model
}

type summaryMemo struct {
	mu   sync.Mutex
	done map[*Func][]paramEffect
}

// maxCallDepth bounds how deep effects are followed through calls.
const maxCallDepth = 6

// Effects lists the KV operations a call of a project function performs.
func (m *Model) Effects(call *js_ast.ECall) []Effect {
	cm, fn := m.Callee(call)
	if fn == nil {
		return nil
	}
	pes := cm.effects(fn, 0, map[*Func]bool{})
	out := make([]Effect, 0, len(pes))
	for _, pe := range pes {
		e := Effect{Method: pe.method, NS: pe.ns, Op: pe.op, OpModel: pe.opModel}
		if pe.op.Fn == fn {
			e.NS = m.nsAtCall(cm, fn, pe.op, call)
		}
		if pe.key.Data != nil {
			if k, ok := cm.substitute(pe.key, fn, call.Args, onThis(m, cm, call), 0); ok {
				e.Key = k
			}
		}
		out = append(out, e)
	}
	return out
}

// substitute rewrites a key expression of fn (over its parameters,
// literals, templates and +) into the caller's terms by replacing each
// parameter with the argument passed for it. Members of `this` carry over
// when sameThis: fn is a method called on `this` from the same class.
// Anything else (a variable of fn's module, a call) makes the key
// inexpressible.
func (m *Model) substitute(e js_ast.Expr, fn *Func, args []js_ast.Expr, sameThis bool, depth int) (js_ast.Expr, bool) {
	if depth > maxDepth {
		return js_ast.Expr{}, false
	}
	if v := m.Eval(e); v.Kind == String {
		return js_ast.Expr{Loc: e.Loc, Data: &js_ast.EString{Value: helpers.StringToUTF16(v.Str)}}, true
	}
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		ref := m.File.Resolve(x.Ref)
		for i, p := range fn.Params {
			if p == ref {
				if i < len(args) {
					return args[i], true
				}
				return js_ast.Expr{}, false
			}
		}
		if init, ok := m.fm.initOf(ref); ok {
			return m.substitute(init, fn, args, sameThis, depth+1)
		}
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			break
		}
		parts := make([]js_ast.TemplatePart, len(x.Parts))
		for i, p := range x.Parts {
			v, ok := m.substitute(p.Value, fn, args, sameThis, depth+1)
			if !ok {
				return js_ast.Expr{}, false
			}
			parts[i] = js_ast.TemplatePart{Value: v, TailCooked: p.TailCooked, TailLoc: p.TailLoc}
		}
		return js_ast.Expr{Loc: e.Loc, Data: &js_ast.ETemplate{HeadCooked: x.HeadCooked, HeadLoc: x.HeadLoc, Parts: parts}}, true
	case *js_ast.EIndex:
		if sameThis && rootedAtThis(e) {
			return e, true
		}
	case *js_ast.EDot:
		if sameThis && rootedAtThis(e) {
			return e, true
		}
		// A member of a parameter: user.id is the argument's id.
		if t, ok := m.substitute(x.Target, fn, args, sameThis, depth+1); ok {
			return js_ast.Expr{Loc: e.Loc, Data: &js_ast.EDot{Target: t, Name: x.Name, NameLoc: x.NameLoc, OptionalChain: x.OptionalChain}}, true
		}
	case *js_ast.ECall:
		// A key helper of this module: keyFor(id) is its return expression
		// with id put in.
		args2 := make([]js_ast.Expr, len(x.Args))
		for i, a := range x.Args {
			v, ok := m.substitute(a, fn, args, sameThis, depth+1)
			if !ok {
				return js_ast.Expr{}, false
			}
			args2[i] = v
		}
		if inner, ok := m.inline(x, args2, depth+1); ok {
			return inner, true
		}
	case *js_ast.EBinary:
		if x.Op != js_ast.BinOpAdd {
			break
		}
		l, ok1 := m.substitute(x.Left, fn, args, sameThis, depth+1)
		r, ok2 := m.substitute(x.Right, fn, args, sameThis, depth+1)
		if ok1 && ok2 {
			return js_ast.Expr{Loc: e.Loc, Data: &js_ast.EBinary{Op: js_ast.BinOpAdd, Left: l, Right: r}}, true
		}
	}
	return js_ast.Expr{}, false
}

// WritesKV reports whether a call of a project function writes KV.
func (m *Model) WritesKV(call *js_ast.ECall) bool {
	for _, e := range m.Effects(call) {
		if e.IsWrite() {
			return true
		}
	}
	return false
}

// FuncWritesKV reports whether running fn writes KV (directly, in nested
// functions, or through calls).
func (m *Model) FuncWritesKV(fn *Func) bool {
	for _, e := range m.effects(fn, 0, map[*Func]bool{}) {
		if e.method == Put || e.method == Delete {
			return true
		}
	}
	return false
}

func (m *Model) effects(fn *Func, depth int, visiting map[*Func]bool) []paramEffect {
	memo := &m.fm.summaryMemo
	memo.mu.Lock()
	if pes, ok := memo.done[fn]; ok {
		memo.mu.Unlock()
		return pes
	}
	memo.mu.Unlock()
	if depth > maxCallDepth || visiting[fn] {
		return nil
	}
	visiting[fn] = true
	defer delete(visiting, fn)

	idx := m.index()
	var out []paramEffect
	for _, op := range idx.opsIn[fn] {
		out = append(out, paramEffect{method: op.Method, ns: op.NS, key: op.Key, op: op, opModel: m})
	}
	for _, site := range idx.callsIn[fn] {
		cm, callee := m.Callee(site.Call)
		if callee == nil || callee == fn {
			continue
		}
		for _, pe := range cm.effects(callee, depth+1, visiting) {
			// Re-express the callee's key in fn's terms.
			if pe.key.Data != nil {
				if k, ok := cm.substitute(pe.key, callee, site.Call.Args, onThis(m, cm, site.Call), 0); ok {
					pe.key = k
				} else {
					pe.key = js_ast.Expr{}
				}
			}
			out = append(out, pe)
		}
	}
	// Each operation once per distinct key (see maxKeysPerOp): the summary
	// stays linear in the operations, however many paths reach them.
	out = dedupeEffects(out)
	// Remembered at every depth: a result cut short by a cycle or the depth
	// bound is an under-approximation, which is what the rules want.
	memo.mu.Lock()
	if memo.done == nil {
		memo.done = map[*Func][]paramEffect{}
	}
	memo.done[fn] = out
	memo.mu.Unlock()
	return out
}

// funcIndex lists, for each function, the KV operations and calls it makes
// itself or in functions nested in it.
type funcIndex struct {
	opsIn   map[*Func][]*Op
	callsIn map[*Func][]*CallSite
}

func (m *Model) index() *funcIndex {
	m.idxOnce.Do(func() {
		idx := &funcIndex{opsIn: map[*Func][]*Op{}, callsIn: map[*Func][]*CallSite{}}
		for _, op := range m.Ops {
			for f := op.Fn; f != nil; f = f.Parent {
				idx.opsIn[f] = append(idx.opsIn[f], op)
			}
		}
		for _, c := range m.Calls {
			for f := c.Fn; f != nil; f = f.Parent {
				idx.callsIn[f] = append(idx.callsIn[f], c)
			}
		}
		m.idx = idx
	})
	return m.idx
}

// onThis reports whether call invokes a method on `this` of the caller's
// own file (so that `this` means the same object in both).
func onThis(caller, callee *Model, call *js_ast.ECall) bool {
	if caller != callee {
		return false
	}
	_, _, ok := caller.fm.thisMember(call.Target)
	return ok
}

// rootedAtThis reports whether e is this.a.b...
func rootedAtThis(e js_ast.Expr) bool {
	for {
		switch x := e.Data.(type) {
		case *js_ast.EThis:
			return true
		case *js_ast.EDot:
			e = x.Target
		case *js_ast.EIndex: // this.#private
			if _, ok := x.Index.Data.(*js_ast.EPrivateIdentifier); !ok {
				return false
			}
			e = x.Target
		default:
			return false
		}
	}
}

// inline expands a call of a key helper (of this module or, through an
// import, another), a function whose single return value is built from its
// parameters, literals, templates and + (`const keyFor = (id) =>
// \`post:${id}\“), with args in place of its parameters. The result holds
// only new literals and the caller's own arguments.
func (m *Model) inline(call *js_ast.ECall, args []js_ast.Expr, depth int) (js_ast.Expr, bool) {
	cm, g := m.Callee(call)
	if g == nil || len(g.returns) != 1 || depth > maxDepth {
		return js_ast.Expr{}, false
	}
	return cm.substitute(g.returns[0], g, args, onThis(m, cm, call), depth+1)
}
