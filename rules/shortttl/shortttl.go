package shortttl

import (
	_ "embed"
	"fmt"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "shortttl"

//go:embed doc.go
var doc string

// Analyzer reports expirations below KV's minimums.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// KV's minimums (KV_FACTS.md, "Limits").
const (
	minExpirationTTL = 60
	minCacheTTL      = 30
	minAhead         = 60
)

// Warning marks findings that are warnings whatever the rule's severity:
// the value is not provably short, only not provably long enough.
const Warning = "warning"

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, op := range m.Ops {
		switch op.Method {
		case kvmodel.Put:
			if o, ok := m.Option(op, "expirationTtl"); ok {
				checkTTL(pass, m, op, o)
			}
			if o, ok := m.Option(op, "expiration"); ok {
				checkExpiration(pass, m, op, o)
			}
		case kvmodel.Get, kvmodel.GetWithMetadata:
			if o, ok := m.Option(op, "cacheTtl"); ok {
				if v := m.Eval(o.Value); v.IsNumber() && v.Num < minCacheTTL {
					report(pass, m, op, o, "", fmt.Sprintf("cacheTtl %s is below KV's minimum of %d seconds: the read is rejected", num(v.Num), minCacheTTL))
				}
			}
		}
	}
	return nil, nil
}

func checkTTL(pass *analysis.Pass, m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option) {
	if clampedBeforeUse(m, op, o.Value) {
		return
	}
	v := m.Eval(o.Value)
	switch {
	case v.IsNumber():
		if v.Num < minExpirationTTL {
			d := diagnostic(m, op, o, "", fmt.Sprintf("expirationTtl %s is below KV's minimum of %d seconds: the put fails with 400 Invalid expiration_ttl", num(v.Num), minExpirationTTL))
			if _, literal := o.Value.Data.(*js_ast.ENumber); literal && o.Written {
				// Raising the TTL changes how long the value lives: unsafe.
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   kvmodel.UnsafeFix + "raise expirationTtl to the minimum, 60",
					TextEdits: []analysis.TextEdit{{Pos: m.Pos(int(o.Value.Loc.Start)), End: m.Pos(m.File.ExprEnd(o.Value)), NewText: []byte("60")}},
				}}
			}
			pass.Report(d)
		}
	case v.Kind == kvmodel.Time:
		// An absolute time used as a TTL is expirationunit's finding.
	case v.HasMin && v.Min >= minExpirationTTL:
	case v.TimeDiff || v.Param:
		what := "a parameter"
		if v.TimeDiff {
			what = "a difference of times"
		}
		report(pass, m, op, o, Warning, fmt.Sprintf("expirationTtl is computed from %s and not clamped to at least %d: a value below %d makes the put fail; use Math.max(%d, ttl)", what, minExpirationTTL, minExpirationTTL, minExpirationTTL))
	}
}

func checkExpiration(pass *analysis.Pass, m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option) {
	v := m.Eval(o.Value)
	switch {
	case v.Kind == kvmodel.Time && !v.Millis:
		if v.Num < minAhead {
			report(pass, m, op, o, "", fmt.Sprintf("expiration is only %s seconds after now: KV requires at least %d seconds in the future, so the put fails with 400 Invalid expiration", num(v.Num), minAhead))
		}
	case v.IsNumber():
		if now := float64(time.Now().Unix()); v.Num < now+minAhead {
			report(pass, m, op, o, "", fmt.Sprintf("expiration %s is not at least %d seconds in the future (it is an absolute time in seconds since the epoch): the put fails", num(v.Num), minAhead))
		}
	}
}

func report(pass *analysis.Pass, m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option, severity, msg string) {
	pass.Report(diagnostic(m, op, o, severity, msg))
}

func diagnostic(m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option, severity, msg string) analysis.Diagnostic {
	pos, end := m.OptionRange(op, o)
	category := name
	if severity == Warning {
		category = kvmodel.AtMostWarning(category)
	}
	return analysis.Diagnostic{Pos: pos, End: end, Category: category, Message: msg}
}

func num(f float64) string { return fmt.Sprintf("%v", f) }

