// Package kvtypes is kvlint's type layer: it answers "what type is this?"
// for the few TypeScript types that decide what is a Workers KV namespace,
// as buildssa or ctrlflow answer one question for Go analyzers. The KV
// model (rules/kvmodel) calls it; rules never do.
//
// esbuild drops types, so the parser reads them from the source text with
// esbuild's lexer (parser.ReadDecls, File.TypeAt, File.CastAfter): the
// interface and type alias declarations of every file of the run,
// declaration files included, and the annotation at a position the AST
// gives. This package resolves what was read, across the program:
//
//   - interfaces and aliases that extend or equal KVNamespace
//     (KVNamespace<T>, `interface Store extends KVNamespace`, `type Store
//     = KVNamespace<string>`, qualified names such as L.Store declared in
//     a namespace, generic parameters constrained to KVNamespace), and
//     interfaces and type literals that restate KV's own API (two or more
//     methods with signatures only KV has: put with expirationTtl, get
//     with a "stream" type, getWithMetadata, list with list_complete; or
//     methods of all five of KV's names, getWithMetadata among them);
//   - members of interfaces and type literals, so that the type of
//     `opts.kv` or of `{ kv }` in `({ kv }: Opts)` is known;
//   - Worker env types (Env, Bindings, the `Cloudflare.Env` of
//     `wrangler types`) and the generic carriers of one: Hono's
//     `Context<{ Bindings: B }>`, `PagesFunction<Env>`, and the `env` of
//     `DurableObject<Env>`, `WorkerEntrypoint<Env>`,
//     `WorkflowEntrypoint<Env>`, `Agent<Env>`;
//   - unions: `KVNamespace | undefined` is KV, `KVNamespace | R2Bucket` is
//     not (a cast out of it decides).
//
// Names resolve by the declarations of the file first, then by those of
// the whole run (imports, `.d.ts` files and globals alike). Every
// declaration's kind is computed once, when the layer is built; a query is
// then a walk over the few terms of one type, so the layer costs time
// linear in the declarations read.
package kvtypes

import (
	"strings"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
)

// Kind is what a type says about a value.
type Kind uint8

const (
	// Unknown is no type, or one that says nothing about KV (an object
	// type, any, a type the run does not declare).
	Unknown Kind = iota
	// KV is a Workers KV namespace.
	KV
	// Env is a Worker env, whose members are its bindings.
	Env
	// Other is a binding or runtime type that is not KV (R2Bucket,
	// DurableObjectStorage, Map, ...), or a union that is not only KV.
	Other
)

func (k Kind) String() string {
	return [...]string{"unknown", "KV", "env", "other"}[k]
}

// otherTypes are the runtime types that share KV's method names and are
// not KV.
var otherTypes = map[string]bool{}

// envTypes are the names kvlint takes for a Worker env type.
var envTypes = map[string]bool{
	"Env": true, "Bindings": true, "CloudflareEnv": true, "CloudflareBindings": true, "Cloudflare.Env": true,
}

// carriers are generic types whose `env` member is their first type
// argument: a handler context, or a base class whose `this.env` it is.
var carriers = map[string]bool{
	"PagesFunction": true, "EventContext": true, "ExecutionContext": false,
	"DurableObject": true, "WorkerEntrypoint": true, "WorkflowEntrypoint": true,
	"Agent": true, "AIChatAgent": true, "McpAgent": true, "RouteContext": true,
}

// bindingsCarriers are Hono's generic types, whose `env` is the Bindings
// member of their first type argument.
var bindingsCarriers = map[string]bool{"Context": true, "Hono": true, "Env": false}

func init() {
	for _, t := range parser.BindingTypes {
		if t != "KVNamespace" {
			otherTypes[t] = true
		}
	}
	for _, t := range []string{"R2Object", "R2ObjectBody", "DurableObjectStub", "DurableObjectId", "Request", "Response", "Headers", "URL", "URLSearchParams", "FormData", "Storage", "IDBObjectStore", "Redis", "LRUCache"} {
		otherTypes[t] = true
	}
}

// Types is the type layer of one run.
type Types struct {
	byName  map[string][]*decl
	fileCtx map[*parser.File]*ctx // the top level of each file
	// members maps a member name to what the types of the run's members
	// of that name say, per wrangler scope (see Member).
	members map[*config.Wrangler]map[string]MemberKind
	kvNames map[*config.Wrangler][]string
}

