package kvmodel

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Scheduled runs: the KV writes one run of a cron trigger's handler makes
// on every run, and how often the wrangler config runs it.

// ScheduledRun is a `scheduled` handler and the writes each of its runs
// makes unconditionally (in it and the functions it calls, outside every
// if, ?:, &&/||, switch case, catch block and early exit).
type ScheduledRun struct {
	Entry      *Func
	EntryModel *Model
	Writes     []RunWrite
}

// RunWrite is one write a scheduled run makes.
type RunWrite struct {
	Op    *Op
	Model *Model
	// Times is how often each run makes it, at least: 1, or the product
	// of the iterations known of the loops around it (a loop over a
	// constant list of 5 pages writes 5 times).
	Times int
}

// newRulesMemo holds what the scheduled-run and config-position queries
// compute once per program.
type newRulesMemo struct {
	runsOnce sync.Once
	runs     map[*Op][]*ScheduledRun // by write

	filesMu sync.Mutex
	files   map[*token.FileSet]map[string]*token.File

	schedMu sync.Mutex
	sched   map[*config.Wrangler]*Schedule // nil: no readable crons
}

// ScheduledRuns returns the scheduled handlers whose every run makes the
// write op.
func (m *Model) ScheduledRuns(op *Op) []*ScheduledRun {
	p := m.Prog
	p.newRules.runsOnce.Do(func() { p.newRules.runs = p.scheduledRuns() })
	return p.newRules.runs[op]
}

func (p *Program) scheduledRuns() map[*Op][]*ScheduledRun {
	out := map[*Op][]*ScheduledRun{}
	memo := map[*Func][]RunWrite{}
	for _, f := range p.Files {
		if !f.Parsed() {
			continue
		}
		m := p.Model(f)
		for _, fn := range m.Funcs {
			if !isCronEntry(m, fn) {
				continue
			}
			run := &ScheduledRun{Entry: fn, EntryModel: m, Writes: m.runWrites(fn, memo, map[*Func]bool{}, 0)}
			for _, w := range run.Writes {
				out[w.Op] = append(out[w.Op], run)
			}
		}
	}
	return out
}

// isCronEntry reports a function run by cron triggers: a module Worker's
// scheduled method, or a service Worker's "scheduled" listener.
func isCronEntry(m *Model, fn *Func) bool {
	if m.fm.ownEntry(fn) != EntryScheduled {
		return false
	}
	return fn.Name == "scheduled" || fn.ArgOf != nil
}

// runWrites lists the writes every run of fn makes: its own and those of
// the functions it calls, when neither is under a condition.
func (m *Model) runWrites(fn *Func, memo map[*Func][]RunWrite, visiting map[*Func]bool, depth int) []RunWrite {
	if ws, ok := memo[fn]; ok {
		return ws
	}
	if visiting[fn] || depth > maxCallDepth {
		return nil
	}
	visiting[fn] = true
	defer delete(visiting, fn)
	idx := m.index()
	var out []RunWrite
	for _, op := range idx.opsIn[fn] {
		if op.IsWrite() && unconditional(fn, op.Expr, op.Parents) {
			out = append(out, RunWrite{Op: op, Model: m, Times: m.trips(fn, op.Parents)})
		}
	}
	for _, c := range idx.callsIn[fn] {
		cm, callee := m.Callee(c.Call)
		if callee == nil || callee == fn || !unconditional(fn, c.Expr, c.Parents) {
			continue
		}
		n := m.trips(fn, c.Parents)
		for _, w := range cm.runWrites(callee, memo, visiting, depth+1) {
			w.Times = min(w.Times*n, maxTrips)
			out = append(out, w)
		}
	}
	memo[fn] = out
	return out
}

// maxTrips bounds a count of iterations (nested loops multiply).
const maxTrips = 1 << 20

// trips is how many times, at least, one run of fn runs a node with
// enclosing nodes parents: the product of the iterations of the loops
// between fn and the node whose count the code fixes (`for (const p of
// PAGES)` with PAGES a constant array literal, `for (let i = 0; i < 5;
// i++)`, `PAGES.forEach(...)`); a loop of unknown count counts once.
func (m *Model) trips(fn *Func, parents []any) int {
	start := -1
	for i, p := range parents {
		if p == fn.Node {
			start = i
		}
	}
	if start < 0 {
		return 1 // not in fn
	}
	n := 1
	for i := start + 1; i < len(parents); i++ {
		k := 1
		switch p := parents[i].(type) {
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SForOf:
				k = m.arrayLen(s.Value)
			case *js_ast.SFor:
				k = m.forCount(s)
			}
		case *js_ast.Expr:
			// A callback of PAGES.forEach / map / flatMap.
			if c, ok := p.Data.(*js_ast.ECall); ok && i+1 < len(parents) && callbackMethod(c, parents[i+1]) != "" {
				k = m.arrayLen(c.Target.Data.(*js_ast.EDot).Target)
			}
		}
		n = min(n*k, maxTrips)
	}
	return n
}

