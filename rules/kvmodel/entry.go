package kvmodel

import (
	"strings"
	"sync"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Entry is a set of the ways a Worker runs a function.
type Entry uint8

// Entry kinds.
const (
	// EntryRequest: on the request path: module fetch, route handlers
	// (Hono, itty, Elysia, ...), Pages onRequest*, Durable Object and
	// WorkerEntrypoint methods.
	EntryRequest Entry = 1 << iota
	// EntryScheduled: a cron trigger (scheduled) or a Durable Object alarm.
	EntryScheduled
	// EntryQueue: a queue consumer.
	EntryQueue
)

// Has reports whether e includes k.
func (e Entry) Has(k Entry) bool { return e&k != 0 }

// routeMethods are router registration methods whose function arguments
// handle requests.
var routeMethods = map[string]bool{
	"get": true, "post": true, "put": true, "delete": true, "patch": true, "all": true,
	"options": true, "head": true, "on": true, "use": true, "route": true, "handle": true,
}

// durableBases are the runtime classes whose methods serve requests.
var durableBases = map[string]bool{"DurableObject": true, "WorkerEntrypoint": true, "Agent": true, "McpAgent": true}

// ownEntry is how the Worker runs fn itself, from its name and place.
func (m *fileModel) ownEntry(fn *Func) Entry {
	switch fn.Name {
	case "fetch":
		if len(fn.Params) >= 1 && fn.Parent == nil {
			return EntryRequest
		}
	case "scheduled", "alarm":
		if fn.Parent == nil {
			return EntryScheduled
		}
	case "queue":
		if fn.Parent == nil {
			return EntryQueue
		}
	}
	if strings.HasPrefix(fn.Name, "onRequest") && fn.Parent == nil {
		return EntryRequest
	}
	if fn.Class != nil && fn.Parent == nil && !fn.Arrow && fn.Name != "constructor" && m.extendsDurable(fn.Class) {
		return EntryRequest
	}
	if call := fn.ArgOf; call != nil {
		switch t := call.Target.Data.(type) {
		case *js_ast.EDot:
			if routeMethods[t.Name] {
				if _, isKV := m.kv(t.Target, 0); !isKV {
					return EntryRequest
				}
			}
		case *js_ast.EIdentifier:
			if m.f.IsUnbound(t.Ref) && m.f.Name(t.Ref) == "addEventListener" && len(call.Args) > 0 {
				if ev, ok := stringValue(call.Args[0]); ok {
					switch ev {
					case "fetch":
						return EntryRequest
					case "scheduled":
						return EntryScheduled
					}
				}
			}
		}
	}
	return 0
}

func (m *fileModel) extendsDurable(cl *js_ast.Class) bool {
	switch t := cl.ExtendsOrNil.Data.(type) {
	case *js_ast.EIdentifier:
		return durableBases[m.f.Name(t.Ref)]
	case *js_ast.EImportIdentifier:
		return durableBases[m.f.Name(t.Ref)]
	case *js_ast.EDot:
		return durableBases[t.Name]
	}
	return false
}

type entryMemo struct {
	mu   sync.Mutex
	done map[*Func]Entry
}

func (m *fileModel) entryDone(fn *Func) (Entry, bool) {
	m.entryMemo.mu.Lock()
	defer m.entryMemo.mu.Unlock()
	e, ok := m.entryMemo.done[fn]
	return e, ok
}

func (m *fileModel) setEntry(fn *Func, e Entry) {
	m.entryMemo.mu.Lock()
	if m.entryMemo.done == nil {
		m.entryMemo.done = map[*Func]Entry{}
	}
	m.entryMemo.done[fn] = e
	m.entryMemo.mu.Unlock()
}

// Entries returns the ways the Worker may run fn: its own kind, its
// enclosing function's, and those of every function that calls it, in this
// module or another.
func (m *Model) Entries(fn *Func) Entry {
	if fn == nil {
		return 0
	}
	return m.fm.entries(fn)
}

// entryNode is a function and the model of its file.
type entryNode struct {
	m  *fileModel
	fn *Func
}

// entries solves the equations entries(fn) = own(fn) | entries(parent) |
// entries(each caller) over the functions that reach fn, by strongly
// connected components (Tarjan): a function in a cycle of calls has the
// entries of the whole cycle. Each function's answer is remembered, so the
// whole program costs time linear in its calls, however they recurse.
func (m *fileModel) entries(fn *Func) Entry {
	if e, ok := m.entryDone(fn); ok {
		return e
	}
	type state struct {
		index, low int
		onStack    bool
		partial    Entry // own | completed successors'
	}
	states := map[*Func]*state{}
	final := map[*Func]Entry{}
	var stack []entryNode
	var visit func(n entryNode)
	visit = func(n entryNode) {
		s := &state{index: len(states), onStack: true, partial: n.m.ownEntry(n.fn)}
		s.low = s.index
		states[n.fn] = s
		stack = append(stack, n)
		n.m.entrySuccessors(n.fn, func(w entryNode) {
			if e, ok := final[w.fn]; ok {
				s.partial |= e
				return
			}
			if e, ok := w.m.entryDone(w.fn); ok {
				s.partial |= e
				return
			}
			ws, seen := states[w.fn]
			if !seen {
				visit(w)
				if e, ok := final[w.fn]; ok {
					s.partial |= e
					return
				}
				ws = states[w.fn]
			}
			if ws.onStack {
				s.low = min(s.low, ws.low)
			}
		})
		if s.low != s.index {
			return
		}
		// n is the root of a component: everything above it on the stack.
		at := len(stack) - 1
		for stack[at].fn != n.fn {
			at--
		}
		var e Entry
		for _, x := range stack[at:] {
			e |= states[x.fn].partial
		}
		for _, x := range stack[at:] {
			states[x.fn].onStack = false
			final[x.fn] = e
			x.m.setEntry(x.fn, e)
		}
		stack = stack[:at]
	}
	visit(entryNode{m, fn})
	return final[fn]
}

// entrySuccessors calls f for each function whose entries fn has: its
// enclosing function, its callers here (by name, or as `this.method()`),
// and its callers in the modules that import it.
func (m *fileModel) entrySuccessors(fn *Func, f func(entryNode)) {
	if fn.Parent != nil {
		f(entryNode{m, fn.Parent})
	}
	for _, site := range m.callersOf()[fn] {
		if site.fn != nil {
			f(entryNode{m, site.fn})
		}
	}
	if fn.Ref != ast.InvalidRef {
		for _, ic := range m.prog.importedCalls(m, fn.Ref) {
			if ic.site != nil && ic.site.fn != nil {
				f(entryNode{ic.m, ic.site.fn})
			}
		}
	}
}

// callersOf indexes the file's calls by the function they call.
func (m *fileModel) callersOf() map[*Func][]*callSite {
	m.callersOnce.Do(func() {
		m.callers = map[*Func][]*callSite{}
		for i := range m.callOrder {
			site := &m.callOrder[i]
			if _, callee := m.callee(site.call); callee != nil {
				m.callers[callee] = append(m.callers[callee], site)
			}
		}
	})
	return m.callers
}
