package kvmodel

import (
	"math"
	"strconv"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Kind is the kind of a Value.
type Kind uint8

// Value kinds.
const (
	Unknown Kind = iota
	Number
	String
	Bool
	Null
	Undefined
	// Time is a point in time relative to "now": Num is the offset from now
	// in seconds; Millis tells that the value is in epoch milliseconds (the
	// offset then also in milliseconds).
	Time
	// DateObject is a `new Date(...)` value.
	DateObject
	// Object is an object literal; Obj holds it.
	Object
)

// Value is what the constant evaluator knows of an expression.
type Value struct {
	Kind Kind
	Num  float64
	Str  string
	Obj  *js_ast.EObject
	// Millis marks a value derived from epoch milliseconds (Date.now(),
	// getTime(), valueOf(), a Date object) not divided by 1000 since.
	Millis bool
	// TimeDiff marks a number computed as a difference of times.
	TimeDiff bool
	// Param marks a value that depends on a parameter whose arguments are
	// not all known.
	Param bool
	// Min, when HasMin, is a proven lower bound of an unknown number
	// (from Math.max(60, x) and similar clamps).
	Min    float64
	HasMin bool
}

// IsNumber reports whether v is a known number.
func (v Value) IsNumber() bool { return v.Kind == Number }

// Eval evaluates e as far as constants allow: literals, `const` bindings
// (in this module and imported from the project's modules), arithmetic,
// template literals, Math functions, object-literal members, parameters
// whose arguments are constant at every call site (the smallest number
// they receive), and times relative to now.
func (m *Model) Eval(e js_ast.Expr) Value { return m.fm.eval(e, 0) }

func (m *fileModel) eval(e js_ast.Expr, depth int) Value {
	if depth > maxDepth || e.Data == nil {
		return Value{}
	}
	switch x := e.Data.(type) {
	case *js_ast.ENumber:
		return Value{Kind: Number, Num: x.Value}
	case *js_ast.EString:
		return Value{Kind: String, Str: helpers.UTF16ToString(x.Value)}
	case *js_ast.EBoolean:
		return Value{Kind: Bool, Num: b2f(x.Value)}
	case *js_ast.ENull:
		return Value{Kind: Null}
	case *js_ast.EUndefined:
		return Value{Kind: Undefined}
	case *js_ast.EInlinedEnum:
		return m.eval(x.Value, depth+1)
	case *js_ast.EAnnotation:
		return m.eval(x.Value, depth+1)
	case *js_ast.EObject:
		return Value{Kind: Object, Obj: x}
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			return Value{}
		}
		var b strings.Builder
		b.WriteString(helpers.UTF16ToString(x.HeadCooked))
		for _, p := range x.Parts {
			v := m.eval(p.Value, depth+1)
			s, ok := v.toString()
			if !ok {
				return Value{}
			}
			b.WriteString(s)
			b.WriteString(helpers.UTF16ToString(p.TailCooked))
		}
		return Value{Kind: String, Str: b.String()}
	case *js_ast.EIdentifier:
		return m.evalSymbol(m.f.Resolve(x.Ref), depth)
	case *js_ast.EImportIdentifier:
		if om, ref, ok := m.importTarget(x.Ref); ok {
			return om.evalSymbol(ref, depth+1)
		}
	case *js_ast.EDot:
		return m.evalMember(x, depth)
	case *js_ast.EUnary:
		return m.evalUnary(x, depth)
	case *js_ast.EBinary:
		return m.evalBinary(x, depth)
	case *js_ast.EIf:
		return m.evalIf(x, depth)
	case *js_ast.ECall:
		return m.evalCall(x, depth)
	case *js_ast.ENew:
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && m.isGlobal(id.Ref, "Date") {
			return Value{Kind: DateObject, Millis: true}
		}
	case *js_ast.EAwait:
		return Value{}
	}
	return Value{}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (v Value) toString() (string, bool) {
	switch v.Kind {
	case String:
		return v.Str, true
	case Number:
		return strconv.FormatFloat(v.Num, 'f', -1, 64), true
	case Bool:
		return strconv.FormatBool(v.Num != 0), true
	case Null:
		return "null", true
	case Undefined:
		return "undefined", true
	}
	return "", false
}

func (m *fileModel) isGlobal(ref ast.Ref, name string) bool {
	s := m.f.Symbol(ref)
	return s.Kind == ast.SymbolUnbound && s.OriginalName == name
}

func (m *fileModel) evalSymbol(ref ast.Ref, depth int) Value {
	if init, ok := m.initOf(ref); ok {
		return m.eval(init, depth+1)
	}
	if site, ok := m.params[ref]; ok {
		args, ok := m.argsAt(site)
		if !ok {
			return Value{Param: true}
		}
		// The smallest number the parameter receives.
		var out Value
		for i, a := range args {
			v := a.m.eval(a.e, depth+1)
			if v.Kind != Number {
				v.Param = v.Param || v.Kind == Unknown
				return v
			}
			if i == 0 || v.Num < out.Num {
				out = v
			}
		}
		return out
	}
	return Value{}
}

func (m *fileModel) evalMember(x *js_ast.EDot, depth int) Value {
	obj := m.eval(x.Target, depth+1)
	if obj.Kind == Object {
		if p, spread := Property(obj.Obj, x.Name); p != nil && !spread && p.ValueOrNil.Data != nil {
			return m.eval(p.ValueOrNil, depth+1)
		}
	}
	return Value{}
}

func (m *fileModel) evalUnary(x *js_ast.EUnary, depth int) Value {
	v := m.eval(x.Value, depth+1)
	switch x.Op {
	case js_ast.UnOpNeg:
		if v.Kind == Number {
			return Value{Kind: Number, Num: -v.Num}
		}
	case js_ast.UnOpPos:
		if n, ok := v.toNumber(); ok {
			return Value{Kind: Number, Num: n}
		}
		return v
	}
	return Value{}
}

func (v Value) toNumber() (float64, bool) {
	switch v.Kind {
	case Number, Bool:
		return v.Num, true
	case String:
		n, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
		return n, err == nil
	case Null:
		return 0, true
	}
	return 0, false
}

func (m *fileModel) evalBinary(x *js_ast.EBinary, depth int) Value {
	switch x.Op {
	case js_ast.BinOpNullishCoalescing, js_ast.BinOpLogicalOr:
		l := m.eval(x.Left, depth+1)
		switch {
		case l.Kind == Null || l.Kind == Undefined:
			return m.eval(x.Right, depth+1)
		case x.Op == js_ast.BinOpLogicalOr && (l.Kind == Number || l.Kind == Bool) && l.Num == 0,
			x.Op == js_ast.BinOpLogicalOr && l.Kind == String && l.Str == "":
			return m.eval(x.Right, depth+1)
		case l.Kind != Unknown:
			return l
		}
		// Unknown left: the right side is a fallback; keep what marks it.
		r := m.eval(x.Right, depth+1)
		return Value{Param: l.Param || r.Param, TimeDiff: l.TimeDiff}
	case js_ast.BinOpComma:
		return m.eval(x.Right, depth+1)
	}
	l := m.eval(x.Left, depth+1)
	r := m.eval(x.Right, depth+1)
	flags := Value{Param: l.Param || r.Param, TimeDiff: l.TimeDiff || r.TimeDiff}
	switch x.Op {
	case js_ast.BinOpAdd:
		if l.Kind == String || r.Kind == String {
			ls, ok1 := l.toString()
			rs, ok2 := r.toString()
			if ok1 && ok2 {
				return Value{Kind: String, Str: ls + rs}
			}
			return flags
		}
		if l.Kind == Time && r.Kind == Number {
			return Value{Kind: Time, Num: l.Num + r.Num, Millis: l.Millis}
		}
		if r.Kind == Time && l.Kind == Number {
			return Value{Kind: Time, Num: r.Num + l.Num, Millis: r.Millis}
		}
		if l.Millis || r.Millis {
			return Value{Millis: true, Param: flags.Param}
		}
	case js_ast.BinOpSub:
		if l.Kind == Time && r.Kind == Number {
			return Value{Kind: Time, Num: l.Num - r.Num, Millis: l.Millis}
		}
		if l.Millis || r.Millis || l.Kind == Time || r.Kind == Time || l.Kind == DateObject || r.Kind == DateObject {
			// The difference of two times is a duration, not a time.
			return Value{TimeDiff: true, Millis: l.Millis && r.Millis || l.Millis && r.Kind != Time}
		}
	case js_ast.BinOpDiv:
		if (l.Kind == Time || l.Millis) && r.Kind == Number && r.Num == 1000 {
			if l.Kind == Time {
				return Value{Kind: Time, Num: l.Num / 1000}
			}
			return Value{TimeDiff: l.TimeDiff, Param: l.Param}
		}
	case js_ast.BinOpMul:
		if (l.Kind == Time || l.Millis) && r.Kind == Number && r.Num == 0.001 {
			if l.Kind == Time {
				return Value{Kind: Time, Num: l.Num / 1000}
			}
			return Value{TimeDiff: l.TimeDiff, Param: l.Param}
		}
	}
	ln, ok1 := l.toNumber()
	rn, ok2 := r.toNumber()
	if !ok1 || !ok2 {
		flags.Millis = l.Millis || r.Millis
		return flags
	}
	var n float64
	switch x.Op {
	case js_ast.BinOpLt:
		return Value{Kind: Bool, Num: b2f(ln < rn)}
	case js_ast.BinOpLe:
		return Value{Kind: Bool, Num: b2f(ln <= rn)}
	case js_ast.BinOpGt:
		return Value{Kind: Bool, Num: b2f(ln > rn)}
	case js_ast.BinOpGe:
		return Value{Kind: Bool, Num: b2f(ln >= rn)}
	case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
		if l.Kind == r.Kind {
			return Value{Kind: Bool, Num: b2f(ln == rn)}
		}
		return Value{}
	case js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
		if l.Kind == r.Kind {
			return Value{Kind: Bool, Num: b2f(ln != rn)}
		}
		return Value{}
	case js_ast.BinOpAdd:
		n = ln + rn
	case js_ast.BinOpSub:
		n = ln - rn
	case js_ast.BinOpMul:
		n = ln * rn
	case js_ast.BinOpDiv:
		n = ln / rn
	case js_ast.BinOpRem:
		n = math.Mod(ln, rn)
	case js_ast.BinOpPow:
		n = math.Pow(ln, rn)
	case js_ast.BinOpShl:
		n = float64(int32(ln) << (uint32(rn) & 31))
	case js_ast.BinOpShr:
		n = float64(int32(ln) >> (uint32(rn) & 31))
	case js_ast.BinOpBitwiseOr:
		n = float64(int32(ln) | int32(rn))
	default:
		return Value{}
	}
	return Value{Kind: Number, Num: n}
}

func (m *fileModel) evalIf(x *js_ast.EIf, depth int) Value {
	if t := m.eval(x.Test, depth+1); t.Kind == Bool {
		if t.Num != 0 {
			return m.eval(x.Yes, depth+1)
		}
		return m.eval(x.No, depth+1)
	}
	yes := m.eval(x.Yes, depth+1)
	no := m.eval(x.No, depth+1)
	if yes.Kind == Number && no.Kind == Number {
		// The smallest value the expression can take.
		if no.Num < yes.Num {
			return no
		}
		return yes
	}
	out := Value{Param: yes.Param || no.Param, TimeDiff: yes.TimeDiff || no.TimeDiff, Millis: yes.Millis || no.Millis}
	if lower, ok := m.clampBound(x, yes, no, depth); ok {
		out.Min, out.HasMin = lower, true
	}
	return out
}

// clampBound recognizes `x < C ? N : x` and `x > C ? x : N` (and <=, >=):
// the result is at least min(C, N).
func (m *fileModel) clampBound(x *js_ast.EIf, yes, no Value, depth int) (float64, bool) {
	test, ok := x.Test.Data.(*js_ast.EBinary)
	if !ok {
		return 0, false
	}
	c := m.eval(test.Right, depth+1)
	if c.Kind != Number {
		return 0, false
	}
	same := func(a, b js_ast.Expr) bool {
		ia, ok1 := a.Data.(*js_ast.EIdentifier)
		ib, ok2 := b.Data.(*js_ast.EIdentifier)
		return ok1 && ok2 && m.f.Resolve(ia.Ref) == m.f.Resolve(ib.Ref)
	}
	switch test.Op {
	case js_ast.BinOpLt, js_ast.BinOpLe:
		// x < C ? N : x
		if yes.Kind == Number && same(test.Left, x.No) {
			return min(c.Num, yes.Num), true
		}
	case js_ast.BinOpGt, js_ast.BinOpGe:
		// x > C ? x : N
		if no.Kind == Number && same(test.Left, x.Yes) {
			return min(c.Num, no.Num), true
		}
	}
	return 0, false
}

func (m *fileModel) evalCall(x *js_ast.ECall, depth int) Value {
	d, ok := x.Target.Data.(*js_ast.EDot)
	if !ok {
		if id, ok := x.Target.Data.(*js_ast.EIdentifier); ok && len(x.Args) > 0 {
			switch {
			case m.isGlobal(id.Ref, "Number"), m.isGlobal(id.Ref, "parseInt"), m.isGlobal(id.Ref, "parseFloat"):
				v := m.eval(x.Args[0], depth+1)
				if n, ok := v.toNumber(); ok {
					if !m.isGlobal(id.Ref, "Number") {
						n = math.Trunc(n)
					}
					return Value{Kind: Number, Num: n}
				}
				return Value{Millis: v.Millis, TimeDiff: v.TimeDiff, Param: v.Param, Kind: timeKind(v)}
			}
		}
		return Value{}
	}
	if id, ok := d.Target.Data.(*js_ast.EIdentifier); ok {
		switch {
		case m.isGlobal(id.Ref, "Date") && d.Name == "now":
			return Value{Kind: Time, Millis: true}
		case m.isGlobal(id.Ref, "Math"):
			return m.evalMath(d.Name, x.Args, depth)
		}
	}
	if recv := m.eval(d.Target, depth+1); recv.Kind == String {
		return m.evalStringMethod(recv.Str, d.Name, x.Args, depth)
	}
	switch d.Name {
	case "getTime", "valueOf":
		if t := m.eval(d.Target, depth+1); t.Kind == DateObject {
			return Value{Kind: Time, Millis: true}
		}
	case "getUTCMilliseconds", "getMilliseconds":
		return Value{Millis: true}
	}
	return Value{}
}

func timeKind(v Value) Kind {
	if v.Kind == Time {
		return Time
	}
	return Unknown
}

func (m *fileModel) evalMath(name string, args []js_ast.Expr, depth int) Value {
	vals := make([]Value, len(args))
	for i, a := range args {
		vals[i] = m.eval(a, depth+1)
	}
	switch name {
	case "floor", "ceil", "round", "trunc":
		if len(vals) == 0 {
			return Value{}
		}
		v := vals[0]
		if v.Kind == Number {
			switch name {
			case "floor":
				v.Num = math.Floor(v.Num)
			case "ceil":
				v.Num = math.Ceil(v.Num)
			case "round":
				v.Num = math.Floor(v.Num + 0.5)
			default:
				v.Num = math.Trunc(v.Num)
			}
		}
		return v
	case "max", "min":
		out := Value{Kind: Number}
		allKnown := true
		var lower float64
		hasLower := false
		for i, v := range vals {
			if v.Kind != Number {
				allKnown = false
				if v.HasMin && (!hasLower || v.Min > lower) && name == "max" {
					lower, hasLower = v.Min, true
				}
				continue
			}
			if i == 0 || name == "max" && v.Num > out.Num || name == "min" && v.Num < out.Num {
				out.Num = v.Num
			}
			if name == "max" && (!hasLower || v.Num > lower) {
				lower, hasLower = v.Num, true
			}
		}
		if allKnown && len(vals) > 0 {
			return out
		}
		if name == "max" && hasLower {
			return Value{Min: lower, HasMin: true, Param: anyParam(vals), TimeDiff: anyTimeDiff(vals)}
		}
		return Value{Param: anyParam(vals), TimeDiff: anyTimeDiff(vals)}
	}
	return Value{}
}

func anyParam(vs []Value) bool {
	for _, v := range vs {
		if v.Param {
			return true
		}
	}
	return false
}

func anyTimeDiff(vs []Value) bool {
	for _, v := range vs {
		if v.TimeDiff {
			return true
		}
	}
	return false
}

// maxStringLen bounds the strings the evaluator builds ("x".repeat(n)).
const maxStringLen = 1 << 16

func (m *fileModel) evalStringMethod(s, name string, args []js_ast.Expr, depth int) Value {
	argNum := func(i int) (int, bool) {
		if i >= len(args) {
			return 0, false
		}
		v := m.eval(args[i], depth+1)
		if v.Kind != Number || v.Num < 0 || v.Num > maxStringLen {
			return 0, false
		}
		return int(v.Num), true
	}
	argStr := func(i int, def string) (string, bool) {
		if i >= len(args) {
			return def, true
		}
		return m.eval(args[i], depth+1).toString()
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