// MemberKind is a set of kinds the members of one name have.
type MemberKind uint8

// The kinds a member name may have.
const (
	MemberKV MemberKind = 1 << iota
	MemberOther
	MemberEnv
)

type decl struct {
	d       *parser.TypeDecl
	file    *parser.File
	ns      string // the namespace the declaration is in ("Cloudflare")
	members map[string]*parser.Type
	kind    Kind
	state   uint8 // 0 new, 1 computing, 2 done
	c       *ctx  // where its types are written (set by index)
}

// New builds the type layer of a run from its files, parsed or scanned.
// scope gives the wrangler config governing a file (nil: none).
//
// What the member index (Member, KVNames) says comes from the annotations
// of every file and the declarations of the files that mention
// KVNamespace and of declaration files: the same set kvmodel.Sift reads
// from the text alone, so that sifting changes nothing.
func New(files []*parser.File, scope func(path string) *config.Wrangler) *Types {
	if scope == nil {
		scope = func(string) *config.Wrangler { return nil }
	}
	t := index(files)
	var seen []*parser.File
	for _, f := range files {
		if f.MentionsKV || parser.IsDecl(f.Path) {
			seen = append(seen, f)
		}
	}
	sub := t
	if len(seen) < len(files) {
		sub = index(seen)
	}
	t.members = map[*config.Wrangler]map[string]MemberKind{}
	t.kvNames = map[*config.Wrangler][]string{}
	seenKV := map[*config.Wrangler]map[string]bool{}
	add := func(w *config.Wrangler, name string, k MemberKind) {
		m := t.members[w]
		if m == nil {
			m = map[string]MemberKind{}
			t.members[w] = m
		}
		m[name] |= k
		if k == MemberKV {
			if seenKV[w] == nil {
				seenKV[w] = map[string]bool{}
			}
			if !seenKV[w][name] {
				seenKV[w][name] = true
				t.kvNames[w] = append(t.kvNames[w], name)
			}
		}
	}
	for _, f := range files {
		w := scope(f.Path)
		for _, a := range f.Annotations {
			switch {
			case a.IsKV() && a.Param:
				// A parameter's own type is read at its position; its
				// name does not make members of that name KV.
			case a.IsKV():
				add(w, a.Name, MemberKV)
			case envTypes[a.Type]:
				add(w, a.Name, MemberEnv)
			default:
				add(w, a.Name, MemberOther)
			}
		}
	}
	for _, f := range seen {
		w := scope(f.Path)
		for i := range f.Decls {
			d := &f.Decls[i]
			c := &ctx{file: f, params: d.Params}
			if j := strings.LastIndexByte(d.Name, '.'); j >= 0 {
				c.ns = d.Name[:j]
			}
			// A type that is KV names the namespaces typed with it:
			// sifting looks for its name.
			if sub.kind(&ctx{file: f, ns: c.ns}, &parser.Type{Terms: []parser.TypeTerm{{Name: d.Name}}}, 0) == KV {
				add(w, lastName(d.Name), MemberKV)
			}
			members := d.Members
			if d.Alias != nil {
				for _, term := range d.Alias.Terms {
					members = append(members[:len(members):len(members)], term.Members...)
				}
			}
			for _, m := range members {
				if m.Type == nil {
					continue
				}
				switch sub.kind(c, m.Type, 0) {
				case KV:
					add(w, m.Name, MemberKV)
				case Env:
					add(w, m.Name, MemberEnv)
				case Other:
					add(w, m.Name, MemberOther)
				}
			}
		}
	}
	return t
}

// index reads the declarations of files and computes each one's kind.
func index(files []*parser.File) *Types {
	t := &Types{byName: map[string][]*decl{}, fileCtx: make(map[*parser.File]*ctx, len(files))}
	var all []*decl
	for _, f := range files {
		t.fileCtx[f] = &ctx{file: f}
		for i := range f.Decls {
			d := &decl{d: &f.Decls[i], file: f}
			if j := strings.LastIndexByte(d.d.Name, '.'); j >= 0 {
				d.ns = d.d.Name[:j]
			}
			if len(d.d.Members) > 0 {
				d.members = make(map[string]*parser.Type, len(d.d.Members))
				for _, m := range d.d.Members {
					if m.Type != nil {
						if _, dup := d.members[m.Name]; !dup {
							d.members[m.Name] = m.Type
						}
					}
				}
			}
			t.byName[d.d.Name] = append(t.byName[d.d.Name], d)
			all = append(all, d)
		}
	}
	for _, d := range all {
		d.ctx()
		t.declKind(d, 0)
	}
	return t
}

