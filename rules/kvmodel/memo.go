package kvmodel

import "github.com/kvlint/kvlint/internal/esbuild/ast"

// The symbol query kvSymbol is memoized: a parameter is decided from the
// arguments at every call site, and a recursive helper passes its own
// parameter again (`h(kv)` three times inside h), so without a memo the
// queries branch at every level of the chain and take time exponential
// in it. Each answer depends only on the symbol and the depth it is asked
// at, so it is computed once per (symbol, depth): the work is linear in
// the symbols, times the depth bound.

type symKey struct {
	ref   ast.Ref
	depth int
	query uint8
}

const (
	queryKV uint8 = iota
)

type kvAnswer struct {
	ns Namespace
	ok bool
}

// kvSymbol decides a variable or parameter (see kvSymbolOnce).
func (m *fileModel) kvSymbol(ref ast.Ref, depth int) (Namespace, bool) {
	k := symKey{ref, depth, queryKV}
	if a, ok := m.symMemo.Load(k); ok {
		a := a.(kvAnswer)
		return a.ns, a.ok
	}
	ns, ok := m.kvSymbolOnce(ref, depth)
	m.symMemo.Store(k, kvAnswer{ns, ok})
	return ns, ok
}
