// Package valueflow is kvlint's value-flow layer: what a value can be at a
// point of a function. It plays the role buildssa and ctrlflow play for Go
// analyzers; the KV model sits on it and rules ask the KV model.
//
// Each function is walked once, in order, on first need, and the result is
// kept: the reaching definitions of its variables (`let` reassignments and
// compound assignments included), destructuring with defaults and renames,
// object shapes with the properties assigned after creation and spreads,
// joins over `?:`, `if`/`else`, `??`, `||` and `switch`, the narrowing of
// every comparison a branch or an early `return`/`throw` depends on, and
// in-place changes (`rec.count += 1`, `o.p = v`, `date.setTime(x)`, an
// object handed to a call). A function's return values, joined, are its
// summary, which calls of it evaluate to.
//
// Values are constants, numeric intervals, times (with their unit and,
// relative to now, their offset interval), objects, and provenance: from
// a parameter or a parameter's property, a field, a difference of times,
// storage or a request. "May be undefined" is kept apart.
//
// The walk is linear: branches write child layers of the state that a join
// merges back (costing what the branches wrote); a loop body is walked once
// and joined with the state before it, so a use inside a loop before the
// variable's change in the body sees the values from before the loop.
// Closures are walked where they are written, with the state there.
package valueflow

import (
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Host answers what a file's own walk cannot: values that come from
// outside the function being walked. The KV model implements it.
type Host interface {
	// Symbol is the value of a symbol no walk state holds: a module
	// constant, an import, a global, a variable of an enclosing scope.
	Symbol(ref ast.Ref, c *Ctx) Value
	// Param is the value parameter i of fn receives from every call site,
	// when they are all known.
	Param(fn any, i int, c *Ctx) (Value, bool)
	// This is the value of a member of `this` (this.x, this.#x) at offset
	// at: the join of what the class assigns to it.
	This(at int32, name string, c *Ctx) (Value, bool)
	// Field is the value of a field of the class instance target holds,
	// when the program's classes say which (target is an expression of
	// this file).
	Field(target js_ast.Expr, name string, c *Ctx) (Value, bool)
	// OptionalMember reports whether the declared type of target makes
	// its member name optional (or admits undefined): `o.ttl` with
	// `o: { ttl?: number }`.
	OptionalMember(target js_ast.Expr, name string) bool
	// MemberRange gives the bounds of a member whose declared type is a
	// union of numeric literals: `o.period` with `o: { period: 10 | 60 }`.
	MemberRange(target js_ast.Expr, name string) (lo, hi float64, ok bool)
	// Callee returns the function node a call invokes and the File that
	// holds it, when it is a project function.
	Callee(call *js_ast.ECall) (any, *File)
}

// Unit is a top-level function (or the module body) walked as one.
type Unit struct {
	Node       any // *js_ast.Fn, or the *js_ast.Expr of an arrow
	Start, End int
}

// File is the value flow of one file.
type File struct {
	f     *parser.File
	host  Host
	units []*unit // sorted by start; disjoint
	mod   *unit   // the module body
	byFn  map[any]*unit
	walks *Walks
}

// Walks is what the files of one program share: the lock their walks
// hold, so that a walk needing another never waits for a walk that needs
// it, and the chain of units being walked.
type Walks struct {
	mu    sync.Mutex
	stack []*unit
	// stale: units whose walk used the summary of a unit still being
	// walked (a cycle through call sites); walked again once the chain
	// is done.
	stale []*unit
	// unsettled counts the evaluations that read a unit still being
	// walked (what its walk has recorded so far, or the flow-insensitive
	// fallback): an answer computed meanwhile may change once it is done.
	unsettled uint64
	// chains counts the chains of walks finished.
	chains uint64
}

type unit struct {
	node       any
	start, end int
	res        atomic.Pointer[walkResult] // nil: not walked (or stale)
	running    bool
	partial    bool        // the walk under way used an unfinished summary
	waits      bool        // the walk under way read a field its constructor's walk has not settled
	stale      atomic.Bool // walked, to be walked again when the chain is done
	walks      uint8
	cur        *walkResult // while running: what the walk has recorded
}

// walkResult is what a unit's walk found; never changed once stored.
type walkResult struct {
	vals    map[*js_ast.EIdentifier]Value
	returns map[any]Value // per function node walked in the unit
	// thisExit: per function, the fields of this it assigned or narrowed,
	// as they are when it ends normally (no return statement).
	thisExit map[any]map[string]Value
}

// ThisAtExit is the value of this.name when the unit function fn ends
// (its last statement, not a return or throw), as far as fn itself
// assigns or narrows it: what a constructor leaves in a field after its
// checks. ok is false when fn does not touch the field; pending tells
// that fn is being walked (by the chain asking), so nothing is known yet.
func (fl *File) ThisAtExit(fn any, name string, c *Ctx) (v Value, ok, pending bool) {
	u := fl.byFn[fn]
	if u == nil {
		return Value{}, false, false
	}
	r := fl.ensured(u, c, false)
	if r == nil || u.stale.Load() {
		// Being walked, or to be walked again: the walks asking since (all
		// of the chain, for one to be walked again) are walked again once
		// it is settled.
		if c != nil && c.holding {
			ws := fl.walks
			for i := len(ws.stack) - 1; i >= 0 && ws.stack[i] != u; i-- {
				ws.stack[i].waits = true
			}
		}
		return Value{}, false, true
	}
	v, ok = r.thisExit[fn][name]
	return v, ok, false
}

// NewFile prepares the value flow of f; units are its top-level functions
// (functions nested in them are walked with them). Walks of every file of
// a program share walks.
func NewFile(f *parser.File, host Host, units []Unit, walks *Walks) *File {
	fl := &File{f: f, host: host, byFn: map[any]*unit{}, walks: walks}
	for _, u := range units {
		x := &unit{node: u.Node, start: u.Start, end: u.End}
		fl.units = append(fl.units, x)
		fl.byFn[u.Node] = x
	}
	sort.SliceStable(fl.units, func(i, j int) bool { return fl.units[i].start < fl.units[j].start })
	fl.mod = &unit{start: -1, end: -1}
	return fl
}

// Ctx carries an evaluation's context: the depth of the chain of symbols
// and calls followed, whether the walk lock is held, and the live state of
// a walk.
type Ctx struct {
	depth   int
	holding bool
	st      *state
	u       *walkResult
	fl      *File
	scratch bool // evaluating again for a narrowing: record nothing
}

// maxDepth bounds the chains of symbols, parameters and calls followed.
const maxDepth = 12

// Outer returns the context for evaluating something outside the current
// walk (another function, another file), one step deeper.
func (c *Ctx) Outer() *Ctx {
	if c == nil {
		return &Ctx{depth: 1}
	}
	return &Ctx{depth: c.depth + 1, holding: c.holding}
}

// Deep reports whether the chain followed is already as long as allowed.
func (c *Ctx) Deep() bool { return c != nil && c.depth > maxDepth }

// Eval returns what e can be at its place in the file.
func (fl *File) Eval(e js_ast.Expr) Value { return fl.EvalCtx(e, nil) }

// EvalCtx is Eval within an evaluation already under way (from a Host).
func (fl *File) EvalCtx(e js_ast.Expr, c *Ctx) Value {
	if c == nil {
		c = &Ctx{}
	}
	if c.Deep() {
		return Value{}
	}
	c2 := &Ctx{depth: c.depth, holding: c.holding, fl: fl}
	if u := fl.unitAt(int(e.Loc.Start)); u != nil {
		c2.u = fl.ensured(u, c2, false)
		if c2.u == nil && c.holding && u.running {
			// Being walked by this chain: the values its walk recorded so
			// far (the arguments of the call being walked, say).
			c2.u = u.cur
		}
	}
	return fl.eval(e, c2)
}

// Returns is the join of the values a function returns (the function
// node, as Host.Callee gives it).
func (fl *File) Returns(fn any, c *Ctx) (Value, bool) {
	u := fl.byFn[fn]
	if u == nil {
		// A nested function: its unit is the one containing it.
		u = fl.unitOfNested(fn)
	}
	if u == nil {
		return Value{}, false
	}
	r := fl.ensured(u, c, true)
	if r == nil {
		return Value{}, false
	}
	v, ok := r.returns[fn]
	return v, ok
}

func (fl *File) unitOfNested(fn any) *unit {
	var at int
	switch n := fn.(type) {
	case *js_ast.Fn:
		at = int(n.OpenParenLoc.Start)
	case *js_ast.Expr:
		at = int(n.Loc.Start)
	default:
		return nil
	}
	return fl.unitAt(at)
}

// unitAt returns the unit holding an offset: a top-level function, or
// the module body.
func (fl *File) unitAt(at int) *unit {
	i := sort.Search(len(fl.units), func(i int) bool { return fl.units[i].start > at }) - 1
	if i >= 0 && at < fl.units[i].end {
		return fl.units[i]
	}
	return fl.mod
}

// ensure walks u if it has not been walked. A unit being walked (by this
// chain: a recursion, or a cycle through the call sites that give a
// function's parameters) is left as it is; its values then come from the
// flow-insensitive fallback. A summary (the function's returns) it has
// not finished is unknown: when one is asked for (summary), the units of
// the chain walked since u started, which used that, are walked again
// once the chain is done (once: a second walk is final). Each unit is
// walked at most maxWalks times.
func (fl *File) ensure(u *unit, c *Ctx, summary bool) {
	if u.res.Load() != nil && (c != nil && c.holding || !u.stale.Load()) || c.Deep() {
		return
	}
	ws := fl.walks
	if !c.holding {
		ws.mu.Lock()
		defer ws.mu.Unlock()
	}
	if u.res.Load() != nil {
		return
	}
	if u.running {
		ws.unsettled++
		if !summary {
			return
		}
		for i := len(ws.stack) - 1; i >= 0 && ws.stack[i] != u; i-- {
			ws.stack[i].partial = true
		}
		return
	}
	u.running = true
	ws.stack = append(ws.stack, u)
	r := &walkResult{vals: map[*js_ast.EIdentifier]Value{}, returns: map[any]Value{}}
	// A walk starts with a fresh depth budget: what it finds must not
	// depend on how deep the query that first needed it was.
	u.cur = r
	w := &Ctx{holding: true, st: &state{}, u: r, fl: fl}
	if u == fl.mod {
		fl.walkStmts(fl.f.Stmts(), w)
	} else {
		fl.walkFunc(u.node, w)
	}
	ws.stack = ws.stack[:len(ws.stack)-1]
	u.running, u.cur = false, nil
	u.walks++
	// Stale is set before the result is stored: a query of another
	// goroutine (which reads results without the lock) never takes a
	// result to be walked again for a final one.
	if u.partial && u.walks < 2 || u.waits && u.walks < maxWalks {
		ws.stale = append(ws.stale, u)
		u.stale.Store(true)
	}
	u.res.Store(r)
	u.partial, u.waits = false, false
	if len(ws.stack) == 0 {
		ws.chains++
	}
	if len(ws.stack) == 0 && len(ws.stale) > 0 {
		for _, s := range ws.stale {
			s.res.Store(nil)
			s.stale.Store(false)
		}
		ws.stale = ws.stale[:0]
	}
}

// ensured is ensure, then u's result. A query that does not hold the walk
// lock reads results without it: a result stored in another goroutine's
// chain of walks and marked to be walked again (stale) is incomplete until
// that chain is done, so such a query ensures u again (waiting for the
// chain, then walking u anew) rather than answer from it. Within a chain
// the result is what the chain has.
func (fl *File) ensured(u *unit, c *Ctx, summary bool) *walkResult {
	for range 4 {
		fl.ensure(u, c, summary)
		r := u.res.Load()
		if r == nil || c != nil && c.holding || c.Deep() || !u.stale.Load() {
			return r
		}
	}
	return u.res.Load()
}

// maxWalks bounds how often a unit is walked: once more after a cycle
// through an unfinished summary, and again while constructors whose
// fields it reads are settled.
const maxWalks = 4

// isUnit reports whether a function node is a unit of its own (walked
// apart from the code around it).
func (fl *File) isUnit(fn any) bool {
	_, ok := fl.byFn[fn]
	return ok
}

// literalUnion reads a parameter's type annotation, which esbuild drops,
// from the source: `ttl: 10 | 60` bounds the parameter to [10, 60].
func (fl *File) literalUnion(b js_ast.Binding) (lo, hi float64, ok bool) {
	if _, isID := b.Data.(*js_ast.BIdentifier); !isID {
		return 0, 0, false
	}
	src := fl.f.Src
	i := int(b.Loc.Start)
	for i < len(src) && parser.IsIdentByte(src[i]) {
		i++
	}
	skip := func() {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
			i++
		}
	}
	skip()
	if i < len(src) && src[i] == '?' {
		i++
	}
	if i >= len(src) || src[i] != ':' {
		return 0, 0, false
	}
	i++
	n := 0
	for {
		skip()
		if i < len(src) && src[i] == '|' {
			i++
			skip()
		}
		j := i
		for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_' || src[j] == '.') {
			j++
		}
		if j == i {
			return 0, 0, false
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(string(src[i:j]), "_", ""), 64)
		if err != nil {
			return 0, 0, false
		}
		if n == 0 || v < lo {
			lo = v
		}
		if n == 0 || v > hi {
			hi = v
		}
		n++
		i = j
		skip()
		if i >= len(src) {
			return 0, 0, false
		}
		switch src[i] {
		case '|':
			continue
		case ',', ')', '=', ';':
			return lo, hi, true
		}
		return 0, 0, false
	}
}

