package valueflow

import (
	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// frame is a function being walked: where its returns go, and the loops
// and switches a break or continue leaves.
type frame struct {
	fn       any
	returns  Value
	any      bool
	returned bool // a return statement was reached
	jumps    []*jump
}

// jump collects the states a break (or continue) carries out of a loop or
// switch.
type jump struct {
	base   *state
	breaks []*state
	conts  []*state
	isLoop bool
}

type walkCtx struct {
	*Ctx
	fr *frame
}

// walkFunc walks a unit's function.
func (fl *File) walkFunc(fn any, c *Ctx) {
	fl.walkFnBody(fn, c)
}

// walkNested walks a function written inside the one being walked, with
// the state where it is written; variables it assigns are joined into
// that state (it may run at any later time).
func (fl *File) walkNested(fn any, c *Ctx) {
	if fl.isUnit(fn) {
		return
	}
	k := c.st.child()
	nc := *c
	nc.st = k
	fl.walkFnBody(fn, &nc)
	if len(k.vars) > 0 {
		k.dead = false
		c.st.merge(k, c.st.child())
	}
}

// fnParts returns the parameters and body of a unit's function node (a
// *js_ast.Fn, or the *js_ast.Expr of an arrow).
func fnParts(fn any) (args []js_ast.Arg, body []js_ast.Stmt, ok bool) {
	switch n := fn.(type) {
	case *js_ast.Fn:
		return n.Args, n.Body.Block.Stmts, true
	case *js_ast.Expr:
		if a, ok := n.Data.(*js_ast.EArrow); ok {
			return a.Args, a.Body.Block.Stmts, true
		}
	}
	return nil, nil, false
}

func (fl *File) walkFnBody(fn any, c *Ctx) {
	args, body, ok := fnParts(fn)
	if !ok {
		return
	}
	fr := &frame{fn: fn}
	w := &walkCtx{Ctx: c, fr: fr}
	for i := range args {
		fl.bindParam(fn, i, &args[i], w)
	}
	fl.walkList(body, w)
	if !c.st.dead && !fr.returned && fl.isUnit(fn) {
		// What the function leaves in this's fields when it ends (a
		// constructor's checks narrow them: `if (this.o.ttl < 60) throw`).
		fl.recordThisExit(fn, c)
	}
	if !c.st.dead {
		fr.ret(Value{Kind: Undefined})
	}
	if fr.any {
		c.u.returns[fn] = fr.returns
	}
	c.st.dead = false
}

func (fr *frame) ret(v Value) {
	if !fr.any {
		fr.returns, fr.any = v, true
		return
	}
	fr.returns = Join(fr.returns, v)
}

// bindParam binds a parameter to what its callers pass (all call sites
// known) or to an unknown value from a parameter, narrowed by a literal
// union type (`ttl: 10 | 60`).
func (fl *File) bindParam(fn any, i int, a *js_ast.Arg, w *walkCtx) {
	v, known := Value{}, false
	if !w.Deep() {
		v, known = fl.host.Param(fn, i, w.Outer())
	}
	if !known {
		v = Value{Src: FromParam}
		if lo, hi, ok := fl.literalUnion(a.Binding); ok {
			v = num(lo)
			v.Hi = hi
		} else if id, ok := a.Binding.Data.(*js_ast.BIdentifier); ok {
			if t, ok := nowValue(fl.f.Name(id.Ref), FromParam); ok {
				v = t
			}
		}
	}
	v.Param = &ParamRef{Fn: fn, Index: i}
	if a.DefaultOrNil.Data != nil {
		def := fl.eval(a.DefaultOrNil, w.Ctx)
		if !known {
			v = mayBeLeftOut(v, def)
		}
		v = withDefault(v, def)
	}
	fl.bind(a.Binding, v, w)
}

// withDefault is the value of a binding with a default: the default where
// the value is undefined.
func withDefault(v, def Value) Value {
	switch {
	case v.Kind == Undefined:
		return def
	case v.MayUndef:
		p := v.Param
		out := Join(v.defined(), def)
		out.Param = p
		return out
	}
	return v
}

// mayBeLeftOut marks a value the code knows nothing of as possibly left
// out when its binding has a numeric default, so that the default is one
// of its paths (`{ ttl = 30 }` is 30 when the caller passes no ttl). Other
// defaults change nothing: a TTL not known stays one that is set.
func mayBeLeftOut(v, def Value) Value {
	if v.Kind == Unknown && !v.HasLo && !v.HasHi && (def.Kind == Number || def.HasSome) {
		v.MayUndef = true
	}
	return v
}

// bind assigns a value to a binding pattern.
func (fl *File) bind(b js_ast.Binding, v Value, w *walkCtx) {
	switch x := b.Data.(type) {
	case *js_ast.BIdentifier:
		w.st.set(fl.f.Resolve(x.Ref), v)
	case *js_ast.BObject:
		for _, p := range x.Properties {
			var pv Value
			switch {
			case p.IsSpread:
				pv = Value{Kind: Object, Shape: &Shape{open: true, src: propSrc(v.Src)}, Src: v.Src}
			case p.IsComputed:
				fl.eval(p.Key, w.Ctx)
				pv = Value{Src: propSrc(v.Src)}
			default:
				key, _ := p.Key.Data.(*js_ast.EString)
				name := ""
				if key != nil {
					name = helpers.UTF16ToString(key.Value)
				}
				pv = fl.propOf(v, name)
			}
			if p.DefaultValueOrNil.Data != nil {
				def := fl.eval(p.DefaultValueOrNil, w.Ctx)
				pv = withDefault(mayBeLeftOut(pv, def), def)
			}
			fl.bind(p.Value, pv, w)
		}
	case *js_ast.BArray:
		for _, it := range x.Items {
			iv := Value{Src: propSrc(v.Src)}
			if it.DefaultValueOrNil.Data != nil {
				def := fl.eval(it.DefaultValueOrNil, w.Ctx)
				iv = withDefault(mayBeLeftOut(iv, def), def)
			}
			fl.bind(it.Binding, iv, w)
		}
	}
}

// propOf is the value of property name of v.
func (fl *File) propOf(v Value, name string) Value {
	var out Value
	switch v.Kind {
	case Object:
		out, _ = v.Shape.Lookup(name)
		if v.MayUndef {
			out.MayUndef = true
		}
	case Undefined, Null:
		return Value{Kind: Undefined}
	default:
		out = Value{Src: propSrc(v.Src)}
	}
	if v.Param != nil && v.Param.Prop == "" {
		out.Param = &ParamRef{Fn: v.Param.Fn, Index: v.Param.Index, Prop: name}
	}
	return out
}

// assign stores v into an assignment target.
func (fl *File) assign(t js_ast.Expr, v Value, c *Ctx) {
	switch x := t.Data.(type) {
	case *js_ast.EIdentifier:
		c.st.set(fl.f.Resolve(x.Ref), v)
	case *js_ast.EDot:
		fl.setMember(x.Target, x.Name, v, c)
	case *js_ast.EIndex:
		if s, ok := x.Index.Data.(*js_ast.EString); ok {
			fl.setMember(x.Target, helpers.UTF16ToString(s.Value), v, c)
			return
		}
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok {
			ref := fl.f.Resolve(id.Ref)
			if o, tracked := c.st.lookup(ref); tracked && o.Kind == Object {
				o.Shape, o.Obj = o.Shape.opened(v.Src), nil
				c.st.set(ref, o)
			}
		}
	case *js_ast.EObject, *js_ast.EArray:
		if b, ok := exprPattern(t); ok {
			fl.bind(b, v, &walkCtx{Ctx: c})
		}
	}
}

// exprPattern reads an assignment pattern ([a, b] = ..., ({a} = ...)) as
// a binding, as far as it is made of names.
func exprPattern(e js_ast.Expr) (js_ast.Binding, bool) {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		return js_ast.Binding{Loc: e.Loc, Data: &js_ast.BIdentifier{Ref: x.Ref}}, true
	case *js_ast.EArray:
		out := &js_ast.BArray{}
		for _, it := range x.Items {
			b, ok := exprPattern(it)
			if !ok {
				b = js_ast.Binding{Data: js_ast.BMissingShared}
			}
			out.Items = append(out.Items, js_ast.ArrayBinding{Binding: b})
		}
		return js_ast.Binding{Loc: e.Loc, Data: out}, true
	case *js_ast.EObject:
		out := &js_ast.BObject{}
		for _, p := range x.Properties {
			b, ok := exprPattern(p.ValueOrNil)
			if !ok {
				b = js_ast.Binding{Data: js_ast.BMissingShared}
			}
			out.Properties = append(out.Properties, js_ast.PropertyBinding{Key: p.Key, Value: b,
				DefaultValueOrNil: p.InitializerOrNil, IsSpread: p.Kind == js_ast.PropertySpread,
				IsComputed: p.Flags.Has(js_ast.PropertyIsComputed)})
		}
		return js_ast.Binding{Loc: e.Loc, Data: out}, true
	}
	return js_ast.Binding{}, false
}

