package kvmodel

import (
	"fmt"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// SameKey reports whether two key expressions of this file provably name
// the same key: the same constant string, the same variable, or the same
// template or concatenation over the same variables and members.
func (m *Model) SameKey(a, b js_ast.Expr) bool {
	if a.Data == nil || b.Data == nil {
		return false
	}
	va, vb := m.Eval(a), m.Eval(b)
	if va.Kind == String && vb.Kind == String {
		return va.Str == vb.Str
	}
	// One side may be constant only because the evaluator sees through
	// something the other side hides (a helper call): compare shapes.
	return m.sameShape(a, b, 0)
}

func (m *Model) sameShape(a, b js_ast.Expr, depth int) bool {
	if depth > maxDepth {
		return false
	}
	// The same variable; else look through constant aliases.
	if x, ok := a.Data.(*js_ast.EIdentifier); ok {
		if y, ok := b.Data.(*js_ast.EIdentifier); ok && m.File.Resolve(x.Ref) == m.File.Resolve(y.Ref) {
			return true
		}
	}
	if ra, rb := m.Resolve(a), m.Resolve(b); ra.Data != a.Data || rb.Data != b.Data {
		return m.sameShape(ra, rb, depth+1)
	}
	// A member of an object built from others: with newLink = {...old,
	// ...link, id}, newLink.slug is link.slug.
	if la, lb := m.fm.literalMember(a), m.fm.literalMember(b); la.Data != nil || lb.Data != nil {
		if la.Data == nil {
			la = a
		}
		if lb.Data == nil {
			lb = b
		}
		return m.sameShape(la, lb, depth+1)
	}
	// Expand calls of key helpers on either side: keyFor(id) is `k:${id}`.
	_, callA := a.Data.(*js_ast.ECall)
	_, callB := b.Data.(*js_ast.ECall)
	if callA != callB {
		if callA {
			if ia, ok := m.inline(a.Data.(*js_ast.ECall), a.Data.(*js_ast.ECall).Args, depth+1); ok {
				return m.sameShape(ia, b, depth+1)
			}
		} else if ib, ok := m.inline(b.Data.(*js_ast.ECall), b.Data.(*js_ast.ECall).Args, depth+1); ok {
			return m.sameShape(a, ib, depth+1)
		}
		return false
	}
	switch x := a.Data.(type) {
	case *js_ast.EThis:
		_, ok := b.Data.(*js_ast.EThis)
		return ok && m.fm.thisClass[a.Loc.Start] == m.fm.thisClass[b.Loc.Start]
	case *js_ast.EIdentifier:
		y, ok := b.Data.(*js_ast.EIdentifier)
		return ok && m.File.Resolve(x.Ref) == m.File.Resolve(y.Ref)
	case *js_ast.EImportIdentifier:
		y, ok := b.Data.(*js_ast.EImportIdentifier)
		return ok && m.File.Resolve(x.Ref) == m.File.Resolve(y.Ref)
	case *js_ast.EPrivateIdentifier:
		y, ok := b.Data.(*js_ast.EPrivateIdentifier)
		return ok && m.File.Resolve(x.Ref) == m.File.Resolve(y.Ref)
	case *js_ast.EString:
		y, ok := b.Data.(*js_ast.EString)
		return ok && helpers.UTF16EqualsUTF16(x.Value, y.Value)
	case *js_ast.ENumber:
		y, ok := b.Data.(*js_ast.ENumber)
		return ok && x.Value == y.Value
	case *js_ast.EDot:
		y, ok := b.Data.(*js_ast.EDot)
		return ok && x.Name == y.Name && m.sameShape(x.Target, y.Target, depth+1)
	case *js_ast.EIndex:
		y, ok := b.Data.(*js_ast.EIndex)
		return ok && m.sameShape(x.Target, y.Target, depth+1) && m.sameShape(x.Index, y.Index, depth+1)
	case *js_ast.ETemplate:
		y, ok := b.Data.(*js_ast.ETemplate)
		if !ok || x.TagOrNil.Data != nil || y.TagOrNil.Data != nil || len(x.Parts) != len(y.Parts) ||
			!helpers.UTF16EqualsUTF16(x.HeadCooked, y.HeadCooked) {
			return false
		}
		for i := range x.Parts {
			if !helpers.UTF16EqualsUTF16(x.Parts[i].TailCooked, y.Parts[i].TailCooked) ||
				!m.sameShape(x.Parts[i].Value, y.Parts[i].Value, depth+1) {
				return false
			}
		}
		return true
	case *js_ast.EBinary:
		y, ok := b.Data.(*js_ast.EBinary)
		return ok && x.Op == y.Op && x.Op == js_ast.BinOpAdd &&
			m.sameShape(x.Left, y.Left, depth+1) && m.sameShape(x.Right, y.Right, depth+1)
	case *js_ast.ECall:
		// A pure-looking helper of the same arguments: keyFor(id) twice.
		y, ok := b.Data.(*js_ast.ECall)
		if !ok || len(x.Args) != len(y.Args) || !m.sameShape(x.Target, y.Target, depth+1) {
			return false
		}
		for i := range x.Args {
			if !m.sameShape(x.Args[i], y.Args[i], depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// DependsOn reports whether value, the value of the write op at, depends
// on the result of the read op: it contains the read itself, or a variable
// that (transitively, through initializers, assignments, updates such as
// ++ and +=, pushes and field stores) takes its value from the read, and
// that is not overwritten with a fresh value in a block enclosing the
// write before it (`if (!rec) { rec = {...}; put(k, rec) }`).
func (m *Model) DependsOn(value js_ast.Expr, read, at *Op) bool {
	if value.Data == nil {
		return false
	}
	return m.mentions(value, read.Call, m.taint(read, at))
}

// Modifies reports whether value, written by at, is the result of the read
// changed: DependsOn holds and, on the way, the read's value is changed by
// arithmetic, negation, a store into it (x.f = ..., push, ++), or rebuilt
// in an object or array literal. A value re-serialized unchanged (a TTL
// refresh: put(k, JSON.stringify(await get(k)))) is not a change.
func (m *Model) Modifies(value js_ast.Expr, read, at *Op) bool {
	if value.Data == nil {
		return false
	}
	tainted := m.taint(read, at)
	if !m.mentions(value, read.Call, tainted) {
		return false
	}
	var body []js_ast.Stmt
	if read.Fn != nil {
		body = read.Fn.Body()
	}
	if m.replacedFields(value, body, read.Call, tainted) {
		return false
	}
	if m.changes(value, read.Call, tainted) {
		return true
	}
	// Only changes to what reaches the written value count: a copy
	// changed for the response leaves a re-put of the value read a refresh.
	relevant := m.flowsInto(value, body, read.Call, tainted)
	in := func(e js_ast.Expr) bool { r, ok := m.root(e); return ok && relevant[r] }
	changed := false
	parser.Inspect(body, func(n any) bool {
		if changed {
			return false
		}
		switch x := n.(type) {
		case *js_ast.Stmt:
			if l, ok := x.Data.(*js_ast.SLocal); ok {
				for _, d := range l.Decls {
					if id, ok := d.Binding.Data.(*js_ast.BIdentifier); ok && relevant[m.File.Resolve(id.Ref)] &&
						d.ValueOrNil.Data != nil && m.changes(d.ValueOrNil, read.Call, tainted) {
						changed = true
					}
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EBinary:
				if e.Op >= js_ast.BinOpAssign && in(e.Left) && (e.Op != js_ast.BinOpAssign && m.rootTainted(e.Left, tainted) ||
					!isIdent(e.Left) && m.rootTainted(e.Left, tainted) || m.changes(e.Right, read.Call, tainted)) {
					changed = true
				}
			case *js_ast.EUnary:
				if e.Op >= js_ast.UnOpPreDec && e.Op <= js_ast.UnOpPostInc && in(e.Value) && m.rootTainted(e.Value, tainted) {
					changed = true
				}
			case *js_ast.ECall:
				if d, ok := e.Target.Data.(*js_ast.EDot); ok && mutators[d.Name] && in(d.Target) && m.rootTainted(d.Target, tainted) {
					changed = true
				}
				// Object.assign(rec, patch): the value read, changed in place.
				if d, ok := e.Target.Data.(*js_ast.EDot); ok && d.Name == "assign" && len(e.Args) > 1 && m.isGlobal(d.Target, "Object") &&
					in(e.Args[0]) && m.rootTainted(e.Args[0], tainted) {
					changed = true
				}
				// bump(rec): a helper that changes its argument in place.
				for i, a := range e.Args {
					if in(a) && m.rootTainted(a, tainted) && m.MutatesArg(e, i) {
						changed = true
					}
				}
			}
		}
		return !changed
	})
	return changed
}

var mutators = map[string]bool{"push": true, "unshift": true, "splice": true, "set": true, "add": true, "delete": true, "pop": true, "shift": true, "sort": true, "reverse": true, "fill": true, "copyWithin": true}

// derivers are the array methods that return a changed copy.
var derivers = map[string]bool{"concat": true, "filter": true, "map": true, "flatMap": true, "slice": true, "toSorted": true, "toReversed": true, "toSpliced": true, "with": true}

func isIdent(e js_ast.Expr) bool {
	_, ok := e.Data.(*js_ast.EIdentifier)
	return ok
}

// rootTainted reports whether e is a tainted variable or a member of one.
func (m *Model) rootTainted(e js_ast.Expr, tainted map[ast.Ref]bool) bool {
	for {
		switch x := e.Data.(type) {
		case *js_ast.EIdentifier:
			return tainted[m.File.Resolve(x.Ref)]
		case *js_ast.EDot:
			e = x.Target
		case *js_ast.EIndex:
			e = x.Target
		default:
			return false
		}
	}
}

// changes reports whether e computes something new from the read's value:
// an arithmetic, bitwise or negating operator, or an object or array
// literal, over an operand that mentions it.
func (m *Model) changes(e js_ast.Expr, read *js_ast.ECall, tainted map[ast.Ref]bool) bool {
	return parser.AnyExpr(e, func(x js_ast.Expr) parser.Verdict {
		found := false
		switch d := x.Data.(type) {
		case *js_ast.EBinary:
			switch d.Op {
			case js_ast.BinOpAdd, js_ast.BinOpSub, js_ast.BinOpMul, js_ast.BinOpDiv, js_ast.BinOpRem, js_ast.BinOpPow,
				js_ast.BinOpBitwiseOr, js_ast.BinOpBitwiseAnd, js_ast.BinOpBitwiseXor, js_ast.BinOpShl, js_ast.BinOpShr, js_ast.BinOpUShr:
				found = m.mentions(d.Left, read, tainted) || m.mentions(d.Right, read, tainted)
			}
		case *js_ast.EUnary:
			if d.Op == js_ast.UnOpNot || d.Op == js_ast.UnOpNeg || d.Op == js_ast.UnOpCpl {
				found = m.mentions(d.Value, read, tainted)
			}
		case *js_ast.EObject, *js_ast.EArray:
			// Rebuilt with something new (`{ ...post, title }`, `[...list,
			// item]`); one made of the read's own parts only is a reshaping.
			found = m.mentions(x, read, tainted) && m.addsFresh(x, read, tainted)
		case *js_ast.ECall:
			// A list built from the read's: longer, shorter, reordered or
			// mapped (todos.filter(t => t.id !== id)).
			if t, ok := d.Target.Data.(*js_ast.EDot); ok && derivers[t.Name] {
				found = m.mentions(x, read, tainted)
			}
		}
		if found {
			return parser.Found
		}
		return parser.Descend
	})
}

// taint returns the variables that carry the read's value into at.
func (m *Model) taint(read, at *Op) map[ast.Ref]bool {
	tainted := m.readTaint(read)
	if at == nil {
		return tainted
	}
	clean := m.overwrittenBefore(at, read.Call, tainted)
	if len(clean) == 0 {
		return tainted
	}
	out := make(map[ast.Ref]bool, len(tainted))
	for ref := range tainted {
		if !clean[ref] {
			out[ref] = true
		}
	}
	return out
}

// readTaint is the set of variables of its function that take their value
// from a read, computed once per read (a read is compared with every write
// of its key). Never changed once made.
func (m *Model) readTaint(read *Op) map[ast.Ref]bool {
	if v, ok := m.fm.readTaintMemo.Load(read); ok {
		return v.(map[ast.Ref]bool)
	}
	tainted := map[ast.Ref]bool{}
	u := m.ResultUse(read)
	switch u.Kind {
	case UseVariable:
		tainted[u.Ref] = true
	case UsePattern:
		m.taintPattern(&js_ast.Binding{Data: u.Pattern}, tainted)
	}
	if read.Fn != nil {
		body := read.Fn.Body()
		for round := 0; round < 6; round++ {
			if !m.propagate(body, read.Call, tainted) {
				break
			}
		}
	}
	v, _ := m.fm.readTaintMemo.LoadOrStore(read, tainted)
	return v.(map[ast.Ref]bool)
}

// overwrittenBefore finds tainted variables assigned an untainted value by
// a statement that precedes op in a block enclosing it, so that every path
// to op passes the assignment.
func (m *Model) overwrittenBefore(op *Op, read *js_ast.ECall, tainted map[ast.Ref]bool) map[ast.Ref]bool {
	clean := map[ast.Ref]bool{}
	for i := len(op.Parents) - 1; i > 0; i-- {
		child, ok := op.Parents[i].(*js_ast.Stmt)
		if !ok {
			continue
		}
		list := stmtList(op.Parents[i-1], child)
		for j := range list {
			if &list[j] == child {
				break
			}
			e, ok := list[j].Data.(*js_ast.SExpr)
			if !ok {
				continue
			}
			b, ok := e.Value.Data.(*js_ast.EBinary)
			if !ok || b.Op != js_ast.BinOpAssign {
				continue
			}
			id, ok := b.Left.Data.(*js_ast.EIdentifier)
			if !ok {
				continue
			}
			ref := m.File.Resolve(id.Ref)
			if tainted[ref] && !m.mentions(b.Right, read, tainted) {
				clean[ref] = true
			}
		}
	}
	return clean
}

func (m *Model) taintPattern(b *js_ast.Binding, tainted map[ast.Ref]bool) {
	parser.WalkBinding(parser.Inspector(func(n any) bool {
		if bb, ok := n.(*js_ast.Binding); ok {
			if id, ok := bb.Data.(*js_ast.BIdentifier); ok {
				tainted[m.File.Resolve(id.Ref)] = true
			}
		}
		return true
	}), b)
}

// propagate spreads taint one step through the function's statements and
// reports whether anything new was tainted.
func (m *Model) propagate(body []js_ast.Stmt, read *js_ast.ECall, tainted map[ast.Ref]bool) bool {
	changed := false
	mark := func(ref ast.Ref) {
		ref = m.File.Resolve(ref)
		if !tainted[ref] {
			tainted[ref] = true
			changed = true
		}
	}
	markTarget := func(e js_ast.Expr) {
		// x = ..., x.field = ..., x[i] = ...: the base variable.
		for {
			switch t := e.Data.(type) {
			case *js_ast.EIdentifier:
				mark(t.Ref)
				return
			case *js_ast.EDot:
				e = t.Target
			case *js_ast.EIndex:
				e = t.Target
			default:
				return
			}
		}
	}
	taintBinding := func(b *js_ast.Binding) {
		before := len(tainted)
		m.taintPattern(b, tainted)
		if len(tainted) != before {
			changed = true
		}
	}
	parser.Inspect(body, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			if l, ok := x.Data.(*js_ast.SLocal); ok {
				for i := range l.Decls {
					d := &l.Decls[i]
					if d.ValueOrNil.Data != nil && m.mentions(d.ValueOrNil, read, tainted) {
						taintBinding(&d.Binding)
					}
				}
			}
			// for (const item of list): the elements of a tainted list.
			if f, ok := x.Data.(*js_ast.SForOf); ok && m.mentions(f.Value, read, tainted) {
				if l, ok := f.Init.Data.(*js_ast.SLocal); ok {
					for i := range l.Decls {
						taintBinding(&l.Decls[i].Binding)
					}
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EBinary:
				if e.Op >= js_ast.BinOpAssign && m.mentions(e.Right, read, tainted) {
					markTarget(e.Left)
				}
			case *js_ast.ECall:
				// list.push(v), list.unshift(v), Object.assign(o, v), o.set(k, v)
				if d, ok := e.Target.Data.(*js_ast.EDot); ok {
					// list.forEach((item) => ...): the callback's element.
					if elementCallbacks[d.Name] && len(e.Args) > 0 && m.mentions(d.Target, read, tainted) {
						if b := firstParam(e.Args[0]); b != nil {
							taintBinding(b)
						}
					}
					switch d.Name {
					case "push", "unshift", "splice", "set", "add":
						for _, a := range e.Args {
							if m.mentions(a, read, tainted) {
								markTarget(d.Target)
							}
						}
					case "assign":
						if len(e.Args) > 1 {
							for _, a := range e.Args[1:] {
								if m.mentions(a, read, tainted) {
									markTarget(e.Args[0])
								}
							}
						}
					}
				}
			}
		}
		return true
	})
	return changed
}

// mentions reports whether e contains the read call or a tainted variable.
func (m *Model) mentions(e js_ast.Expr, read *js_ast.ECall, tainted map[ast.Ref]bool) bool {
	return parser.AnyExpr(e, func(x js_ast.Expr) parser.Verdict {
		switch d := x.Data.(type) {
		case *js_ast.ECall:
			if d == read {
				return parser.Found
			}
		case *js_ast.EIdentifier:
			if tainted[m.File.Resolve(d.Ref)] {
				return parser.Found
			}
		}
		return parser.Descend
	})
}

// literalMember resolves obj.name, where obj is a variable never reassigned
// and initialized with an object literal, to what provides the member: the
// value of the last property of that name, or spread.name when a spread
// comes after it (the spread is taken to carry the member). It returns a
// nil Expr when it cannot tell: no such property, or a computed key after
// the last one.
func (m *fileModel) literalMember(e js_ast.Expr) js_ast.Expr {
	d, ok := e.Data.(*js_ast.EDot)
	if !ok {
		return js_ast.Expr{}
	}
	obj := m.objectInit(d.Target)
	if obj == nil {
		return js_ast.Expr{}
	}
	for i := len(obj.Properties) - 1; i >= 0; i-- {
		p := &obj.Properties[i]
		switch {
		case p.Kind == js_ast.PropertySpread:
			return js_ast.Expr{Loc: e.Loc, Data: &js_ast.EDot{Target: p.ValueOrNil, Name: d.Name, NameLoc: d.NameLoc}}
		case p.Flags.Has(js_ast.PropertyIsComputed):
			return js_ast.Expr{}
		}
		if n, ok := PropName(p); ok && n == d.Name {
			return p.ValueOrNil
		}
	}
	return js_ast.Expr{}
}

// KeyIndex finds, among many key expressions of a file, those that may
// name the same key as another (SameKey) without comparing every pair: a
// key is indexed by its constant value, when it has one, and by its
// canonical shape (the shape sameShape compares, aliases, object members
// and key helpers looked through). Candidates returns a superset of the
// keys SameKey accepts; rules confirm each with SameKey.
type KeyIndex struct {
	m       *Model
	byValue map[string][]int
	byShape map[string][]int
}

// NewKeyIndex returns an empty index.
func (m *Model) NewKeyIndex() *KeyIndex {
	return &KeyIndex{m: m, byValue: map[string][]int{}, byShape: map[string][]int{}}
}

// Add indexes key as item i (items are added in increasing order).
func (ix *KeyIndex) Add(i int, key js_ast.Expr) {
	if key.Data == nil {
		return
	}
	if v := ix.m.Eval(key); v.Kind == String {
		ix.byValue[v.Str] = append(ix.byValue[v.Str], i)
	}
	s := ix.m.keyShape(key)
	ix.byShape[s] = append(ix.byShape[s], i)
}

// Candidates returns, in increasing order, the items whose key may be the
// same as key.
func (ix *KeyIndex) Candidates(key js_ast.Expr) []int {
	if key.Data == nil {
		return nil
	}
	var a []int
	if v := ix.m.Eval(key); v.Kind == String {
		a = ix.byValue[v.Str]
	}
	b := ix.byShape[ix.m.keyShape(key)]
	// Merge the two sorted lists.
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			out = append(out, a[0])
			a = a[1:]
		case len(a) == 0 || b[0] < a[0]:
			out = append(out, b[0])
			b = b[1:]
		default:
			out = append(out, a[0])
			a, b = a[1:], b[1:]
		}
	}
	return out
}

// keyShape is the canonical form of a key's shape: two keys sameShape
// accepts have the same form.
func (m *Model) keyShape(e js_ast.Expr) string {
	var b strings.Builder
	m.writeShape(&b, e, 0)
	return b.String()
}

func (m *Model) writeShape(b *strings.Builder, e js_ast.Expr, depth int) {
	if depth > maxDepth {
		fmt.Fprintf(b, "!%p", e.Data) // sameShape gives up here too
		return
	}
	if r := m.Resolve(e); r.Data != e.Data {
		m.writeShape(b, r, depth+1)
		return
	}
	if lm := m.fm.literalMember(e); lm.Data != nil {
		m.writeShape(b, lm, depth+1)
		return
	}
	switch x := e.Data.(type) {
	case *js_ast.ECall:
		if in, ok := m.inline(x, x.Args, depth+1); ok {
			m.writeShape(b, in, depth+1)
			return
		}
		b.WriteString("call(")
		m.writeShape(b, x.Target, depth+1)
		for _, a := range x.Args {
			b.WriteByte(',')
			m.writeShape(b, a, depth+1)
		}
		b.WriteByte(')')
	case *js_ast.EThis:
		fmt.Fprintf(b, "this:%p", m.fm.thisClass[e.Loc.Start])
	case *js_ast.EIdentifier:
		r := m.File.Resolve(x.Ref)
		fmt.Fprintf(b, "id:%d:%d", r.SourceIndex, r.InnerIndex)
	case *js_ast.EImportIdentifier:
		r := m.File.Resolve(x.Ref)
		fmt.Fprintf(b, "imp:%d:%d", r.SourceIndex, r.InnerIndex)
	case *js_ast.EString:
		fmt.Fprintf(b, "str:%q", helpers.UTF16ToString(x.Value))
	case *js_ast.ENumber:
		fmt.Fprintf(b, "num:%v", x.Value)
	case *js_ast.EDot:
		b.WriteString("dot(")
		m.writeShape(b, x.Target, depth+1)
		fmt.Fprintf(b, ").%q", x.Name)
	case *js_ast.EIndex:
		b.WriteString("idx(")
		m.writeShape(b, x.Target, depth+1)
		b.WriteByte(',')
		m.writeShape(b, x.Index, depth+1)
		b.WriteByte(')')
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			fmt.Fprintf(b, "?%p", e.Data)
			return
		}
		fmt.Fprintf(b, "tpl(%q", helpers.UTF16ToString(x.HeadCooked))
		for _, p := range x.Parts {
			b.WriteByte(',')
			m.writeShape(b, p.Value, depth+1)
			fmt.Fprintf(b, ",%q", helpers.UTF16ToString(p.TailCooked))
		}
		b.WriteByte(')')
	case *js_ast.EBinary:
		if x.Op != js_ast.BinOpAdd {
			fmt.Fprintf(b, "?%p", e.Data)
			return
		}
		b.WriteString("add(")
		m.writeShape(b, x.Left, depth+1)
		b.WriteByte(',')
		m.writeShape(b, x.Right, depth+1)
		b.WriteByte(')')
	default:
		fmt.Fprintf(b, "?%p", e.Data)
	}
}
