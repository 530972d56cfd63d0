package readafterwrite

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "readafterwrite"

//go:embed doc.go
var doc string

// Analyzer reports reads of a key after a write of it.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// event is a KV operation seen from one function: its own op, or the
// effect of a call it makes.
type event struct {
	method  string
	ns      kvmodel.Namespace
	key     js_ast.Expr // in the function's terms
	node    js_ast.Expr // the op or call expression in the function
	parents []any
	fn      *kvmodel.Func
	op      *kvmodel.Op // the operation itself (maybe in another function)
	opModel *kvmodel.Model
}

func (e event) isWrite() bool { return e.method == kvmodel.Put || e.method == kvmodel.Delete }
func (e event) isRead() bool  { return e.method == kvmodel.Get || e.method == kvmodel.GetWithMetadata }

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	var events []event
	for _, op := range m.Ops {
		if op.Fn != nil {
			events = append(events, event{op.Method, op.NS, op.Key, op.Expr, op.Parents, op.Fn, op, m})
		}
	}
	for _, c := range m.Calls {
		if c.Fn == nil {
			continue
		}
		for _, eff := range m.Effects(c.Call) {
			events = append(events, event{eff.Method, eff.NS, eff.Key, c.Expr, c.Parents, c.Fn, eff.Op, eff.OpModel})
		}
	}
	reported := map[js_ast.E]bool{}
	// Writes indexed by key: a read is compared only with the writes that
	// may have its key, not with every write.
	writes := m.NewKeyIndex()
	for i, w := range events {
		if w.isWrite() {
			writes.Add(i, w.key)
		}
	}
	for _, r := range events {
		if !r.isRead() || r.key.Data == nil || reported[r.node.Data] {
			continue
		}
		for _, wi := range writes.Candidates(r.key) {
			w := events[wi]
			if !w.isWrite() || w.fn != r.fn || w.key.Data == nil || !w.ns.Same(r.ns) || !m.SameKey(w.key, r.key) {
				continue
			}
			if !kvmodel.MayFollow(w.node, w.parents, r.node, r.parents) || m.Unordered(w.node, w.parents, r.node, r.parents) {
				continue
			}
			reported[r.node.Data] = true
			wline, _ := m.File.LineCol(int(w.node.Loc.Start))
			pos, end := m.Pos(int(r.node.Loc.Start)), m.Pos(m.File.ExprEnd(r.node))
			if r.opModel == m && r.op.Expr.Data == r.node.Data {
				pos = m.Pos(r.op.MethodStart)
			}
			related := []analysis.RelatedInformation{{
				Pos: m.Pos(int(w.node.Loc.Start)), End: m.Pos(m.File.ExprEnd(w.node)),
				Message: fmt.Sprintf("the %s of the same key", w.method),
			}}
			if w.opModel != nil && w.op.Expr.Data != w.node.Data {
				related = append(related, analysis.RelatedInformation{
					Pos: w.opModel.Pos(w.op.MethodStart), End: w.opModel.Pos(w.op.End), Message: "the write, in the called function",
				})
			}
			if r.opModel != nil && r.op.Expr.Data != r.node.Data {
				related = append(related, analysis.RelatedInformation{
					Pos: r.opModel.Pos(r.op.MethodStart), End: r.opModel.Pos(r.op.End), Message: "the read, in the called function",
				})
			}
			pass.Report(analysis.Diagnostic{
				Pos: pos, End: end, Category: name,
				Message: fmt.Sprintf("%s of a key on %s after a %s of the same key (line %d): KV does not guarantee read-your-writes, even where the write happened; use the value written",
					r.method, r.ns, w.method, wline),
				Related: related,
			})
			break
		}
	}
	return nil, nil
}
