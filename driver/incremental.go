package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"go/token"
	"sort"
	"strings"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// Incremental runs. A Cache keeps, between runs of one process (the
// language server, a --fix re-run, a benchmark), each file's parse result
// keyed by its path and content: a run re-parses only the files whose text
// changed, and the KV model's facts of each parse's own text
// (kvmodel.FactsCache: the walk of its AST for its declarations, functions,
// calls, classes and exports), so that a run walks only the changed files.
// What depends on other files (the type layer, what a symbol holds, the
// summaries of helpers, value flow, callers across files) is rebuilt per
// run over the cached files, but only over the files a run's findings can
// depend on: when some inputs are
// context (files not reported on, such as the rest of the project of a
// file named on the command line, or every file but the open buffers of
// an editor), only the files linked by relative imports, either way and
// transitively, to a reported file are parsed and modelled (see
// kvmodel.Links.Reach), with the files whose KV-only calls count in the
// reported files' scopes (see focus); the other context files (other
// Workers, libraries no KV path touches) are only scanned for binding
// types.

// Cache holds per-file facts between runs; a nil *Cache caches nothing. It
// is safe for concurrent use, but runs that share it must not overlap (a
// file re-parsed by one would be dropped from under the other).
type Cache struct {
	sift  kvmodel.SiftCache
	facts kvmodel.FactsCache // by parse: dropped with it
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
		if f := e.out.file; f != nil {
			if f.Tok != nil {
				c.fset.RemoveFile(f.Tok)
			}
			c.facts.Forget(f)
		}
		delete(c.files, k)
	}
}

// factsCache returns the cache of the KV model's per-file facts (nil
// without a cache).
func (c *Cache) factsCache() *kvmodel.FactsCache {
	if c == nil {
		return nil
	}
	return &c.facts
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
	return loaded{file: parser.ScanLazy(in.Rel, src)}
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
	// Rules that combine the facts of a whole Worker (every put to one
	// binding: missingttl's groups and peers) count the puts of the files
	// that name a KV binding of the reported files' configs, and of the
	// files linked to them (a helper putting to what its caller passes):
	// those are modelled too, so that a file alone gets the findings the
	// whole run gives it. (Modelling the whole Worker instead would parse
	// every vendored library that has `.get(` or `.put(` text.) Puts to a
	// typed member (`this.kv`), grouped by the member's name, count those
	// of the linked files only: that name is too common a word to look
	// for in every file.
	reported := map[*config.Wrangler]bool{}
	for _, k := range roots {
		reported[srcs[k].Wrangler] = true
	}
	for k, i := range at {
		if inputs[i].Context && need[k] && links.Mentions[k] && reported[srcs[k].Wrangler] {
			roots = append(roots, k)
		}
	}
	reach := links.Reach(roots)
	// What KV-only calls say of a name counts in their whole scope: those
	// of the reported files' scopes count, and those of files no config
	// governs count everywhere.
	scopes := map[*config.Wrangler]bool{nil: true}
	for w := range reported {
		scopes[w] = true
	}
	for k := range need {
		need[k] = need[k] && (reach[k] || links.Evidence[k] && scopes[srcs[k].Wrangler])
	}
	return true
}

// Results kept across processes (the command line's --cache). A run with
// Options.Reuse set computes, after sifting, a key for each reported file
// that changes whenever anything its findings depend on may have changed:
// its text; whether the model needs it; the text of every file linked to
// it by relative imports, either way and transitively (its component of
// the import graph: the files a focused run models for it); the binding
// annotations, and the files with KV-only calls, of its scope and of files
// no config governs; and its wrangler config. Reuse answers for the files
// whose key an earlier run stored; the others are linted, with the reused
// ones as context. The key also covers the text of every file of its scope
// the model needs, as a focused run models them.

// FileResult is what a run found in one reported file.
type FileResult struct {
	Findings []report.Finding
	Errors   []report.FileError
}

