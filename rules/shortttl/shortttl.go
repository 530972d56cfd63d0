package shortttl

import (
	_ "embed"
	"fmt"
	"math"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
	"github.com/kvlint/kvlint/rules/valueflow"
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
			if v, o, ok := m.OptionValue(op, "expirationTtl"); ok {
				checkTTL(pass, m, op, o, v)
			}
			if v, o, ok := m.OptionValue(op, "expiration"); ok {
				checkExpiration(pass, m, op, o, v)
			}
		case kvmodel.Get, kvmodel.GetWithMetadata:
			if v, o, ok := m.OptionValue(op, "cacheTtl"); ok {
				switch {
				case v.IsNumber() && v.Num < minCacheTTL:
					report(pass, m, op, o, "", fmt.Sprintf("cacheTtl %s is below KV's minimum of %d seconds: the read is rejected", num(v.Num), minCacheTTL))
				case fallsBelow(v, minCacheTTL):
					report(pass, m, op, o, "", fmt.Sprintf("cacheTtl is %s when its default or fallback applies, below KV's minimum of %d seconds: on that path the read is rejected", num(v.Some), minCacheTTL))
				}
			}
		}
	}
	return nil, nil
}

// origin names where an unproven value comes from, for messages ("" when
// nothing says it may be short).
func origin(v kvmodel.Value) string {
	switch {
	case v.From(valueflow.FromTimeDiff):
		return "a difference of times"
	case v.From(valueflow.FromSpread):
		// Spread in from an object the code never looks into.
	case v.From(valueflow.FromField):
		return "an option kept in a field"
	case v.From(valueflow.FromParamProp):
		return "a parameter's property"
	case v.From(valueflow.FromParam):
		return "a parameter"
	}
	return ""
}

func checkTTL(pass *analysis.Pass, m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option, v kvmodel.Value) {
	switch {
	case v.Kind == kvmodel.Undefined:
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
	case v.Kind == kvmodel.Time, v.Kind == kvmodel.DateObject:
		// An absolute time used as a TTL is expirationunit's finding.
	case v.AtLeast(minExpirationTTL):
	case fallsBelow(v, minExpirationTTL):
		report(pass, m, op, o, "", fmt.Sprintf("expirationTtl is %s when its default or fallback applies, below KV's minimum of %d seconds: on that path the put fails with 400 Invalid expiration_ttl", num(v.Some), minExpirationTTL))
	case v.Kind == kvmodel.Unknown && v.HasHi && v.Hi < minExpirationTTL && !v.MayUndef && v.Src != 0:
		report(pass, m, op, o, "", fmt.Sprintf("expirationTtl is at most %s, below KV's minimum of %d seconds: the put fails with 400 Invalid expiration_ttl", num(v.Hi), minExpirationTTL))
	case m.CallerOptions(op):
		// A wrapper handing its caller's options to KV computes no TTL.
	default:
		if what := origin(v); what != "" {
			report(pass, m, op, o, Warning, fmt.Sprintf("expirationTtl is computed from %s and not clamped to at least %d: a value below %d makes the put fail; use Math.max(%d, ttl)", what, minExpirationTTL, minExpirationTTL, minExpirationTTL))
		}
	}
}

// fallsBelow reports whether a value not known in general is below floor
// on a path the code writes out: a default or fallback (`opts.ttl ?? 30`).
func fallsBelow(v kvmodel.Value, floor float64) bool {
	return v.Kind == kvmodel.Unknown && v.HasSome && v.Some < floor && !v.AtLeast(floor)
}

func checkExpiration(pass *analysis.Pass, m *kvmodel.Model, op *kvmodel.Op, o kvmodel.Option, v kvmodel.Value) {
	const fix = "use Math.max(now + 60, expiration) or return early when it is closer"
	switch {
	case v.Kind == kvmodel.Time && v.Rel && v.Seconds():
		switch {
		case v.HasHi && v.Hi < minAhead:
			report(pass, m, op, o, "", fmt.Sprintf("expiration is only %s seconds after now: KV requires at least %d seconds in the future, so the put fails with 400 Invalid expiration", num(v.Hi), minAhead))
		case v.HasLo && v.Lo >= minAhead:
		case v.HasLo:
			report(pass, m, op, o, Warning, fmt.Sprintf("expiration can be as little as %s seconds after now (a window or hour boundary): KV rejects one less than %d seconds ahead with 400 Invalid expiration; %s", num(math.Max(v.Lo, 0)), minAhead, fix))
		case v.From(valueflow.FromTime):
			report(pass, m, op, o, Warning, fmt.Sprintf("expiration is a window boundary, not proven to be at least %d seconds after now: in the window's last minute the put fails with 400 Invalid expiration; %s", minAhead, fix))
		default:
			if what := origin(v); what != "" {
				report(pass, m, op, o, Warning, fmt.Sprintf("expiration is now plus a time from %s, not proven to be at least %d seconds: a shorter one makes the put fail; %s", what, minAhead, fix))
			}
		}
	case v.Kind == kvmodel.Time && v.Rel, v.Millis():
		// Milliseconds are expirationunit's finding.
	case v.IsNumber():
		if now := float64(time.Now().Unix()); v.Num < now+minAhead {
			report(pass, m, op, o, "", fmt.Sprintf("expiration %s is not at least %d seconds in the future (it is an absolute time in seconds since the epoch): the put fails", num(v.Num), minAhead))
		}
	case m.CallerOptions(op):
		// A wrapper handing its caller's options to KV computes no time.
	case v.Kind == kvmodel.Time && !v.Millis(), v.Kind == kvmodel.Unknown:
		what := ""
		switch {
		case v.From(valueflow.FromStored):
			what = "a timestamp read from storage or a request"
		case v.From(valueflow.FromField | valueflow.FromParam | valueflow.FromParamProp):
			what = "a timestamp passed in"
		}
		if what != "" && !v.From(valueflow.FromTimeDiff|valueflow.FromSpread) {
			report(pass, m, op, o, Warning, fmt.Sprintf("expiration is %s, not proven to be at least %d seconds in the future: a put with one closer fails with 400 Invalid expiration; %s", what, minAhead, fix))
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