// arrayLen is the length of a constant array literal e holds (directly or
// through a constant), at least 1; 1 when not known.
func (m *Model) arrayLen(e js_ast.Expr) int {
	a, ok := m.Resolve(e).Data.(*js_ast.EArray)
	if !ok || len(a.Items) == 0 {
		return 1
	}
	for _, it := range a.Items {
		if _, spread := it.Data.(*js_ast.ESpread); spread {
			return 1
		}
	}
	return len(a.Items)
}

// forCount is the iterations of `for (let i = A; i < B; i++)` (or <=,
// i += 1) with constant A and B, at least 1; 1 when not known.
func (m *Model) forCount(s *js_ast.SFor) int {
	local, ok := s.InitOrNil.Data.(*js_ast.SLocal)
	if !ok || len(local.Decls) != 1 || local.Decls[0].ValueOrNil.Data == nil {
		return 1
	}
	id, ok := local.Decls[0].Binding.Data.(*js_ast.BIdentifier)
	if !ok {
		return 1
	}
	ref := m.File.Resolve(id.Ref)
	isVar := func(e js_ast.Expr) bool {
		x, ok := e.Data.(*js_ast.EIdentifier)
		return ok && m.File.Resolve(x.Ref) == ref
	}
	test, ok := s.TestOrNil.Data.(*js_ast.EBinary)
	if !ok || !isVar(test.Left) || test.Op != js_ast.BinOpLt && test.Op != js_ast.BinOpLe {
		return 1
	}
	step := false
	switch u := s.UpdateOrNil.Data.(type) {
	case *js_ast.EUnary:
		step = (u.Op == js_ast.UnOpPostInc || u.Op == js_ast.UnOpPreInc) && isVar(u.Value)
	case *js_ast.EBinary:
		n, ok := u.Right.Data.(*js_ast.ENumber)
		step = u.Op == js_ast.BinOpAddAssign && isVar(u.Left) && ok && n.Value == 1
	}
	from, to := m.Eval(local.Decls[0].ValueOrNil), m.Eval(test.Right)
	if !step || !from.IsNumber() || !to.IsNumber() || from.Hi != from.Num || to.Hi != to.Num {
		return 1
	}
	k := to.Num - from.Num
	if test.Op == js_ast.BinOpLe {
		k++
	}
	if k < 1 || k > maxTrips {
		return 1
	}
	return int(k)
}

// unconditional reports whether a node inside fn runs on every run of fn
// that gets that far without an exception: no branch, conditional
// operand, switch case or catch block lies between, no early exit comes
// before it, and every function in between is a callback handed to a call.
func unconditional(fn *Func, leaf js_ast.Expr, parents []any) bool {
	start := -1
	for i, p := range parents {
		if p == fn.Node {
			start = i
		}
	}
	if start < 0 {
		return false
	}
	for i := start; i < len(parents); i++ {
		var child any = leaf.Data
		if i+1 < len(parents) {
			child = parents[i+1]
		}
		switch p := parents[i].(type) {
		case *js_ast.Fn:
			if i > start && !calledBack(parents, i-1, p) {
				return false
			}
			if c, ok := child.(*js_ast.Stmt); ok && guardedExit(p.Body.Block.Stmts, c) {
				return false
			}
		case *js_ast.Stmt:
			switch s := p.Data.(type) {
			case *js_ast.SIf:
				if child == any(&s.Yes) || child == any(&s.NoOrNil) {
					return false
				}
			case *js_ast.SSwitch:
				if caseOf(s, child) >= 0 {
					return false
				}
			case *js_ast.STry:
				if s.Catch != nil {
					for j := range s.Catch.Block.Stmts {
						if child == any(&s.Catch.Block.Stmts[j]) {
							return false
						}
					}
				}
			case *js_ast.SFunction, *js_ast.SClass:
				return false
			}
			if c, ok := child.(*js_ast.Stmt); ok && guardedExit(stmtList(p, c), c) {
				return false
			}
		case *js_ast.Expr:
			switch x := p.Data.(type) {
			case *js_ast.EArrow:
				if i > start && !calledBack(parents, i-1, p.Data) {
					return false
				}
				if c, ok := child.(*js_ast.Stmt); ok && guardedExit(x.Body.Block.Stmts, c) {
					return false
				}
			case *js_ast.EIf:
				if child != x.Test.Data && child != any(&x.Test) {
					return false
				}
			case *js_ast.EBinary:
				switch x.Op {
				case js_ast.BinOpLogicalAnd, js_ast.BinOpLogicalOr, js_ast.BinOpNullishCoalescing:
					if child == x.Right.Data || child == any(&x.Right) {
						return false
					}
				}
			}
		}
	}
	return true
}

