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

// paramEffect is an effect of a function in terms of its own parameters.
type paramEffect struct {
	method   string
	ns       Namespace
	keyParam int         // >= 0: the key is this parameter
	key      js_ast.Expr // else: a constant key expression of the callee (or nil)
	keyModel *Model
	op       *Op
	opModel  *Model
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
		switch {
		case pe.keyParam >= 0 && pe.keyParam < len(call.Args):
			e.Key = call.Args[pe.keyParam]
		case pe.key.Data != nil:
			if v := pe.keyModel.Eval(pe.key); v.Kind == String {
				e.Key = js_ast.Expr{Data: &js_ast.EString{Value: helpers.StringToUTF16(v.Str)}}
			}
		}
		out = append(out, e)
	}
	return out
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

// within reports whether fn is inner or lexically nested in it.
func within(inner, fn *Func) bool {
	for f := inner; f != nil; f = f.Parent {
		if f == fn {
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

	paramIndex := func(e js_ast.Expr) int {
		if id, ok := e.Data.(*js_ast.EIdentifier); ok {
			ref := m.File.Resolve(id.Ref)
			for i, p := range fn.Params {
				if p == ref {
					return i
				}
			}
		}
		return -1
	}
	var out []paramEffect
	for _, op := range m.Ops {
		if !within(op.Fn, fn) {
			continue
		}
		pe := paramEffect{method: op.Method, ns: op.NS, keyParam: paramIndex(op.Key), op: op, opModel: m}
		if pe.keyParam < 0 {
			pe.key, pe.keyModel = op.Key, m
		}
		out = append(out, pe)
	}
	for _, site := range m.Calls {
		if !within(site.Fn, fn) {
			continue
		}
		cm, callee := m.Callee(site.Call)
		if callee == nil || callee == fn {
			continue
		}
		for _, pe := range cm.effects(callee, depth+1, visiting) {
			// Re-express the callee's key in fn's terms.
			if pe.keyParam >= 0 {
				if pe.keyParam < len(site.Call.Args) {
					a := site.Call.Args[pe.keyParam]
					if i := paramIndex(a); i >= 0 {
						pe.keyParam = i
					} else {
						pe.keyParam, pe.key, pe.keyModel = -1, a, m
					}
				} else {
					pe.keyParam, pe.key = -1, js_ast.Expr{}
				}
			}
			out = append(out, pe)
		}
	}
	if depth == 0 {
		memo.mu.Lock()
		if memo.done == nil {
			memo.done = map[*Func][]paramEffect{}
		}
		memo.done[fn] = out
		memo.mu.Unlock()
	}
	return out
}