// setMember records o.name = v on the variable o (a new shape over the
// old one; an object not known becomes one whose other properties are
// unknown).
func (fl *File) setMember(target js_ast.Expr, name string, v Value, c *Ctx) {
	var ref ast.Ref
	var o Value
	tracked := false
	switch x := target.Data.(type) {
	case *js_ast.EThis:
		// this.name = v: the field, as this walk sees it from here on.
		c.st.set(thisRef(name), v)
		return
	case *js_ast.EDot:
		if _, ok := x.Target.Data.(*js_ast.EThis); !ok {
			return
		}
		ref = thisRef(x.Name)
		if o, tracked = c.st.lookup(ref); !tracked {
			o = fl.member(x.Target, x.Name, c)
		}
	case *js_ast.EIdentifier:
		ref = fl.f.Resolve(x.Ref)
		if o, tracked = c.st.lookup(ref); !tracked {
			o = fl.host.Symbol(ref, c.Outer())
		}
	default:
		return
	}
	if o.Kind != Object {
		o = Value{Kind: Object, Shape: &Shape{open: true, src: propSrc(o.Src)}, Src: o.Src, Param: o.Param}
	}
	o.Shape, o.Obj = o.Shape.with(name, v), nil
	o.MayUndef = false
	c.st.set(ref, o)
}