func lastName(q string) string {
	if j := strings.LastIndexByte(q, '.'); j >= 0 {
		return q[j+1:]
	}
	return q
}

// Member returns what the run's types say of a member of this name, in the
// scope of a wrangler config: what files of that config and files no
// config governs declare.
func (ts *Types) Member(scope *config.Wrangler, name string) MemberKind {
	k := ts.members[nil][name]
	if scope != nil {
		k |= ts.members[scope][name]
	}
	return k
}

// KVNames returns the names of members and types the declarations of a
// scope type as KV (see New for which declarations count), in the order
// found.
func (ts *Types) KVNames(scope *config.Wrangler) []string { return ts.kvNames[scope] }

// Scopes lists the scopes KVNames has names for.
func (ts *Types) Scopes() []*config.Wrangler {
	var out []*config.Wrangler
	for w := range ts.kvNames {
		out = append(out, w)
	}
	return out
}

// ctx is where a type is written: its file, the namespace around it, and
// the generic parameters in scope.
type ctx struct {
	file   *parser.File
	ns     string
	params []parser.TypeParam
	outer  *ctx
}

func (c *ctx) param(name string) (*parser.TypeParam, *ctx) {
	for ; c != nil; c = c.outer {
		for i := range c.params {
			if c.params[i].Name == name {
				return &c.params[i], c.outer
			}
		}
	}
	return nil, nil
}

// T is a type as written at one place of the program.
type T struct {
	types *Types
	t     *parser.Type
	c     *ctx
}

// Scope is the generic parameters in scope where a type is written,
// innermost last: a class's, then a method's.
type Scope [][]parser.TypeParam

// Of returns the type t written in file f, where the generic parameters of
// scope are visible. A nil t gives the zero T, whose kind is Unknown.
func (ts *Types) Of(f *parser.File, t *parser.Type, scope Scope) T {
	if t == nil || ts == nil {
		return T{}
	}
	var c *ctx
	for _, ps := range scope {
		if len(ps) > 0 {
			c = &ctx{file: f, params: ps, outer: c}
		}
	}
	if c == nil {
		if c = ts.fileCtx[f]; c == nil {
			c = &ctx{file: f}
		}
	}
	return T{types: ts, t: t, c: c}
}

// Valid reports whether the type is known at all.
func (x T) Valid() bool { return x.t != nil }

// Kind reports what the type says about a value of it.
func (x T) Kind() Kind {
	if x.t == nil {
		return Unknown
	}
	return x.types.kind(x.c, x.t, 0)
}

// Member returns the type of the member name of a value of type x: a
// property of an interface (or one it extends) or a type literal, of an
// alias's target, of a generic parameter's constraint, or the env of a
// carrier. The zero T when unknown.
func (x T) Member(name string) T {
	if x.t == nil {
		return T{}
	}
	t, c := x.types.member(x.c, x.t, name, 0)
	if t == nil {
		return T{}
	}
	return T{types: x.types, t: t, c: c}
}

// MayBeUndefined reports whether the type, as written, admits undefined
// or null: `number | undefined`, an optional member (`ttl?: number`).
func (x T) MayBeUndefined() bool {
	if x.t == nil {
		return false
	}
	for _, term := range x.t.Terms {
		if term.Nullish {
			return true
		}
	}
	return false
}

// NumberRange returns the bounds of a union of numeric literal types
// (`10 | 60`, also through aliases: `type Period = 10 | 60`), undefined and
// null aside: ok is false unless every other term is a numeric literal.
func (x T) NumberRange() (lo, hi float64, ok bool) {
	if x.t == nil {
		return 0, 0, false
	}
	return x.types.numberRange(x.c, x.t, 0)
}

func (ts *Types) numberRange(c *ctx, t *parser.Type, depth int) (lo, hi float64, ok bool) {
	if depth > maxDepth {
		return 0, 0, false
	}
	n := 0
	add := func(a, b float64) {
		if n == 0 || a < lo {
			lo = a
		}
		if n == 0 || b > hi {
			hi = b
		}
		n++
	}
	for i := range t.Terms {
		term := &t.Terms[i]
		switch {
		case term.Nullish:
		case term.IsNumber:
			add(term.Number, term.Number)
		case term.Name != "" && len(term.Args) == 0:
			ds := ts.lookup(c, term.Name)
			if len(ds) != 1 || ds[0].d.Alias == nil {
				return 0, 0, false
			}
			dc := ds[0].c
			if dc == nil {
				dc = c
			}
			a, b, ok := ts.numberRange(dc, ds[0].d.Alias, depth+1)
			if !ok {
				return 0, 0, false
			}
			add(a, b)
		default:
			return 0, 0, false
		}
	}
	return lo, hi, n > 0
}

