package valueflow

import (
	"math"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// eval evaluates e. In a walk (c.st set) it also carries out e's effects
// on the state and records the value of every variable it reads;
// otherwise it reads the values recorded by the walk of c.u.
func (fl *File) eval(e js_ast.Expr, c *Ctx) Value {
	if e.Data == nil {
		return Value{Kind: Undefined}
	}
	live := c.st != nil
	switch x := e.Data.(type) {
	case *js_ast.ENumber:
		return num(x.Value)
	case *js_ast.EString:
		return Value{Kind: String, Str: helpers.UTF16ToString(x.Value)}
	case *js_ast.EBoolean:
		return Value{Kind: Bool, Num: b2f(x.Value)}
	case *js_ast.ENull:
		return Value{Kind: Null}
	case *js_ast.EUndefined:
		return Value{Kind: Undefined}
	case *js_ast.EInlinedEnum:
		return fl.eval(x.Value, c)
	case *js_ast.EAnnotation:
		return fl.eval(x.Value, c)
	case *js_ast.EAwait:
		return fl.eval(x.Value, c)
	case *js_ast.EIdentifier:
		return fl.ident(x, c)
	case *js_ast.EImportIdentifier:
		if c.Deep() {
			return Value{}
		}
		return fl.host.Symbol(fl.f.Resolve(x.Ref), c.Outer())
	case *js_ast.EObject:
		return fl.object(x, c)
	case *js_ast.ETemplate:
		return fl.template(x, c)
	case *js_ast.EDot:
		return fl.member(x.Target, x.Name, c)
	case *js_ast.EIndex:
		if p, ok := x.Index.Data.(*js_ast.EPrivateIdentifier); ok {
			return fl.member(x.Target, fl.f.Name(p.Ref), c)
		}
		idx := fl.eval(x.Index, c)
		if s, ok := idx.toString(); ok && idx.Kind == String {
			return fl.member(x.Target, s, c)
		}
		t := fl.eval(x.Target, c)
		return Value{Src: propSrc(t.Src)}
	case *js_ast.EUnary:
		return fl.unary(x, c)
	case *js_ast.EBinary:
		return fl.binary(x, c)
	case *js_ast.EIf:
		return fl.cond(x, c)
	case *js_ast.ECall:
		return fl.call(x, c)
	case *js_ast.ENew:
		return fl.newExpr(x, c)
	case *js_ast.EArrow, *js_ast.EFunction:
		if live {
			fl.walkNested(exprFn(&e), c)
		}
		return Value{}
	case *js_ast.EClass:
		if live {
			fl.walkClass(&x.Class, c)
		}
		return Value{}
	case *js_ast.EArray:
		var src Src
		for _, it := range x.Items {
			src |= fl.eval(it, c).Src
		}
		return Value{Kind: Object, Shape: &Shape{open: true, src: src}}
	case *js_ast.ESpread:
		return fl.eval(x.Value, c)
	}
	if live {
		fl.children(e, c)
	}
	return Value{}
}

// exprFn returns the function node of a function or arrow expression.
func exprFn(e *js_ast.Expr) any {
	if f, ok := e.Data.(*js_ast.EFunction); ok {
		return &f.Fn
	}
	return e
}

// children evaluates, for their effects, the parts of an expression eval
// has no rule for (JSX, yield, import()).
func (fl *File) children(e js_ast.Expr, c *Ctx) {
	root := true
	visit := func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Expr:
			if root {
				root = false
				return true
			}
			fl.eval(*x, c)
			return false
		case *js_ast.Property:
			return true
		}
		return false
	}
	walkExprShallow(&e, visit)
}

func (fl *File) ident(x *js_ast.EIdentifier, c *Ctx) Value {
	ref := fl.f.Resolve(x.Ref)
	if c.st != nil {
		if c.st.dead {
			// Unreachable, as far as the values tell.
			if !c.scratch {
				c.u.vals[x] = Value{}
			}
			return Value{}
		}
		if v, ok := c.st.lookup(ref); ok {
			if !c.scratch {
				c.u.vals[x] = v
			}
			return v
		}
	} else if c.u != nil {
		if v, ok := c.u.vals[x]; ok {
			return v
		}
	}
	if c.Deep() {
		return Value{}
	}
	return fl.host.Symbol(ref, c.Outer())
}

func (fl *File) isGlobal(e js_ast.Expr, name string) bool {
	id, ok := e.Data.(*js_ast.EIdentifier)
	if !ok {
		return false
	}
	s := fl.f.Symbol(id.Ref)
	return s.Kind == ast.SymbolUnbound && s.OriginalName == name
}

