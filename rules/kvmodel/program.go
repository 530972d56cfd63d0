package kvmodel

import (
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
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

	// members maps a member name annotated with a binding type anywhere in
	// the project (`CACHE: KVNamespace` in an Env interface, `kv:
	// KVNamespace` in an options type) to what the annotations say.
	members map[string]memberKind

	mu     sync.Mutex
	models map[*parser.File]*fileModel
	built  map[*parser.File]*builtModel
	index  programIndex
}

type memberKind uint8

const (
	memberKV memberKind = 1 << iota
	memberOther
	memberEnv
)

// NewProgram indexes files. wrangler may be nil.
func NewProgram(files []*parser.File, wrangler func(string) *config.Wrangler, tool *config.Tool) *Program {
	p := &Program{
		Files:    files,
		byPath:   make(map[string]*parser.File, len(files)),
		Wrangler: wrangler,
		Tool:     tool,
		members:  map[string]memberKind{},
		models:   map[*parser.File]*fileModel{},
		built:    map[*parser.File]*builtModel{},
	}
	if p.Wrangler == nil {
		p.Wrangler = func(string) *config.Wrangler { return nil }
	}
	for _, f := range files {
		p.byPath[filepath.ToSlash(filepath.Clean(f.Path))] = f
		for _, a := range f.Annotations {
			switch {
			case a.IsKV():
				p.members[a.Name] |= memberKV
			case isEnvType(a.Type):
				p.members[a.Name] |= memberEnv
			default:
				p.members[a.Name] |= memberOther
			}
		}
	}
	return p
}

func isEnvType(t string) bool {
	switch t {
	case "Env", "Bindings", "CloudflareEnv", "CloudflareBindings":
		return true
	}
	return false
}

// MemberIsKV reports whether the project's type declarations say that a
// member of this name holds a KV namespace, and never something else.
func (p *Program) MemberIsKV(name string) bool { return p.members[name] == memberKV }

// MemberIsOther reports whether the project's type declarations give a
// member of this name a binding type other than KV.
func (p *Program) MemberIsOther(name string) bool { return p.members[name]&memberOther != 0 }

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
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && spec != "." && spec != ".." {
		return nil
	}
	base := path.Join(path.Dir(filepath.ToSlash(from.Path)), spec)
	stem := base
	if ext := path.Ext(base); ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".jsx" {
		stem = strings.TrimSuffix(base, ext)
	}
	for _, cand := range []string{base, stem} {
		for _, ext := range resolveExtensions {
			if f := p.byPath[path.Clean(cand+ext)]; f != nil && f != from && !parser.IsDecl(f.Path) {
				return f
			}
		}
	}
	return nil
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