func (fl *File) walkClass(cl *js_ast.Class, c *Ctx) {
	if cl.ExtendsOrNil.Data != nil {
		fl.eval(cl.ExtendsOrNil, c)
	}
	for i := range cl.Properties {
		p := &cl.Properties[i]
		if p.ValueOrNil.Data != nil {
			switch p.ValueOrNil.Data.(type) {
			case *js_ast.EFunction, *js_ast.EArrow:
				fl.walkNested(exprFn(&p.ValueOrNil), c)
			}
		}
		if p.InitializerOrNil.Data != nil {
			switch p.InitializerOrNil.Data.(type) {
			case *js_ast.EFunction, *js_ast.EArrow:
				fl.walkNested(exprFn(&p.InitializerOrNil), c)
			}
		}
		if p.ClassStaticBlock != nil {
			k := c.st.child()
			nc := *c
			nc.st = k
			fl.walkList(p.ClassStaticBlock.Block.Stmts, &walkCtx{Ctx: &nc, fr: &frame{}})
		}
	}
}

func (fl *File) walkStmts(stmts []js_ast.Stmt, c *Ctx) {
	fl.walkList(stmts, &walkCtx{Ctx: c, fr: &frame{}})
}

func (fl *File) walkList(stmts []js_ast.Stmt, w *walkCtx) {
	for i := range stmts {
		if w.st.dead {
			// Unreachable code is walked for its closures' sake, in a
			// state of its own.
			k := &state{parent: w.st, dead: true}
			nw := *w
			nc := *w.Ctx
			nc.st = k
			nw.Ctx = &nc
			fl.walkStmt(&stmts[i], &nw)
			continue
		}
		fl.walkStmt(&stmts[i], w)
	}
}

// sub returns a walk context over a child state.
func (w *walkCtx) sub(st *state) *walkCtx {
	c := *w.Ctx
	c.st = st
	return &walkCtx{Ctx: &c, fr: w.fr}
}