// CtxAt returns a context for an evaluation depth steps down a chain the
// caller follows.
func CtxAt(depth int) *Ctx { return &Ctx{depth: depth} }

// Locked runs f with the program's walk lock held (taken unless c holds it
// already) and a full depth budget: for a Host's memoised query, whose
// answer is computed once by one chain, so that another goroutine's query
// under way is never taken for a cycle of this one.
func (fl *File) Locked(c *Ctx, f func(*Ctx)) {
	if c != nil && c.holding {
		f(c.Fresh())
		return
	}
	fl.walks.mu.Lock()
	defer fl.walks.mu.Unlock()
	f(&Ctx{holding: true})
}

// Settled tells, within Locked, how many evaluations so far read a unit
// still being walked, and how many chains of walks have finished: a Host
// that memoises an answer keeps it for good only when the first count did
// not change while it was computed; otherwise the answer holds for the
// chain under way (walking is true) and is computed again after it.
func (fl *File) Settled() (unsettled, chains uint64, walking bool) {
	ws := fl.walks
	return ws.unsettled, ws.chains, len(ws.stack) > 0
}

// Fresh returns a context with a full depth budget (for a value computed
// once and kept, which must not depend on how deep its first use was).
func (c *Ctx) Fresh() *Ctx {
	if c == nil {
		return &Ctx{}
	}
	return &Ctx{holding: c.holding}
}

// Analyzer is the value-flow layer as an analyzer: its result is the
// file's *File, whose functions are walked on first need. Rules reach it
// through the KV model (kvmodel.Model.Eval and the option queries); the
// package that builds programs supplies the files (see Provide).
var Analyzer = &analysis.Analyzer{
	Name:       "valueflow",
	Doc:        "computes what values can be at each point of a function: reaching definitions, object shapes, intervals, times and provenance",
	Run:        run,
	ResultType: reflect.TypeOf((*File)(nil)),
}

var provide func(*analysis.Pass) *File

// Provide installs how a pass finds its file's value flow, and the
// analyzers that requires. The KV model calls it once, at init.
func Provide(requires []*analysis.Analyzer, f func(*analysis.Pass) *File) {
	Analyzer.Requires = requires
	provide = f
}

func run(pass *analysis.Pass) (any, error) {
	if provide == nil {
		return nil, errors.New("valueflow: no provider of files installed")
	}
	return provide(pass), nil
}
