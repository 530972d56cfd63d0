package unknownbinding

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
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
			missing, other := splitMissing(w, c.Name)
			switch {
			case len(missing) > 0:
				msg = fmt.Sprintf("KV binding %s is declared at the top level of %s but not in %s: environments do not inherit kv_namespaces, so env.%s is undefined there",
					c.Name, cfg, envList(missing), c.Name)
			case len(other) > 0:
				msg = fmt.Sprintf("KV binding %s of the top level of %s is a binding of another kind in %s, so env.%s is not KV there",
					c.Name, cfg, envList(other), c.Name)
			default:
				continue
			}
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

// splitMissing splits the environments that lack the top level's KV
// binding name into those that leave it undefined and those that declare
// it as a binding of another kind.
func splitMissing(w *config.Wrangler, name string) (missing, other []string) {
	for _, e := range w.EnvsMissingKV(name) {
		for i := range w.Envs {
			if w.Envs[i].Name == e {
				if declares(&w.Envs[i], name) {
					other = append(other, e)
				} else {
					missing = append(missing, e)
				}
			}
		}
	}
	return missing, other
}

func declares(e *config.Env, name string) bool {
	for _, b := range e.Other {
		if b.Name == name {
			return true
		}
	}
	return false
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