func (fl *File) walkStmt(s *js_ast.Stmt, w *walkCtx) {
	switch x := s.Data.(type) {
	case *js_ast.SExpr:
		fl.eval(x.Value, w.Ctx)
		if call, ok := x.Value.Data.(*js_ast.ECall); ok && len(call.Args) > 0 && fl.asserts(call, w.Ctx) {
			// assert(ttl >= 60, "..."): past the call the condition holds.
			fl.narrow(call.Args[0], true, w.Ctx)
		}
	case *js_ast.SLocal:
		for _, d := range x.Decls {
			v := Value{Kind: Undefined}
			if d.ValueOrNil.Data != nil {
				v = fl.eval(d.ValueOrNil, w.Ctx)
			}
			fl.bind(d.Binding, v, w)
		}
	case *js_ast.SReturn:
		v := Value{Kind: Undefined}
		if x.ValueOrNil.Data != nil {
			v = fl.eval(x.ValueOrNil, w.Ctx)
		}
		if !w.st.dead {
			w.fr.ret(v)
			w.fr.returned = true
		}
		w.st.dead = true
	case *js_ast.SThrow:
		fl.eval(x.Value, w.Ctx)
		w.st.dead = true
	case *js_ast.SBlock:
		fl.walkList(x.Stmts, w)
	case *js_ast.SIf:
		fl.walkIf(x, w)
	case *js_ast.SFunction:
		if !fl.isUnit(&x.Fn) {
			fl.walkNested(&x.Fn, w.Ctx)
		}
	case *js_ast.SClass:
		fl.walkClass(&x.Class, w.Ctx)
	case *js_ast.SExportDefault:
		fl.walkStmt(&x.Value, w)
	case *js_ast.SLabel:
		fl.walkStmt(&x.Stmt, w)
	case *js_ast.SFor:
		k := w.st.child()
		kw := w.sub(k)
		if x.InitOrNil.Data != nil {
			fl.walkStmt(&x.InitOrNil, kw)
		}
		fl.loop(kw, s, x.TestOrNil, func(b *walkCtx) {
			if x.TestOrNil.Data != nil {
				fl.eval(x.TestOrNil, b.Ctx)
				fl.narrow(x.TestOrNil, true, b.Ctx)
			}
			fl.walkStmt(&x.Body, b)
			if x.UpdateOrNil.Data != nil {
				fl.eval(x.UpdateOrNil, b.Ctx)
			}
		})
		w.st.merge(k)
	case *js_ast.SForOf, *js_ast.SForIn:
		var init *js_ast.Stmt
		var value js_ast.Expr
		var body *js_ast.Stmt
		if f, ok := x.(*js_ast.SForOf); ok {
			init, value, body = &f.Init, f.Value, &f.Body
		} else {
			f := x.(*js_ast.SForIn)
			init, value, body = &f.Init, f.Value, &f.Body
		}
		coll := fl.eval(value, w.Ctx)
		fl.loop(w, s, js_ast.Expr{}, func(b *walkCtx) {
			elem := Value{Src: propSrc(coll.Src)}
			if l, ok := init.Data.(*js_ast.SLocal); ok {
				for _, d := range l.Decls {
					fl.bind(d.Binding, elem, b)
				}
			} else if e, ok := init.Data.(*js_ast.SExpr); ok {
				fl.assign(e.Value, elem, b.Ctx)
			}
			fl.walkStmt(body, b)
		})
	case *js_ast.SWhile:
		fl.loop(w, s, x.Test, func(b *walkCtx) {
			fl.eval(x.Test, b.Ctx)
			fl.narrow(x.Test, true, b.Ctx)
			fl.walkStmt(&x.Body, b)
		})
	case *js_ast.SDoWhile:
		fl.loop(w, s, x.Test, func(b *walkCtx) {
			fl.walkStmt(&x.Body, b)
			fl.eval(x.Test, b.Ctx)
		})
	case *js_ast.SSwitch:
		fl.walkSwitch(x, w)
	case *js_ast.STry:
		fl.walkTry(x, w)
	case *js_ast.SBreak:
		if j := w.fr.target(x.Label != nil, false); j != nil && !w.st.dead {
			j.breaks = append(j.breaks, w.st.flatten(j.base))
		}
		w.st.dead = true
	case *js_ast.SContinue:
		if j := w.fr.target(x.Label != nil, true); j != nil && !w.st.dead {
			j.conts = append(j.conts, w.st.flatten(j.base))
		}
		w.st.dead = true
	case *js_ast.SEnum, *js_ast.SNamespace:
		var stmts []js_ast.Stmt
		if n, ok := x.(*js_ast.SNamespace); ok {
			stmts = n.Stmts
		}
		fl.walkList(stmts, w)
	}
}

// target is the loop (continue) or loop or switch (break) a jump leaves.
// A labeled jump goes to the outermost loop (a conservative choice: its
// state joins after every loop on the way).
func (fr *frame) target(labeled, cont bool) *jump {
	for i := len(fr.jumps) - 1; i >= 0; i-- {
		j := fr.jumps[i]
		if cont && !j.isLoop {
			continue
		}
		if labeled {
			for k := 0; k < i; k++ {
				if fr.jumps[k].isLoop || !cont {
					return fr.jumps[k]
				}
			}
		}
		return j
	}
	return nil
}

