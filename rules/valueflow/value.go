package valueflow

import (
	"math"
	"strconv"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// Kind is the kind of a Value.
type Kind uint8

// Value kinds.
const (
	Unknown Kind = iota
	// Number is a known number, or a join of known numbers: Num is the
	// smallest, Hi the largest.
	Number
	String
	Bool
	Null
	Undefined
	// Time is a point in time counted in units of 1/Scale seconds since
	// the epoch (Scale 1000: milliseconds, 1: seconds, 1/3600: hours).
	// When Rel, the bounds are its offset from now, in the same units.
	Time
	// DateObject is a Date; At (when known) is its time in milliseconds.
	DateObject
	// Object is an object; Shape holds what is known of its properties,
	// Obj the literal it was written as (nil after a join or a change).
	Object
)

// Src is where a value comes from (a set of bits).
type Src uint16

// Provenance bits.
const (
	// FromParam: a parameter whose callers are not all known.
	FromParam Src = 1 << iota
	// FromParamProp: a property of such a parameter (o.ttl, or
	// destructured in the parameter list).
	FromParamProp
	// FromField: a field of `this` (a constructor option kept in a field).
	FromField
	// FromTimeDiff: a difference of two times (a duration).
	FromTimeDiff
	// FromStored: read from storage, a request body or JSON.
	FromStored
	// FromTime: computed from a time (a remainder, a component).
	FromTime
	// FromSpread: taken from a spread of an unknown object ({...opts}):
	// the code never names it.
	FromSpread
)

// ParamRef names a parameter (or one property of it) a value is, unchanged.
type ParamRef struct {
	Fn    any // the function's node: *js_ast.Fn or the *js_ast.Expr of an arrow
	Index int
	Prop  string // "" for the parameter itself
}

// Value is what the value-flow layer knows of an expression.
type Value struct {
	Kind Kind
	// Num is a Number's (smallest) value, a Bool's 0 or 1.
	Num float64
	Str string
	// Obj is the object literal an Object was written as.
	Obj   *js_ast.EObject
	Shape *Shape
	// At is a DateObject's time (nil: unknown).
	At *Value
	// Lo and Hi bound a number (for a Time with Rel: its offset from now)
	// when HasLo and HasHi.
	Lo, Hi       float64
	HasLo, HasHi bool
	// Scale is a Time's units per second.
	Scale float64
	// Rel tells that a Time's bounds are offsets from now.
	Rel bool
	Src Src
	// MayUndef tells that the value is undefined on some path.
	MayUndef bool
	// Some is a number an Unknown value is on some path, when HasSome: a
	// default or fallback joined with what the code does not know
	// (`opts.ttl ?? 30`, `ttl = 30` in a parameter). Any arithmetic
	// drops it; a narrowing that excludes it drops it.
	Some    float64
	HasSome bool
	// Param is set when the value is a parameter (or a property of one)
	// passed through unchanged.
	Param *ParamRef
	// absent: undefined on some path because an object lacks the property
	// there (not because undefined is written).
	absent bool
}

// Absent reports whether the value is undefined on some path only because
// an object lacks the property there, not because undefined is assigned.
func (v Value) Absent() bool { return v.absent }

// IsNumber reports whether v is a known number (or a join of known
// numbers, Num being the smallest).
func (v Value) IsNumber() bool { return v.Kind == Number }

// Millis reports whether v is in epoch milliseconds: a Time counted in
// milliseconds, or a Date.
func (v Value) Millis() bool {
	return v.Kind == Time && near(v.Scale, 1000) || v.Kind == DateObject
}

// Seconds reports whether v is a Time counted in seconds.
func (v Value) Seconds() bool { return v.Kind == Time && near(v.Scale, 1) }

// From reports whether v has any of the provenance bits s.
func (v Value) From(s Src) bool { return v.Src&s != 0 }

// AtLeast reports whether v is proven to be at least n (a number, or an
// unknown number with a lower bound).
func (v Value) AtLeast(n float64) bool {
	switch v.Kind {
	case Number:
		return v.Num >= n
	case Unknown:
		return v.HasLo && v.Lo >= n
	}
	return false
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func num(n float64) Value { return Value{Kind: Number, Num: n, Lo: n, Hi: n, HasLo: true, HasHi: true} }

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// bounds returns the interval of a numeric value.
func (v Value) bounds() (lo, hi float64, hasLo, hasHi bool) {
	switch v.Kind {
	case Number:
		return v.Num, v.hi(), true, true
	case Bool:
		return v.Num, v.Num, true, true
	case Null:
		return 0, 0, true, true
	case Unknown, Time:
		return v.Lo, v.Hi, v.HasLo, v.HasHi
	}
	return 0, 0, false, false
}

func (v Value) hi() float64 {
	if v.HasHi && v.Hi > v.Num {
		return v.Hi
	}
	return v.Num
}

func (v Value) toString() (string, bool) {
	switch v.Kind {
	case String:
		return v.Str, true
	case Number:
		if v.hi() != v.Num {
			return "", false
		}
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

func (v Value) toNumber() (float64, bool) {
	switch v.Kind {
	case Number:
		if v.hi() != v.Num {
			return 0, false
		}
		return v.Num, true
	case Bool:
		return v.Num, true
	case String:
		n, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
		return n, err == nil
	case Null:
		return 0, true
	}
	return 0, false
}

// truthy tells whether a value is known truthy (1), falsy (0) or not
// known (-1).
func (v Value) truthy() int {
	if v.MayUndef {
		if v.Kind == Number && v.Num == 0 && v.hi() == 0 {
			return 0 // 0 or undefined: falsy either way
		}
		return -1
	}
	switch v.Kind {
	case Undefined, Null:
		return 0
	case Bool:
		return int(v.Num)
	case Number:
		if v.Num == 0 && v.hi() == 0 || math.IsNaN(v.Num) {
			return 0
		}
		if v.Num > 0 || v.hi() < 0 {
			return 1
		}
	case String:
		if v.Str == "" {
			return 0
		}
		return 1
	case Object, DateObject:
		return 1
	}
	return -1
}

// defined returns v without the undefined part of it.
func (v Value) defined() Value {
	v.MayUndef = false
	return v
}

// unknown returns an unknown value carrying v's provenance.
func (v Value) unknown() Value { return Value{Src: v.Src} }

// Join is the value that may be either a or b.
func Join(a, b Value) Value {
	if a.Kind == Undefined || a.Kind == Null {
		if b.Kind == a.Kind {
			a.absent = a.absent && b.absent
			return a
		}
		if !b.MayUndef {
			b.absent = a.absent
		}
		b.MayUndef = true
		return b
	}
	if b.Kind == Undefined || b.Kind == Null {
		if !a.MayUndef {
			a.absent = b.absent
		}
		a.MayUndef = true
		return a
	}
	out := Value{Src: a.Src | b.Src, MayUndef: a.MayUndef || b.MayUndef}
	out.absent = (a.absent || !a.MayUndef) && (b.absent || !b.MayUndef) && out.MayUndef
	if a.Param != nil && b.Param != nil && *a.Param == *b.Param {
		out.Param = a.Param
	}
	switch {
	case a.Kind == Number && b.Kind == Number:
		out.Kind = Number
		out.Num = math.Min(a.Num, b.Num)
		out.Hi = math.Max(a.hi(), b.hi())
		out.Lo, out.HasLo, out.HasHi = out.Num, true, true
		return out
	case a.Kind == String && b.Kind == String && a.Str == b.Str,
		a.Kind == Bool && b.Kind == Bool && a.Num == b.Num:
		out.Kind, out.Str, out.Num = a.Kind, a.Str, a.Num
		return out
	case a.Kind == Time && b.Kind == Time && a.Rel == b.Rel && (near(a.Scale, b.Scale) || a.Scale == 0 || b.Scale == 0):
		// Scale 0 is "now" in a unit not known (a parameter named now):
		// taken to be in the other's.
		out.Kind, out.Scale, out.Rel = Time, math.Max(a.Scale, b.Scale), a.Rel
		joinBounds(&out, a, b)
		return out
	case a.Kind == Object && b.Kind == Object:
		out.Kind = Object
		if a.Obj == b.Obj {
			out.Obj = a.Obj
		}
		if a.Shape == b.Shape {
			out.Shape = a.Shape
		} else {
			out.Shape = &Shape{alt: [2]*Shape{a.Shape, b.Shape}}
		}
		return out
	case a.Kind == DateObject && b.Kind == DateObject:
		out.Kind = DateObject
		if a.At != nil && b.At != nil {
			j := Join(*a.At, *b.At)
			out.At = &j
		}
		return out
	case a.Kind == Time || b.Kind == Time:
		// A time and something else: keep the unit when both are known to
		// be in it (a stored timestamp joined with now).
		if a.Millis() && b.Millis() {
			out.Kind, out.Scale = Time, 1000
		}
	}
	if isNumeric(a) && isNumeric(b) {
		joinBounds(&out, a, b)
	}
	joinSome(&out, a, b)
	return out
}

// excluding returns v without n as a path's number (a test ruled it out:
// `if (ttl)` rules out 0, `ttl !== 30` rules out 30).
func (v Value) excluding(n float64) Value {
	if v.HasSome && v.Some == n {
		v.HasSome = false
	}
	return v
}

// joinSome keeps, in a join of numbers and unknowns, the smallest number
// one of its paths is known to be.
func joinSome(out *Value, a, b Value) {
	if out.Kind != Unknown {
		return
	}
	for _, v := range [2]Value{a, b} {
		n, ok := v.Num, v.Kind == Number
		if v.Kind == Unknown {
			n, ok = v.Some, v.HasSome
		} else if v.Kind != Number {
			return
		}
		if ok && (!out.HasSome || n < out.Some) {
			out.Some, out.HasSome = n, true
		}
	}
}

func isNumeric(v Value) bool {
	return v.Kind == Number || v.Kind == Unknown && (v.HasLo || v.HasHi)
}

func joinBounds(out *Value, a, b Value) {
	alo, ahi, ahasLo, ahasHi := a.bounds()
	blo, bhi, bhasLo, bhasHi := b.bounds()
	if ahasLo && bhasLo {
		out.Lo, out.HasLo = math.Min(alo, blo), true
	}
	if ahasHi && bhasHi {
		out.Hi, out.HasHi = math.Max(ahi, bhi), true
	}
}

// Shape is what is known of an object's properties. Shapes are never
// changed: an assignment makes a new one over the old.
type Shape struct {
	props  []shapeProp
	parent *Shape
	// open: properties not listed may exist (the object was handed to
	// code that may add them, or built from something unknown).
	open bool
	// src is the provenance of properties an open shape does not list.
	src Src
	alt [2]*Shape // a join of two shapes
}

type shapeProp struct {
	name   string
	v      Value
	spread bool // v is spread into the object
	any    bool // a computed key: may be any property
}

// shapeBudget bounds the shapes one lookup visits (joins of joins share
// parts, and a chain of assignments is as long as the code): beyond it the
// property is unknown, so each lookup costs at most a constant.
const shapeBudget = 256

// Lookup returns the value of a property and whether the object may have
// it (false: provably absent, the value is then undefined).
func (s *Shape) Lookup(name string) (Value, bool) {
	budget := shapeBudget
	return s.lookup(name, &budget)
}

func (s *Shape) lookup(name string, budget *int) (Value, bool) {
	*budget--
	if s == nil || *budget < 0 {
		return Value{}, true
	}
	if s.alt[0] != nil || s.alt[1] != nil {
		a, okA := s.alt[0].lookup(name, budget)
		b, okB := s.alt[1].lookup(name, budget)
		if !okA && !okB {
			return Value{Kind: Undefined}, false
		}
		if !okA {
			a = Value{Kind: Undefined, absent: true}
		}
		if !okB {
			b = Value{Kind: Undefined, absent: true}
		}
		return Join(a, b), true
	}
	for i := len(s.props) - 1; i >= 0; i-- {
		p := &s.props[i]
		switch {
		case p.any:
			// A computed key may be this property: unknown, with no
			// provenance of its own to report.
			return Value{}, true
		case p.spread:
			switch p.v.Kind {
			case Object:
				if v, ok := p.v.Shape.lookup(name, budget); ok {
					if v.Kind == Unknown && !v.HasLo && !v.HasHi {
						v.Src |= FromSpread
					}
					if p.v.MayUndef {
						// ...(cond ? {a} : undefined): maybe not from here.
						rest, okRest := (&Shape{props: s.props[:i], parent: s.parent, open: s.open, src: s.src}).lookup(name, budget)
						if !okRest {
							rest = Value{Kind: Undefined, absent: true}
						}
						return Join(v, rest), true
					}
					return v, true
				}
			case Undefined, Null, String, Number, Bool:
			default:
				// A spread of something unknown may hold the property. When
				// the object also has it before the spread (a default, as
				// in `{ ttl: 3600, ...options }`), it is either.
				v := Value{Src: propSrc(p.v.Src) | FromSpread}
				rest, okRest := (&Shape{props: s.props[:i], parent: s.parent, open: s.open, src: s.src}).lookup(name, budget)
				if okRest {
					return Join(rest, v), true
				}
				return v, true
			}
		case p.name == name:
			return p.v, true
		}
	}
	if s.parent != nil {
		return s.parent.lookup(name, budget)
	}
	if s.open {
		return Value{Src: s.src}, true
	}
	return Value{Kind: Undefined}, false
}

// propSrc is the provenance of a property of a value from src.
func propSrc(src Src) Src {
	if src&FromParam != 0 {
		return src&^FromParam | FromParamProp
	}
	return src
}

// with returns a shape with a property set.
func (s *Shape) with(name string, v Value) *Shape {
	return &Shape{props: []shapeProp{{name: name, v: v}}, parent: s}
}

// opened returns a shape that may have any property besides the ones it
// lists.
func (s *Shape) opened(src Src) *Shape {
	return &Shape{parent: s, props: []shapeProp{{any: true, v: Value{Src: src}}}}
}

// String describes a value the way the layer's tests state their contract:
// "60", "[10, 60]", "[60, +inf) from a parameter", "now+[0, 60] s",
// "time in ms from storage", "object", "undefined".
func (v Value) String() string {
	var b strings.Builder
	bound := func(lo, hi float64, hasLo, hasHi bool) string {
		l, h := "(-inf", "+inf)"
		if hasLo {
			l = "[" + strconv.FormatFloat(lo, 'f', -1, 64)
		}
		if hasHi {
			h = strconv.FormatFloat(hi, 'f', -1, 64) + "]"
		}
		return l + ", " + h
	}
	switch v.Kind {
	case Number:
		if v.hi() == v.Num {
			b.WriteString(strconv.FormatFloat(v.Num, 'f', -1, 64))
		} else {
			b.WriteString(bound(v.Num, v.hi(), true, true))
		}
	case String:
		b.WriteString(strconv.Quote(v.Str))
	case Bool:
		b.WriteString(strconv.FormatBool(v.Num != 0))
	case Null:
		b.WriteString("null")
	case Undefined:
		b.WriteString("undefined")
	case Time:
		unit := "s"
		switch {
		case v.Scale == 0:
			unit = "(unit unknown)"
		case near(v.Scale, 1000):
			unit = "ms"
		case near(v.Scale, 1):
		case near(v.Scale, 1.0/60):
			unit = "min"
		case near(v.Scale, 1.0/3600):
			unit = "h"
		default:
			unit = "units of " + strconv.FormatFloat(1/v.Scale, 'g', 4, 64) + " s"
		}
		if v.Rel {
			b.WriteString("now+" + bound(v.Lo, v.Hi, v.HasLo, v.HasHi) + " " + unit)
		} else {
			b.WriteString("time in " + unit)
		}
	case DateObject:
		b.WriteString("Date")
		if v.At != nil {
			b.WriteString(" at " + v.At.String())
		}
	case Object:
		b.WriteString("object")
	default:
		if v.HasLo || v.HasHi {
			b.WriteString(bound(v.Lo, v.Hi, v.HasLo, v.HasHi))
		} else {
			b.WriteString("unknown")
		}
	}
	names := []struct {
		s    Src
		name string
	}{{FromParam, "a parameter"}, {FromParamProp, "a parameter's property"}, {FromField, "a field"},
		{FromTimeDiff, "a difference of times"}, {FromStored, "storage"}}
	var from []string
	for _, n := range names {
		if v.Src&n.s != 0 {
			from = append(from, n.name)
		}
	}
	if len(from) > 0 {
		b.WriteString(" from " + strings.Join(from, ", "))
	}
	if v.MayUndef {
		b.WriteString(" or undefined")
	}
	return b.String()
}

// nowNames are the names under which code passes the current time along
// (a parameter `now`, a field `ctx.now`): such a value is taken to be now,
// in a unit not known (milliseconds when the name says so).
var nowNames = map[string]float64{"now": 0, "nowSec": 1, "nowSecs": 1, "nowSeconds": 1, "nowInSeconds": 1,
	"currentTime": 0, "nowMs": 1000, "nowMillis": 1000, "currentTimestamp": 0}

// nowValue is the value of something named like the current time.
func nowValue(name string, src Src) (Value, bool) {
	scale, ok := nowNames[name]
	if !ok {
		return Value{}, false
	}
	return Value{Kind: Time, Scale: scale, Rel: true, HasLo: true, HasHi: true, Src: src}, true
}
