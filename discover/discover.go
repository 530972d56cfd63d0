// Package discover finds the source files kvlint lints.
//
// Files expands the command line's files, directories and glob patterns into
// a sorted, de-duplicated list of JavaScript and TypeScript files. Walking a
// directory leaves out what a project does not treat as its own source:
// dependency and build-output directories (node_modules, dist, .wrangler
// ...), whatever .gitignore files and the configured ignore patterns
// exclude, and minified files (*.min.*). Declaration files (.d.ts) are kept
// but flagged, because the analyzer reads them only for binding types.
//
// A file named on the command line is always kept when it has a source
// extension, whatever the ignore rules say; a directory or a glob base named
// on the command line is walked even when its name is one that is skipped
// during a walk.
package discover

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/kvlint/kvlint/internal/safefile"
)

// Options controls which files Files keeps.
type Options struct {
	// Ignore holds extra patterns in .gitignore syntax, relative to Root
	// (from kvlint.toml). They take precedence over .gitignore files, so
	// "!pattern" can re-include a file that git ignores (but, as in git, not
	// one inside an excluded directory).
	Ignore []string
	// Root is the directory that File.Rel (and, without IgnoreBase, the
	// Ignore patterns) are relative to; "" means the current directory.
	Root string
	// IgnoreBase is the directory the Ignore patterns are relative to (the
	// directory of the kvlint.toml that lists them); "" means Root.
	IgnoreBase string
	// Tests includes test files (*.test.*, *.spec.*, and everything under
	// __tests__, __mocks__, and a package's test/ or tests/ beside its
	// package.json), which walks skip by default: their KV is
	// usually a mock, and test code does not reach production.
	Tests bool
}

// File is one file to lint.
type File struct {
	// Path is the path as given on the command line or joined to it during
	// a walk (an OS path), usable with os.ReadFile.
	Path string
	// Rel is Path relative to Options.Root, slash-separated; for a file
	// outside Root it is Path, slash-separated.
	Rel string
	// Decl marks a TypeScript declaration file (.d.ts, .d.mts, .d.cts,
	// .d.<ext>.ts): read for type declarations only, never reported on.
	Decl bool
}

// Problem is a command-line path or a file-system entry that could not be
// used: a path that does not exist, an unreadable directory, a symbolic-link
// cycle, a glob pattern that is malformed or matches no file.
type Problem struct {
	Path string // the path or pattern concerned
	Err  error  // the cause; its message starts with Path
}

func (p Problem) Error() string { return p.Err.Error() }

func (p Problem) Unwrap() error { return p.Err }

// ErrNoMatch is the cause of a Problem for a glob pattern that matches no
// file to lint.
var ErrNoMatch = errors.New("no matching files")

// ErrBadIgnore is the cause of a Problem for an Options.Ignore pattern that
// is not valid gitignore syntax.
var ErrBadIgnore = errors.New("invalid ignore pattern")

// sourceExts are the extensions of the files kvlint lints.
var sourceExts = map[string]bool{
	".ts": true, ".tsx": true, ".mts": true, ".cts": true,
	".js": true, ".jsx": true, ".mjs": true, ".cjs": true,
}

// skipDirs are directory names never entered by a walk: dependencies, VCS
// data, and build or tool output.
var skipDirs = map[string]bool{
	"node_modules": true,
	"dist":         true,
	".wrangler":    true,
	".git":         true,
	".svelte-kit":  true,
	".next":        true,
	".output":      true,
	"coverage":     true,
}

// IsSource reports whether name has one of the extensions kvlint lints
// (.ts .tsx .mts .cts .js .jsx .mjs .cjs).
func IsSource(name string) bool {
	return sourceExts[filepath.Ext(name)]
}

// IsDecl reports whether name is a TypeScript declaration file: .d.ts,
// .d.mts, .d.cts, or .d.<ext>.ts (declarations for arbitrary extensions).
func IsDecl(name string) bool {
	name = filepath.Base(name)
	switch filepath.Ext(name) {
	case ".ts":
		return strings.Contains(name, ".d.")
	case ".mts", ".cts":
		return strings.HasSuffix(strings.TrimSuffix(name, filepath.Ext(name)), ".d")
	}
	return false
}

// testDirs hold tests and mocks only.
var testDirs = map[string]bool{"__tests__": true, "__mocks__": true}