// clampedBeforeUse reports whether the TTL is a + b·x for a variable x
// (a > 0) that the enclosing function leaves by return or throw while it
// is below some bound C, before the put, with a + b·C at least the minimum:
// `if (ttl < 60) return`, or `if (ttl < 60 * 1000) throw ...` before
// `expirationTtl: ttl / 1000`.
func clampedBeforeUse(m *kvmodel.Model, op *kvmodel.Op, ttl js_ast.Expr) bool {
	ref, scale, offset, ok := linear(m, ttl, 0)
	if !ok || scale <= 0 || op.Fn == nil {
		return false
	}
	for _, s := range op.Fn.Body() {
		if int(s.Loc.Start) >= op.Start {
			break
		}
		sif, ok := s.Data.(*js_ast.SIf)
		if !ok || !kvmodel.Exits(sif.Yes) {
			continue
		}
		if bound, ok := lowerBoundAfter(m, sif.Test, ref); ok && scale*bound+offset >= minExpirationTTL {
			return true
		}
	}
	return false
}

// linear matches e against scale·x + offset for one variable x (through
// + - * / by constants and Math.floor/ceil/round/trunc).
func linear(m *kvmodel.Model, e js_ast.Expr, depth int) (ref ast.Ref, scale, offset float64, ok bool) {
	if depth > 8 {
		return ref, 0, 0, false
	}
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		return m.File.Resolve(x.Ref), 1, 0, true
	case *js_ast.ECall:
		if d, isDot := x.Target.Data.(*js_ast.EDot); isDot && len(x.Args) == 1 {
			if id, isID := d.Target.Data.(*js_ast.EIdentifier); isID && m.File.IsUnbound(id.Ref) && m.File.Name(id.Ref) == "Math" {
				switch d.Name {
				case "floor", "ceil", "round", "trunc":
					return linear(m, x.Args[0], depth+1)
				}
			}
		}
	case *js_ast.EBinary:
		if c := m.Eval(x.Right); c.IsNumber() {
			r, a, b, ok := linear(m, x.Left, depth+1)
			if !ok {
				break
			}
			switch x.Op {
			case js_ast.BinOpAdd:
				return r, a, b + c.Num, true
			case js_ast.BinOpSub:
				return r, a, b - c.Num, true
			case js_ast.BinOpMul:
				return r, a * c.Num, b * c.Num, true
			case js_ast.BinOpDiv:
				if c.Num != 0 {
					return r, a / c.Num, b / c.Num, true
				}
			}
		} else if c := m.Eval(x.Left); c.IsNumber() && (x.Op == js_ast.BinOpAdd || x.Op == js_ast.BinOpMul) {
			r, a, b, ok := linear(m, x.Right, depth+1)
			if ok {
				if x.Op == js_ast.BinOpAdd {
					return r, a, b + c.Num, true
				}
				return r, a * c.Num, b * c.Num, true
			}
		}
	}
	return ref, 0, 0, false
}

// lowerBoundAfter returns C when test is true whenever ref < C (`ref < C`,
// `ref <= C`, `C > ref`, `C >= ref`, or a disjunction containing one), so
// that ref >= C once an exiting branch on test is passed.
func lowerBoundAfter(m *kvmodel.Model, test js_ast.Expr, ref ast.Ref) (float64, bool) {
	b, ok := test.Data.(*js_ast.EBinary)
	if !ok {
		return 0, false
	}
	if b.Op == js_ast.BinOpLogicalOr {
		if c, ok := lowerBoundAfter(m, b.Left, ref); ok {
			return c, true
		}
		return lowerBoundAfter(m, b.Right, ref)
	}
	isRef := func(e js_ast.Expr) bool {
		id, ok := e.Data.(*js_ast.EIdentifier)
		return ok && m.File.Resolve(id.Ref) == ref
	}
	bound := func(e js_ast.Expr) (float64, bool) {
		v := m.Eval(e)
		return v.Num, v.IsNumber()
	}
	switch {
	case isRef(b.Left) && (b.Op == js_ast.BinOpLt || b.Op == js_ast.BinOpLe):
		return bound(b.Right)
	case isRef(b.Right) && (b.Op == js_ast.BinOpGt || b.Op == js_ast.BinOpGe):
		return bound(b.Left)
	}
	return 0, false
}
