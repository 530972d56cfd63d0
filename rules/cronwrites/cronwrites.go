package cronwrites

import (
	_ "embed"
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "cronwrites"

//go:embed doc.go
var doc string

// Analyzer reports scheduled writes over the daily write budget.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// defaultBudget is the free plan's daily write limit.
const defaultBudget = 1000

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	budget := m.Tool().IntSetting(name, "daily-writes")
	counts := map[*kvmodel.ScheduledRun]map[string]int{}
	sameKind := func(run *kvmodel.ScheduledRun, method string) int {
		c, ok := counts[run]
		if !ok {
			c = map[string]int{}
			for _, w := range run.Writes {
				c[w.Op.Method] += w.Times
			}
			counts[run] = c
		}
		return c[method]
	}
	for _, op := range m.Ops {
		if !op.IsWrite() {
			continue
		}
		// The run of the busiest schedule that makes this write (puts and
		// deletes each have a daily limit of their own).
		var best *kvmodel.ScheduledRun
		var bestSched kvmodel.Schedule
		bestTotal := int64(0)
		for _, run := range m.ScheduledRuns(op) {
			w := run.EntryModel.Wrangler
			if w == nil {
				continue
			}
			s, ok := m.CronSchedule(w)
			if !ok {
				continue
			}
			if total := int64(sameKind(run, op.Method)) * int64(s.RunsPerDay); total > bestTotal {
				best, bestSched, bestTotal = run, s, total
			}
		}
		if best == nil || bestTotal <= budget {
			continue
		}
		w := best.EntryModel.Wrangler
		cronPos := m.ConfigPos(pass.Fset, w, bestSched.Busiest.Line, bestSched.Busiest.Col)
		block := "the top level"
		if bestSched.Env != "" {
			block = "[env." + bestSched.Env + "]"
		}
		related := []analysis.RelatedInformation{{
			Pos: cronPos, End: cronPos + 2 + lenToken(bestSched.Busiest.Expr),
			Message: fmt.Sprintf("the schedule (%s): %d runs a day", block, bestSched.RunsPerDay),
		}}
		if best.EntryModel != m || best.Entry != op.Fn {
			related = append(related, analysis.RelatedInformation{
				Pos: best.EntryModel.Pos(entryStart(best.Entry)), End: best.EntryModel.Pos(entryStart(best.Entry)),
				Message: "the scheduled handler",
			})
		}
		noun := "write"
		if op.Method == kvmodel.Delete {
			noun = "delete"
		}
		writes := "1 " + noun
		if n := sameKind(best, op.Method); n > 1 {
			writes = fmt.Sprintf("%d %ss", n, noun)
		}
		limit := "the free plan's limit, past which every write fails until the day resets"
		if budget != defaultBudget {
			limit = "set in kvlint.toml"
		}
		pos, end := m.CallRange(op)
		pass.Report(analysis.Diagnostic{
			Pos: pos, End: end, Category: name,
			Message: fmt.Sprintf("%s on %s runs on every scheduled run: %s per run × %d runs a day (%q) = %d a day, over the daily budget of %d (%s); write only when the value changed or is due, run less often, or set [rules.cronwrites] daily-writes for a paid plan",
				op.Method, op.NS, writes, bestSched.RunsPerDay, bestSched.Busiest.Expr, bestTotal, budget, limit),
			Related: related,
		})
	}
	return nil, nil
}

// lenToken is the length of a cron expression's text, as a position offset.
func lenToken(expr string) token.Pos { return token.Pos(len(expr)) }

// entryStart is where the scheduled handler starts.
func entryStart(fn *kvmodel.Func) int {
	switch n := fn.Node.(type) {
	case *js_ast.Fn:
		return int(n.OpenParenLoc.Start)
	case *js_ast.Expr:
		return int(n.Loc.Start)
	}
	return 0
}