func (fl *File) object(x *js_ast.EObject, c *Ctx) Value {
	sh := &Shape{props: make([]shapeProp, 0, len(x.Properties))}
	for i := range x.Properties {
		p := &x.Properties[i]
		switch {
		case p.Kind == js_ast.PropertySpread:
			sh.props = append(sh.props, shapeProp{spread: true, v: fl.eval(p.ValueOrNil, c)})
		case p.Flags.Has(js_ast.PropertyIsComputed):
			fl.eval(p.Key, c)
			v := fl.eval(p.ValueOrNil, c)
			sh.props = append(sh.props, shapeProp{any: true, v: v.unknown()})
		default:
			name, _ := p.Key.Data.(*js_ast.EString)
			var v Value
			switch {
			case p.Kind == js_ast.PropertyGetter || p.Kind == js_ast.PropertySetter || p.Kind == js_ast.PropertyMethod:
				if c.st != nil && p.ValueOrNil.Data != nil {
					fl.walkNested(exprFn(&p.ValueOrNil), c)
				}
			case p.ValueOrNil.Data != nil:
				v = fl.eval(p.ValueOrNil, c)
			}
			if name != nil {
				sh.props = append(sh.props, shapeProp{name: helpers.UTF16ToString(name.Value), v: v})
			}
		}
	}
	return Value{Kind: Object, Obj: x, Shape: sh}
}

func (fl *File) template(x *js_ast.ETemplate, c *Ctx) Value {
	if x.TagOrNil.Data != nil {
		fl.eval(x.TagOrNil, c)
	}
	var b strings.Builder
	b.WriteString(helpers.UTF16ToString(x.HeadCooked))
	ok := x.TagOrNil.Data == nil
	var src Src
	for _, p := range x.Parts {
		v := fl.eval(p.Value, c)
		src |= v.Src
		s, known := v.toString()
		if !known {
			ok = false
		}
		if ok {
			b.WriteString(s)
			b.WriteString(helpers.UTF16ToString(p.TailCooked))
		}
	}
	if !ok {
		return Value{Src: src &^ (FromParam | FromParamProp | FromField)}
	}
	return Value{Kind: String, Str: b.String()}
}

func (fl *File) member(target js_ast.Expr, name string, c *Ctx) Value {
	if _, ok := target.Data.(*js_ast.EThis); ok {
		if c.st != nil {
			// Assigned or narrowed by this walk.
			if v, ok := c.st.lookup(thisRef(name)); ok {
				if v.From(FromParam | FromParamProp) {
					v.Src |= FromField
				}
				v.Param = nil
				return v
			}
		}
		if c.Deep() {
			return Value{}
		}
		if v, ok := fl.host.This(target.Loc.Start, name, c.Outer()); ok {
			if v.From(FromParam | FromParamProp) {
				v.Src |= FromField
			}
			v.Param = nil
			return v
		}
		return Value{}
	}
	t := fl.eval(target, c)
	switch t.Kind {
	case Object:
		if t.Shape == nil {
			return Value{}
		}
		v, _ := t.Shape.Lookup(name)
		// The code names the property here: it is no longer one a spread
		// carries unseen.
		v.Src &^= FromSpread
		if t.MayUndef && name != "length" {
			v.MayUndef = v.MayUndef || v.Kind != Undefined
		}
		if t.Param != nil && t.Param.Prop == "" {
			v.Param = &ParamRef{Fn: t.Param.Fn, Index: t.Param.Index, Prop: name}
		}
		return v
	case String:
		if name == "length" {
			return num(float64(len(t.Str)))
		}
		return Value{}
	case Unknown:
		if nv, ok := nowValue(name, propSrc(t.Src)); ok {
			return nv
		}
		if !c.Deep() {
			if fv, ok := fl.host.Field(target, name, c.Outer()); ok {
				if fv.From(FromParam | FromParamProp) {
					fv.Src |= FromField
				}
				fv.Param = nil
				return fv
			}
		}
		v := Value{Src: propSrc(t.Src)}
		if name == "length" {
			v.Src &^= FromStored
		}
		if t.From(FromParam | FromParamProp) {
			// A caller's option typed as a union of numbers (`period: 10 |
			// 60`): one of them.
			if lo, hi, ok := fl.host.MemberRange(target, name); ok {
				v = num(lo)
				v.Hi = hi
				v.Src = propSrc(t.Src)
			}
		}
		if t.From(FromParam|FromParamProp) && fl.host.OptionalMember(target, name) {
			// A caller's option its type makes optional: undefined when
			// left out.
			v.MayUndef = true
		}
		if t.Param != nil && t.Param.Prop == "" {
			v.Param = &ParamRef{Fn: t.Param.Fn, Index: t.Param.Index, Prop: name}
		}
		return v
	}
	return Value{}
}

func (fl *File) unary(x *js_ast.EUnary, c *Ctx) Value {
	switch x.Op {
	case js_ast.UnOpPreInc, js_ast.UnOpPreDec, js_ast.UnOpPostInc, js_ast.UnOpPostDec:
		old := fl.eval(x.Value, c)
		d := 1.0
		if x.Op == js_ast.UnOpPreDec || x.Op == js_ast.UnOpPostDec {
			d = -1
		}
		nv := arith(js_ast.BinOpAdd, numberOf(old), num(d))
		if c.st != nil {
			fl.assign(x.Value, nv, c)
		}
		if x.Op == js_ast.UnOpPostInc || x.Op == js_ast.UnOpPostDec {
			return numberOf(old)
		}
		return nv
	case js_ast.UnOpDelete:
		if d, ok := x.Value.Data.(*js_ast.EDot); ok && c.st != nil {
			fl.eval(d.Target, c)
			fl.setMember(d.Target, d.Name, Value{Kind: Undefined}, c)
			return Value{Kind: Bool, Num: 1}
		}
	}
	v := fl.eval(x.Value, c)
	switch x.Op {
	case js_ast.UnOpNeg:
		if v.Kind == Number {
			out := num(-v.hi())
			out.Hi = -v.Num
			return out
		}
		out := Value{Src: v.Src}
		if v.HasHi {
			out.Lo, out.HasLo = -v.Hi, true
		}
		if v.HasLo {
			out.Hi, out.HasHi = -v.Lo, true
		}
		return out
	case js_ast.UnOpPos:
		return numberOf(v)
	case js_ast.UnOpNot:
		switch v.truthy() {
		case 1:
			return Value{Kind: Bool, Num: 0}
		case 0:
			return Value{Kind: Bool, Num: 1}
		}
	case js_ast.UnOpVoid:
		return Value{Kind: Undefined}
	case js_ast.UnOpTypeof:
		switch v.Kind {
		case Number, Time:
			return Value{Kind: String, Str: "number"}
		case String:
			return Value{Kind: String, Str: "string"}
		case Undefined:
			return Value{Kind: String, Str: "undefined"}
		}
	}
	return Value{}
}

