package bulkget

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "bulkget"

//go:embed doc.go
var doc string

// Analyzer reports sequential gets that one bulk get would do.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

// maxBulk is how many keys one bulk get reads.
const maxBulk = 100

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	if isTest(m.File.Path) {
		return nil, nil // tests read key after key to check each: no request waits
	}
	runs := m.GetRuns()
	if len(runs) == 0 {
		return nil, nil
	}
	names := newNamer(m.File.Src)
	for _, r := range runs {
		if distinctKeys(m, r) < 2 {
			continue // the same key read again: a repeated read, not a bulk read
		}
		first := r.Gets[0]
		var related []analysis.RelatedInformation
		for _, g := range r.Gets[1:] {
			related = append(related, analysis.RelatedInformation{Pos: m.Pos(g.MethodStart), End: m.Pos(g.End), Message: "another get on " + g.NS.String()})
		}
		pos, end := m.CallRange(first)
		d := analysis.Diagnostic{
			Pos: pos, End: end, Category: name,
			Message: fmt.Sprintf("%d gets on %s awaited one after another, with keys that do not depend on one another: one bulk get([...]) reads them in one operation and one round trip (up to %d keys)",
				len(r.Gets), first.NS, maxBulk),
			Related: related,
		}
		if fix, ok := rewrite(m, r, names); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
	return nil, nil
}

// distinctKeys counts the different keys of a run: by constant value where
// the key evaluates to a string, else by the key's source text.
func distinctKeys(m *kvmodel.Model, r kvmodel.GetRun) int {
	seen := map[string]bool{}
	for _, g := range r.Gets {
		k := "src:" + string(m.File.Src[g.Key.Loc.Start:m.File.ExprEnd(g.Key)])
		if v := m.Eval(g.Key); v.Kind == kvmodel.String {
			k = "const:" + v.Str
		}
		seen[k] = true
	}
	return len(seen)
}

// isTest reports a test file: *.test.*, *.spec.*, or under __tests__,
// test or tests.
func isTest(path string) bool {
	p := "/" + strings.ReplaceAll(path, "\\", "/")
	base := p[strings.LastIndexByte(p, '/')+1:]
	return strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") ||
		strings.Contains(p, "/__tests__/") || strings.Contains(p, "/test/") || strings.Contains(p, "/tests/")
}

// rewrite builds the fix: one bulk read before the first statement, each
// await replaced by a lookup in its Map.
func rewrite(m *kvmodel.Model, r kvmodel.GetRun, names *namer) (analysis.SuggestedFix, bool) {
	src := m.File.Src
	text := func(e js_ast.Expr) string { return string(src[e.Loc.Start:m.File.ExprEnd(e)]) }
	if len(r.Gets) > maxBulk || r.First == nil {
		return analysis.SuggestedFix{}, false
	}
	var target, opts string
	var keys []string
	seen := map[string]bool{}
	for i, g := range r.Gets {
		d, ok := g.Call.Target.Data.(*js_ast.EDot)
		if !ok || !simple(g.Key) {
			return analysis.SuggestedFix{}, false
		}
		// Type arguments (get<T>(...)) would be lost.
		if bytes.ContainsRune(src[int(d.NameLoc.Start)+len(d.Name):g.Key.Loc.Start], '<') {
			return analysis.SuggestedFix{}, false
		}
		t, o := text(d.Target), ""
		if g.Options.Data != nil {
			o = text(g.Options)
		}
		if len(g.Call.Args) > 2 {
			return analysis.SuggestedFix{}, false
		}
		if i == 0 {
			target, opts = t, o
		} else if t != target || o != opts {
			return analysis.SuggestedFix{}, false
		}
		k := text(g.Key)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	name := names.next(r.Gets[0].Fn)
	stmtStart := int(r.First.Loc.Start)
	lineStart := bytes.LastIndexByte(src[:stmtStart], '\n') + 1
	indent := src[lineStart:stmtStart]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return analysis.SuggestedFix{}, false // not at the start of its line
	}
	call := target + ".get([" + strings.Join(keys, ", ") + "]"
	if opts != "" {
		call += ", " + opts
	}
	call += ")"
	edits := []analysis.TextEdit{{
		Pos: m.Pos(stmtStart), End: m.Pos(stmtStart),
		NewText: []byte("const " + name + " = await " + call + ";\n" + string(indent)),
	}}
	for i, g := range r.Gets {
		a := r.Awaits[i]
		edits = append(edits, analysis.TextEdit{
			Pos: m.Pos(int(a.Loc.Start)), End: m.Pos(g.End),
			NewText: []byte(name + ".get(" + text(g.Key) + ")"),
		})
	}
	return analysis.SuggestedFix{Message: "read the keys with one bulk get", TextEdits: edits}, true
}

// simple reports a key that can be written twice without changing what
// the code does: literals, names, member reads and templates or sums of
// them.
func simple(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.EString, *js_ast.ENumber, *js_ast.EIdentifier, *js_ast.EImportIdentifier, *js_ast.EThis:
		return true
	case *js_ast.EDot:
		return simple(x.Target)
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			return false
		}
		for _, p := range x.Parts {
			if !simple(p.Value) {
				return false
			}
		}
		return true
	case *js_ast.EBinary:
		return x.Op == js_ast.BinOpAdd && simple(x.Left) && simple(x.Right)
	}
	return false
}

// namer hands out the names the fixes declare: kvValues, kvValues2, ...,
// skipping those the file already uses, each one once per function.
type namer struct {
	used  map[string]bool // kvValues... names in the file
	count map[*kvmodel.Func]int
}

const nameBase = "kvValues"

func newNamer(src []byte) *namer {
	n := &namer{used: map[string]bool{}, count: map[*kvmodel.Func]int{}}
	for rest := src; ; {
		i := bytes.Index(rest, []byte(nameBase))
		if i < 0 {
			break
		}
		j := i + len(nameBase)
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n.used[string(rest[i:j])] = true
		rest = rest[j:]
	}
	return n
}

// next returns a name for a fix in fn that neither the file nor another
// fix in fn uses.
func (n *namer) next(fn *kvmodel.Func) string {
	for {
		i := n.count[fn]
		n.count[fn] = i + 1
		name := nameBase
		if i > 0 {
			name += strconv.Itoa(i + 1)
		}
		if !n.used[name] {
			return name
		}
	}
}
