package kvmodel

import (
	"math"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// List fan-out: KV operations run once per key a list() returned. The
// values derived from a listing are tracked at three levels: the listing
// itself or an array of its keys (a collection), one key of it (an
// element: k, k.name, `doc:${k.name}`), and arrays of such arrays (chunks
// of keys). An operation whose key is an element, run per element, fans
// out; one whose key is a collection is a bulk read.

type fanLevel uint8

const (
	fanNone   fanLevel = iota
	fanElem            // one key of the listing
	fanColl            // the listing, or an array of its keys
	fanChunks          // an array of arrays of keys
)

// Fanout is a KV operation that runs once per key returned by a list().
type Fanout struct {
	// List is the list() whose keys drive the operation; ListModel is its
	// file (another module when a helper returns the listing).
	List      *Op
	ListModel *Model
	// Node is where the operation is seen in this file: the KV call, or
	// the call of the helper that makes it.
	Node    js_ast.Expr
	Parents []any
	// Op is the per-key operation itself; OpModel its file.
	Op      *Op
	OpModel *Model
	// Fn is the function of this file the fan-out is seen in.
	Fn *Func

	src int // which source of the region (1-based)
}

// Fanouts lists the file's operations run once per key of a list()
// result: in a loop or per-element callback over the keys (for...of,
// map with Promise.all, forEach, an index loop), through arrays built from
// the keys, through helpers that return a listing or are handed the keys,
// and helpers called per key. It leaves out a list() whose limit is proven
// at most 100 outside any loop and without a cursor, loops that stop after
// a constant count (slice(0, 10), a counter compared with a constant or a
// clamped number), and bulk reads (get of an array of keys).
func (m *Model) Fanouts() []Fanout {
	regions := map[*Func][]fanSource{}
	var order []*Func
	add := func(fn *Func, s fanSource) {
		if fn == nil {
			return
		}
		if _, ok := regions[fn]; !ok {
			order = append(order, fn)
		}
		regions[fn] = append(regions[fn], s)
	}
	for _, op := range m.Ops {
		if op.Method == List && !smallList(m, op) {
			add(op.Fn, fanSource{call: op.Call, list: op, listModel: m, loop: sourceLoop(op.Loop, op.Expr, op.Parents)})
		}
	}
	listers := map[*Func]*fanSource{}
	for _, c := range m.Calls {
		cm, fn := m.Callee(c.Call)
		if fn == nil {
			continue
		}
		src, seen := listers[fn]
		if !seen {
			src = returnedListing(cm, fn)
			listers[fn] = src
		}
		if src != nil {
			add(c.Fn, fanSource{call: c.Call, list: src.list, listModel: src.listModel, loop: sourceLoop(m.fm.loops[c.Call], c.Expr, c.Parents)})
		}
	}
	var out []Fanout
	done := map[js_ast.E]bool{}
	for _, fn := range order {
		// One spread per function, for all its listings: each variable
		// remembers the listing it came from.
		t := newFanTaint(m)
		t.srcs = regions[fn]
		for i, src := range t.srcs {
			t.src[src.call] = i + 1
		}
		for _, h := range t.hits(fn, 0) {
			if done[h.Node.Data] {
				continue
			}
			done[h.Node.Data] = true
			src := t.srcs[h.src-1]
			h.List, h.ListModel = src.list, src.listModel
			out = append(out, h)
		}
	}
	return out
}

// fanSource is a call whose value is a listing: a list() or a helper that
// returns one.
type fanSource struct {
	call      *js_ast.ECall
	list      *Op
	listModel *Model
	loop      int // loops around the call within its function
}

// sourceLoop is the loop depth of a listing's call, not counting the
// for...of whose iterable it is (the loop that walks its keys).
func sourceLoop(loop int, e js_ast.Expr, parents []any) int {
	child := any(e.Data)
	for i := len(parents) - 1; i >= 0; i-- {
		switch p := parents[i].(type) {
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SForOf:
				if child == any(&s.Value) || child == s.Value.Data {
					return loop - 1
				}
				return loop
			case *js_ast.SFor, *js_ast.SForIn, *js_ast.SWhile, *js_ast.SDoWhile:
				return loop
			}
		case *js_ast.Expr:
			child = p.Data
			continue
		}
		child = parents[i]
	}
	return loop
}

