package expirationunit

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "expirationunit"

//go:embed doc.go
var doc string

// Analyzer reports expirations in milliseconds.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	for _, op := range m.Ops {
		if op.Method != kvmodel.Put {
			continue
		}
		if v, o, ok := m.OptionValue(op, "expiration"); ok {
			var msg string
			switch {
			case v.Kind == kvmodel.DateObject:
				msg = "expiration is a Date object, but KV expects seconds since the epoch: use Math.floor(date.getTime() / 1000)"
			case v.Millis():
				msg = "expiration is computed in milliseconds (Date.now(), getTime()), but KV expects seconds since the epoch: divide by 1000 and floor it, or the put fails with Value out of range"
			}
			if msg != "" {
				pos, end := m.OptionRange(op, o)
				pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: name, Message: msg})
			}
		}
		if v, o, ok := m.OptionValue(op, "expirationTtl"); ok && (v.Kind == kvmodel.Time || v.Kind == kvmodel.DateObject) {
			pos, end := m.OptionRange(op, o)
			pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: name,
				Message: "expirationTtl is seconds from now, but this is an absolute time: use expiration for a point in time, or pass the number of seconds to live"})
		}
	}
	return nil, nil
}