// loop walks a loop body once in a child state, then joins: the state
// before the loop (it may not run), at the body's end, and at each
// continue and break.
//
// A variable the body changes is widened: a bound the change moves is
// dropped (the body may run any number of times). When the loop has a
// test and no break, the state after it is narrowed by the test's
// failing.
func (fl *File) loop(w *walkCtx, stmt *js_ast.Stmt, test js_ast.Expr, body func(b *walkCtx)) {
	k := w.st.child()
	// What the loop changes is, inside it, whatever earlier runs of the
	// body made of it: unknown but for its provenance.
	for ref, member := range fl.assignedIn(stmt) {
		v, ok := w.st.lookup(ref)
		if !ok {
			continue
		}
		switch {
		case member && v.Kind == Object:
			v.Shape, v.Obj = v.Shape.opened(v.Src), nil
		case !member:
			v = Value{Src: v.Src, MayUndef: v.MayUndef || v.Kind == Undefined}
		}
		k.set(ref, v)
	}
	j := &jump{base: w.st, isLoop: true}
	w.fr.jumps = append(w.fr.jumps, j)
	body(w.sub(k))
	w.fr.jumps = w.fr.jumps[:len(w.fr.jumps)-1]
	kids := append([]*state{k, w.st.child()}, j.breaks...)
	kids = append(kids, j.conts...)
	pre := map[ast.Ref]Value{}
	for _, kid := range kids {
		for ref := range kid.vars {
			if _, ok := pre[ref]; !ok {
				v, _ := w.st.lookup(ref)
				pre[ref] = v
			}
		}
	}
	wasDead := w.st.dead
	w.st.merge(kids...)
	w.st.dead = wasDead
	for ref, before := range pre {
		if after, ok := w.st.vars[ref]; ok {
			w.st.set(ref, widen(before, after))
		}
	}
	if test.Data != nil && len(j.breaks) == 0 && !w.st.dead {
		fl.narrow(test, false, w.Ctx)
	}
}

// widen is a loop-carried value: after, the join of before and what one
// run of the body makes of it, with each bound the body moved dropped.
func widen(before, after Value) Value {
	if after.Kind != Number && !isNumeric(after) && after.Kind != Time {
		return after
	}
	blo, bhi, bhasLo, bhasHi := before.bounds()
	alo, ahi, ahasLo, ahasHi := after.bounds()
	if bhasLo == ahasLo && bhasHi == ahasHi && blo == alo && bhi == ahi {
		return after
	}
	out := after
	if after.Kind == Number {
		out.Kind = Unknown
		out.Lo, out.Hi, out.HasLo, out.HasHi = alo, ahi, true, true
	}
	if !bhasLo || !ahasLo || alo < blo {
		out.HasLo = false
	}
	if !bhasHi || !ahasHi || ahi > bhi {
		out.HasHi = false
	}
	return out
}

func (fl *File) walkIf(x *js_ast.SIf, w *walkCtx) {
	t := fl.eval(x.Test, w.Ctx)
	if tv := t.truthy(); tv >= 0 && t.Kind != Unknown {
		if tv == 1 {
			fl.walkStmt(&x.Yes, w)
		} else if x.NoOrNil.Data != nil {
			fl.walkStmt(&x.NoOrNil, w)
		}
		return
	}
	y, n := w.st.child(), w.st.child()
	yw, nw := w.sub(y), w.sub(n)
	fl.narrow(x.Test, true, yw.Ctx)
	fl.walkStmt(&x.Yes, yw)
	fl.narrow(x.Test, false, nw.Ctx)
	if x.NoOrNil.Data != nil {
		fl.walkStmt(&x.NoOrNil, nw)
	}
	w.st.merge(y, n)
}

func (fl *File) walkSwitch(x *js_ast.SSwitch, w *walkCtx) {
	fl.eval(x.Test, w.Ctx)
	j := &jump{base: w.st}
	w.fr.jumps = append(w.fr.jumps, j)
	var prev *state // the state falling through from the previous case
	hasDefault := false
	var kids []*state
	for i := range x.Cases {
		cs := &x.Cases[i]
		if cs.ValueOrNil.Data == nil {
			hasDefault = true
		} else {
			fl.eval(cs.ValueOrNil, w.Ctx)
		}
		k := w.st.child()
		if prev != nil && !prev.dead {
			k.merge(prev.flatten(w.st), k.child())
		}
		kw := w.sub(k)
		fl.walkList(cs.Body, kw)
		prev = k
		if i == len(x.Cases)-1 {
			kids = append(kids, k)
		}
	}
	w.fr.jumps = w.fr.jumps[:len(w.fr.jumps)-1]
	kids = append(kids, j.breaks...)
	if !hasDefault {
		kids = append(kids, w.st.child())
	}
	if len(kids) == 0 {
		return
	}
	w.st.merge(kids...)
}