// smallList reports a list() that reads a small, fixed page: a limit
// proven at most 100, not in a loop, and no cursor or one page per call
// (a paged API: the next page is the next request's).
func smallList(m *Model, op *Op) bool {
	if op.Loop > 0 || op.Fn.InLoop() {
		return false
	}
	if _, ok := m.Option(op, "cursor"); ok && !m.fm.onePagePerCall(op.Fn) {
		return false
	}
	o, ok := m.Option(op, "limit")
	if !ok {
		return false
	}
	return atMost(m.Eval(o.Value), 100)
}

// onePagePerCall reports whether a list() with a cursor in fn (in no loop
// of fn) reads one page per run of fn, the next page being another
// request's: fn does not call itself, and no call of it, in this module or
// one importing it, runs in a loop (a cursor loop over the pages), nor in
// a function that is itself called in a loop, up to maxPageCallers calls
// up.
func (m *fileModel) onePagePerCall(fn *Func) bool {
	return fn != nil && m.notCalledInLoop(fn, 0, map[*Func]int8{})
}

const maxPageCallers = 4

// notCalledInLoop is onePagePerCall's walk up the callers; seen holds 1
// for a function being checked, 2 for one found not called in a loop, 3
// for one that is.
func (m *fileModel) notCalledInLoop(fn *Func, depth int, seen map[*Func]int8) (ok bool) {
	switch seen[fn] {
	case 1, 3:
		return false // a cycle of calls (pages may be read round it), or in a loop
	case 2:
		return true
	}
	seen[fn] = 1
	defer func() {
		seen[fn] = 3
		if ok {
			seen[fn] = 2
		}
	}()
	// up checks a caller: the call is in no loop, and neither is any call
	// of the function making it.
	up := func(cm *fileModel, caller *Func, call *js_ast.ECall) bool {
		if caller == nil || caller == fn || cm.loops[call] > 0 || caller.InLoop() {
			return false
		}
		return depth >= maxPageCallers || cm.notCalledInLoop(caller, depth+1, seen)
	}
	for _, site := range m.callersOf()[fn] {
		if !up(m, site.fn, site.call) {
			return false
		}
	}
	if fn.Ref != ast.InvalidRef {
		for _, ic := range m.prog.importedCalls(m, fn.Ref) {
			if ic.site == nil || !up(ic.m, ic.site.fn, ic.site.call) {
				return false
			}
		}
	}
	return true
}

// atMost reports whether a value is proven to be at most n: a constant, a
// join of constants (each of them), or a number clamped below n
// (`Math.min(opts.limit, n)`, `if (limit > n) limit = n`).
func atMost(v Value, n float64) bool {
	switch v.Kind {
	case Number:
		return v.Num <= n && (!v.HasHi || v.Hi <= n)
	case Unknown:
		return v.HasHi && v.Hi <= n
	}
	return false
}

// returnedListing returns the list() a function returns the result of
// (whole, its keys, or keys gathered over pages), if any.
func returnedListing(m *Model, fn *Func) *fanSource {
	for _, op := range m.index().opsIn[fn] {
		if op.Method != List || op.Fn != fn || smallList(m, op) {
			continue
		}
		t := newFanTaint(m)
		t.srcs = []fanSource{{call: op.Call}}
		t.src[op.Call] = 1
		t.spread(fn.Body())
		for _, ret := range fn.returns {
			if l := t.level(ret); l == fanColl || l == fanChunks {
				return &fanSource{list: op, listModel: m}
			}
		}
		if t.yieldsKeys(fn.Body()) {
			return &fanSource{list: op, listModel: m}
		}
	}
	return nil
}

// yieldsKeys reports a generator that yields the listing's keys one by one
// (yield k.name, yield* keys).
func (t *fanTaint) yieldsKeys(body []js_ast.Stmt) bool {
	found := false
	parser.Inspect(body, func(n any) bool {
		if found {
			return false
		}
		if x, ok := n.(*js_ast.Expr); ok {
			switch y := x.Data.(type) {
			case *js_ast.EYield:
				if y.ValueOrNil.Data != nil {
					l := t.level(y.ValueOrNil)
					found = l == fanElem || y.IsStar && l == fanColl
				}
			case *js_ast.EArrow, *js_ast.EFunction:
				return false
			}
		}
		return !found
	})
	return found
}

