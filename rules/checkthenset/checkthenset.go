package checkthenset

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "checkthenset"

//go:embed doc.go
var doc string

// Analyzer reports writes decided by a read of the same key.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// write is a put or delete seen in a function: its own, or a helper's.
type write struct {
	method  string
	ns      kvmodel.Namespace
	key     js_ast.Expr
	value   js_ast.Expr // puts made here: the value; nil Data otherwise
	node    js_ast.Expr
	parents []any
	op      *kvmodel.Op
	opModel *kvmodel.Model
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	writes := map[*kvmodel.Func][]write{}
	var reads []*kvmodel.Op
	presence := map[*kvmodel.Op]bool{} // reads by helpers that return only whether the key exists
	for _, op := range m.Ops {
		if op.Fn == nil {
			continue
		}
		switch {
		case op.IsWrite():
			writes[op.Fn] = append(writes[op.Fn], write{op.Method, op.NS, op.Key, op.Value, op.Expr, op.Parents, op, m})
		case op.IsRead():
			reads = append(reads, op)
		}
	}
	for _, c := range m.Calls {
		if c.Fn == nil {
			continue
		}
		for _, ra := range m.ReturnedReads(c) {
			reads = append(reads, ra.Op)
			presence[ra.Op] = ra.Presence
		}
		for _, eff := range m.Effects(c.Call) {
			if eff.Method == kvmodel.Delete && eff.Key.Data != nil {
				writes[c.Fn] = append(writes[c.Fn], write{eff.Method, eff.NS, eff.Key, js_ast.Expr{}, c.Expr, c.Parents, eff.Op, eff.OpModel})
			}
		}
		// A helper that puts what it is given: putJson(key, { token }).
		for _, wa := range m.ParamWrites(c) {
			if wa.Key.Data != nil {
				writes[c.Fn] = append(writes[c.Fn], write{wa.Method, wa.NS, wa.Key, wa.Value, c.Expr, c.Parents, wa.Origin, wa.OriginModel})
			}
		}
	}
	// Writes indexed by key, per function: a read is compared only with
	// the writes that may have its key (so that the pairs compared stay
	// few however many keys a function writes).
	index := map[*kvmodel.Func]*kvmodel.KeyIndex{}
	for fn, ws := range writes {
		ix := m.NewKeyIndex()
		for i, w := range ws {
			ix.Add(i, w.key)
		}
		index[fn] = ix
	}
	// Every put of the file (its own or a helper's), by key and by kind of
	// key, for retaken.
	puts := &putIndex{ix: m.NewKeyIndex(), segs: map[string]bool{}}
	for _, ws := range writes {
		for _, w := range ws {
			if w.method == kvmodel.Put && w.key.Data != nil {
				puts.ix.Add(len(puts.all), w.key)
				puts.all = append(puts.all, w)
				if seg := m.KeySegment(w.key); seg != "" && (w.ns.Binding != "" || w.ns.ID != "") {
					puts.segs[nsSeg(w.ns, seg)] = true
				}
			}
		}
	}
	reported := map[js_ast.E]bool{}
	returnDeps := map[*kvmodel.Func]*kvmodel.ReturnFlow{} // per function, on need
	for _, r := range reads {
		if r.Key.Data == nil || isArray(r.Key) {
			continue
		}
		var value *kvmodel.ReadValue
		var usedAsData, known bool
		ix := index[r.Fn]
		if ix == nil {
			continue
		}
		var cands []write
		for _, i := range ix.Candidates(r.Key) {
			cands = append(cands, writes[r.Fn][i])
		}
		for _, w := range cands {
			if reported[w.node.Data] || !w.ns.Same(r.NS) || !m.SameKey(w.key, r.Key) {
				continue
			}
			if !kvmodel.MayFollow(r.Expr, r.Parents, w.node, w.parents) || m.NamesCache(r.NS, r.Key) {
				continue
			}
			if value == nil {
				value = m.ReadValue(r)
			}
			test, ok := value.Decides(w.node, w.parents)
			if !ok {
				continue
			}
			if w.method == kvmodel.Delete && kvmodel.InCatch(w.parents) {
				continue // what was read could not be used (a corrupt entry dropped)
			}
			if w.method == kvmodel.Delete && (releases(m, r, w, cands) ||
				(presence[r] || !value.Returned(deps(m, r.Fn, returnDeps)) || kvmodel.DropsAfter(w.parents)) && (!value.ComparesContent(test) || !retaken(m, r, puts))) {
				// A lock released (the put that took it is the finding), or
				// a delete-if-present that hands nothing on (whether the
				// key was there is not what it held), or a delete of an
				// entry the path then reports as gone (expired, invalid):
				// deleting twice does no harm. But a delete decided by what the key holds
				// (the lock is still ours), of a key other code puts anew,
				// deletes what another request may have put there since.
				continue
			}
			claim := "" // a create-if-absent: how
			if w.method == kvmodel.Put {
				at := &kvmodel.Op{Expr: w.node, Parents: w.parents}
				if w.value.Data == nil || m.DependsOn(w.value, r, at) || m.RandomKey(r.Key) {
					continue // an update, or a fresh random key checked for a collision
				}
				if !known {
					usedAsData, known = value.UsedAsData(), true
				}
				if m.FromAnotherSource(w.value) || usedAsData {
					// A cache hit served, a miss filled; unless a hit is
					// refused, or the miss is filled with what the request
					// brought: a create-if-absent.
					present, ok := value.PresentPath(test, w.node, w.parents)
					if !ok || m.KeyFromValue(w.key, w.value) {
						continue
					}
					switch {
					case value.Refuses(present):
						claim = "refused when the key exists"
					case m.FromRequest(w.value):
						claim = "made with the request's data only when the key is missing"
					default:
						continue
					}
				}
			}
			reported[w.node.Data] = true
			rline, _ := m.File.LineCol(r.Start)
			tline, _ := m.File.LineCol(int(test.Loc.Start))
			pos, end := m.Pos(int(w.node.Loc.Start)), m.Pos(m.File.ExprEnd(w.node))
			if w.opModel == m && w.op.Expr.Data == w.node.Data {
				pos, end = m.CallRange(w.op)
			}
			related := []analysis.RelatedInformation{{Pos: m.Pos(r.MethodStart), End: m.Pos(r.End), Message: "the check: a " + r.Method + " of the same key"}}
			if w.opModel != m || w.op.Expr.Data != w.node.Data {
				related = append(related, analysis.RelatedInformation{Pos: w.opModel.Pos(w.op.MethodStart), End: w.opModel.Pos(w.op.End), Message: "the " + w.method + ", in the called function"})
			}
			what := "the key is deleted"
			if w.method == kvmodel.Put {
				what = "the key is put"
			}
			if claim != "" {
				pass.Report(analysis.Diagnostic{
					Pos: pos, End: end, Category: name,
					Message: fmt.Sprintf("put on %s decided by a %s of the same key (line %d, tested on line %d), %s: KV has no compare-and-swap and other locations serve the value they read (or its absence) for 60 s or more, so two concurrent creates of the same key both pass the check and the later put overwrites the earlier; use a Durable Object, or D1 with a unique constraint",
						r.NS, r.Method, rline, tline, claim),
					Related: related,
				})
				continue
			}
			pass.Report(analysis.Diagnostic{
				Pos: pos, End: end, Category: name,
				Message: fmt.Sprintf("%s on %s decided by a %s of the same key (line %d, tested on line %d): KV has no compare-and-swap and other locations serve the value they read for 60 s or more, so two requests can both pass the check before %s (a token used twice, a lock taken twice); use a Durable Object, or D1 with a unique constraint",
					w.method, r.NS, r.Method, rline, tline, what),
				Related: related,
			})
		}
	}
	return nil, nil
}