// numberOf converts to a number (unary +, Number()).
func numberOf(v Value) Value {
	if n, ok := v.toNumber(); ok {
		return num(n)
	}
	switch v.Kind {
	case Number, Time:
		return v
	case DateObject:
		if v.At != nil {
			return *v.At
		}
		return Value{Kind: Time, Scale: 1000, Src: v.Src}
	}
	out := Value{Src: v.Src, Lo: v.Lo, Hi: v.Hi, HasLo: v.HasLo, HasHi: v.HasHi, Param: v.Param}
	return out
}

// compound maps a compound assignment to its operator.
var compound = map[js_ast.OpCode]js_ast.OpCode{
	js_ast.BinOpAddAssign: js_ast.BinOpAdd, js_ast.BinOpSubAssign: js_ast.BinOpSub,
	js_ast.BinOpMulAssign: js_ast.BinOpMul, js_ast.BinOpDivAssign: js_ast.BinOpDiv,
	js_ast.BinOpRemAssign: js_ast.BinOpRem, js_ast.BinOpPowAssign: js_ast.BinOpPow,
	js_ast.BinOpShlAssign: js_ast.BinOpShl, js_ast.BinOpShrAssign: js_ast.BinOpShr,
	js_ast.BinOpUShrAssign: js_ast.BinOpUShr, js_ast.BinOpBitwiseOrAssign: js_ast.BinOpBitwiseOr,
	js_ast.BinOpBitwiseAndAssign: js_ast.BinOpBitwiseAnd, js_ast.BinOpBitwiseXorAssign: js_ast.BinOpBitwiseXor,
	js_ast.BinOpNullishCoalescingAssign: js_ast.BinOpNullishCoalescing,
	js_ast.BinOpLogicalOrAssign:         js_ast.BinOpLogicalOr, js_ast.BinOpLogicalAndAssign: js_ast.BinOpLogicalAnd,
}

func (fl *File) binary(x *js_ast.EBinary, c *Ctx) Value {
	switch x.Op {
	case js_ast.BinOpAssign:
		if c.st == nil {
			return fl.eval(x.Right, c)
		}
		fl.evalTargetParts(x.Left, c)
		v := fl.eval(x.Right, c)
		fl.assign(x.Left, v, c)
		return v
	case js_ast.BinOpComma:
		fl.eval(x.Left, c)
		return fl.eval(x.Right, c)
	case js_ast.BinOpNullishCoalescing, js_ast.BinOpLogicalOr, js_ast.BinOpLogicalAnd:
		return fl.logical(x.Op, x.Left, x.Right, c)
	}
	if op, ok := compound[x.Op]; ok {
		var v Value
		switch op {
		case js_ast.BinOpNullishCoalescing, js_ast.BinOpLogicalOr, js_ast.BinOpLogicalAnd:
			v = fl.logical(op, x.Left, x.Right, c)
		default:
			l := fl.eval(x.Left, c)
			r := fl.eval(x.Right, c)
			v = arith(op, l, r)
		}
		if c.st != nil {
			fl.assign(x.Left, v, c)
		}
		return v
	}
	l := fl.eval(x.Left, c)
	r := fl.eval(x.Right, c)
	return arith(x.Op, l, r)
}

// evalTargetParts evaluates the parts of an assignment target that are
// read (o in o.p = v, o and i in o[i] = v), and the defaults of a pattern.
func (fl *File) evalTargetParts(t js_ast.Expr, c *Ctx) {
	switch x := t.Data.(type) {
	case *js_ast.EDot:
		if _, ok := x.Target.Data.(*js_ast.EIdentifier); !ok {
			fl.eval(x.Target, c)
		}
	case *js_ast.EIndex:
		if _, ok := x.Target.Data.(*js_ast.EIdentifier); !ok {
			fl.eval(x.Target, c)
		}
		fl.eval(x.Index, c)
	}
}