type fanTaint struct {
	m      *Model
	lvl    map[ast.Ref]fanLevel
	srcs   []fanSource
	src    map[*js_ast.ECall]int // the listings' calls: 1 + index in srcs
	origin map[ast.Ref]int       // the listing a variable's value comes from
	cur    int                   // the listing of the value being assigned
}

func newFanTaint(m *Model) *fanTaint {
	return &fanTaint{m: m, lvl: map[ast.Ref]fanLevel{}, src: map[*js_ast.ECall]int{}, origin: map[ast.Ref]int{}}
}

// originOf returns the listing an expression's value comes from: that of
// the first listing call or tainted variable in it (1 if none is found).
func (t *fanTaint) originOf(e js_ast.Expr) int {
	found := 0
	parser.WalkExpr(parser.Inspector(func(n any) bool {
		if found > 0 {
			return false
		}
		if x, ok := n.(*js_ast.Expr); ok {
			switch d := x.Data.(type) {
			case *js_ast.ECall:
				found = t.src[d]
			case *js_ast.EIdentifier:
				found = t.origin[t.m.File.Resolve(d.Ref)]
			}
		}
		return found == 0
	}), &e)
	return max(found, 1)
}

// maxFanDepth bounds how far keys handed to helpers are followed.
const maxFanDepth = 2

// hits spreads the taint over fn and returns the operations it reaches
// per element, each with the listing its key comes from.
func (t *fanTaint) hits(fn *Func, depth int) []Fanout {
	m := t.m
	t.spread(fn.Body())
	perElement := func(at *Func, loop int, parents []any, src int) bool {
		if at == fn {
			if loop <= t.srcs[src-1].loop {
				return false
			}
		} else {
			in := loop > 0
			for f := at; f != nil && f != fn; f = f.Parent {
				in = in || f.InLoop()
			}
			if !in {
				return false
			}
		}
		return !m.boundedLoop(fn, parents, countBound)
	}
	var out []Fanout
	idx := m.index()
	for _, op := range idx.opsIn[fn] {
		if !op.IsRead() && !op.IsWrite() {
			continue
		}
		if t.level(op.Key) == fanElem {
			if src := t.originOf(op.Key); perElement(op.Fn, op.Loop, op.Parents, src) {
				out = append(out, Fanout{Fn: fn, Node: op.Expr, Parents: op.Parents, Op: op, OpModel: m, src: src})
			}
		}
	}
	for _, c := range idx.callsIn[fn] {
		if t.src[c.Call] > 0 {
			continue
		}
		loop := m.fm.loops[c.Call]
		for _, eff := range m.Effects(c.Call) {
			if (eff.IsRead() || eff.IsWrite()) && eff.Key.Data != nil && t.level(eff.Key) == fanElem {
				if src := t.originOf(eff.Key); perElement(c.Fn, loop, c.Parents, src) {
					out = append(out, Fanout{Fn: fn, Node: c.Expr, Parents: c.Parents, Op: eff.Op, OpModel: eff.OpModel, src: src})
					break
				}
			}
		}
		if depth >= maxFanDepth {
			continue
		}
		// The keys handed whole to a helper that loops over them.
		cm, callee := m.Callee(c.Call)
		if callee == nil || callee == fn {
			continue
		}
		for i, a := range c.Call.Args {
			lv := t.level(a)
			if lv != fanColl && lv != fanChunks || i >= len(callee.Params) || callee.Params[i] == ast.InvalidRef {
				continue
			}
			inner := newFanTaint(cm)
			inner.srcs = []fanSource{{}}
			p := cm.File.Resolve(callee.Params[i])
			inner.lvl[p], inner.origin[p] = lv, 1
			if hs := inner.hits(callee, depth+1); len(hs) > 0 {
				out = append(out, Fanout{Fn: fn, Node: c.Expr, Parents: c.Parents, Op: hs[0].Op, OpModel: hs[0].OpModel, src: t.originOf(a)})
				break
			}
		}
	}
	return out
}

// spread propagates the levels over body until nothing changes (a few
// rounds: each carries them one assignment further).
func (t *fanTaint) spread(body []js_ast.Stmt) {
	for round := 0; round < 8; round++ {
		if !t.propagate(body) {
			break
		}
	}
}

