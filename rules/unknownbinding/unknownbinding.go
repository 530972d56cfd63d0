package unknownbinding

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/internal/suggest"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

const name = "unknownbinding"

//go:embed doc.go
var doc string

// Analyzer reports KV bindings missing from the wrangler config.
var Analyzer = &analysis.Analyzer{
	Name:     name,
	Doc:      kvmodel.Doc(doc, name),
	URL:      kvmodel.DocURL(name),
	Requires: []*analysis.Analyzer{kvmodel.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
	w := m.Wrangler
	if w == nil {
		return nil, nil
	}
	kvNames := w.KVNames()
	if len(kvNames) == 0 {
		return nil, nil
	}
	cfg := filepath.Base(w.Path)
	for _, c := range m.EnvCalls {
		var msg string
		if _, declared := w.KindOf(c.Name); declared {
			missing := w.EnvsMissingKV(c.Name)
			if len(missing) == 0 {
				continue
			}
			msg = fmt.Sprintf("KV binding %s is declared at the top level of %s but not in %s: environments do not inherit kv_namespaces, so env.%s is undefined there",
				c.Name, cfg, envList(missing), c.Name)
		} else {
			if m.MemberIsOther(c.Name) {
				continue
			}
			msg = fmt.Sprintf("env.%s is used as a KV namespace but %s declares no binding %s, so it is undefined at run time", c.Name, cfg, c.Name)
			if s := closest(c.Name, kvNames); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
		}
		pass.Report(analysis.Diagnostic{
			Pos:      m.Pos(c.NameStart),
			End:      m.Pos(c.NameEnd),
			Category: name,
			Message:  msg,
		})
	}
	return nil, nil
}

func envList(envs []string) string {
	parts := make([]string, len(envs))
	for i, e := range envs {
		parts[i] = "[env." + e + "]"
	}
	return strings.Join(parts, ", ")
}

// closest suggests the declared KV binding nearest to name: equal but for
// case, or within an edit distance of a third of its length (at least 2).
func closest(name string, names map[string]bool) string {
	cands := make([]string, 0, len(names))
	for n := range names {
		cands = append(cands, n)
	}
	sort.Strings(cands)
	return suggest.Closest(name, cands, max(2, len(name)/3))
}