// logical evaluates a ?? b, a || b, a && b: b runs in a state narrowed by
// a's outcome, and the states join.
func (fl *File) logical(op js_ast.OpCode, left, right js_ast.Expr, c *Ctx) Value {
	l := fl.eval(left, c)
	short := -1 // 1: right never runs, 0: always
	switch op {
	case js_ast.BinOpNullishCoalescing:
		switch {
		case l.Kind == Undefined || l.Kind == Null:
			short = 0
		case l.Kind != Unknown && !l.MayUndef:
			short = 1
		}
	case js_ast.BinOpLogicalOr:
		short = l.truthy()
	case js_ast.BinOpLogicalAnd:
		if t := l.truthy(); t >= 0 {
			short = 1 - t
		}
	}
	if short == 1 {
		return l
	}
	var r Value
	if c.st != nil {
		k := c.st.child()
		rc := *c
		rc.st = k
		switch op {
		case js_ast.BinOpLogicalAnd:
			fl.narrow(left, true, &rc)
		case js_ast.BinOpLogicalOr:
			fl.narrow(left, false, &rc)
		}
		r = fl.eval(right, &rc)
		if short == 0 {
			c.st.merge(k)
		} else {
			c.st.merge(k, c.st.child())
		}
	} else {
		r = fl.eval(right, c)
	}
	if short == 0 {
		return r
	}
	if op == js_ast.BinOpLogicalAnd {
		return Join(Value{Src: l.Src, MayUndef: l.MayUndef}, r)
	}
	lt := l.defined()
	if op == js_ast.BinOpLogicalOr {
		lt = lt.excluding(0) // a || b is a only when a is truthy
	}
	out := Join(lt, r)
	out.Param = nil
	if r.Kind != Undefined && !r.MayUndef {
		out.MayUndef = false
	}
	return out
}

func (fl *File) cond(x *js_ast.EIf, c *Ctx) Value {
	t := fl.eval(x.Test, c)
	if tv := t.truthy(); tv >= 0 && t.Kind != Unknown {
		if tv == 1 {
			return fl.eval(x.Yes, c)
		}
		return fl.eval(x.No, c)
	}
	if c.st == nil {
		return condJoin(t, fl.eval(x.Yes, c), fl.eval(x.No, c))
	}
	y, n := c.st.child(), c.st.child()
	yc, nc := *c, *c
	yc.st, nc.st = y, n
	fl.narrow(x.Test, true, &yc)
	yv := fl.eval(x.Yes, &yc)
	fl.narrow(x.Test, false, &nc)
	nv := fl.eval(x.No, &nc)
	c.st.merge(y, n)
	return condJoin(t, yv, nv)
}

// condJoin joins the branches of test ? yes : no. When one branch is
// undefined, the other computed from a parameter and the test is one
// (`expiry ? f(expiry) : undefined`), whether the value is undefined is the
// caller's choice: the result carries the parameter.
func condJoin(test, yes, no Value) Value {
	out := Join(yes, no)
	if test.Param != nil && (yes.Kind == Undefined) != (no.Kind == Undefined) {
		if def := yes; def.Kind != Undefined && def.From(FromParam|FromParamProp) || no.Kind != Undefined && no.From(FromParam|FromParamProp) {
			out.Param = test.Param
		}
	}
	return out
}

// arith applies a binary operator to two values.
func arith(op js_ast.OpCode, l, r Value) Value {
	src := l.Src | r.Src
	switch op {
	case js_ast.BinOpAdd:
		if l.Kind == String || r.Kind == String {
			ls, ok1 := l.toString()
			rs, ok2 := r.toString()
			if ok1 && ok2 {
				return Value{Kind: String, Str: ls + rs}
			}
			return Value{}
		}
		if l.Kind == DateObject {
			l = numberOf(l)
		}
		if r.Kind == DateObject {
			r = numberOf(r)
		}
		if l.Kind == Time && r.Kind != Time {
			return timeShift(l, r, 1)
		}
		if r.Kind == Time && l.Kind != Time {
			return timeShift(r, l, 1)
		}
	case js_ast.BinOpSub:
		if l.Kind == DateObject {
			l = numberOf(l)
		}
		if r.Kind == DateObject {
			r = numberOf(r)
		}
		if l.Kind == Time && r.Kind != Time {
			if r.Kind == Unknown && (!r.HasLo || !r.HasHi) && !r.From(FromTime) {
				// now - startedAt: a duration (only a bounded number moves a
				// time: start - start % 60).
				return Value{Src: src | FromTimeDiff}
			}
			return timeShift(l, r, -1)
		}
		if l.Kind == Time || r.Kind == Time {
			// The difference of two times is a duration.
			out := Value{Src: src | FromTimeDiff}
			if l.Kind == Time && r.Kind == Time && l.Rel && r.Rel && near(l.Scale, r.Scale) {
				lo, hi := l.Lo-r.Hi, l.Hi-r.Lo
				return Value{Kind: Unknown, Src: src | FromTimeDiff, Lo: lo, Hi: hi, HasLo: l.HasLo && r.HasHi, HasHi: l.HasHi && r.HasLo}
			}
			return out
		}
	case js_ast.BinOpMul, js_ast.BinOpDiv:
		if l.Kind == Time {
			if k, ok := r.toNumber(); ok && k != 0 {
				if op == js_ast.BinOpDiv {
					k = 1 / k
				}
				return timeScale(l, k)
			}
			return Value{Src: src}
		}
		if r.Kind == Time && op == js_ast.BinOpMul {
			if k, ok := l.toNumber(); ok && k != 0 {
				return timeScale(r, k)
			}
			return Value{Src: src}
		}
	case js_ast.BinOpRem:
		if l.Kind == Time {
			if k, ok := r.toNumber(); ok && k > 0 {
				return Value{Src: src | FromTime, Lo: 0, Hi: k, HasLo: true, HasHi: true}
			}
			// A remainder of a time (now % window) is at least 0.
			return Value{Src: src | FromTime, HasLo: true}
		}
	}
	ln, ok1 := l.toNumber()
	rn, ok2 := r.toNumber()
	if ok1 && ok2 {
		return constOp(op, ln, rn)
	}
	switch op {
	case js_ast.BinOpLt, js_ast.BinOpLe, js_ast.BinOpGt, js_ast.BinOpGe:
		return compareBounds(op, l, r)
	case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq, js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
		if l.Kind == String && r.Kind == String {
			eq := l.Str == r.Str
			if op == js_ast.BinOpStrictNe || op == js_ast.BinOpLooseNe {
				eq = !eq
			}
			return Value{Kind: Bool, Num: b2f(eq)}
		}
		return Value{}
	}
	out := Value{Src: src}
	if l.Kind == Time || r.Kind == Time {
		out.Src |= FromTime
	}
	intervalOp(op, l, r, &out)
	return out
}