func (t *fanTaint) set(ref ast.Ref, l fanLevel) bool {
	ref = t.m.File.Resolve(ref)
	if l == fanNone || t.lvl[ref] >= l {
		return false
	}
	t.lvl[ref] = l
	if t.origin[ref] == 0 {
		t.origin[ref] = t.cur
	}
	return true
}

// propLevel is the level of a property taken apart from a value of level
// l: a listing's cursor, list_complete and a length carry no keys.
func propLevel(key js_ast.Expr, l fanLevel) fanLevel {
	if name, ok := KeyName(key); ok && (name == "cursor" || name == "list_complete" || name == "length") {
		return fanNone
	}
	return l
}

// bind gives the names a pattern declares the level of what it takes
// apart.
func (t *fanTaint) bind(b js_ast.Binding, l fanLevel) bool {
	changed := false
	switch x := b.Data.(type) {
	case *js_ast.BIdentifier:
		changed = t.set(x.Ref, l)
	case *js_ast.BObject:
		for _, p := range x.Properties {
			pl := propLevel(p.Key, l)
			if t.bind(p.Value, pl) {
				changed = true
			}
		}
	case *js_ast.BArray:
		for _, it := range x.Items {
			if t.bind(it.Binding, element(l)) {
				changed = true
			}
		}
	}
	return changed
}

// assign is bind for the target of an assignment: a variable, or an
// object or array pattern (`({ keys, cursor } = await kv.list(o))`).
func (t *fanTaint) assign(e js_ast.Expr, l fanLevel) bool {
	changed := false
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		changed = t.set(x.Ref, l)
	case *js_ast.EObject:
		for _, p := range x.Properties {
			pl := propLevel(p.Key, l)
			if p.ValueOrNil.Data != nil && t.assign(p.ValueOrNil, pl) {
				changed = true
			}
		}
	case *js_ast.EArray:
		for _, it := range x.Items {
			if t.assign(it, element(l)) {
				changed = true
			}
		}
	}
	return changed
}

// element is the level of one element of a value of level l.
func element(l fanLevel) fanLevel {
	switch l {
	case fanColl:
		return fanElem
	case fanChunks:
		return fanColl
	}
	return l
}

// collectionMethods return an array of (some of) the receiver's elements.
var collectionMethods = map[string]bool{"map": true, "filter": true, "slice": true, "concat": true, "flatMap": true,
	"sort": true, "toSorted": true, "reverse": true, "toReversed": true, "splice": true, "flat": true, "values": true}

// elementMethods return one of the receiver's elements.
var elementMethods = map[string]bool{"find": true, "findLast": true, "at": true, "pop": true, "shift": true}

// chunkWords name helpers that split an array into arrays.
var chunkWords = []string{"chunk", "batch", "partition", "split", "group"}

// level is the level of an expression's value.
func (t *fanTaint) level(e js_ast.Expr) fanLevel {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		return t.lvl[t.m.File.Resolve(x.Ref)]
	case *js_ast.EAwait:
		return t.level(x.Value)
	case *js_ast.EAnnotation:
		return t.level(x.Value)
	case *js_ast.ESpread:
		return t.level(x.Value)
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpTypeof || x.Op == js_ast.UnOpNot || x.Op == js_ast.UnOpVoid {
			return fanNone
		}
		return t.level(x.Value)
	case *js_ast.EDot:
		switch x.Name {
		case "length", "cursor", "list_complete":
			return fanNone
		}
		return t.level(x.Target)
	case *js_ast.EIndex:
		return element(t.level(x.Target))
	case *js_ast.ETemplate:
		for _, p := range x.Parts {
			if t.level(p.Value) != fanNone {
				return fanElem
			}
		}
	case *js_ast.EBinary:
		switch x.Op {
		case js_ast.BinOpAdd:
			if t.level(x.Left) != fanNone || t.level(x.Right) != fanNone {
				return fanElem
			}
		case js_ast.BinOpLogicalOr, js_ast.BinOpLogicalAnd, js_ast.BinOpNullishCoalescing:
			return max(t.level(x.Left), t.level(x.Right))
		case js_ast.BinOpAssign, js_ast.BinOpComma:
			return t.level(x.Right)
		}
	case *js_ast.EIf:
		return max(t.level(x.Yes), t.level(x.No))
	case *js_ast.EArray:
		out := fanNone
		for _, it := range x.Items {
			switch l := t.level(it); {
			case l == fanElem:
				out = max(out, fanColl)
			case l != fanNone:
				if _, spread := it.Data.(*js_ast.ESpread); spread {
					out = max(out, l)
				} else {
					out = max(out, l+1)
				}
			}
		}
		return min(out, fanChunks)
	case *js_ast.EObject:
		for _, p := range x.Properties {
			if p.ValueOrNil.Data != nil && t.level(p.ValueOrNil) != fanNone {
				return fanElem
			}
		}
	case *js_ast.ECall:
		return t.callLevel(x)
	}
	return fanNone
}

