package driver

import (
	"bytes"
	"go/token"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// Incremental runs. A Cache keeps, between runs of one process (the
// language server, a --fix re-run, a benchmark), each file's parse result
// keyed by its path and content: a run re-parses only the files whose text
// changed. The KV model is rebuilt per run over the cached files, but only
// over the files a run's findings can depend on: when some inputs are
// context (files not reported on, such as the rest of the project of a
// file named on the command line, or every file but the open buffers of
// an editor), only the files linked by relative imports, either way and
// transitively, to a reported file are parsed and modelled (see
// kvmodel.Links.Reach), with the files whose KV-only calls count in their
// whole scope; the other context files are only scanned for binding types.

// Cache holds per-file facts between runs; a nil *Cache caches nothing. It
// is safe for concurrent use, but runs that share it must not overlap (a
// file re-parsed by one would be dropped from under the other).
type Cache struct {
	sift  kvmodel.SiftCache
	fset  *token.FileSet
	mu    sync.Mutex
	files map[cacheKey]*cachedParse
}

type parseMode uint8

const (
	modeFull  parseMode = iota // parsed for the model
	modeCheck                  // checked for syntax errors, scanned for binding types
	modeScan                   // only scanned for binding types (context not modelled)
)

type cacheKey struct {
	rel  string
	mode parseMode
}

type cachedParse struct {
	src []byte
	out loaded
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{fset: token.NewFileSet(), files: map[cacheKey]*cachedParse{}}
}

// Len reports how many parse results the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.files)
}

// Forget drops what the cache holds for a file (by its reported path): one
// deleted, say.
func (c *Cache) Forget(rel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sift.Forget(rel)
	for _, m := range []parseMode{modeFull, modeCheck, modeScan} {
		c.drop(cacheKey{rel, m})
	}
}

func (c *Cache) drop(k cacheKey) {
	if e := c.files[k]; e != nil {
		if f := e.out.file; f != nil && f.Tok != nil {
			c.fset.RemoveFile(f.Tok)
		}
		delete(c.files, k)
	}
}

func (c *Cache) fileSet() *token.FileSet {
	if c == nil {
		return token.NewFileSet()
	}
	return c.fset
}

// parse parses (or checks, or scans) an input, or returns what an earlier
// run got from the same text.
func (c *Cache) parse(fset *token.FileSet, in Input, src []byte, mode parseMode) loaded {
	if c == nil {
		return parseUncached(fset, in, src, mode)
	}
	k := cacheKey{in.Rel, mode}
	c.mu.Lock()
	e := c.files[k]
	c.mu.Unlock()
	if e != nil && bytes.Equal(e.src, src) {
		return e.out
	}
	out := parseUncached(fset, in, src, mode)
	c.mu.Lock()
	c.drop(k)
	c.files[k] = &cachedParse{src: src, out: out}
	c.mu.Unlock()
	return out
}

func parseUncached(fset *token.FileSet, in Input, src []byte, mode parseMode) (out loaded) {
	if mode != modeScan {
		return parse(fset, in, src, mode == modeCheck)
	}
	defer func() {
		if r := recover(); r != nil {
			out = loaded{internal: &report.FileError{File: in.Rel, Message: panicMessage("scanning the file", r)}}
		}
	}()
	return loaded{file: parser.ScanOnly(in.Rel, src)}
}

// siftFiles runs kvmodel.Sift, through the cache if there is one.
func (c *Cache) siftFiles(srcs []kvmodel.Source, run func(n int, f func(int))) ([]bool, kvmodel.Links) {
	var sc *kvmodel.SiftCache
	if c != nil {
		sc = &c.sift
	}
	return sc.Sift(srcs, run)
}

// focus narrows need, for a run with context inputs, to the files the
// reported ones can depend on (see above). It returns whether it did.
func focus(inputs []Input, srcs []kvmodel.Source, at []int, need []bool, links kvmodel.Links) bool {
	var roots []int
	hasContext := false
	for k, i := range at {
		if inputs[i].Context {
			hasContext = true
		} else {
			roots = append(roots, k)
		}
	}
	if !hasContext {
		return false
	}
	reach := links.Reach(roots)
	// Evidence counts in its scope: the files of its wrangler config, or
	// everywhere for a file no config governs.
	scopes := map[*config.Wrangler]bool{nil: true}
	for _, k := range roots {
		scopes[srcs[k].Wrangler] = true
	}
	for k := range need {
		need[k] = need[k] && (reach[k] || links.Evidence[k] && (srcs[k].Wrangler == nil || scopes[srcs[k].Wrangler]))
	}
	return true
}
