package counterrace

import (
	_ "embed"
	"fmt"
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "counterrace"

//go:embed doc.go
var doc string

// Analyzer reports get → modify → put of one key.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// write is a put seen from one function: its own, or a helper's that
// writes one of the call's arguments.
type write struct {
	at      *kvmodel.Op // the put, or nil for a helper's
	site    *kvmodel.CallSite
	ns      kvmodel.Namespace
	key     js_ast.Expr
	value   js_ast.Expr
	fn      *kvmodel.Func
	start   int
	pos     token.Pos
	end     token.Pos
	related []analysis.RelatedInformation
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)

	// Reads: the file's own, and calls of helpers that return what they read.
	var reads []*kvmodel.Op
	readOrigin := map[*kvmodel.Op]kvmodel.ReadAt{}
	for _, r := range m.Ops {
		if r.IsRead() && r.Fn != nil {
			reads = append(reads, r)
		}
	}
	// Writes: the file's own puts, and calls of helpers that put an argument.
	var writes []write
	for _, w := range m.Ops {
		if w.Method == kvmodel.Put && w.Fn != nil && w.Value.Data != nil {
			pos, end := m.CallRange(w)
			writes = append(writes, write{at: w, ns: w.NS, key: w.Key, value: w.Value, fn: w.Fn, start: w.Start, pos: pos, end: end})
		}
	}
	for _, c := range m.Calls {
		if c.Fn == nil {
			continue
		}
		for _, ra := range m.ReturnedReads(c) {
			reads = append(reads, ra.Op)
			readOrigin[ra.Op] = ra
		}
		for _, wa := range m.ParamWrites(c) {
			writes = append(writes, write{
				site: c, ns: wa.NS, key: wa.Key, value: wa.Value, fn: c.Fn, start: int(c.Expr.Loc.Start),
				pos: m.Pos(int(c.Expr.Loc.Start)), end: m.Pos(m.File.ExprEnd(c.Expr)),
				related: []analysis.RelatedInformation{{Pos: wa.OriginModel.Pos(wa.Origin.MethodStart), End: wa.OriginModel.Pos(wa.Origin.End), Message: "the put, in the called function"}},
			})
		}
	}

	// Writes in source order, so that a read written back on several paths
	// (`if (ok) put(k, v) else if (changed) put(k, v)`) is reported once, at
	// its first write, with the others as related locations.
	sort.SliceStable(writes, func(i, j int) bool { return writes[i].start < writes[j].start })
	reported := map[token.Pos]bool{} // a helper with two puts of the value is one finding
	byRead := map[*kvmodel.Op]int{}  // the read → its finding in diags
	var diags []analysis.Diagnostic
	// Reads indexed by key: a write is compared only with the reads that
	// may have its key, not with every read.
	byKey := m.NewKeyIndex()
	for i, r := range reads {
		byKey.Add(i, r.Key)
	}
	for _, w := range writes {
		if reported[w.pos] {
			continue
		}
		for _, ri := range byKey.Candidates(w.key) {
			r := reads[ri]
			if r.Fn != w.fn || r.Start >= w.start || !r.NS.Same(w.ns) || !m.SameKey(r.Key, w.key) {
				continue
			}
			depends := m.Modifies(w.value, r, w.at) || w.at != nil && metadataDepends(m, w.at, r)
			if !depends {
				continue
			}
			reported[w.pos] = true
			if i, ok := byRead[r]; ok {
				diags[i].Related = append(diags[i].Related, analysis.RelatedInformation{Pos: w.pos, End: w.end, Message: "the same value is also written back here"})
				break
			}
			line, _ := m.File.LineCol(r.Start)
			related := append([]analysis.RelatedInformation{{Pos: m.Pos(r.MethodStart), End: m.Pos(r.End), Message: "the value is read here"}}, w.related...)
			if ra, ok := readOrigin[r]; ok {
				related = append(related, analysis.RelatedInformation{Pos: ra.OriginModel.Pos(ra.Origin.MethodStart), End: ra.OriginModel.Pos(ra.Origin.End), Message: "the read, in the called function"})
			}
			what := "put writes back"
			if w.at == nil {
				what = "this call puts"
			}
			why := "concurrent requests lose updates, as KV has no atomic increment or compare-and-swap; use a Durable Object or D1"
			if m.Entries(w.fn) == kvmodel.EntryScheduled {
				// Only cron runs write it: no concurrent requests, but KV
				// promises no run that it reads the previous run's write.
				why = "a scheduled run may read a stale copy (KV does not promise read-your-writes, and other locations serve what they cached for 60 s or more), so one run can overwrite the previous run's update, as KV has no compare-and-swap; keep this state in a Durable Object or D1"
			}
			byRead[r] = len(diags)
			diags = append(diags, analysis.Diagnostic{
				Pos:      w.pos,
				End:      w.end,
				Category: name,
				Message: fmt.Sprintf("%s a value computed from the %s of the same key on %s (line %d): %s",
					what, r.Method, w.ns, line, why),
				Related: related,
			})
			break
		}
	}
	for _, d := range diags {
		pass.Report(d)
	}
	return nil, nil
}

// metadataDepends reports whether the put's metadata is computed from the
// read: counters kept in metadata race just the same.
func metadataDepends(m *kvmodel.Model, w, r *kvmodel.Op) bool {
	o, ok := m.Option(w, "metadata")
	return ok && o.Written && m.Modifies(o.Value, r, w)
}