func (t *fanTaint) callLevel(x *js_ast.ECall) fanLevel {
	if t.src[x] > 0 {
		return fanColl
	}
	if d, ok := x.Target.Data.(*js_ast.EDot); ok {
		if t.m.isGlobal(d.Target, "Promise") || t.m.isGlobal(d.Target, "JSON") {
			return fanNone
		}
		if t.m.isGlobal(d.Target, "Array") || t.m.isGlobal(d.Target, "Object") {
			// Array.from(keys), Object.values(...)
			if len(x.Args) > 0 {
				return t.level(x.Args[0])
			}
			return fanNone
		}
		if _, isKV := t.m.IsKV(d.Target); isKV {
			return fanNone // a value read, not a key
		}
		recv := t.level(d.Target)
		if recv == fanNone {
			if d.Name == "map" || d.Name == "flatMap" {
				return fanNone
			}
			return t.argsLevel(x, d.Name)
		}
		switch {
		case d.Name == "join" || d.Name == "includes" || d.Name == "indexOf" || d.Name == "some" || d.Name == "every" || d.Name == "then":
			return fanNone
		case recv == fanElem:
			return fanElem // k.name.replace(...), name.split(":")
		case collectionMethods[d.Name]:
			if d.Name == "map" && len(x.Args) > 0 {
				// keys.map(k => k.name) is still the keys; a map to
				// anything else (gets, objects) is not.
				if l := t.returnLevel(x.Args[0]); l == fanElem {
					return recv
				} else if l == fanColl {
					return fanChunks
				}
				return fanNone
			}
			return recv
		case elementMethods[d.Name]:
			return element(recv)
		}
		return fanNone
	}
	name := ""
	switch id := x.Target.Data.(type) {
	case *js_ast.EIdentifier:
		name = t.m.File.Name(id.Ref)
		if t.m.fm.isGlobal(id.Ref, "encodeURIComponent") || t.m.fm.isGlobal(id.Ref, "String") || t.m.fm.isGlobal(id.Ref, "decodeURIComponent") {
			if len(x.Args) > 0 && t.level(x.Args[0]) != fanNone {
				return fanElem
			}
			return fanNone
		}
	case *js_ast.EImportIdentifier:
		name = t.m.File.Name(id.Ref)
	}
	return t.argsLevel(x, name)
}

// argsLevel is the level of the result of a call of an unknown function:
// that of its arguments (keyFor(k.name) is a key), or chunks when it is
// named like a splitter of arrays.
func (t *fanTaint) argsLevel(x *js_ast.ECall, name string) fanLevel {
	out := fanNone
	for _, a := range x.Args {
		out = max(out, t.level(a))
	}
	if out == fanColl {
		lower := strings.ToLower(name)
		for _, w := range chunkWords {
			if strings.Contains(lower, w) {
				return fanChunks
			}
		}
	}
	return out
}

// returnLevel is the level of what a callback returns, for the callbacks
// whose parameter is already tainted.
func (t *fanTaint) returnLevel(fnExpr js_ast.Expr) fanLevel {
	var body []js_ast.Stmt
	switch f := fnExpr.Data.(type) {
	case *js_ast.EArrow:
		body = f.Body.Block.Stmts
	case *js_ast.EFunction:
		body = f.Fn.Body.Block.Stmts
	default:
		return fanNone
	}
	out := fanNone
	for _, s := range body {
		if r, ok := s.Data.(*js_ast.SReturn); ok && r.ValueOrNil.Data != nil {
			out = max(out, t.level(r.ValueOrNil))
		}
	}
	return out
}

// callbackParams returns the parameters of a function expression.
func callbackParams(e js_ast.Expr) []js_ast.Arg {
	switch f := e.Data.(type) {
	case *js_ast.EArrow:
		return f.Args
	case *js_ast.EFunction:
		return f.Fn.Args
	}
	return nil
}

