package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/internal/suggest"
	"github.com/kvlint/kvlint/report"
)

// reportRoot is the directory report paths are relative to: the GitHub
// Actions workspace when kvlint runs inside it, else the top of the
// repository holding the working directory, else the working directory.
// Annotations, SARIF and baselines then name the same files from any
// working directory.
func reportRoot(cwd string, getenv func(string) string) string {
	if ws := getenv("GITHUB_WORKSPACE"); ws != "" {
		if abs, err := filepath.Abs(ws); err == nil {
			if _, inside := under(abs, cwd); inside {
				return abs
			}
		}
	}
	if top := config.RepoTop(cwd); top != "" {
		return top
	}
	return cwd
}

// under returns p relative to dir, and whether p is dir or below it.
func under(dir, p string) (string, bool) {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// relTo is path (as typed, relative to the working directory) relative to
// root, slash-separated; path itself when outside root.
func relTo(root, path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		if rel, ok := under(root, abs); ok {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// absPaths returns filepath.Abs with the working directory read once:
// filepath.Abs reads it, with two system calls, on every call, which on a
// project of thousands of files was a tenth of a named file's run.
func absPaths() func(string) (string, error) {
	wd, wdErr := os.Getwd()
	return func(p string) (string, error) {
		if filepath.IsAbs(p) {
			return filepath.Clean(p), nil
		}
		if wdErr != nil {
			return filepath.Abs(p)
		}
		return filepath.Join(wd, p), nil
	}
}

// settings holds the kvlint.toml settings of each file of a run.
type settings struct {
	tools    *config.Tools
	byRel    map[string]*config.Tool // written by keep, then only read
	matchers map[*config.Tool]*discover.Matcher
	wrangler map[*config.Tool]map[string]bool // KV bindings of the files each kvlint.toml governs
}

func newSettings(tools *config.Tools) *settings {
	return &settings{tools: tools, byRel: map[string]*config.Tool{}, matchers: map[*config.Tool]*discover.Matcher{}, wrangler: map[*config.Tool]map[string]bool{}}
}

// namedFiles are the arguments that name files (not directories or
// globs), as absolute paths: ignoring one of them deserves a note.
func namedFiles(args []string) map[string]bool {
	out := map[string]bool{}
	for _, a := range args {
		if fi, err := os.Stat(a); err == nil && !fi.IsDir() {
			if abs, err := filepath.Abs(a); err == nil {
				out[abs] = true
			}
		}
	}
	return out
}

// keep records each file's settings and returns the files no kvlint.toml
// ignores. A named file that is ignored gets a note on w, as ESLint gives.
func (s *settings) keep(files []discover.File, named map[string]bool, w io.Writer) ([]discover.File, error) {
	cache := &config.Cache{}
	kept := files[:0:0]
	absOf := absPaths()
	// The settings of each directory, looked up once (ForFile of an
	// absolute path is ForDir of its directory): a named file's project
	// may hold thousands of files in a few hundred directories.
	type dirTool struct {
		t   *config.Tool
		err error
	}
	byDir := map[string]dirTool{}
	for _, f := range files {
		abs, err := absOf(f.Path)
		if err != nil {
			return nil, err
		}
		dir := filepath.Dir(abs)
		dt, ok := byDir[dir]
		if !ok {
			dt.t, dt.err = s.tools.ForDir(dir)
			byDir[dir] = dt
		}
		t, err := dt.t, dt.err
		if err != nil {
			return nil, err
		}
		if by := s.ignoredBy(t, abs); by != nil {
			if named[abs] {
				fmt.Fprintf(w, "kvlint: note: %s is ignored by the ignore patterns of %s; not linted\n", f.Rel, by.Path)
			}
			continue
		}
		s.byRel[f.Rel] = t
		if t != nil && !f.Decl {
			names := s.wrangler[t]
			if names == nil {
				names = map[string]bool{}
				s.wrangler[t] = names
			}
			if wc, err := cache.ForFile(f.Path); err == nil && wc != nil {
				for n := range wc.KVNames() {
					names[n] = true
				}
			}
		}
		kept = append(kept, f)
	}
	return kept, nil
}

// ignoredBy returns the kvlint.toml whose ignore patterns exclude abs.
func (s *settings) ignoredBy(t *config.Tool, abs string) *config.Tool {
	if t == nil {
		return nil
	}
	layers := t.Layers
	if layers == nil {
		layers = []*config.Tool{t}
	}
	for _, l := range layers {
		if len(l.Ignore) == 0 {
			continue
		}
		m, ok := s.matchers[l]
		if !ok {
			m, _ = discover.NewMatcher(filepath.Dir(l.Path), l.Ignore)
			s.matchers[l] = m
		}
		if m.Ignores(abs) {
			return l
		}
	}
	return nil
}

// toolOf is the settings of the file rel (driver.Options.ToolFor).
func (s *settings) toolOf(rel string) *config.Tool { return s.byRel[rel] }

// all returns the distinct settings of the run's files (nil among them
// when a file has none).
func (s *settings) all() []*config.Tool {
	seen := map[*config.Tool]bool{}
	var out []*config.Tool
	for _, t := range s.byRel {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(s.byRel) == 0 {
		out = append(out, nil)
	}
	return out
}

// severity applies the file's kvlint.toml to a rule's findings
// (driver.Options.SeverityFor).
func (s *settings) severity(rel, rule string, def report.Severity) (report.Severity, bool) {
	return driver.Severity(s.byRel[rel], rule, def)
}

// warnUnknownBindings warns of a [bindings.X] table for a binding that no
// wrangler config of the files its kvlint.toml governs declares: its
// settings would silently apply to nothing.
func warnUnknownBindings(s *settings, w io.Writer) {
	type warning struct {
		file string
		line int
		msg  string
	}
	// The KV bindings of the files each kvlint.toml governs, through any
	// merged settings it is part of.
	declared := map[*config.Tool]map[string]bool{}
	for t, names := range s.wrangler {
		layers := t.Layers
		if layers == nil {
			layers = []*config.Tool{t}
		}
		for _, l := range layers {
			if declared[l] == nil {
				declared[l] = map[string]bool{}
			}
			for n := range names {
				declared[l][n] = true
			}
		}
	}
	var out []warning
	for l, names := range declared {
		if len(names) == 0 {
			continue // no wrangler config: bindings cannot be checked
		}
		list := make([]string, 0, len(names))
		for n := range names {
			list = append(list, n)
		}
		sort.Strings(list)
		for b, opt := range l.Bindings {
			if names[b] {
				continue
			}
			msg := fmt.Sprintf("[bindings.%s] names no KV binding of the wrangler config", b)
			if c := suggest.Closest(b, list, 3); c != "" {
				msg += fmt.Sprintf("; did you mean %s?", c)
			} else {
				msg += "; KV bindings: " + strings.Join(list, ", ")
			}
			out = append(out, warning{l.Path, opt.Line, msg})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].line < out[j].line
	})
	for _, x := range out {
		fmt.Fprintf(w, "kvlint: %s:%d: warning: %s\n", x.file, x.line, x.msg)
	}
}

// selectAnalyzers returns the rules to run: every rule that some file's
// kvlint.toml (or the defaults) leaves on. Severities are applied per
// file (settings.severity).
func selectAnalyzers(tools []*config.Tool) []driver.Analyzer {
	var out []driver.Analyzer
	for _, r := range allRules {
		on := false
		for _, t := range tools {
			if t == nil || t.Rules[r.Analyzer.Name] != config.SeverityOff {
				on = true
				break
			}
		}
		if on {
			out = append(out, driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default})
		}
	}
	return out
}

// projectContextFiles returns, when files were named one by one (as
// pre-commit does), the other sources of their projects (the directory of
// the nearest wrangler config, or else package.json) as context: their Env
// types, helpers and constants inform the model, but they are not
// reported on.
func projectContextFiles(args []string, files []discover.File, dopt discover.Options) []discover.File {
	roots := map[string]bool{}
	for _, a := range args {
		if fi, err := os.Stat(a); err != nil || fi.IsDir() {
			continue
		}
		dir := filepath.Dir(a)
		if p, ok := config.Find(dir); ok {
			roots[filepath.Dir(p)] = true
		} else if p, ok := findUp(dir, "package.json"); ok {
			roots[filepath.Dir(p)] = true
		}
	}
	if len(roots) == 0 {
		return nil
	}
	have := map[string]bool{}
	absOf := absPaths()
	for _, f := range files {
		if abs, err := absOf(f.Path); err == nil {
			have[abs] = true
		}
	}
	var dirs []string
	for r := range roots {
		dirs = append(dirs, r)
	}
	sort.Strings(dirs)
	more, _ := discover.Files(dirs, dopt)
	var out []discover.File
	for _, f := range more {
		if abs, err := absOf(f.Path); err == nil && !have[abs] {
			have[abs] = true
			out = append(out, f)
		}
	}
	return out
}