func (fl *File) walkTry(x *js_ast.STry, w *walkCtx) {
	t := w.st.child()
	fl.walkList(x.Block.Stmts, w.sub(t))
	if x.Catch != nil {
		// The catch may start anywhere in the try block: from the state
		// before it, joined with what the block wrote.
		cs := w.st.child()
		cs.merge(t.flatten(w.st), cs.child())
		cs.dead = false
		cw := w.sub(cs)
		if x.Catch.BindingOrNil.Data != nil {
			fl.bind(x.Catch.BindingOrNil, Value{}, cw)
		}
		fl.walkList(x.Catch.Block.Stmts, cw)
		w.st.merge(t, cs)
	} else {
		w.st.merge(t)
	}
	if x.Finally != nil {
		dead := w.st.dead
		w.st.dead = false
		fl.walkList(x.Finally.Block.Stmts, w)
		w.st.dead = w.st.dead || dead
	}
}

// walkExprShallow calls visit on e and, while visit says so, its
// children.
func walkExprShallow(e *js_ast.Expr, visit func(n any) bool) {
	parser.WalkExpr(parser.Inspector(visit), e)
}

// assignedIn returns the variables a loop statement assigns (false) or
// stores a property into (true).
func (fl *File) assignedIn(stmt *js_ast.Stmt) map[ast.Ref]bool {
	out := map[ast.Ref]bool{}
	root := func(e js_ast.Expr, member bool) {
		for {
			switch x := e.Data.(type) {
			case *js_ast.EIdentifier:
				// Assigned wins over stored into.
				ref := fl.f.Resolve(x.Ref)
				if prev, seen := out[ref]; !seen {
					out[ref] = member
				} else {
					out[ref] = prev && member
				}
				return
			case *js_ast.EDot:
				e, member = x.Target, true
			case *js_ast.EIndex:
				e, member = x.Target, true
			default:
				return
			}
		}
	}
	parser.WalkStmt(parser.Inspector(func(n any) bool {
		if e, ok := n.(*js_ast.Expr); ok {
			switch x := e.Data.(type) {
			case *js_ast.EBinary:
				if x.Op >= js_ast.BinOpAssign {
					root(x.Left, false)
				}
			case *js_ast.EUnary:
				if x.Op >= js_ast.UnOpPreDec && x.Op <= js_ast.UnOpPostInc {
					root(x.Value, false)
				}
			}
		}
		return true
	}), stmt)
	return out
}

// assertModules are the modules whose `assert` (or `invariant`) throws when
// its first argument is falsy.
var assertModules = map[string]bool{"assert": true, "node:assert": true, "assert/strict": true,
	"node:assert/strict": true, "tiny-invariant": true, "invariant": true}

// asserts reports whether call throws unless its first argument is truthy:
// a project function whose body starts with `if (!cond) throw ...` on its
// first parameter, or assert / invariant imported from assertModules.
func (fl *File) asserts(call *js_ast.ECall, c *Ctx) bool {
	if id, ok := call.Target.Data.(*js_ast.EImportIdentifier); ok {
		if imp, ok := fl.f.Imports[fl.f.Resolve(id.Ref)]; ok && assertModules[imp.Path] {
			return true
		}
	}
	if c.Deep() {
		return false
	}
	fn, _ := fl.host.Callee(call)
	args, body, _ := fnParts(fn)
	if len(args) == 0 || len(body) == 0 {
		return false
	}
	p, ok := args[0].Binding.Data.(*js_ast.BIdentifier)
	if !ok {
		return false
	}
	st, ok := body[0].Data.(*js_ast.SIf)
	if !ok || st.NoOrNil.Data != nil {
		return false
	}
	not, ok := st.Test.Data.(*js_ast.EUnary)
	if !ok || not.Op != js_ast.UnOpNot {
		return false
	}
	id, ok := not.Value.Data.(*js_ast.EIdentifier)
	if !ok || id.Ref != p.Ref {
		return false
	}
	yes := st.Yes
	if b, ok := yes.Data.(*js_ast.SBlock); ok && len(b.Stmts) == 1 {
		yes = b.Stmts[0]
	}
	_, throws := yes.Data.(*js_ast.SThrow)
	return throws
}
