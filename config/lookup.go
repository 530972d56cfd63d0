package config

import (
	"os"
	"path/filepath"
	"sync"
)

// Tools finds the kvlint.toml settings of each file, as ESLint's and
// EditorConfig's cascading configs do: the kvlint.toml files in the file's
// directory and each directory above it, up to the repository's top (the
// directory holding .git) or the first with root = true, merged so that
// the nearer file wins rule by rule and binding by binding. Each file's
// ignore patterns stay relative to its own directory (Tool.Layers).
//
// Each kvlint.toml is loaded once, and each directory resolved once; Tools
// is safe for concurrent use.
type Tools struct {
	// Known are the rule names [rules] may set (see LoadTool).
	Known []string
	// Override, when set (--config), is the one kvlint.toml for every
	// file: no lookup.
	Override *Tool

	mu     sync.Mutex
	byDir  map[string]*Tool  // merged settings per absolute directory (nil: none)
	loaded map[string]*Tool  // by absolute path
	errs   map[string]error  // load errors by absolute path
	top    map[string]string // repository top per directory
}

// ForFile returns the merged settings governing the file at path (nil when
// no kvlint.toml applies), or the error of a kvlint.toml that does not
// load.
func (ts *Tools) ForFile(path string) (*Tool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return ts.ForDir(filepath.Dir(abs))
}

// ForDir is ForFile for a file in the directory dir.
func (ts *Tools) ForDir(dir string) (*Tool, error) {
	if ts.Override != nil {
		return ts.Override, nil
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.byDir == nil {
		ts.byDir, ts.loaded, ts.errs, ts.top = map[string]*Tool{}, map[string]*Tool{}, map[string]error{}, map[string]string{}
	}
	return ts.resolve(dir)
}

func (ts *Tools) resolve(dir string) (*Tool, error) {
	if t, ok := ts.byDir[dir]; ok {
		return t, nil
	}
	var own *Tool
	p := filepath.Join(dir, ToolName)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		if err, bad := ts.errs[p]; bad {
			return nil, err
		}
		t, ok := ts.loaded[p]
		if !ok {
			t, err = LoadTool(p, ts.Known)
			if err != nil {
				ts.errs[p] = err
				return nil, err
			}
			ts.loaded[p] = t
		}
		own = t
	}
	var parent *Tool
	up := filepath.Dir(dir)
	if (own == nil || !own.Root) && up != dir && !isRepoTop(dir) {
		var err error
		if parent, err = ts.resolve(up); err != nil {
			return nil, err
		}
	}
	merged := merge(parent, own)
	ts.byDir[dir] = merged
	return merged, nil
}

// isRepoTop reports whether dir is the top of a repository (holds .git, a
// directory or, for a worktree or submodule, a file): the lookup of
// kvlint.toml stops there.
func isRepoTop(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}

// RepoTop returns the top of the repository holding dir (the nearest
// directory at or above it with a .git entry), or "" outside any.
func RepoTop(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if isRepoTop(dir) {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// merge lays inner over outer: inner's rules and bindings win.
func merge(outer, inner *Tool) *Tool {
	switch {
	case inner == nil:
		return outer
	case outer == nil:
		m := *inner
		m.Layers = []*Tool{inner}
		return &m
	}
	// Settings merge rule by rule and binding by binding; any other
	// setting is inner's.
	m := new(Tool)
	*m = *inner
	m.Rules = map[string]Severity{}
	m.Bindings = map[string]BindingOptions{}
	m.Settings = map[string]map[string]any{}
	m.Layers = append(append([]*Tool(nil), outer.Layers...), inner)
	for k, v := range outer.Rules {
		m.Rules[k] = v
	}
	for k, v := range inner.Rules {
		m.Rules[k] = v
	}
	for k, v := range outer.Bindings {
		m.Bindings[k] = v
	}
	for k, v := range inner.Bindings {
		m.Bindings[k] = v
	}
	for _, from := range []*Tool{outer, inner} { // rule options key by key
		for rule, opts := range from.Settings {
			if m.Settings[rule] == nil {
				m.Settings[rule] = map[string]any{}
			}
			for k, v := range opts {
				m.Settings[rule][k] = v
			}
		}
	}
	return m
}

// Files returns every kvlint.toml loaded so far, by path.
func (ts *Tools) Files() []*Tool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.Override != nil {
		return []*Tool{ts.Override}
	}
	out := make([]*Tool, 0, len(ts.loaded))
	for _, t := range ts.loaded {
		out = append(out, t)
	}
	return out
}
