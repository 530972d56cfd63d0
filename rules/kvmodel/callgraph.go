package kvmodel

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
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
	// ctxVars holds, per scope, the values set as context variables of a
	// name (`c.set("kv", c.env.SESSIONS)`), for `c.get("kv")` and
	// `c.var.kv` (Hono's middleware variables).
	ctxVars map[scopedName][]ctxSet
	// objects holds what variables, parameters and fields hold.
	objects objSolver

	autoOnce sync.Once
	// auto holds the functions frameworks import by themselves, by name.
	auto map[scopedName]exportKey
}

// ctxSet is a value a module sets as a context variable.
type ctxSet struct {
	m     *fileModel
	value js_ast.Expr
}

// scopedName is a name within one Worker (its wrangler config): an
// auto-imported function's, or a context variable's.
type scopedName struct {
	w    *config.Wrangler
	name string
}

// autoImportDirs are the folders whose exports Nuxt and Nitro make global
// (utils, composables, server/utils, shared/utils, app/utils,
// app/composables): code calls their exports with no import. Never a
// folder under node_modules, vendor or a build's output (vendoredDirs): a
// library's utils folder is not one.
var (
	autoImportDirs = []string{"utils", "composables"}
	vendoredDirs   = []string{"node_modules", "vendor", "dist", "build"}
)

// autoImported resolves a call of an unbound name to the function a module
// of an auto-import folder of the same Worker exports under it, when
// exactly one does.
func (m *fileModel) autoImported(ref ast.Ref) (*fileModel, ast.Ref, bool) {
	s := m.f.Symbol(ref)
	if s.Kind != ast.SymbolUnbound {
		return nil, ast.Ref{}, false
	}
	p := m.prog
	p.index.autoOnce.Do(p.buildAutoImports)
	k, ok := p.index.auto[scopedName{m.wrangler, s.OriginalName}]
	if !ok {
		return nil, ast.Ref{}, false
	}
	return p.model(k.f), k.ref, true
}

func (p *Program) buildAutoImports() {
	auto := map[scopedName]exportKey{}
	dup := map[scopedName]bool{}
	for _, f := range p.Files {
		if !f.Parsed() || strings.HasSuffix(f.Path, ".d.ts") || !inAutoImportDir(f.Path, p.Wrangler(f.Path)) {
			continue
		}
		om := p.model(f)
		for name, ref := range om.exports {
			if name == "default" || om.funcs[ref] == nil {
				continue
			}
			k := scopedName{om.wrangler, name}
			if _, seen := auto[k]; seen {
				dup[k] = true
			}
			auto[k] = exportKey{f, ref}
		}
	}
	for name := range dup {
		delete(auto, name)
	}
	p.index.auto = auto
}

// inAutoImportDir reports whether a module of the Worker of config w is in
// one of its auto-import folders: some folder of its path is one of
// autoImportDirs and none is one of vendoredDirs. (Compared folder by
// folder: every file of a run is asked, and a regular expression took a
// twentieth of the time of a named file in a project vendoring 20 MB.)
func inAutoImportDir(file string, w *config.Wrangler) bool {
	if w == nil {
		return false // not a Worker's own folder
	}
	auto := false
	for rest := filepath.ToSlash(file); ; {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return auto // the last part is the file's own name
		}
		dir := rest[:i]
		rest = rest[i+1:]
		if slices.Contains(vendoredDirs, dir) {
			return false
		}
		auto = auto || slices.Contains(autoImportDirs, dir)
	}
}

// usedAsKV reports whether some call in scope uses a member of this name in
// a way only a KV namespace supports.
func (p *Program) usedAsKV(scope *config.Wrangler, name string) bool {
	p.index.once.Do(p.buildIndex)
	return p.index.kvUsed[nil][name] || scope != nil && p.index.kvUsed[scope][name]
}

// contextVar matches `c.set("name", value)` (method set, 2 arguments) or
// `c.get("name")` (get, 1) on a variable (a handler's context, not
// `url.searchParams` or `req.headers`) and returns the name.
func contextVar(call *js_ast.ECall, method string, args int) (string, bool) {
	d, ok := call.Target.Data.(*js_ast.EDot)
	if !ok || d.Name != method || len(call.Args) != args {
		return "", false
	}
	if _, ok := d.Target.Data.(*js_ast.EIdentifier); !ok {
		return "", false
	}
	s, ok := call.Args[0].Data.(*js_ast.EString)
	if !ok {
		return "", false
	}
	return helpers.UTF16ToString(s.Value), true
}

// contextSets returns the values the Worker of scope sets as context
// variable name.
func (p *Program) contextSets(scope *config.Wrangler, name string) []ctxSet {
	p.index.once.Do(p.buildIndex)
	return p.index.ctxVars[scopedName{scope, name}]
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
	p.index.ctxVars = map[scopedName][]ctxSet{}
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
			if name, ok := contextVar(site.call, "set", 2); ok {
				k := scopedName{fm.wrangler, name}
				p.index.ctxVars[k] = append(p.index.ctxVars[k], ctxSet{fm, site.call.Args[1]})
			}
			var om *fileModel
			var ref ast.Ref
			ok := false
			switch id := site.call.Target.Data.(type) {
			case *js_ast.EImportIdentifier:
				om, ref, ok = fm.importTarget(id.Ref)
			case *js_ast.EIdentifier:
				om, ref, ok = fm.autoImported(id.Ref)
			}
			if ok {
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
		if om, ref, ok := m.autoImported(t.Ref); ok {
			if fn := om.funcs[ref]; fn != nil {
				return om, fn
			}
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
		}
	}
	// What the callee expression holds: a method of an instance of a class
	// of any module (repo.save(), this.store.save(),
	// this.provider.getClient()), a function kept in a field or a variable
	// (this.#paginate = helper), a property of an object literal
	// (helpers.list).
	if v := m.valueOf(call.Target); v.kind == objFunc {
		return v.fm, v.fn
	}
	return nil, nil
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
