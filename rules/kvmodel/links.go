package kvmodel

import (
	"path"
	"path/filepath"

	"github.com/kvlint/kvlint/parser"
)

// Links is what an incremental run needs to know of a run's files, from
// their text alone (as Sift reads it), to tell which files one file's
// findings can depend on.
type Links struct {
	// Imports lists, per source, the sources its relative import
	// specifiers name (declaration files have none and are named by none).
	Imports [][]int
	// Evidence marks the sources that have a call only KV answers: what
	// such a call says of a member name holds in the file's whole scope
	// (Program.member), so its file counts for files it is not linked to.
	Evidence []bool
}

// ReadLinks reads the links of srcs; run spreads the work as Sift's does.
func ReadLinks(srcs []Source, run func(n int, f func(int))) Links {
	index := make(map[string]int, len(srcs))
	for i, s := range srcs {
		if !parser.IsDecl(s.Path) {
			index[path.Clean(filepath.ToSlash(s.Path))] = i
		}
	}
	l := Links{Imports: make([][]int, len(srcs)), Evidence: make([]bool, len(srcs))}
	run(len(srcs), func(i int) {
		if parser.IsDecl(srcs[i].Path) {
			return
		}
		_, l.Evidence[i] = kvOnlyText(srcs[i].Src)
		for _, spec := range relativeSpecs(srcs[i].Src) {
			resolveImport(srcs[i].Path, spec, func(cand string) bool {
				j, ok := index[cand]
				if ok && j != i {
					l.Imports[i] = append(l.Imports[i], j)
				}
				return ok && j != i
			})
		}
	})
	return l
}

// Reach marks the sources linked to a root by imports, either way and
// transitively: a root's import closure, the files that reach it, and so
// on. Those are every file whose facts the model may combine with the
// roots' (see Sift).
func (l Links) Reach(roots []int) []bool {
	back := make([][]int, len(l.Imports))
	for i, js := range l.Imports {
		for _, j := range js {
			back[j] = append(back[j], i)
		}
	}
	in := make([]bool, len(l.Imports))
	queue := append([]int(nil), roots...)
	for _, r := range roots {
		in[r] = true
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, js := range [][]int{l.Imports[i], back[i]} {
			for _, j := range js {
				if !in[j] {
					in[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	return in
}
