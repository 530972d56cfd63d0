package kvmodel

import (
	"sync"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// readsIn lists, once per function, the reads FillsOnMiss pairs with the
// function's writes (its own reads, and the reads its calls' helpers
// return), indexed by key: asking for each write, over every read and
// call before it, made a function of n writes cost n².
type readsIn struct {
	reads []missRead
	keys  *KeyIndex
}

type missRead struct {
	op   *Op           // the read (for a helper: the read as at the call)
	call *js_ast.ECall // the call whose result holds the value
	// start orders it before the write.
	start int
}

type missMemo struct {
	mu   sync.Mutex
	done map[*Func]*readsIn
}

func (m *Model) readsBefore(fn *Func) *readsIn {
	mm := &m.fm.missMemo
	mm.mu.Lock()
	defer mm.mu.Unlock()
	if r, ok := mm.done[fn]; ok {
		return r
	}
	r := &readsIn{keys: m.NewKeyIndex()}
	for _, op := range m.index().opsIn[fn] {
		if op.IsRead() && op.Fn == fn {
			r.reads = append(r.reads, missRead{op, op.Call, op.Start})
		}
	}
	for _, c := range m.index().callsIn[fn] {
		if c.Fn != fn {
			continue
		}
		for _, ra := range m.ReturnedReads(c) {
			r.reads = append(r.reads, missRead{ra.Op, c.Call, int(c.Expr.Loc.Start)})
		}
	}
	for i, x := range r.reads {
		r.keys.Add(i, x.op.Key)
	}
	if mm.done == nil {
		mm.done = map[*Func]*readsIn{}
	}
	mm.done[fn] = r
	return r
}
