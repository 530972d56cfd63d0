package kvmodel

import (
	"bytes"
	"sync"
)

// Links is what an incremental run needs to know of a run's files, from
// their text alone (as Sift reads it), to tell which files one file's
// findings can depend on (see SiftCache.Sift).
type Links struct {
	// Imports lists, per source, the sources its relative import
	// specifiers name (declaration files have none and are named by none).
	Imports [][]int
	// Evidence marks the sources that have a call only KV answers: what
	// such a call says of a member name holds in the file's whole scope
	// (Program.member), so its file counts for files it is not linked to.
	Evidence []bool
	// Mentions marks the sources whose text has, as a word, a KV binding
	// their wrangler config declares (without one, a member typed
	// KVNamespace in a declaration file): with the files linked to them, the
	// files that may put to a binding, which rules group by name across a
	// Worker (missingttl).
	Mentions []bool
}

// SiftCache keeps what Sift reads from each file's text between runs (of
// an editor's language server, say), keyed by path and content. It is safe
// for concurrent use.
type SiftCache struct {
	mu sync.Mutex
	m  map[string]*siftEntry
	// The last run's paths, in order, and the sources each one's relative
	// imports named: unchanged for an unchanged file while the paths are.
	paths   []string
	imports [][]int
}

type siftEntry struct {
	src         []byte
	configHasKV bool
	scan        siftScan
}

// Sift is Sift, reading again only the files whose text changed since the
// cache last saw them; it also returns the files' links.
func (c *SiftCache) Sift(srcs []Source, run func(n int, f func(int))) ([]bool, Links) {
	return sift(srcs, run, c)
}

// Forget drops a file (a deleted one) from the cache.
func (c *SiftCache) Forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, path)
}

// scan reads one source, or returns what an earlier run read from the same
// text; fresh reports that it read it.
func (c *SiftCache) scan(s Source, configHasKV bool) (sc siftScan, fresh bool) {
	if c == nil {
		return scanSource(s, configHasKV), true
	}
	c.mu.Lock()
	e := c.m[s.Path]
	c.mu.Unlock()
	if e != nil && e.configHasKV == configHasKV && bytes.Equal(e.src, s.Src) {
		return e.scan, false
	}
	sc = scanSource(s, configHasKV)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*siftEntry{}
	}
	c.m[s.Path] = &siftEntry{src: s.Src, configHasKV: configHasKV, scan: sc}
	c.mu.Unlock()
	return sc, true
}

// lastImports returns the last run's imports if it had the same paths in
// the same order, else nil.
func (c *SiftCache) lastImports(srcs []Source) [][]int {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.paths) != len(srcs) {
		return nil
	}
	for i, s := range srcs {
		if c.paths[i] != s.Path {
			return nil
		}
	}
	return c.imports
}

func (c *SiftCache) setImports(srcs []Source, imports [][]int) {
	if c == nil {
		return
	}
	paths := make([]string, len(srcs))
	for i, s := range srcs {
		paths[i] = s.Path
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths, c.imports = paths, imports
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