// packageTests reports whether the directory name in dir is a package's
// test directory: test/ or tests/ beside a package.json (a route or module
// named test deeper in the sources is not).
func packageTests(dir, name string) bool {
	if name != "test" && name != "tests" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "package.json"))
	return err == nil
}

// IsTest reports whether name is a test file: *.test.* or *.spec.*.
func IsTest(name string) bool {
	stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	return strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec")
}

// isMinified reports whether name looks like a minified bundle (*.min.*).
func isMinified(name string) bool {
	return strings.HasSuffix(strings.TrimSuffix(name, filepath.Ext(name)), ".min")
}

// Files returns the source files named by args (files, directories and glob
// patterns; "." when args is empty), sorted by Rel, each file once however
// often it is reached, and the problems met on the way, in the order met.
func Files(args []string, opt Options) ([]File, []Problem) {
	w := newWalker(opt)
	if len(args) == 0 {
		args = []string{"."}
	}
	for _, arg := range args {
		w.arg(arg)
	}
	files := make([]File, 0, len(w.files))
	for _, c := range w.files {
		files = append(files, c.File)
	}
	slices.SortFunc(files, func(a, b File) int {
		if c := strings.Compare(a.Rel, b.Rel); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	return files, w.problems
}

// candidate is a file found, with how it was reached.
type candidate struct {
	File
	viaLink bool // reached through a symbolic link
}

type walker struct {
	absRoot   string
	realRoot  *string              // absRoot with symlinks resolved, computed once
	optRules  *ruleSet             // Options.Ignore
	files     map[string]candidate // by resolved path
	visited   map[string]bool      // resolved directories walked
	ruleCache map[string]*ruleSet  // by ignore file path
	problems  []Problem
	tests     bool // Options.Tests
}

func newWalker(opt Options) *walker {
	w := &walker{
		tests:     opt.Tests,
		files:     map[string]candidate{},
		visited:   map[string]bool{},
		ruleCache: map[string]*ruleSet{},
	}
	root := opt.Root
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		w.problem(root, err)
		abs = filepath.Clean(root)
	}
	w.absRoot = abs
	if len(opt.Ignore) > 0 {
		lines := make([]string, len(opt.Ignore))
		for i, p := range opt.Ignore {
			neg := strings.HasPrefix(p, "!")
			p = strings.TrimPrefix(p, "!")
			for strings.HasPrefix(p, "./") {
				p = p[2:]
			}
			if neg {
				p = "!" + p
			}
			lines[i] = p
		}
		base := abs
		if opt.IgnoreBase != "" {
			if b, err := filepath.Abs(opt.IgnoreBase); err == nil {
				base = b
			}
		}
		var bad []string
		w.optRules, bad = parseIgnore(base, lines)
		for _, b := range bad {
			w.problems = append(w.problems, Problem{Path: b, Err: fmt.Errorf("%s: %w", b, ErrBadIgnore)})
		}
	}
	return w
}

// problem records err for path, with a message of the form "path: cause".
func (w *walker) problem(path string, err error) {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err
	}
	w.problems = append(w.problems, Problem{Path: path, Err: fmt.Errorf("%s: %w", path, err)})
}

// arg handles one command-line argument.
func (w *walker) arg(arg string) {
	fi, err := os.Stat(arg)
	if err != nil {
		if hasMeta(arg) {
			w.glob(arg)
			return
		}
		w.problem(arg, err)
		return
	}
	link := isSymlink(arg)
	switch {
	case fi.IsDir():
		w.walkRoot(arg, nil, link)
	case fi.Mode().IsRegular() && IsSource(arg):
		clean := filepath.Clean(arg)
		abs, err := filepath.Abs(clean)
		if err != nil {
			w.problem(arg, err)
			return
		}
		resolved, err := filepath.EvalSymlinks(clean)
		if err != nil {
			w.problem(arg, err)
			return
		}
		// kvlint.toml's ignore patterns hold even for files named on the
		// command line (as pre-commit names them); .gitignore does not.
		if w.optIgnores(abs) {
			return
		}
		w.add(clean, abs, resolved, link)
	case !fi.Mode().IsRegular() && IsSource(arg):
		// A named pipe or device with a source name, named explicitly: not
		// read (that could block or never end), and said so.
		w.problem(arg, fmt.Errorf("skipped: it is %s, not a regular file", safefile.Kind(fi.Mode())))
	}
	// Other files (README.md, wrangler.toml) are not source: left out
	// silently, so that a shell-expanded "src/*" works.
}