func constOp(op js_ast.OpCode, ln, rn float64) Value {
	switch op {
	case js_ast.BinOpLt:
		return Value{Kind: Bool, Num: b2f(ln < rn)}
	case js_ast.BinOpLe:
		return Value{Kind: Bool, Num: b2f(ln <= rn)}
	case js_ast.BinOpGt:
		return Value{Kind: Bool, Num: b2f(ln > rn)}
	case js_ast.BinOpGe:
		return Value{Kind: Bool, Num: b2f(ln >= rn)}
	case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
		return Value{Kind: Bool, Num: b2f(ln == rn)}
	case js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
		return Value{Kind: Bool, Num: b2f(ln != rn)}
	case js_ast.BinOpAdd:
		return num(ln + rn)
	case js_ast.BinOpSub:
		return num(ln - rn)
	case js_ast.BinOpMul:
		return num(ln * rn)
	case js_ast.BinOpDiv:
		return num(ln / rn)
	case js_ast.BinOpRem:
		return num(math.Mod(ln, rn))
	case js_ast.BinOpPow:
		return num(math.Pow(ln, rn))
	case js_ast.BinOpShl:
		return num(float64(int32(ln) << (uint32(rn) & 31)))
	case js_ast.BinOpShr:
		return num(float64(int32(ln) >> (uint32(rn) & 31)))
	case js_ast.BinOpUShr:
		return num(float64(uint32(int32(ln)) >> (uint32(rn) & 31)))
	case js_ast.BinOpBitwiseOr:
		return num(float64(int32(ln) | int32(rn)))
	case js_ast.BinOpBitwiseAnd:
		return num(float64(int32(ln) & int32(rn)))
	case js_ast.BinOpBitwiseXor:
		return num(float64(int32(ln) ^ int32(rn)))
	}
	return Value{}
}

// compareBounds decides a comparison from intervals when they do not
// overlap.
func compareBounds(op js_ast.OpCode, l, r Value) Value {
	llo, lhi, lhasLo, lhasHi := l.bounds()
	rlo, rhi, rhasLo, rhasHi := r.bounds()
	if l.Kind == Time || r.Kind == Time {
		return Value{}
	}
	lt := lhasHi && rhasLo && lhi < rlo // always l < r
	ge := lhasLo && rhasHi && llo >= rhi
	switch op {
	case js_ast.BinOpLt:
		if lt {
			return Value{Kind: Bool, Num: 1}
		}
		if ge {
			return Value{Kind: Bool, Num: 0}
		}
	case js_ast.BinOpGe:
		if ge {
			return Value{Kind: Bool, Num: 1}
		}
		if lt {
			return Value{Kind: Bool, Num: 0}
		}
	}
	return Value{}
}

// intervalOp bounds the result of an arithmetic operator over intervals.
func intervalOp(op js_ast.OpCode, l, r Value, out *Value) {
	llo, lhi, lhasLo, lhasHi := l.bounds()
	rlo, rhi, rhasLo, rhasHi := r.bounds()
	switch op {
	case js_ast.BinOpAdd:
		out.Lo, out.HasLo = llo+rlo, lhasLo && rhasLo
		out.Hi, out.HasHi = lhi+rhi, lhasHi && rhasHi
	case js_ast.BinOpSub:
		out.Lo, out.HasLo = llo-rhi, lhasLo && rhasHi
		out.Hi, out.HasHi = lhi-rlo, lhasHi && rhasLo
	case js_ast.BinOpMul, js_ast.BinOpDiv:
		// By a positive constant only.
		k, ok := r.toNumber()
		if !ok || k <= 0 {
			if kl, okl := l.toNumber(); okl && kl > 0 && op == js_ast.BinOpMul {
				k, ok = kl, true
				llo, lhi, lhasLo, lhasHi = rlo, rhi, rhasLo, rhasHi
			}
		}
		if !ok || k <= 0 {
			return
		}
		if op == js_ast.BinOpDiv {
			k = 1 / k
		}
		out.Lo, out.HasLo = llo*k, lhasLo
		out.Hi, out.HasHi = lhi*k, lhasHi
	case js_ast.BinOpRem:
		if k, ok := r.toNumber(); ok && k > 0 && lhasLo && llo >= 0 {
			out.Lo, out.Hi, out.HasLo, out.HasHi = 0, k, true, true
		}
	}
}