// propagate spreads the levels one step over the statements and reports
// whether anything changed.
func (t *fanTaint) propagate(body []js_ast.Stmt) bool {
	changed := false
	parser.Inspect(body, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SLocal:
				for i := range s.Decls {
					d := &s.Decls[i]
					if d.ValueOrNil.Data != nil {
						if l := t.level(d.ValueOrNil); l != fanNone {
							t.cur = t.originOf(d.ValueOrNil)
							if t.bind(d.Binding, l) {
								changed = true
							}
						}
					}
				}
			case *js_ast.SForOf:
				if l := element(t.level(s.Value)); l != fanNone {
					if loc, ok := s.Init.Data.(*js_ast.SLocal); ok && len(loc.Decls) == 1 {
						t.cur = t.originOf(s.Value)
						if t.bind(loc.Decls[0].Binding, l) {
							changed = true
						}
					}
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EBinary:
				if e.Op == js_ast.BinOpAssign || e.Op == js_ast.BinOpAddAssign {
					if l := t.level(e.Right); l != fanNone {
						t.cur = t.originOf(e.Right)
						if t.assign(e.Left, l) {
							changed = true
						}
					}
				}
			case *js_ast.ECall:
				d, ok := e.Target.Data.(*js_ast.EDot)
				if !ok {
					break
				}
				switch d.Name {
				case "push", "unshift":
					id, ok := d.Target.Data.(*js_ast.EIdentifier)
					if !ok {
						break
					}
					for _, a := range e.Args {
						l := t.level(a)
						if l == fanNone {
							continue
						}
						if _, spread := a.Data.(*js_ast.ESpread); !spread {
							l = min(l+1, fanChunks)
						}
						t.cur = t.originOf(a)
						if t.set(id.Ref, l) {
							changed = true
						}
					}
				}
				if iterationMethods[d.Name] && len(e.Args) > 0 {
					if l := element(t.level(d.Target)); l != fanNone {
						params := callbackParams(e.Args[0])
						i := 0
						if d.Name == "reduce" {
							i = 1
						}
						t.cur = t.originOf(d.Target)
						if i < len(params) && t.bind(params[i].Binding, l) {
							changed = true
						}
					}
				}
			}
		}
		return true
	})
	return changed
}

// boundedLoop reports whether the innermost loop or per-element callback
// around a node (within fn) stops after a count bound tells (countBound: a
// constant): it iterates slice(0, N), its test compares with N, or its
// body breaks or returns when a counter reaches N.
func (m *Model) boundedLoop(fn *Func, parents []any, bound func(Value) bool) bool {
	for i := len(parents) - 1; i >= 0; i-- {
		switch p := parents[i].(type) {
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SForOf:
				return m.constantSlice(s.Value, bound) || m.countedBreak(s.Body, bound)
			case *js_ast.SFor:
				return m.comparesWithConstant(s.TestOrNil, bound) || m.countedBreak(s.Body, bound)
			case *js_ast.SWhile:
				return m.comparesWithConstant(s.Test, bound) || m.countedBreak(s.Body, bound)
			case *js_ast.SDoWhile:
				return m.comparesWithConstant(s.Test, bound) || m.countedBreak(s.Body, bound)
			}
		case *js_ast.Expr:
			if c, ok := p.Data.(*js_ast.ECall); ok && isIterationCall(c) {
				if d, ok := c.Target.Data.(*js_ast.EDot); ok && i+1 < len(parents) {
					if arg, ok := parents[i+1].(*js_ast.Expr); ok && len(c.Args) > 0 && arg.Data == c.Args[0].Data {
						return m.constantSlice(d.Target, bound)
					}
				}
			}
		case *js_ast.Fn:
			if fn != nil && fn.Node == any(p) {
				return false
			}
		}
	}
	return false
}

// constantSlice reports whether e is (or is a constant variable holding)
// x.slice(a, N) with N a bound (a constant, see countBound).
func (m *Model) constantSlice(e js_ast.Expr, bound func(Value) bool) bool {
	for i := 0; i < 4; i++ {
		e = m.Resolve(e)
		switch x := e.Data.(type) {
		case *js_ast.EAwait:
			e = x.Value
			continue
		case *js_ast.ECall:
			d, ok := x.Target.Data.(*js_ast.EDot)
			if !ok {
				return false
			}
			if d.Name == "slice" && len(x.Args) == 2 && bound(m.Eval(x.Args[1])) {
				return true
			}
			if collectionMethods[d.Name] {
				e = d.Target
				continue
			}
		}
		return false
	}
	return false
}

