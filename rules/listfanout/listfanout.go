package listfanout

import (
	_ "embed"
	"fmt"
	"go/token"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "listfanout"

//go:embed doc.go
var doc string

// Analyzer reports KV operations run once per key of a list() result.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	// One finding per list(): its first per-key operation in this file,
	// with the others as related locations. A loop that gets, then deletes,
	// each key is one mistake, not two.
	// A helper's list() reached from two functions is two findings.
	type group struct {
		list *kvmodel.Op
		fn   *kvmodel.Func
	}
	var order []group
	byList := map[group][]kvmodel.Fanout{}
	for _, f := range m.Fanouts() {
		g := group{f.List, f.Fn}
		if _, ok := byList[g]; !ok {
			order = append(order, g)
		}
		byList[g] = append(byList[g], f)
	}
	for _, g := range order {
		report(pass, m, byList[g])
	}
	return nil, nil
}

// direct reports whether f's operation is the KV call itself, written in
// this file (not a call of a helper that makes it).
func direct(m *kvmodel.Model, f kvmodel.Fanout) bool {
	return f.OpModel == m && f.Op.Expr.Data == f.Node.Data
}

// span is where f is seen in this file: the KV call, or the helper's call.
func span(m *kvmodel.Model, f kvmodel.Fanout) (token.Pos, token.Pos) {
	if direct(m, f) {
		return m.CallRange(f.Op)
	}
	return m.Pos(int(f.Node.Loc.Start)), m.Pos(m.File.ExprEnd(f.Node))
}

func report(pass *analysis.Pass, m *kvmodel.Model, fs []kvmodel.Fanout) {
	f := fs[0]
	op := f.Op
	pos, end := span(m, f)
	var related []analysis.RelatedInformation
	if !direct(m, f) {
		related = append(related, analysis.RelatedInformation{
			Pos: f.OpModel.Pos(op.MethodStart), End: f.OpModel.Pos(op.End), Message: "the " + op.Method + ", in the called function",
		})
	}
	where := ""
	if f.ListModel == m {
		line, _ := m.File.LineCol(f.List.Start)
		where = fmt.Sprintf(" (line %d)", line)
	} else {
		line, _ := f.ListModel.File.LineCol(f.List.Start)
		where = fmt.Sprintf(" (%s:%d)", filepath.Base(f.ListModel.File.Path), line)
		related = append(related, analysis.RelatedInformation{
			Pos: f.ListModel.Pos(f.List.MethodStart), End: f.ListModel.Pos(f.List.End), Message: "the list()",
		})
	}
	for _, g := range fs[1:] {
		p, e := span(m, g)
		related = append(related, analysis.RelatedInformation{Pos: p, End: e, Message: "another " + g.Op.Method + " once per key of the same list()"})
	}
	what := op.Method
	if !direct(m, f) {
		what = "a call that makes a " + op.Method
	}
	if n := len(fs); n > 1 {
		what += fmt.Sprintf(" (and %d more operations)", n-1)
	}
	page := pageSize(f)
	ops := page*len(fs) + 1
	cost := fmt.Sprintf("a full page of %d keys costs %d operations against the limit of 1000 per invocation", page, ops)
	if ops <= 1000 {
		cost = fmt.Sprintf("a full page of %d keys costs %d operations", page, ops)
		if allReads(fs) {
			cost += fmt.Sprintf(" where bulk reads of 100 keys would make %d", (page+99)/100+1)
		}
	}
	fix := advice(op.Method)
	switch m.CallerBoundOf(f) {
	case kvmodel.CallerCount:
		fix = "the loop stops after a count the caller passes, and nothing clamps it: clamp it to a constant (Math.min(n, 100)), or " + fix
	case kvmodel.CallerLimit:
		fix = "the page size is the caller's, and nothing clamps it: clamp the limit (Math.min(limit, 100)), or " + fix
	}
	pass.Report(analysis.Diagnostic{
		Pos: pos, End: end, Category: name,
		Message: fmt.Sprintf("%s on %s once per key returned by list()%s: %s, and awaited one by one it grows slower with every key; %s",
			what, op.NS, where, cost, fix),
		Related: related,
	})
}

// pageSize is how many keys the fan-out's list() reads at most, when it
// reads one page (no loop around it, no cursor): its limit when proven
// below 1000 (`Math.min(opts.limit, 500)`), else 1000.
func pageSize(f kvmodel.Fanout) int {
	if f.ListModel == nil || f.List == nil || f.List.Loop > 0 || f.List.Fn.InLoop() {
		return 1000
	}
	if _, ok := f.ListModel.Option(f.List, "cursor"); ok {
		return 1000
	}
	o, ok := f.ListModel.Option(f.List, "limit")
	if !ok {
		return 1000
	}
	v := f.ListModel.Eval(o.Value)
	hi, known := v.Num, v.Kind == kvmodel.Number
	if v.HasHi && (known || v.Kind == kvmodel.Unknown) {
		hi, known = max(hi, v.Hi), true
	}
	if !known || hi >= 1000 || hi < 1 {
		return 1000
	}
	return int(hi)
}

// allReads reports whether every per-key operation is a get (bulk reads
// exist; bulk writes and deletes do not, in a Worker).
func allReads(fs []kvmodel.Fanout) bool {
	for _, f := range fs {
		if !f.Op.IsRead() {
			return false
		}
	}
	return true
}

func advice(method string) string {
	switch method {
	case kvmodel.Get, kvmodel.GetWithMetadata:
		return "read up to 100 keys in one bulk get([...]) (one operation), keep what you need in list() metadata, list a narrower prefix, or continue in Queue batches"
	case kvmodel.Delete:
		return "set an expiration when writing instead, list a narrower prefix, or delete in Queue batches"
	}
	return "write what belongs together under one key, list a narrower prefix, or continue in Queue batches"
}