// timeShift adds (sign 1) or subtracts (-1) a number to a time.
func timeShift(t, n Value, sign float64) Value {
	out := Value{Kind: Time, Scale: t.Scale, Rel: t.Rel, Src: t.Src | n.Src&(FromParam|FromParamProp|FromField|FromStored|FromTimeDiff|FromTime)}
	lo, hi, hasLo, hasHi := n.bounds()
	if sign < 0 {
		lo, hi, hasLo, hasHi = -hi, -lo, hasHi, hasLo
	}
	out.Lo, out.HasLo = t.Lo+lo, t.HasLo && hasLo
	out.Hi, out.HasHi = t.Hi+hi, t.HasHi && hasHi
	return out
}

// timeScale multiplies a time by k: its unit changes.
func timeScale(t Value, k float64) Value {
	out := t
	out.Param = nil
	out.Scale = t.Scale * k
	if k > 0 {
		out.Lo, out.Hi = t.Lo*k, t.Hi*k
	} else {
		out.Lo, out.Hi, out.HasLo, out.HasHi = t.Hi*k, t.Lo*k, t.HasHi, t.HasLo
	}
	return out
}

// round applies Math.floor/ceil/round/trunc. A time counted in units of a
// minute or more moves by up to a unit (the next full hour is 0 to 3600 s
// ahead); in seconds or finer, the shift is ignored.
func round(name string, v Value) Value {
	switch v.Kind {
	case Number:
		f := map[string]func(float64) float64{"floor": math.Floor, "ceil": math.Ceil, "trunc": math.Trunc,
			"round": func(x float64) float64 { return math.Floor(x + 0.5) }}[name]
		out := num(f(v.Num))
		out.Hi = f(v.hi())
		out.Src = v.Src
		return out
	case Time:
		if v.Rel && v.Scale <= 1.0/60+1e-12 {
			switch name {
			case "floor", "trunc":
				v.Lo--
			case "ceil":
				v.Hi++
			case "round":
				v.Lo -= 0.5
				v.Hi += 0.5
			}
		}
		return v
	case Unknown:
		if v.HasLo {
			v.Lo = math.Floor(v.Lo)
		}
		if v.HasHi {
			v.Hi = math.Ceil(v.Hi)
		}
		return v
	}
	return Value{Src: v.Src}
}

// storedMethods are methods whose result comes from storage, a request or
// another service.
var storedMethods = map[string]bool{"get": true, "getWithMetadata": true, "json": true, "text": true,
	"first": true, "all": true, "raw": true, "formData": true, "get_json": true}

// requestReaders are functions (globals, or imported: h3, Nitro, Nuxt)
// that return what a request carries: its body, query or route
// parameters, data the client chose.
var requestReaders = map[string]bool{"readBody": true, "readValidatedBody": true, "readRawBody": true,
	"readFormData": true, "readMultipartFormData": true, "getQuery": true, "getValidatedQuery": true,
	"getRouterParams": true, "getValidatedRouterParams": true}

func (fl *File) call(x *js_ast.ECall, c *Ctx) Value {
	d, isDot := x.Target.Data.(*js_ast.EDot)
	var recv Value
	recvEvaluated := false
	if isDot {
		switch {
		case fl.isGlobal(d.Target, "Date") && d.Name == "now":
			return Value{Kind: Time, Scale: 1000, Rel: true, HasLo: true, HasHi: true}
		case fl.isGlobal(d.Target, "Math"):
			return fl.math(d.Name, x.Args, c)
		case fl.isGlobal(d.Target, "JSON") && d.Name == "parse":
			fl.evalArgs(x.Args, c)
			return Value{Src: FromStored}
		case fl.isGlobal(d.Target, "Date") && d.Name == "parse":
			a := fl.evalArgs(x.Args, c)
			return Value{Kind: Time, Scale: 1000, Src: srcOf(a)}
		case fl.isGlobal(d.Target, "Object") && d.Name == "assign" && len(x.Args) > 0:
			return fl.assignObject(x, c)
		}
		if _, ok := d.Target.Data.(*js_ast.EThis); !ok {
			recv = fl.eval(d.Target, c)
			recvEvaluated = true
		}
	} else if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && len(x.Args) > 0 {
		s := fl.f.Symbol(id.Ref)
		if requestReaders[s.OriginalName] && (s.Kind == ast.SymbolUnbound || s.Kind == ast.SymbolImport) {
			fl.evalArgs(x.Args, c)
			return Value{Src: FromStored}
		}
		if s.Kind == ast.SymbolUnbound {
			switch s.OriginalName {
			case "Number", "parseInt", "parseFloat":
				a := fl.evalArgs(x.Args, c)
				v := numberOf(a[0])
				if s.OriginalName != "Number" && v.Kind == Number {
					v = round("trunc", v)
				}
				if a[0].Kind == String && v.Kind != Number {
					return Value{}
				}
				v.Param = a[0].Param
				return v
			}
		}
	}
	if !isDot || !recvEvaluated {
		if _, ok := x.Target.Data.(*js_ast.EIdentifier); !ok || c.st != nil {
			if !isDot {
				fl.eval(x.Target, c)
			}
		}
	}
	args := fl.evalArgs(x.Args, c)
	if c.st != nil {
		fl.callEffects(x, d, args, c)
	}
	if isDot && recvEvaluated {
		switch recv.Kind {
		case String:
			return fl.stringMethod(recv.Str, d.Name, args)
		case DateObject:
			switch d.Name {
			case "getTime", "valueOf":
				if recv.At != nil {
					return *recv.At
				}
				return Value{Kind: Time, Scale: 1000, Src: recv.Src}
			case "getUTCMilliseconds", "getMilliseconds":
				return Value{Kind: Time, Scale: 1000, Src: FromTime}
			}
		}
		switch d.Name {
		case "getUTCMilliseconds", "getMilliseconds":
			return Value{Kind: Time, Scale: 1000, Src: FromTime}
		case "getTime", "valueOf":
			if recv.Kind == Time {
				return recv
			}
			if recv.Kind == Unknown && recv.Src != 0 {
				return Value{Kind: Time, Scale: 1000, Src: recv.Src}
			}
		}
		if storedMethods[d.Name] {
			return Value{Src: FromStored}
		}
		if recv.From(FromStored) {
			return Value{Src: FromStored}
		}
	}
	if !c.Deep() {
		if fn, cf := fl.host.Callee(x); cf != nil {
			if v, ok := cf.Returns(fn, c.Outer()); ok {
				v.Param = nil
				return v
			}
		}
	}
	return Value{}
}