// optIgnores reports whether Options.Ignore excludes the file abs or one of
// the directories above it.
func (w *walker) optIgnores(abs string) bool {
	if w.optRules == nil {
		return false
	}
	if m, ign := w.optRules.match(abs, false); m {
		return ign
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if m, ign := w.optRules.match(dir, true); m && ign {
			return true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}

// glob handles a command-line glob pattern.
func (w *walker) glob(pattern string) {
	bases, err := parseGlob(pattern)
	if err != nil {
		w.problem(pattern, err)
		return
	}
	n := 0
	for _, b := range bases {
		fi, err := os.Stat(b.base)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.problem(b.base, err)
			}
			continue
		}
		if fi.IsDir() {
			n += w.walkRoot(b.base, b.m, isSymlink(b.base))
		}
	}
	if n == 0 {
		w.problems = append(w.problems, Problem{Path: pattern, Err: fmt.Errorf("%s: %w", pattern, ErrNoMatch)})
	}
}

func isSymlink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// walkRoot walks the directory root (keeping files that m matches, when m
// is not nil) and returns how many files it kept.
func (w *walker) walkRoot(root string, m *globMatcher, viaLink bool) int {
	clean := filepath.Clean(root)
	abs, err := filepath.Abs(clean)
	if err != nil {
		w.problem(root, err)
		return 0
	}
	resolved, err := filepath.EvalSymlinks(clean)
	if err != nil {
		w.problem(root, err)
		return 0
	}
	w.visited[resolved] = true
	r := &walk{resolved: resolved, m: m}
	w.walkDir(r, dir{
		path:     clean,
		abs:      abs,
		resolved: resolved,
		stack:    w.initialStack(abs),
		viaLink:  viaLink,
	})
	return r.kept
}

// walk is the state of one walk from a command-line directory or glob base.
type walk struct {
	resolved string       // the root's resolved path: symlinks may not leave it
	m        *globMatcher // nil: keep every source file
	kept     int
}

// dir is a directory being walked.
type dir struct {
	path     string     // OS path (joined to the command-line path)
	abs      string     // absolute, not resolving symlinks
	resolved string     // absolute, symlinks resolved
	rel      string     // slash-separated, relative to the walk's root; "" at the root
	stack    []*ruleSet // ignore rules that apply to the entries
	viaLink  bool       // reached through a symlink
	globHit  bool       // the directory itself matches the glob: keep all below
}

func (w *walker) walkDir(r *walk, d dir) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		w.problem(d.path, err)
		if len(entries) == 0 {
			return
		}
	}
	var hasGit, hasIgnore bool
	for _, e := range entries {
		switch e.Name() {
		case ".git":
			hasGit = true
		case ".gitignore":
			hasIgnore = true
		}
	}
	if hasGit && d.rel != "" {
		// A nested repository (or submodule): only its own rules apply.
		d.stack = w.repoRules(d.abs)
	}
	if hasIgnore {
		d.stack = w.appendRules(d.stack, filepath.Join(d.path, ".gitignore"), d.abs)
	}
	for _, e := range entries {
		w.walkEntry(r, &d, e)
	}
}