// reuse computes the keys of the reported inputs (into res.Keys) and takes
// the results Reuse has for them; it returns the inputs with those marked
// as context, and which they are.
func reuse(res *Result, inputs []Input, srcs []kvmodel.Source, at []int, need []bool, links kvmodel.Links, opt Options, jobs int) ([]Input, map[int]bool, map[int]*parser.File) {
	keys, scans := fileKeys(srcs, need, links, jobs)
	scanned := make(map[int]*parser.File, len(at))
	for k, i := range at {
		scanned[i] = scans[k]
	}
	inputs = append([]Input(nil), inputs...)
	reused := map[int]bool{}
	res.Keys = map[string]string{}
	for k, i := range at {
		if inputs[i].Context {
			continue
		}
		res.Keys[inputs[i].Rel] = keys[k]
		if r, ok := opt.Reuse(inputs[i].Rel, keys[k]); ok {
			reused[i] = true
			inputs[i].Context = true
			res.reused.Findings = append(res.reused.Findings, r.Findings...)
			res.reused.Errors = append(res.reused.Errors, r.Errors...)
			res.Sources[inputs[i].Rel] = srcs[k].Src
		}
	}
	return inputs, reused, scanned
}

// fileKeys returns the keys, and the scans it made of each file
// (parser.ScanOnly).
func fileKeys(srcs []kvmodel.Source, need []bool, links kvmodel.Links, jobs int) ([]string, []*parser.File) {
	n := len(srcs)
	sums := make([][sha256.Size]byte, n)
	notes := make([]string, n) // a file's facts that count in its whole scope
	scans := make([]*parser.File, n)
	parallel(n, jobs, func(k int) {
		sums[k] = sha256.Sum256(srcs[k].Src)
		var b strings.Builder
		scans[k] = parser.ScanLazy(srcs[k].Path, srcs[k].Src)
		for _, a := range scans[k].Annotations {
			b.WriteString(a.Name + ":" + a.Type + ";")
		}
		// The type layer reads declaration files and files that say
		// KVNamespace whole (types declared through aliases, interfaces).
		if links.Evidence[k] || parser.IsDecl(srcs[k].Path) || bytes.Contains(srcs[k].Src, []byte("KVNamespace")) {
			fmt.Fprintf(&b, "%x", sums[k])
		}
		if b.Len() > 0 {
			notes[k] = srcs[k].Path + "\x00" + b.String()
		}
	})

	// Components of the import graph (union-find).
	parent := make([]int, n)
	for k := range parent {
		parent[k] = k
	}
	find := func(k int) int {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for k, js := range links.Imports {
		for _, j := range js {
			if a, b := find(k), find(j); a != b {
				parent[a] = b
			}
		}
	}
	members := map[int][]int{}
	for k := range srcs {
		members[find(k)] = append(members[find(k)], k)
	}
	digest := func(items []string) string {
		sort.Strings(items)
		h := sha256.New()
		for _, s := range items {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	comp := map[int]string{}
	for c, ks := range members {
		items := make([]string, len(ks))
		for i, k := range ks {
			items[i] = fmt.Sprintf("%s\x00%x", srcs[k].Path, sums[k])
		}
		comp[c] = digest(items)
	}
	scopeNotes := map[*config.Wrangler][]string{}
	for k, s := range srcs {
		if notes[k] != "" {
			scopeNotes[s.Wrangler] = append(scopeNotes[s.Wrangler], notes[k])
		}
	}
	scopeNeeded := map[*config.Wrangler][]string{}
	for k, s := range srcs {
		if need[k] {
			scopeNeeded[s.Wrangler] = append(scopeNeeded[s.Wrangler], fmt.Sprintf("%s\x00%x", s.Path, sums[k]))
		}
	}
	scope := map[*config.Wrangler]string{}
	for k := range srcs {
		w := srcs[k].Wrangler
		if _, ok := scope[w]; ok {
			continue
		}
		cfg, _ := json.Marshal(w)
		items := append([]string{string(cfg), "\x01"}, scopeNotes[w]...)
		items = append(append(items, "\x02"), scopeNotes[nil]...)
		items = append(append(items, "\x03"), scopeNeeded[w]...)
		scope[w] = digest(items)
	}
	keys := make([]string, n)
	for k := range srcs {
		if !need[k] { // not analyzed: only its syntax is checked
			keys[k] = digest([]string{fmt.Sprintf("file %x", sums[k]), "not needed"})
			continue
		}
		keys[k] = digest([]string{fmt.Sprintf("file %x", sums[k]), "needed " + comp[find(k)], "scope " + scope[srcs[k].Wrangler]})
	}
	return keys, scans
}