func srcOf(vs []Value) Src {
	var s Src
	for _, v := range vs {
		s |= v.Src
	}
	return s
}

func (fl *File) evalArgs(args []js_ast.Expr, c *Ctx) []Value {
	out := make([]Value, len(args))
	for i, a := range args {
		out[i] = fl.eval(a, c)
	}
	if len(out) == 0 {
		out = append(out, Value{Kind: Undefined})
	}
	return out
}

// mutators change the object they are called on.
var mutators = map[string]bool{"push": true, "unshift": true, "splice": true, "set": true, "add": true,
	"delete": true, "pop": true, "shift": true, "sort": true, "reverse": true, "fill": true, "clear": true}

// callEffects carries out what a call does to the objects it is given.
func (fl *File) callEffects(x *js_ast.ECall, d *js_ast.EDot, args []Value, c *Ctx) {
	if d != nil {
		if id, ok := d.Target.Data.(*js_ast.EIdentifier); ok {
			ref := fl.f.Resolve(id.Ref)
			if v, tracked := c.st.lookup(ref); tracked {
				switch {
				case v.Kind == DateObject && d.Name == "setTime" && len(x.Args) > 0:
					at := dateAt(args[0])
					c.st.set(ref, Value{Kind: DateObject, At: &at, Src: v.Src})
				case v.Kind == DateObject && strings.HasPrefix(d.Name, "set"):
					c.st.set(ref, Value{Kind: DateObject, Src: v.Src | FromTime})
				case v.Kind == Object && mutators[d.Name]:
					v.Shape = v.Shape.opened(srcOf(args))
					v.Obj = nil
					c.st.set(ref, v)
				}
			}
		}
	}
	// An object handed to a call may be changed by it.
	for i, a := range x.Args {
		id, ok := a.Data.(*js_ast.EIdentifier)
		if !ok || args[i].Kind != Object {
			continue
		}
		ref := fl.f.Resolve(id.Ref)
		if v, tracked := c.st.lookup(ref); tracked && v.Kind == Object {
			v.Shape = v.Shape.opened(0)
			v.Obj = nil
			c.st.set(ref, v)
		}
	}
}

// assignObject is Object.assign(target, ...sources).
func (fl *File) assignObject(x *js_ast.ECall, c *Ctx) Value {
	args := fl.evalArgs(x.Args, c)
	t := args[0]
	if t.Kind != Object {
		return t
	}
	sh := &Shape{parent: t.Shape}
	for _, a := range args[1:] {
		sh.props = append(sh.props, shapeProp{spread: true, v: a})
	}
	out := Value{Kind: Object, Shape: sh, Src: t.Src}
	if c.st != nil {
		if id, ok := x.Args[0].Data.(*js_ast.EIdentifier); ok {
			c.st.set(fl.f.Resolve(id.Ref), out)
		}
	}
	return out
}

// dateAt is the time of a Date made from (or set to) one value, in
// milliseconds: `new Date(x)`, `d.setTime(x)`.
func dateAt(a Value) Value {
	var at Value
	switch {
	case a.Kind == Time:
		at = a
	case a.Kind == DateObject && a.At != nil:
		at = *a.At
	default:
		at = Value{Kind: Time, Scale: 1000, Src: a.Src}
	}
	at.Param = nil
	return at
}

func (fl *File) newExpr(x *js_ast.ENew, c *Ctx) Value {
	if fl.isGlobal(x.Target, "Date") {
		args := fl.evalArgs(x.Args, c)
		if len(x.Args) == 0 {
			at := Value{Kind: Time, Scale: 1000, Rel: true, HasLo: true, HasHi: true}
			return Value{Kind: DateObject, At: &at}
		}
		a := args[0]
		at := Value{Kind: Time, Scale: 1000, Src: srcOf(args)}
		if len(x.Args) == 1 {
			at = dateAt(a)
		}
		return Value{Kind: DateObject, At: &at, Src: a.Src}
	}
	if c.st != nil {
		fl.eval(x.Target, c)
	}
	args := fl.evalArgs(x.Args, c)
	if c.st != nil {
		fl.callEffects(&js_ast.ECall{Args: x.Args}, nil, args, c)
	}
	return Value{}
}