func (w *walker) walkEntry(r *walk, d *dir, e fs.DirEntry) {
	name := e.Name()
	c := dir{
		path:     joinName(d.path, name),
		abs:      joinName(d.abs, name),
		resolved: joinName(d.resolved, name),
		rel:      name,
		stack:    d.stack,
		viaLink:  d.viaLink,
		globHit:  d.globHit,
	}
	if d.rel != "" {
		c.rel = d.rel + "/" + name
	}
	typ := e.Type()
	link := typ&fs.ModeSymlink != 0
	if link {
		fi, err := os.Stat(c.path)
		if err != nil {
			// A dangling link (editor lock files are) is nothing to lint; a
			// cycle or an unreadable target is worth knowing about.
			if !errors.Is(err, fs.ErrNotExist) {
				w.problem(c.path, err)
			}
			return
		}
		typ = fi.Mode().Type()
	}

	switch {
	case typ.IsDir():
		if skipDirs[name] && (r.m == nil || !r.m.names(name)) {
			return
		}
		if !w.tests && (testDirs[name] || packageTests(d.abs, name)) {
			return
		}
		if r.m != nil && !c.globHit {
			c.globHit = r.m.full(c.rel)
			if !c.globHit && !r.m.prefix(c.rel) {
				return
			}
		}
		if w.ignored(d.stack, c.abs, true) {
			return
		}
		if link {
			resolved, err := filepath.EvalSymlinks(c.path)
			if err != nil {
				w.problem(c.path, err)
				return
			}
			// Follow a directory link only inside the walk's root and
			// only to a directory not walked yet: no cycles, no blow-up.
			if _, inside := relUnder(r.resolved, resolved); !inside || w.visited[resolved] {
				return
			}
			c.resolved = resolved
			c.viaLink = true
		}
		w.visited[c.resolved] = true
		w.walkDir(r, c)

	case typ.IsRegular():
		if !IsSource(name) || isMinified(name) || !w.tests && IsTest(name) {
			return
		}
		if r.m != nil && !c.globHit && !r.m.full(c.rel) {
			return
		}
		if w.ignored(d.stack, c.abs, false) {
			return
		}
		if link {
			resolved, err := filepath.EvalSymlinks(c.path)
			if err != nil {
				w.problem(c.path, err)
				return
			}
			c.resolved = resolved
		}
		r.kept++
		w.add(c.path, c.abs, c.resolved, c.viaLink || link)
	}
}

// joinName is filepath.Join(dir, name) for a clean dir (every path of a
// walk is) and the name of one of its entries (never . or .., no
// separator), without cleaning the result again: a walk joins three paths
// per entry (a tenth of a named file's time in a project vendoring
// thousands of files was spent walking it).
func joinName(dir, name string) string {
	switch {
	case runtime.GOOS == "windows": // volume names: "C:" and "x" join as "C:x"
		return filepath.Join(dir, name)
	case dir == "" || dir == ".":
		return name
	case os.IsPathSeparator(dir[len(dir)-1]): // the root
		return dir + name
	}
	return dir + string(filepath.Separator) + name
}

// ignored reports whether the ignore rules exclude abs: Options.Ignore
// when one of its patterns matches, else the .gitignore rules in stack.
func (w *walker) ignored(stack []*ruleSet, abs string, isDir bool) bool {
	if w.optRules != nil {
		if m, ign := w.optRules.match(abs, isDir); m {
			return ign
		}
	}
	return isIgnored(stack, abs, isDir)
}

// add records a file, keeping, for a file reached more than once, the path
// reached without symlinks, then the smallest Rel.
func (w *walker) add(path, abs, resolved string, viaLink bool) {
	c := candidate{
		File:    File{Path: path, Rel: w.rel(path, abs, resolved), Decl: IsDecl(path)},
		viaLink: viaLink,
	}
	if old, ok := w.files[resolved]; ok && !c.better(old) {
		return
	}
	w.files[resolved] = c
}

// better reports whether c is the preferred way to name a file also reached
// as old.
func (c candidate) better(old candidate) bool {
	if c.viaLink != old.viaLink {
		return !c.viaLink
	}
	return c.Rel < old.Rel
}

// rel returns the slash-separated path of a file relative to the root.
func (w *walker) rel(path, abs, resolved string) string {
	if r, ok := relUnder(w.absRoot, abs); ok {
		return r
	}
	if w.realRoot == nil {
		rr, err := filepath.EvalSymlinks(w.absRoot)
		if err != nil {
			rr = w.absRoot
		}
		w.realRoot = &rr
	}
	if r, ok := relUnder(*w.realRoot, resolved); ok {
		return r
	}
	return filepath.ToSlash(path)
}

// relUnder returns p relative to base, slash-separated, when p is base ("")
// or below it. Both are absolute, clean OS paths.
func relUnder(base, p string) (string, bool) {
	if p == base {
		return "", true
	}
	prefix := base
	if !strings.HasSuffix(prefix, string(filepath.Separator)) {
		prefix += string(filepath.Separator)
	}
	if !strings.HasPrefix(p, prefix) {
		return "", false
	}
	return filepath.ToSlash(p[len(prefix):]), true
}
