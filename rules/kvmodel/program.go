package kvmodel

import (
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvtypes"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// Program is everything the model knows across the files of one run: the
// parsed files (declaration files included), the wrangler config that
// governs each file, and the binding types the project's TypeScript
// declares. It is built once by the driver and read concurrently.
type Program struct {
	Files  []*parser.File
	byPath map[string]*parser.File

	// Wrangler returns the wrangler config governing a file (nil if none).
	Wrangler func(file string) *config.Wrangler

	// Tool is the kvlint.toml in force (nil: defaults).
	Tool *config.Tool
	// ToolFor, when set, gives the kvlint.toml settings of each file (in
	// a monorepo, each Worker may have its own); Model.Tool uses it.
	ToolFor func(file string) *config.Tool

	// Types is the type layer: what the run's TypeScript declarations
	// say (rules/kvtypes).
	Types *kvtypes.Types

	// Context reports whether a file is read only for what it tells the
	// model (the rest of a project whose files were named one by one) and
	// is not reported on. Nil: every file is reported on.
	Context func(*parser.File) bool

	// Facts, when set, keeps each file's facts of its own text between
	// programs (see FactsCache); nil: each program walks every file.
	Facts *FactsCache

	mu     sync.Mutex
	models map[*parser.File]*fileModel
	built  map[*parser.File]*builtModel
	index  programIndex
	memo   map[any]*memoEntry

	newRules newRulesMemo // scheduled runs, config positions (cron.go)
	// mutations memoises MutatesArg by mutationKey.
	mutations sync.Map
	// flowMu is held by value-flow walks (see valueflow.NewFile).
	flowMu valueflow.Walks
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo returns what build computes for key, computing it once per program
// however many passes ask at once: how a rule keeps a project-wide index
// (every put of a namespace, say) that each file's pass reads.
func (p *Program) Memo(key any, build func() any) any {
	p.mu.Lock()
	e := p.memo[key]
	if e == nil {
		if p.memo == nil {
			p.memo = map[any]*memoEntry{}
		}
		e = &memoEntry{}
		p.memo[key] = e
	}
	p.mu.Unlock()
	e.once.Do(func() { e.v = build() })
	return e.v
}

// Reported reports whether findings in f are reported (f is not a context
// file).
func (p *Program) Reported(f *parser.File) bool { return p.Context == nil || !p.Context(f) }

type memberKind = kvtypes.MemberKind

const (
	memberKV    = kvtypes.MemberKV
	memberOther = kvtypes.MemberOther
)

// NewProgram indexes files. wrangler may be nil.
func NewProgram(files []*parser.File, wrangler func(string) *config.Wrangler, tool *config.Tool) *Program {
	p := &Program{
		Files:    files,
		byPath:   make(map[string]*parser.File, len(files)),
		Wrangler: wrangler,
		Tool:     tool,
		models:   map[*parser.File]*fileModel{},
		built:    map[*parser.File]*builtModel{},
	}
	if p.Wrangler == nil {
		p.Wrangler = func(string) *config.Wrangler { return nil }
	}
	for _, f := range files {
		p.byPath[filepath.ToSlash(filepath.Clean(f.Path))] = f
	}
	p.Types = kvtypes.New(files, p.Wrangler)
	return p
}

// What the types and calls of one file say about a name (an annotation, a
// KV-only call) holds in its scope: the files its wrangler config governs,
// one Worker. What files no config governs say (shared code, a project
// with no config) holds everywhere. So one Worker's `STORE: KVNamespace`
// says nothing of another Worker's STORE, nor of code outside any Worker.

// member returns what the types in scope say of a member name (the
// member index of the type layer: annotations and declared members).
func (p *Program) member(scope *config.Wrangler, name string) memberKind {
	return p.Types.Member(scope, name)
}

// File returns the parsed file at path (slash-cleaned), if any.
func (p *Program) File(path string) *parser.File {
	return p.byPath[filepath.ToSlash(filepath.Clean(path))]
}

// resolveExtensions are tried, in order, for an import specifier.
var resolveExtensions = []string{"", ".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".cts", ".cjs",
	"/index.ts", "/index.tsx", "/index.js", "/index.mjs", "/index.jsx"}

// Resolve finds the project file a relative import specifier in from names:
// `./lib/store.js` may be `./lib/store.ts` (TypeScript's extension swap),
// `../kv` may be `../kv.ts` or `../kv/index.ts`.
func (p *Program) Resolve(from *parser.File, spec string) *parser.File {
	var found *parser.File
	resolveImport(from.Path, spec, func(cand []byte) bool {
		f := p.byPath[string(cand)]
		if f != nil && f != from && f.Parsed() {
			found = f
			return true
		}
		return false
	})
	return found
}

// resolveImport tries, in order, the paths a relative import specifier in
// the file at from may name, until found accepts one. Paths are cleaned and
// slash-separated; found's is valid only until it returns (every spec of
// every file of a run is resolved: the candidates share one buffer).
func resolveImport(from, spec string, found func(path []byte) bool) {
	resolveImportIn(path.Dir(filepath.ToSlash(from)), spec, found)
}

// resolveImportIn is resolveImport for a file in the directory dir
// (path.Dir of its slash-separated path).
func resolveImportIn(dir, spec string, found func(path []byte) bool) {
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && spec != "." && spec != ".." {
		return
	}
	base := joinSpec(dir, spec) // clean
	stem := base
	if ext := path.Ext(base); ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".jsx" {
		stem = strings.TrimSuffix(base, ext)
	}
	asDir := ""
	if base != "." {
		asDir = base + "/"
	}
	buf := make([]byte, 0, len(base)+len("/index.tsx"))
	for _, cand := range []string{base, stem} {
		for _, ext := range resolveExtensions {
			p := append(append(buf[:0], cand...), ext...) // clean, as cand is, but for a directory index:
			if strings.HasPrefix(ext, "/") {
				p = append(append(buf[:0], asDir...), ext[1:]...)
			}
			if found(p) {
				return
			}
		}
	}
}

// joinSpec is path.Join(dir, spec) for a clean dir, without cleaning
// again a spec "./rest" whose rest is clean: no empty, "." or ".." part.
func joinSpec(dir, spec string) string {
	rest, ok := strings.CutPrefix(spec, "./")
	if !ok || rest == "" || dir == "" {
		return path.Join(dir, spec)
	}
	for part := range strings.SplitSeq(rest, "/") {
		if part == "" || part == "." || part == ".." {
			return path.Join(dir, spec)
		}
	}
	switch {
	case dir == ".":
		return rest
	case strings.HasSuffix(dir, "/"): // the root
		return dir + rest
	}
	return dir + "/" + rest
}

// model returns the (lazily built, then shared) per-file facts of f.
func (p *Program) model(f *parser.File) *fileModel {
	p.mu.Lock()
	m := p.models[f]
	if m == nil {
		m = &fileModel{prog: p, f: f}
		p.models[f] = m
	}
	p.mu.Unlock()
	m.once.Do(m.collect)
	return m
}