func (fl *File) math(name string, args []js_ast.Expr, c *Ctx) Value {
	vals := fl.evalArgs(args, c)
	switch name {
	case "floor", "ceil", "round", "trunc":
		return round(name, vals[0])
	case "abs":
		if n, ok := vals[0].toNumber(); ok {
			return num(math.Abs(n))
		}
		return Value{Src: vals[0].Src, Lo: 0, HasLo: true}
	case "max", "min":
		return minMax(name == "max", vals)
	}
	return Value{}
}

// minMax is Math.max (max) or Math.min of values: its bounds follow from
// theirs (max is at least each argument's lower bound).
func minMax(isMax bool, vals []Value) Value {
	allKnown := true
	var src Src
	var timeArg *Value
	for i := range vals {
		v := vals[i]
		src |= v.Src
		if v.Kind != Number {
			allKnown = false
		}
		if v.Kind == Time && v.Rel && timeArg == nil {
			timeArg = &vals[i]
		}
	}
	if allKnown {
		out := vals[0]
		for _, v := range vals[1:] {
			if isMax {
				out.Num = math.Max(out.Num, v.Num)
				out.Hi = math.Max(out.hi(), v.hi())
			} else {
				out.Num = math.Min(out.Num, v.Num)
				out.Hi = math.Min(out.hi(), v.hi())
			}
		}
		out.Lo = out.Num
		return out
	}
	if timeArg != nil {
		// Math.max(now + 60, expiresAt): at least now + 60.
		out := Value{Kind: Time, Scale: timeArg.Scale, Rel: true, Src: src}
		for _, v := range vals {
			if v.Kind != Time || !v.Rel || !near(v.Scale, timeArg.Scale) {
				if isMax {
					continue
				}
				return Value{Kind: Time, Scale: timeArg.Scale, Src: src}
			}
			if isMax {
				if v.HasLo && (!out.HasLo || v.Lo > out.Lo) {
					out.Lo, out.HasLo = v.Lo, true
				}
			} else {
				if v.HasHi && (!out.HasHi || v.Hi < out.Hi) {
					out.Hi, out.HasHi = v.Hi, true
				}
			}
		}
		return out
	}
	out := Value{Src: src}
	for i, v := range vals {
		lo, hi, hasLo, hasHi := v.bounds()
		if isMax {
			if hasLo && (!out.HasLo || lo > out.Lo) {
				out.Lo, out.HasLo = lo, true
			}
			switch {
			case i == 0:
				out.Hi, out.HasHi = hi, hasHi
			case out.HasHi && hasHi:
				out.Hi = math.Max(out.Hi, hi)
			default:
				out.HasHi = false
			}
		} else {
			if hasHi && (!out.HasHi || hi < out.Hi) {
				out.Hi, out.HasHi = hi, true
			}
			switch {
			case i == 0:
				out.Lo, out.HasLo = lo, hasLo
			case out.HasLo && hasLo:
				out.Lo = math.Min(out.Lo, lo)
			default:
				out.HasLo = false
			}
		}
	}
	return out
}

// maxStringLen bounds the strings the evaluator builds ("x".repeat(n)).
const maxStringLen = 1 << 16

func (fl *File) stringMethod(s, name string, args []Value) Value {
	argNum := func(i int) (int, bool) {
		if i >= len(args) {
			return 0, false
		}
		n, ok := args[i].toNumber()
		if !ok || n < 0 || n > maxStringLen {
			return 0, false
		}
		return int(n), true
	}
	argStr := func(i int, def string) (string, bool) {
		if i >= len(args) || args[i].Kind == Undefined {
			return def, true
		}
		return args[i].toString()
	}
	switch name {
	case "repeat":
		if n, ok := argNum(0); ok && len(s)*n <= maxStringLen {
			return Value{Kind: String, Str: strings.Repeat(s, n)}
		}
	case "padEnd", "padStart":
		n, ok := argNum(0)
		pad, ok2 := argStr(1, " ")
		if !ok || !ok2 || pad == "" {
			break
		}
		for len(s) < n {
			add := pad
			if len(s)+len(add) > n {
				add = add[:n-len(s)]
			}
			if name == "padEnd" {
				s += add
			} else {
				s = add + s
			}
		}
		return Value{Kind: String, Str: s}
	case "toLowerCase":
		return Value{Kind: String, Str: strings.ToLower(s)}
	case "toUpperCase":
		return Value{Kind: String, Str: strings.ToUpper(s)}
	case "trim":
		return Value{Kind: String, Str: strings.TrimSpace(s)}
	case "concat":
		for i := range args {
			if len(args) == 1 && args[0].Kind == Undefined {
				break
			}
			t, ok := argStr(i, "")
			if !ok {
				return Value{}
			}
			s += t
		}
		return Value{Kind: String, Str: s}
	}
	return Value{}
}