// calledBack reports whether the function at parents[i+1] (node) is an
// argument of the call at parents[i] (through an EFunction wrapper), or
// called there at once.
func calledBack(parents []any, i int, node any) bool {
	for ; i >= 0; i-- {
		e, ok := parents[i].(*js_ast.Expr)
		if !ok {
			return false
		}
		switch x := e.Data.(type) {
		case *js_ast.EFunction:
			node = x
			continue
		case *js_ast.ECall:
			if x.Target.Data == node {
				return true
			}
			for _, a := range x.Args {
				if a.Data == node {
					return true
				}
				if f, ok := a.Data.(*js_ast.EFunction); ok && any(&f.Fn) == node {
					return true
				}
			}
		}
		return false
	}
	return false
}

// guardedExit reports whether a statement of list before child is an if
// with a branch that leaves (return, throw, break, continue): child then
// runs only when its test says so.
func guardedExit(list []js_ast.Stmt, child *js_ast.Stmt) bool {
	for j := range list {
		if &list[j] == child {
			return false
		}
		if s, ok := list[j].Data.(*js_ast.SIf); ok && (leavesAnyhow(s.Yes) || s.NoOrNil.Data != nil && leavesAnyhow(s.NoOrNil)) {
			return true
		}
	}
	return false
}

func leavesAnyhow(s js_ast.Stmt) bool {
	switch x := s.Data.(type) {
	case *js_ast.SBreak, *js_ast.SContinue, *js_ast.SReturn, *js_ast.SThrow:
		return true
	case *js_ast.SBlock:
		for _, st := range x.Stmts {
			if leavesAnyhow(st) {
				return true
			}
		}
	case *js_ast.SIf:
		return leavesAnyhow(x.Yes) || x.NoOrNil.Data != nil && leavesAnyhow(x.NoOrNil)
	}
	return false
}

// Schedule is how often a wrangler config's cron triggers run: the block
// (top level or [env.NAME]) that runs most often.
type Schedule struct {
	Env        string // "" for the top level
	RunsPerDay int
	// Busiest is the block's cron that runs most often.
	Busiest config.Cron
	Crons   []config.Cron
}

// CronSchedule returns the busiest schedule of a wrangler config, if it has
// cron triggers the cron library can read (computed once per config).
func (m *Model) CronSchedule(w *config.Wrangler) (Schedule, bool) {
	memo := &m.Prog.newRules
	memo.schedMu.Lock()
	defer memo.schedMu.Unlock()
	if s, ok := memo.sched[w]; ok {
		if s == nil {
			return Schedule{}, false
		}
		return *s, true
	}
	if memo.sched == nil {
		memo.sched = map[*config.Wrangler]*Schedule{}
	}
	s, ok := cronSchedule(w)
	if ok {
		memo.sched[w] = &s
	} else {
		memo.sched[w] = nil
	}
	return s, ok
}

func cronSchedule(w *config.Wrangler) (Schedule, bool) {
	var best Schedule
	found := false
	for _, e := range append([]config.Env{w.Top}, w.Envs...) {
		s := Schedule{Env: e.Name, Crons: e.Crons}
		most := -1
		for _, c := range e.Crons {
			n, err := c.RunsPerDay()
			if err != nil {
				continue
			}
			s.RunsPerDay += n
			if n > most {
				most, s.Busiest = n, c
			}
		}
		if most >= 0 && (!found || s.RunsPerDay > best.RunsPerDay) {
			best, found = s, true
		}
	}
	return best, found
}

// ConfigPos returns the position of a line and column of a wrangler
// config in fset (adding the file to it once), for related locations.
func (m *Model) ConfigPos(fset *token.FileSet, w *config.Wrangler, line, col int) token.Pos {
	memo := &m.Prog.newRules
	memo.filesMu.Lock()
	defer memo.filesMu.Unlock()
	if memo.files == nil {
		memo.files = map[*token.FileSet]map[string]*token.File{}
	}
	byPath := memo.files[fset]
	if byPath == nil {
		byPath = map[string]*token.File{}
		memo.files[fset] = byPath
	}
	tf := byPath[w.Path]
	if tf == nil {
		tf = fset.AddFile(reportedPath(w.Path), -1, w.Size)
		tf.SetLines(w.LineStarts)
		byPath[w.Path] = tf
	}
	if line < 1 || line > len(w.LineStarts) {
		return token.NoPos
	}
	off := w.LineStarts[line-1] + col - 1
	if off > w.Size {
		off = w.Size
	}
	return tf.Pos(off)
}

// reportedPath names a config file as findings name source files: relative
// to the working directory when it lies below it.
func reportedPath(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(p)
}