// maxDepth bounds the chains of aliases, heritage and members followed.
const maxDepth = 10

// lookup finds the declarations a name written in c refers to: those of
// c's file first (trying the enclosing namespaces), then any of the run.
// A qualified name not declared as such (L.Store, with L an imported
// module) falls back to its last part.
func (ts *Types) lookup(c *ctx, name string) []*decl {
	for ns := c.ns; ns != ""; {
		if ds := ts.byName[ns+"."+name]; len(ds) > 0 {
			return localFirst(ds, c.file)
		}
		j := strings.LastIndexByte(ns, '.')
		if j < 0 {
			break
		}
		ns = ns[:j]
	}
	if ds := ts.byName[name]; len(ds) > 0 {
		return localFirst(ds, c.file)
	}
	if j := strings.LastIndexByte(name, '.'); j >= 0 && !envTypes[name] {
		return ts.byName[name[j+1:]]
	}
	return nil
}

// localFirst returns the declarations of ds in file f if there are any,
// else those of ds that other files see.
func localFirst(ds []*decl, f *parser.File) []*decl {
	n, hidden := 0, 0
	for _, d := range ds {
		if d.file == f {
			n++
		}
		if d.d.Local {
			hidden++
		}
	}
	if n == 0 && hidden > 0 {
		seen := make([]*decl, 0, len(ds)-hidden)
		for _, d := range ds {
			if !d.d.Local {
				seen = append(seen, d)
			}
		}
		return seen
	}
	if n == 0 || n == len(ds) {
		return ds
	}
	local := make([]*decl, 0, n)
	for _, d := range ds {
		if d.file == f {
			local = append(local, d)
		}
	}
	return local
}

func (d *decl) ctx() *ctx {
	if d.c == nil {
		d.c = &ctx{file: d.file, ns: d.ns, params: d.d.Params}
	}
	return d.c
}

// declKind computes (once) what a declaration's name says of a value.
func (ts *Types) declKind(d *decl, depth int) Kind {
	switch d.state {
	case 1:
		return Unknown // a cycle
	case 2:
		return d.kind
	}
	d.state = 1
	k := Unknown
	c := d.ctx()
	switch {
	case d.d.Alias != nil:
		k = ts.kind(c, d.d.Alias, depth+1)
	default:
		for _, e := range d.d.Extends {
			if ek := ts.kind(c, e, depth+1); ek != Unknown {
				k = ek
				break
			}
		}
		if k == Unknown && envTypes[d.d.Name] {
			k = Env
		}
		if k == Unknown && kvShaped(d.d.Members) {
			k = KV
		}
	}
	d.kind, d.state = k, 2
	return k
}

// kvShaped reports whether an interface declares KV's own API: at least
// two of its methods have signatures only KV has (a library's structural
// stand-in for KVNamespace, `interface IWorkerKV { get(key, type?:
// "text" | "json" | "arrayBuffer" | "stream"); put(key, value, options?:
// { expirationTtl?: number }) }`), or it has methods of all five of KV's
// names, getWithMetadata among them, whatever their signatures say (`type
// KVLike = { get(k); getWithMetadata(k); put(k, v, o?: PutOpts);
// delete(k); list(o?: ListOpts) }`). A store interface with plain get and
// put is not.
func kvShaped(ms []parser.TypeMember) bool {
	n := 0
	var names uint8
	for _, m := range ms {
		if m.KVSig {
			n++
		}
		if m.Type == nil {
			names |= kvMethodBit[m.Name]
		}
	}
	return n >= 2 || names == allKVMethods
}

// kvMethodBit numbers KV's method names.
var kvMethodBit = map[string]uint8{"get": 1, "getWithMetadata": 2, "put": 4, "delete": 8, "list": 16}

const allKVMethods = 1 | 2 | 4 | 8 | 16

