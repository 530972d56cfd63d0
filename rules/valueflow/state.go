package valueflow

import "github.com/kvlint/kvlint/internal/esbuild/ast"

// state maps the variables a walk has seen assigned to their values at the
// current point. A branch walks a child layer; a join writes the merge of
// the children's own layers into the parent, so that the chain is as deep
// as the branches are nested, and each join costs what the branches wrote.
type state struct {
	parent *state
	vars   map[ast.Ref]Value
	dead   bool // the point is unreachable (after return, throw, break)
}

func (s *state) lookup(ref ast.Ref) (Value, bool) {
	for t := s; t != nil; t = t.parent {
		if v, ok := t.vars[ref]; ok {
			return v, true
		}
	}
	return Value{}, false
}

func (s *state) set(ref ast.Ref, v Value) {
	if s.vars == nil {
		s.vars = make(map[ast.Ref]Value, 4)
	}
	s.vars[ref] = v
}

// root is the state the walk started with.
func (s *state) root() *state {
	for s.parent != nil {
		s = s.parent
	}
	return s
}

func (s *state) child() *state { return &state{parent: s, dead: s.dead} }

// flatten returns a child of base holding everything written between base
// and s (s a descendant of base): a snapshot for a break or continue.
func (s *state) flatten(base *state) *state {
	out := &state{parent: base}
	for t := s; t != nil && t != base; t = t.parent {
		for k, v := range t.vars {
			if _, ok := out.vars[k]; !ok {
				out.set(k, v)
			}
		}
	}
	return out
}

// merge sets s to the join of kids, children of s (dead ones reach no
// further). With no live kid, s becomes dead. A variable one kid holds and
// another cannot look up is unknown there: a value read from the host must
// be tracked (at the root) before a branch narrows it.
func (s *state) merge(kids ...*state) {
	live := kids[:0:0]
	for _, k := range kids {
		if k != nil && !k.dead {
			live = append(live, k)
		}
	}
	if len(live) == 0 {
		s.dead = true
		return
	}
	seen := map[ast.Ref]bool{}
	for _, k := range live {
		for ref := range k.vars {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			var out Value
			for i, l := range live {
				v, ok := l.lookup(ref)
				if !ok {
					v = Value{}
				}
				if i == 0 {
					out = v
				} else {
					out = Join(out, v)
				}
			}
			s.set(ref, out)
		}
	}
}
