package kvmodel

import (
	"math"
	"sync/atomic"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
)

// The symbol queries kvSymbol and envSymbol are memoized, once per symbol: a parameter is
// decided from the arguments at every call site, and a recursive helper
// passes its own parameter again (`h(kv)` three times inside h), so
// without a memo the queries branch at every level of the chain and take
// time exponential in it.
//
// An answer depends only on its symbol: each symbol is decided with a
// fresh depth budget (the bound on the expressions between two symbols),
// so a chain of symbols of any length is followed to its end. Cycles
// (recursion, import rings) are resolved by a fixpoint, as Tarjan's
// algorithm finds strongly connected components: a query keeps, per
// top-level question, the stack of symbols being decided. A symbol found
// on that stack is taken, meanwhile, to be what it was last found to be,
// at first pending: no value yet, which agreed leaves out (the values a
// parameter can hold are those its callers pass; passing it to itself
// adds none). A symbol decided while one below it on the stack was
// pending is tentative; when the lowest symbol of the cycle is decided,
// it is decided again with its answer taken for its assumption until the
// two agree (the answers only grow: pending, a namespace, another
// namespace, not KV), and the cycle's answers are final, memoized.
//
// The session of a question lives on its stack of calls, so concurrent
// questions (analyzers of several files at once) never see each other's
// pending symbols; only final answers are shared.

type symKey struct {
	ref   ast.Ref
	query uint8
}

const (
	queryKV uint8 = iota
	queryEnv
)

type kvAnswer struct {
	ns Namespace
	ok bool
}

// pendingNS is the answer for a symbol on the stack of the question
// being decided: no value yet.
var pendingNS = Namespace{ID: "\x00pending"}

func isPending(ns Namespace) bool { return ns == pendingNS }

// kvSession is the state of one top-level question (see above).
type kvSession struct {
	onStack   map[sessKey]int      // symbol being decided -> its place, in push order
	assumed   map[sessKey]kvAnswer // what a symbol on the stack is taken to be meanwhile
	tentative map[sessKey]tentativeAnswer
	next      int // the place of the next symbol pushed (never reused)
	height    int // how many are on the stack
	low       int // the lowest place on the stack the current decision read
}

type sessKey struct {
	m     *fileModel
	ref   ast.Ref
	query uint8
}

type tentativeAnswer struct {
	a   kvAnswer
	low int
}

const (
	noLow = math.MaxInt
	// maxRounds bounds the decisions of a cycle's lowest symbol; one that
	// has not settled by then is not proven (it never happens: answers
	// only grow, and there are four levels).
	maxRounds = 6
	// maxStack bounds the symbols a question follows at once (the Go
	// stack it uses): a chain longer than this is not proven.
	maxStack = 4096
)

// kvSymbol decides a variable or parameter (see kvSymbolOnce).
func (m *fileModel) kvSymbol(ref ast.Ref, s *kvSession) (Namespace, bool) {
	a := m.symQuery(ref, queryKV, s, func(s *kvSession) kvAnswer {
		ns, ok := m.kvSymbolOnce(ref, 0, s)
		return kvAnswer{ns, ok}
	})
	return a.ns, a.ok
}

// envSymbol decides whether a variable or parameter is a Worker env (see
// envSymbolOnce); its answer is a kvAnswer whose ok is the env's, pending
// when its namespace is pendingNS.
func (m *fileModel) envSymbol(ref ast.Ref, s *kvSession) (yes, pending bool) {
	a := m.symQuery(ref, queryEnv, s, func(s *kvSession) kvAnswer {
		yes, pending := m.envSymbolOnce(ref, 0, s)
		if pending {
			return kvAnswer{pendingNS, true}
		}
		return kvAnswer{ok: yes}
	})
	return a.ok, isPending(a.ns)
}

// symQuery answers query for ref: from the memo, from the session, or by
// deciding it with decide (see above).
func (m *fileModel) symQuery(ref ast.Ref, query uint8, s *kvSession, decide func(*kvSession) kvAnswer) kvAnswer {
	mk := symKey{ref, query}
	if a, ok := m.symMemo.Load(mk); ok {
		return a.(kvAnswer)
	}
	if s == nil {
		s = &kvSession{onStack: map[sessKey]int{}, assumed: map[sessKey]kvAnswer{}, tentative: map[sessKey]tentativeAnswer{}, low: noLow}
	}
	k := sessKey{m, ref, query}
	if at, ok := s.onStack[k]; ok {
		s.low = min(s.low, at)
		return s.assumed[k]
	}
	if t, ok := s.tentative[k]; ok {
		s.low = min(s.low, t.low)
		return t.a
	}
	if s.height >= maxStack {
		// Not proven; and so not final either (it depends on the chain
		// below): tentative on the bottom of the stack.
		s.low = 0
		return kvAnswer{}
	}
	at := s.next
	s.next++
	s.height++
	s.onStack[k] = at
	s.assumed[k] = kvAnswer{pendingNS, true}
	outer := s.low
	var a kvAnswer
	settled := true
	for round := 1; ; round++ {
		s.low = noLow
		symDecisions.Add(1)
		a = decide(s)
		if s.low != at || a == s.assumed[k] {
			break // no cycle through it, part of a lower one, or settled
		}
		if round == maxRounds {
			a, settled = kvAnswer{}, false
			break
		}
		// Its answer moved: decide it again with the answer assumed,
		// dropping what its cycle found with the old assumption.
		s.assumed[k] = a
		s.dropTentative(at)
	}
	delete(s.onStack, k)
	delete(s.assumed, k)
	s.height--
	if s.low < at {
		s.tentative[k] = tentativeAnswer{a, s.low}
		s.low = min(outer, s.low)
		return a
	}
	// The lowest symbol of its cycle (or of none): final, with what its
	// cycle found in the last round, under the answer now final.
	for tk, t := range s.tentative {
		if t.low >= at {
			if settled {
				tk.m.symMemo.Store(symKey{tk.ref, tk.query}, t.a)
			}
			delete(s.tentative, tk)
		}
	}
	m.symMemo.Store(mk, a)
	s.low = outer
	return a
}

// symDecisions counts the decisions of symbols (the tests check that the
// work is linear).
var symDecisions atomic.Int64

// fieldDecisions counts the computations of class fields' values
// (flowHost.This), for the same check.
var fieldDecisions atomic.Int64

// paramDecisions counts the computations of parameters' values
// (flowHost.Param), for the same check.
var paramDecisions atomic.Int64

// dropTentative forgets the tentative answers that depend on the symbol
// at place at or above.
func (s *kvSession) dropTentative(at int) {
	for k, t := range s.tentative {
		if t.low >= at {
			delete(s.tentative, k)
		}
	}
}