// kind computes what a type written in c says of a value.
func (ts *Types) kind(c *ctx, t *parser.Type, depth int) Kind {
	if t == nil || depth > maxDepth {
		return Unknown
	}
	out, first := Unknown, true
	for i := range t.Terms {
		term := &t.Terms[i]
		if term.Nullish {
			continue
		}
		k := ts.termKind(c, term, depth)
		if first {
			out, first = k, false
		} else if k != out {
			// A union of different things is not proven KV, nor env.
			if out == KV || k == KV || out == Other || k == Other {
				out = Other
			} else {
				out = Unknown
			}
		}
	}
	return out
}

func (ts *Types) termKind(c *ctx, term *parser.TypeTerm, depth int) Kind {
	switch {
	case term.And != nil:
		out := Unknown
		for _, p := range term.And {
			switch k := ts.kind(c, p, depth+1); k {
			case KV:
				return KV
			case Env, Other:
				out = k
			}
		}
		return out
	case term.Name == "":
		if kvShaped(term.Members) {
			// `type CompatibleKV = { get(...); put(...) }`: a type literal
			// restating KV's own API, as an interface may.
			return KV
		}
		return Unknown
	}
	name := term.Name
	if !strings.Contains(name, ".") {
		if p, pc := c.param(name); p != nil {
			switch {
			case p.Constraint != nil:
				return ts.kind(pc.orFile(c), p.Constraint, depth+1)
			case p.Default != nil:
				return ts.kind(pc.orFile(c), p.Default, depth+1)
			}
			return Unknown
		}
	}
	switch {
	case name == "KVNamespace":
		return KV
	case otherTypes[name]:
		return Other
	}
	ds := ts.lookup(c, name)
	out := Unknown
	for i, d := range ds {
		k := ts.declKind(d, depth+1)
		if i == 0 {
			out = k
		} else if k != out {
			return Unknown
		}
	}
	if out == Unknown && envTypes[name] {
		return Env
	}
	return out
}

// orFile returns c, or a context of other's file when c is nil (the
// parameter was declared at the outermost level).
func (c *ctx) orFile(other *ctx) *ctx {
	if c != nil {
		return c
	}
	return &ctx{file: other.file, ns: other.ns}
}

// member finds the type of a member of a value of type t written in c.
func (ts *Types) member(c *ctx, t *parser.Type, name string, depth int) (*parser.Type, *ctx) {
	if t == nil || depth > maxDepth {
		return nil, nil
	}
	for i := range t.Terms {
		term := &t.Terms[i]
		if term.Nullish {
			continue
		}
		if mt, mc := ts.termMember(c, term, name, depth); mt != nil {
			return mt, mc
		}
	}
	return nil, nil
}

func (ts *Types) termMember(c *ctx, term *parser.TypeTerm, name string, depth int) (*parser.Type, *ctx) {
	switch {
	case term.And != nil:
		for _, p := range term.And {
			if mt, mc := ts.member(c, p, name, depth+1); mt != nil {
				return mt, mc
			}
		}
		return nil, nil
	case term.Literal:
		for _, m := range term.Members {
			if m.Name == name {
				return m.Type, c
			}
		}
		return nil, nil
	case term.Name == "":
		return nil, nil
	}
	tn := term.Name
	if i := strings.LastIndexByte(tn, '.'); i >= 0 && !envTypes[tn] {
		tn = tn[i+1:]
	}
	if name == "env" && len(term.Args) > 0 {
		switch {
		case carriers[tn]:
			return term.Args[0], c
		case bindingsCarriers[tn]:
			return ts.member(c, term.Args[0], "Bindings", depth+1)
		}
	}
	if !strings.Contains(term.Name, ".") {
		if p, pc := c.param(term.Name); p != nil {
			if p.Constraint != nil {
				return ts.member(pc.orFile(c), p.Constraint, name, depth+1)
			}
			return nil, nil
		}
	}
	for _, d := range ts.lookup(c, term.Name) {
		if mt, mc := ts.declMember(d, name, depth+1); mt != nil {
			return mt, mc
		}
	}
	return nil, nil
}

func (ts *Types) declMember(d *decl, name string, depth int) (*parser.Type, *ctx) {
	if depth > maxDepth {
		return nil, nil
	}
	c := d.ctx()
	if mt, ok := d.members[name]; ok {
		return mt, c
	}
	if d.d.Alias != nil {
		return ts.member(c, d.d.Alias, name, depth+1)
	}
	for _, e := range d.d.Extends {
		if mt, mc := ts.member(c, e, name, depth+1); mt != nil {
			return mt, mc
		}
	}
	return nil, nil
}