// deps returns (and remembers) the variables that reach fn's returns.
func deps(m *kvmodel.Model, fn *kvmodel.Func, memo map[*kvmodel.Func]*kvmodel.ReturnFlow) *kvmodel.ReturnFlow {
	d, ok := memo[fn]
	if !ok {
		d = m.ReturnDeps(fn)
		memo[fn] = d
	}
	return d
}

// releases reports whether a put of the same key comes between the read
// and the delete: the delete undoes what this run wrote.
func releases(m *kvmodel.Model, r *kvmodel.Op, del write, ws []write) bool {
	for _, p := range ws {
		if p.method == kvmodel.Put && p.key.Data != nil && p.ns.Same(del.ns) && m.SameKey(p.key, del.key) &&
			kvmodel.MayFollow(r.Expr, r.Parents, p.node, p.parents) && kvmodel.MayFollow(p.node, p.parents, del.node, del.parents) {
			return true
		}
	}
	return false
}

// retaken reports whether the file puts the read's key (or its kind of
// key, the same first segment) on the namespace somewhere: the key is
// taken again, by this code, after it is deleted.
func retaken(m *kvmodel.Model, r *kvmodel.Op, puts *putIndex) bool {
	if seg := m.KeySegment(r.Key); seg != "" && puts.segs[nsSeg(r.NS, seg)] {
		return true
	}
	for _, i := range puts.ix.Candidates(r.Key) {
		if p := puts.all[i]; p.ns.Same(r.NS) && m.SameKey(p.key, r.Key) {
			return true
		}
	}
	return false
}

func nsSeg(ns kvmodel.Namespace, seg string) string {
	if ns.Binding != "" {
		return "b\x00" + ns.Binding + "\x00" + seg
	}
	return "i\x00" + ns.ID + "\x00" + seg
}

type putIndex struct {
	all  []write
	ix   *kvmodel.KeyIndex
	segs map[string]bool // namespace + key segment
}

func isArray(e js_ast.Expr) bool {
	_, ok := e.Data.(*js_ast.EArray)
	return ok
}
