package kvmodel

import (
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// importedCall is a call (or new) in one module of a function or class
// another module exports.
type importedCall struct {
	m    *fileModel
	site *callSite // nil for new
	args []js_ast.Expr
}

type exportKey struct {
	f   *parser.File
	ref ast.Ref
}

// programIndex holds what needs every file: who calls each exported
// function or class.
type programIndex struct {
	once    sync.Once
	callers map[exportKey][]importedCall
	// kvUsed holds, per scope, member names some call uses with a KV-only
	// signature.
	kvUsed map[*config.Wrangler]map[string]bool
}

// usedAsKV reports whether some call in scope uses a member of this name in
// a way only a KV namespace supports.
func (p *Program) usedAsKV(scope *config.Wrangler, name string) bool {
	p.index.once.Do(p.buildIndex)
	return p.index.kvUsed[nil][name] || scope != nil && p.index.kvUsed[scope][name]
}

// importedCalls returns the calls, in other modules, of the function or
// class m exports under the symbol ref.
func (p *Program) importedCalls(m *fileModel, ref ast.Ref) []importedCall {
	p.index.once.Do(p.buildIndex)
	return p.index.callers[exportKey{m.f, ref}]
}

// Prepare collects every file's facts, using run to spread the work (run(n,
// f) calls f(0..n-1), in parallel if it likes), then builds the program
// index. Without it the work happens lazily, on first need, serially.
func (p *Program) Prepare(run func(n int, f func(i int))) {
	run(len(p.Files), func(i int) {
		if p.Files[i].Parsed() {
			p.model(p.Files[i])
		}
	})
	p.index.once.Do(p.buildIndex)
}

func (p *Program) buildIndex() {
	idx := map[exportKey][]importedCall{}
	p.index.kvUsed = map[*config.Wrangler]map[string]bool{}
	for _, f := range p.Files {
		if !f.Parsed() {
			continue
		}
		fm := p.model(f)
		for _, n := range fm.kvEvidence {
			used := p.index.kvUsed[fm.wrangler]
			if used == nil {
				used = map[string]bool{}
				p.index.kvUsed[fm.wrangler] = used
			}
			used[n] = true
		}
		for i := range fm.callOrder {
			site := &fm.callOrder[i]
			id, ok := site.call.Target.Data.(*js_ast.EImportIdentifier)
			if !ok {
				continue
			}
			if om, ref, ok := fm.importTarget(id.Ref); ok {
				k := exportKey{om.f, ref}
				idx[k] = append(idx[k], importedCall{m: fm, site: site, args: site.call.Args})
			}
		}
		for _, n := range fm.importedNews {
			if om, ref, ok := fm.importTarget(n.ref); ok {
				k := exportKey{om.f, ref}
				idx[k] = append(idx[k], importedCall{m: fm, args: n.args})
			}
		}
	}
	p.index.callers = idx
}

// Callee resolves the function a call invokes, in this module or (through
// a relative import) another one: a named function or arrow, an imported
// one, or a method called on `this`.
func (m *Model) Callee(call *js_ast.ECall) (*Model, *Func) {
	fm, fn := m.fm.callee(call)
	if fn == nil {
		return nil, nil
	}
	if fm == m.fm {
		return m, fn
	}
	return m.Prog.Model(fm.f), fn
}

// calleeOf is a resolved callee (memoized per call: rules ask often).
type calleeOf struct {
	m  *fileModel
	fn *Func
}

func (m *fileModel) callee(call *js_ast.ECall) (*fileModel, *Func) {
	if c, ok := m.callees.Load(call); ok {
		c := c.(calleeOf)
		return c.m, c.fn
	}
	cm, fn := m.resolveCallee(call)
	m.callees.Store(call, calleeOf{cm, fn})
	return cm, fn
}

func (m *fileModel) resolveCallee(call *js_ast.ECall) (*fileModel, *Func) {
	switch t := call.Target.Data.(type) {
	case *js_ast.EIdentifier:
		if fn := m.funcs[m.f.Resolve(t.Ref)]; fn != nil {
			return m, fn
		}
	case *js_ast.EImportIdentifier:
		if om, ref, ok := m.importTarget(t.Ref); ok {
			if fn := om.funcs[ref]; fn != nil {
				return om, fn
			}
		}
	case *js_ast.EDot, *js_ast.EIndex:
		if this, name, ok := m.thisMember(call.Target); ok {
			if cl := m.thisClass[this.Loc.Start]; cl != nil {
				if fn := m.methods[methodKey{cl, name}]; fn != nil {
					return m, fn
				}
			}
		} else if d, ok := t.(*js_ast.EDot); ok {
			// A method of an object whose class this module declares:
			// repo.save(), this.provider.getClient().
			if cl := m.classOf(d.Target, 0); cl != nil {
				if fn := m.methods[methodKey{cl, d.Name}]; fn != nil {
					return m, fn
				}
			}
		}
	}
	return nil, nil
}

// maxClassDepth bounds the chains classOf follows: each parameter on the
// way multiplies the work by its call sites.
const maxClassDepth = 4

// classOf returns the class, declared in this module, of the object e is
// when every way it gets its value says so: `this` in a method, `new
// C(...)`, a variable never reassigned, a field of `this` (all its
// assignments), a parameter (every call site's argument). Otherwise nil.
func (m *fileModel) classOf(e js_ast.Expr, depth int) *js_ast.Class {
	if depth > maxClassDepth {
		return nil
	}
	// one returns the class all of vals agree on.
	one := func(vals []js_ast.Expr) *js_ast.Class {
		var cl *js_ast.Class
		for i, v := range vals {
			c := m.classOf(v, depth+1)
			if c == nil || i > 0 && c != cl {
				return nil
			}
			cl = c
		}
		return cl
	}
	switch x := e.Data.(type) {
	case *js_ast.EThis:
		return m.thisClass[e.Loc.Start]
	case *js_ast.ENew:
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok {
			ref := m.f.Resolve(id.Ref)
			for cl, r := range m.classRef {
				if r == ref {
					return cl
				}
			}
		}
	case *js_ast.EAnnotation:
		return m.classOf(x.Value, depth+1)
	case *js_ast.EIdentifier:
		ref := m.f.Resolve(x.Ref)
		if init, ok := m.initOf(ref); ok {
			return m.classOf(init, depth+1)
		}
		if site, ok := m.params[ref]; ok {
			args, ok := m.argsAt(site)
			if !ok {
				return nil
			}
			vals := make([]js_ast.Expr, len(args))
			for i, a := range args {
				if a.m != m { // a class of another module: not this one's
					return nil
				}
				vals[i] = a.e
			}
			return one(vals)
		}
	case *js_ast.EDot, *js_ast.EIndex:
		if this, name, ok := m.thisMember(e); ok {
			if cl := m.thisClass[this.Loc.Start]; cl != nil {
				return one(m.fields[cl][name])
			}
		}
	}
	return nil
}

// Model returns the (shared) model of a file of the program.
func (p *Program) Model(f *parser.File) *Model {
	p.mu.Lock()
	e := p.built[f]
	if e == nil {
		e = &builtModel{}
		p.built[f] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.m = Build(p, f) })
	return e.m
}

type builtModel struct {
	once sync.Once
	m    *Model
}