// comparesWithConstant reports a comparison of something with a constant
// number (i < 10, n >= MAX) or a clamped one (see countBound).
func (m *Model) comparesWithConstant(e js_ast.Expr, bound func(Value) bool) bool {
	b, ok := e.Data.(*js_ast.EBinary)
	if !ok {
		return false
	}
	switch b.Op {
	case js_ast.BinOpLt, js_ast.BinOpLe, js_ast.BinOpGt, js_ast.BinOpGe, js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
		return bound(m.Eval(b.Left)) || bound(m.Eval(b.Right))
	case js_ast.BinOpLogicalAnd:
		return m.comparesWithConstant(b.Left, bound) || m.comparesWithConstant(b.Right, bound)
	}
	return false
}

// countBound reports whether a value bounds a count: a constant, or the
// caller's number clamped to a constant (`Math.min(opts.batchSize ?? 50,
// 200)`). A caller's number that is not clamped is no bound, default or not.
func countBound(v Value) bool {
	return v.Kind == Number || v.Kind == Unknown && v.HasHi && !math.IsInf(v.Hi, 1) &&
		v.From(valueflow.FromParam|valueflow.FromParamProp|valueflow.FromField)
}

// callerNumber reports a number the caller passes (a parameter, an option,
// a constructor option kept in a field) that nothing clamps, with or
// without a default.
func callerNumber(v Value) bool {
	return v.Kind == Unknown && v.From(valueflow.FromParam|valueflow.FromParamProp|valueflow.FromField) && !countBound(v)
}

// CallerBound tells what bounds a fan-out that only a caller's number
// bounds, which nothing clamps.
type CallerBound uint8

// What bounds a fan-out.
const (
	NoCallerBound CallerBound = iota
	// CallerCount: the loop stops after a count the caller passes
	// (`if (n >= opts.batchSize) break`).
	CallerCount
	// CallerLimit: the list()'s limit is the caller's (`limit: opts.limit
	// ?? 50`), with no cursor and no loop around it.
	CallerLimit
)

// CallerBoundOf tells whether a fan-out would be bounded if the caller's
// number it stops at, or its list()'s limit, were clamped to a constant:
// the fix is then one Math.min.
func (m *Model) CallerBoundOf(f Fanout) CallerBound {
	if m.boundedLoop(f.Fn, f.Parents, callerNumber) {
		return CallerCount
	}
	lm, op := f.ListModel, f.List
	if lm == nil || op == nil || op.Loop > 0 || op.Fn.InLoop() {
		return NoCallerBound
	}
	if _, ok := lm.Option(op, "cursor"); ok && !lm.fm.onePagePerCall(op.Fn) {
		return NoCallerBound
	}
	if o, ok := lm.Option(op, "limit"); ok && callerNumber(lm.Eval(o.Value)) {
		return CallerLimit
	}
	return NoCallerBound
}

// countedBreak reports whether a loop body leaves the loop (break, return)
// when a comparison with a constant holds.
func (m *Model) countedBreak(body js_ast.Stmt, bound func(Value) bool) bool {
	found := false
	parser.WalkStmt(parser.Inspector(func(n any) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SIf:
				if m.comparesWithConstant(s.Test, bound) && leaves(s.Yes) {
					found = true
				}
			case *js_ast.SFor, *js_ast.SForOf, *js_ast.SForIn, *js_ast.SWhile, *js_ast.SDoWhile, *js_ast.SFunction:
				return false
			}
		case *js_ast.Expr:
			switch x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction:
				return false
			}
		}
		return true
	}), &body)
	return found
}

// leaves reports whether a statement ends with break or return.
func leaves(s js_ast.Stmt) bool {
	switch x := s.Data.(type) {
	case *js_ast.SBreak, *js_ast.SReturn, *js_ast.SThrow:
		return true
	case *js_ast.SBlock:
		return len(x.Stmts) > 0 && leaves(x.Stmts[len(x.Stmts)-1])
	}
	return false
}
