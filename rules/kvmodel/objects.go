package kvmodel

import (
	"sync"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// What an expression holds, for the call graph: an instance of a class
// (declared in any module of the program), a function (a declaration, an
// arrow, a method), or an object literal whose properties are looked up in
// turn. The question is asked of variables, parameters and fields, which
// take their values from initializers, call sites' arguments and
// assignments; every source must agree.
//
// The answers are the greatest fixpoint of "a node holds what all its
// sources hold", computed once for the whole program by one depth-first
// walk over the nodes (Tarjan's strongly connected components): a cycle of
// nodes (a field copied into a parameter that is stored back into the
// field) shares one answer, the agreement of every source entering it, and
// each node is decided once. No depth bound: the work is linear in the
// nodes and their sources.

type objKind uint8

const (
	objNone   objKind = iota // nothing known yet (no source)
	objClass                 // an instance of cl
	objFunc                  // the function fn
	objObject                // the object literal obj
	objMixed                 // sources disagree, or one is unknown
)

type objVal struct {
	kind objKind
	fm   *fileModel
	cl   *js_ast.Class
	fn   *Func
	obj  *js_ast.EObject
}

var mixed = objVal{kind: objMixed}

// meet is the agreement of two sources.
func meet(a, b objVal) objVal {
	switch {
	case a.kind == objNone:
		return b
	case b.kind == objNone:
		return a
	case a == b:
		return a
	}
	return mixed
}

// objNode is a variable or parameter (cl nil) or a field of a class.
type objNode struct {
	fm   *fileModel
	ref  ast.Ref
	cl   *js_ast.Class
	name string
}

// objSolver holds the program's answers; one lock guards it (answers are
// remembered, so each walk is short).
type objSolver struct {
	mu      sync.Mutex
	final   map[objNode]objVal
	index   map[objNode]int
	low     map[objNode]int
	partial map[objNode]objVal
	stack   []objNode
	onStack map[objNode]bool
	counter int
	cur     *objNode

	// Per module: the class a symbol names, and the function of each
	// function node.
	classes map[*fileModel]map[ast.Ref]*js_ast.Class
	funcsOf map[*fileModel]map[any]*Func
}

func (p *Program) objects() *objSolver {
	s := &p.index.objects
	if s.final == nil {
		s.final = map[objNode]objVal{}
		s.index = map[objNode]int{}
		s.low = map[objNode]int{}
		s.partial = map[objNode]objVal{}
		s.onStack = map[objNode]bool{}
		s.classes = map[*fileModel]map[ast.Ref]*js_ast.Class{}
		s.funcsOf = map[*fileModel]map[any]*Func{}
	}
	return s
}

// valueOf returns what e, an expression of m, holds.
func (m *fileModel) valueOf(e js_ast.Expr) objVal {
	s := &m.prog.index.objects
	m.prog.index.once.Do(m.prog.buildIndex) // context variables, before the lock
	s.mu.Lock()
	defer s.mu.Unlock()
	m.prog.objects()
	return s.expr(m, e)
}

func (s *objSolver) classNamed(m *fileModel, ref ast.Ref) *js_ast.Class {
	byRef, ok := s.classes[m]
	if !ok {
		byRef = make(map[ast.Ref]*js_ast.Class, len(m.classRef))
		for cl, r := range m.classRef {
			byRef[r] = cl
		}
		s.classes[m] = byRef
	}
	return byRef[ref]
}

func (s *objSolver) funcOfNode(m *fileModel, node any) *Func {
	byNode, ok := s.funcsOf[m]
	if !ok {
		byNode = make(map[any]*Func, len(m.Funcs))
		for _, fn := range m.Funcs {
			switch n := fn.Node.(type) {
			case *js_ast.Fn:
				byNode[n] = fn
			case *js_ast.Expr:
				byNode[n.Data] = fn
			}
		}
		s.funcsOf[m] = byNode
	}
	return byNode[node]
}

// expr decides an expression of m.
func (s *objSolver) expr(m *fileModel, e js_ast.Expr) objVal {
	switch x := e.Data.(type) {
	case *js_ast.EThis:
		if cl := m.thisClass[e.Loc.Start]; cl != nil {
			return objVal{kind: objClass, fm: m, cl: cl}
		}
	case *js_ast.ENew:
		switch t := x.Target.Data.(type) {
		case *js_ast.EIdentifier:
			if cl := s.classNamed(m, m.f.Resolve(t.Ref)); cl != nil {
				return objVal{kind: objClass, fm: m, cl: cl}
			}
		case *js_ast.EImportIdentifier:
			if om, ref, ok := m.importTarget(t.Ref); ok {
				if cl := s.classNamed(om, ref); cl != nil {
					return objVal{kind: objClass, fm: om, cl: cl}
				}
			}
		}
	case *js_ast.EAnnotation:
		return s.expr(m, x.Value)
	case *js_ast.EArrow:
		if fn := s.funcOfNode(m, x); fn != nil {
			return objVal{kind: objFunc, fm: m, fn: fn}
		}
	case *js_ast.EFunction:
		if fn := s.funcOfNode(m, &x.Fn); fn != nil {
			return objVal{kind: objFunc, fm: m, fn: fn}
		}
	case *js_ast.EObject:
		return objVal{kind: objObject, fm: m, obj: x}
	case *js_ast.EIdentifier:
		return s.node(objNode{fm: m, ref: m.f.Resolve(x.Ref)})
	case *js_ast.EImportIdentifier:
		if om, ref, ok := m.importTarget(x.Ref); ok {
			return s.node(objNode{fm: om, ref: ref})
		}
	case *js_ast.EIf:
		return s.either(m, x.Yes, x.No)
	case *js_ast.ECall:
		if name, ok := contextVar(x, "get", 1); ok {
			if v, ok := s.contextVar(m, name); ok {
				return v
			}
		}
	case *js_ast.EDot:
		if d, ok := x.Target.Data.(*js_ast.EDot); ok && d.Name == "var" && isIdent(d.Target) {
			if v, ok := s.contextVar(m, x.Name); ok {
				return v // c.var.store
			}
		}
		if _, ok := x.Target.Data.(*js_ast.EThis); ok {
			if cl := m.thisClass[x.Target.Loc.Start]; cl != nil {
				return s.node(objNode{fm: m, cl: cl, name: x.Name})
			}
			return mixed
		}
		return s.member(s.expr(m, x.Target), x.Name)
	case *js_ast.EIndex:
		if this, name, ok := m.thisMember(e); ok {
			if cl := m.thisClass[this.Loc.Start]; cl != nil {
				return s.node(objNode{fm: m, cl: cl, name: name})
			}
		}
	}
	return mixed
}

// contextVar decides a context variable (`c.get("store")`): what every
// value the Worker sets it to holds (`c.set("store", new Store(...))`);
// false when nothing sets it.
func (s *objSolver) contextVar(m *fileModel, name string) (objVal, bool) {
	sets := m.prog.contextSets(m.wrangler, name) // the index is built: valueOf built it before the lock
	if len(sets) == 0 {
		return objVal{}, false
	}
	out := objVal{}
	for _, set := range sets {
		out = meet(out, s.expr(set.m, set.value))
	}
	return out, true
}

// either decides `c ? a : b`. Two functions agree when one only forwards
// to the other (`flag ? helper : (x, o) => helper(x, {...o, prefix})`):
// the call reaches the same operations, with other arguments.
func (s *objSolver) either(m *fileModel, a, b js_ast.Expr) objVal {
	va, vb := s.expr(m, a), s.expr(m, b)
	if va.kind == objFunc && vb.kind == objFunc && va != vb {
		if s.forwards(va, vb) {
			return vb
		}
		if s.forwards(vb, va) {
			return va
		}
	}
	return meet(va, vb)
}

// forwards reports whether the function w returns a call of g and nothing
// else.
func (s *objSolver) forwards(w, g objVal) bool {
	if len(w.fn.returns) != 1 {
		return false
	}
	call, ok := w.fn.returns[0].Data.(*js_ast.ECall)
	if !ok {
		return false
	}
	return s.expr(w.fm, call.Target) == g
}

// member decides a property of what v holds: a method or field of a
// class, a property of an object literal.
func (s *objSolver) member(v objVal, name string) objVal {
	switch v.kind {
	case objClass:
		return s.node(objNode{fm: v.fm, cl: v.cl, name: name})
	case objObject:
		var val objVal
		found := false
		for _, p := range v.obj.Properties {
			if p.Kind == js_ast.PropertySpread {
				return mixed // may replace what comes before it
			}
			key, ok := KeyName(p.Key)
			if !ok {
				return mixed
			}
			if key != name {
				continue
			}
			found = true
			switch {
			case p.Kind == js_ast.PropertyGetter || p.Kind == js_ast.PropertySetter:
				return mixed
			case p.ValueOrNil.Data != nil:
				val = s.expr(v.fm, p.ValueOrNil)
			default:
				return mixed
			}
		}
		if found {
			return val
		}
	}
	return mixed
}

// node decides a variable, parameter or field, walking the nodes it
// depends on first (Tarjan's algorithm: a node still on the stack is part
// of the cycle being walked, and contributes through the cycle's answer).
func (s *objSolver) node(n objNode) objVal {
	if v, ok := s.final[n]; ok {
		return v
	}
	if s.onStack[n] {
		if s.cur != nil && s.index[n] < s.low[*s.cur] {
			s.low[*s.cur] = s.index[n]
		}
		return objVal{}
	}
	outer := s.cur
	s.index[n], s.low[n] = s.counter, s.counter
	s.counter++
	s.stack = append(s.stack, n)
	s.onStack[n] = true
	s.cur = &n
	v := s.sources(n)
	s.partial[n] = v
	s.cur = outer
	if s.low[n] == s.index[n] {
		// n roots a component: every node of it holds what all agree on.
		i := len(s.stack) - 1
		for s.stack[i] != n {
			i--
		}
		all := objVal{}
		for _, k := range s.stack[i:] {
			all = meet(all, s.partial[k])
		}
		for _, k := range s.stack[i:] {
			s.final[k] = all
			delete(s.onStack, k)
			delete(s.partial, k)
			delete(s.index, k)
			delete(s.low, k)
		}
		s.stack = s.stack[:i]
		return all
	}
	if outer != nil && s.low[n] < s.low[*outer] {
		s.low[*outer] = s.low[n]
	}
	return objVal{} // the component's answer comes when its root ends
}

// sources is the agreement of what flows into n.
func (s *objSolver) sources(n objNode) objVal {
	m := n.fm
	if n.cl != nil {
		vals := m.fields[n.cl][n.name]
		if len(vals) == 0 {
			if fn := m.methods[methodKey{n.cl, n.name}]; fn != nil {
				return objVal{kind: objFunc, fm: m, fn: fn}
			}
			// Inherited from the class it extends, in any module.
			if pm, pcl := s.parent(m, n.cl); pcl != nil {
				return s.node(objNode{fm: pm, cl: pcl, name: n.name})
			}
			return mixed
		}
		v := objVal{}
		for _, e := range vals {
			v = meet(v, s.expr(m, e))
		}
		return v
	}
	if fn := m.funcs[n.ref]; fn != nil {
		return objVal{kind: objFunc, fm: m, fn: fn}
	}
	if init, ok := m.initOf(n.ref); ok {
		return s.expr(m, init)
	}
	if m.reassigned[n.ref] {
		return mixed
	}
	if d, ok := m.destructure[n.ref]; ok {
		v := s.member(s.expr(m, d.source), d.key)
		if v.kind == objMixed && d.def.Data != nil {
			// An option left unknown: its default says what it is.
			return s.expr(m, d.def)
		}
		return v
	}
	if site, ok := m.params[n.ref]; ok {
		args, ok := m.argsAt(site)
		if !ok {
			return mixed
		}
		v := objVal{}
		for _, a := range args {
			v = meet(v, s.expr(a.m, a.e))
		}
		return v
	}
	return mixed
}

// parent returns the class cl extends, when the program declares it.
func (s *objSolver) parent(m *fileModel, cl *js_ast.Class) (*fileModel, *js_ast.Class) {
	switch t := cl.ExtendsOrNil.Data.(type) {
	case *js_ast.EIdentifier:
		if p := s.classNamed(m, m.f.Resolve(t.Ref)); p != nil && p != cl {
			return m, p
		}
	case *js_ast.EImportIdentifier:
		if om, ref, ok := m.importTarget(t.Ref); ok {
			if p := s.classNamed(om, ref); p != nil {
				return om, p
			}
		}
	}
	return nil, nil
}
