package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// folder is a workspace folder: its configs, its files as last read from
// disk and its incremental cache. Only the linter goroutine lints it (under
// mu); the handlers only record, under pmu, what a change on disk
// invalidates, which the next lint applies (so a handler never waits for a
// lint).
type folder struct {
	root string

	mu         sync.Mutex
	cache      *driver.Cache
	wrangler   *config.Cache
	toolLoaded bool
	tools      *config.Tools // every file's kvlint.toml settings (cascading, as on the command line)
	tool       *config.Tool  // the folder's own
	files      []discover.File
	discovered bool
	disk       map[string]diskFile
	lastErrors string // the config errors last logged

	pmu     sync.Mutex
	pending invalidation
}

// invalidation is what changes on disk invalidated since the last lint.
type invalidation struct {
	tool, wrangler, discover bool
	files                    []string
}

type diskFile struct {
	mod  time.Time
	size int64
	src  []byte
	// watched: checked while the client watched the file, which then
	// reports any later change
	watched bool
}

func newFolder(root string) *folder {
	return &folder{root: root, cache: driver.NewCache(), wrangler: &config.Cache{}, disk: map[string]diskFile{}}
}

// reset drops the folder's wrangler configs, and its kvlint.toml and file
// list too when tool is set.
func (f *folder) reset(tool bool) {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	f.pending.wrangler = true
	if tool {
		f.pending.tool, f.pending.discover = true, true
	}
}

func (f *folder) rediscover() {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	f.pending.discover = true
}

func (f *folder) forget(path string) {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	f.pending.files = append(f.pending.files, path)
}

// applyPending applies the recorded invalidations (f.mu held).
func (f *folder) applyPending() {
	f.pmu.Lock()
	p := f.pending
	f.pending = invalidation{}
	f.pmu.Unlock()
	if p.wrangler {
		f.wrangler = &config.Cache{}
	}
	if p.tool {
		f.toolLoaded = false
	}
	if p.discover {
		f.discovered = false
	}
	for _, path := range p.files {
		delete(f.disk, path)
	}
}

// projectRoot returns the root of the project holding dir, for a file
// outside every workspace folder: the directory of its nearest wrangler
// config, or else of its nearest package.json, or else dir.
func projectRoot(dir string) string {
	if p, ok := config.Find(dir); ok {
		return filepath.Dir(p)
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// read returns a file's text from disk, read again only when its size or
// modification time changed; with watched set (the client reports every
// change, see server.watching), only when the client said it changed,
// without a stat of every file of the folder at every edit.
func (f *folder) read(path string, watched bool) ([]byte, bool) {
	if d, ok := f.disk[path]; ok && d.watched && watched {
		return d.src, true
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		delete(f.disk, path)
		return nil, false
	}
	if d, ok := f.disk[path]; ok && d.size == fi.Size() && d.mod.Equal(fi.ModTime()) {
		d.watched = watched
		f.disk[path] = d
		return d.src, true
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	f.disk[path] = diskFile{mod: fi.ModTime(), size: fi.Size(), src: src, watched: watched}
	return src, true
}

// openDoc is an open buffer as one lint sees it.
type openDoc struct {
	doc     *document
	version int32
	text    []byte
}

// docResult is what one lint found in an open buffer.
type docResult struct {
	version  int32
	src      []byte
	findings []report.Finding
	sources  map[string][]byte // of the run, for related locations and edits
	lines    map[string]*lines
}

func (r *docResult) linesOf(file string) *lines {
	if l := r.lines[file]; l != nil {
		return l
	}
	src, ok := r.sources[file]
	if !ok {
		return nil
	}
	l := newLines(src)
	r.lines[file] = l
	return l
}

// rangeOf returns a location's LSP range, in its file's text.
func (r *docResult) rangeOf(l report.Location) protocol.Range {
	if li := r.linesOf(l.File); li != nil {
		return li.rangeOf(l.Offset, l.EndOffset)
	}
	// Not a file of the run: its line and (byte) column are all there is.
	p := func(line, col int) protocol.Position {
		if line < 1 {
			line = 1
		}
		if col < 1 {
			col = 1
		}
		return protocol.Position{Line: uint32(line - 1), Character: uint32(col - 1)}
	}
	return protocol.Range{Start: p(l.Line, l.Col), End: p(l.EndLine, l.EndCol)}
}

// lintFolder lints the open buffers of f and publishes their diagnostics.
func (s *server) lintFolder(f *folder) {
	s.mu.Lock()
	configFile := s.configFile
	var open []openDoc
	for _, d := range s.docs {
		if s.folderOf(d.path) == f {
			open = append(open, openDoc{doc: d, version: d.version, text: d.text})
		}
	}
	s.mu.Unlock()
	if len(open) == 0 {
		return
	}
	sort.Slice(open, func(i, j int) bool { return open[i].doc.path < open[j].doc.path })

	f.mu.Lock()
	res, ok := s.runFolder(f, configFile, open)
	f.mu.Unlock()
	if !ok {
		return
	}
	if s.opt.OnLint != nil {
		defer s.opt.OnLint(f.root, len(open))
	}

	byFile := map[string][]report.Finding{}
	for _, fd := range res.Findings {
		if fd.Suppressed == nil {
			byFile[fd.File] = append(byFile[fd.File], fd)
		}
	}
	errs := map[string][]report.FileError{}
	for _, e := range res.Errors {
		errs[e.File] = append(errs[e.File], e)
	}
	for _, e := range res.Internal {
		s.message(protocol.MessageTypeError, "internal error (a bug in kvlint, please report it): %s: %s", e.File, e.Message)
	}
	for _, o := range open {
		path := o.doc.path
		r := &docResult{version: o.version, src: o.text, findings: byFile[path], sources: res.Sources, lines: map[string]*lines{}}
		if _, ok := r.sources[path]; !ok {
			r.sources = map[string][]byte{path: o.text}
			for k, v := range res.Sources {
				r.sources[k] = v
			}
		}
		diags := []protocol.Diagnostic{}
		for _, fd := range r.findings {
			diags = append(diags, r.diagnostic(fd))
		}
		for _, e := range errs[path] {
			diags = append(diags, r.errorDiagnostic(e))
		}
		s.mu.Lock()
		current := s.docs[path] == o.doc
		if current {
			o.doc.last = r
		}
		s.mu.Unlock()
		if !current {
			continue
		}
		_ = s.conn.Notify(s.ctx, protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{
			URI: o.doc.uri, Version: uint32(o.version), Diagnostics: diags,
		})
	}
	// Config errors (a broken wrangler config): logged when they change.
	var cfg []string
	for file, es := range errs {
		if _, isOpen := res.Sources[file]; isOpen {
			continue
		}
		for _, e := range es {
			cfg = append(cfg, fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Message))
		}
	}
	sort.Strings(cfg)
	if joined := strings.Join(cfg, "\n"); joined != f.lastErrors {
		f.lastErrors = joined
		if joined != "" {
			s.message(protocol.MessageTypeWarning, "%s", joined)
		}
	}
}

// runFolder runs the driver over f's files, its open buffers reported on
// and the rest as context (f.mu held).
func (s *server) runFolder(f *folder, configFile string, open []openDoc) (res *driver.Result, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			s.message(protocol.MessageTypeError, "internal error linting %s: %v\n%s", f.root, p, debug.Stack())
			res, ok = nil, false
		}
	}()
	f.applyPending()
	if !f.toolLoaded {
		// The kvlint.toml files above each file, merged (config.Tools), or
		// the one the client's settings name for every file.
		f.toolLoaded = true
		f.tools = &config.Tools{Known: s.knownRules(true)}
		if path := configFile; path != "" {
			if !filepath.IsAbs(path) {
				path = filepath.Join(f.root, path)
			}
			t, err := config.LoadTool(path, s.knownRules(true))
			if err != nil {
				s.message(protocol.MessageTypeError, "%v (linting with the default settings)", err)
				t = &config.Tool{Path: path}
			}
			f.tools.Override = t
		}
		t, err := f.tools.ForDir(f.root)
		if err != nil {
			s.message(protocol.MessageTypeError, "%v (linting with the default settings)", err)
		}
		f.tool = t
	}
	if !f.discovered {
		f.discovered = true
		dopt := discover.Options{Root: f.root}
		if f.tool != nil {
			dopt.Ignore = f.tool.Ignore
			dopt.IgnoreBase = filepath.Dir(f.tool.Path)
		}
		files, problems := discover.Files([]string{f.root}, dopt)
		for _, p := range problems {
			s.logf("%v", p)
		}
		f.files = files
	}
	isOpen := map[string]openDoc{}
	for _, o := range open {
		isOpen[o.doc.path] = o
	}
	inputs := make([]driver.Input, 0, len(f.files)+len(open))
	for _, file := range f.files {
		path := file.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(f.root, filepath.FromSlash(file.Rel))
		}
		if o, ok := isOpen[path]; ok {
			inputs = append(inputs, driver.Input{Path: path, Rel: path, Src: o.text})
			delete(isOpen, path)
			continue
		}
		src, ok := f.read(path, s.watching.Load())
		if !ok {
			continue
		}
		inputs = append(inputs, driver.Input{Path: path, Rel: path, Src: src, Context: true})
	}
	// Open buffers the walk leaves out (a test file, a new file): linted
	// all the same, since the user is looking at them.
	for _, o := range open {
		if _, ok := isOpen[o.doc.path]; ok && parser.IsSource(o.doc.path) && !parser.IsDecl(o.doc.path) {
			inputs = append(inputs, driver.Input{Path: o.doc.path, Rel: o.doc.path, Src: o.text})
		}
	}
	// Each file's settings; the rules on in any of them run.
	toolOf := map[string]*config.Tool{}
	var used []*config.Tool
	seen := map[*config.Tool]bool{}
	for _, in := range inputs {
		t, err := f.tools.ForFile(in.Path)
		if err != nil {
			s.logf("%v", err)
			t = f.tool
		}
		toolOf[in.Rel] = t
		if !seen[t] {
			seen[t] = true
			used = append(used, t)
		}
	}
	res = driver.Run(inputs, driver.Options{
		Analyzers: s.analyzers(used),
		Tool:      f.tool,
		ToolFor:   func(rel string) *config.Tool { return toolOf[rel] },
		SeverityFor: func(rel, rule string, def report.Severity) (report.Severity, bool) {
			return driver.Severity(toolOf[rel], rule, def)
		},
		Wrangler:            f.wrangler.ForFile,
		KnownRules:          s.knownRules(false),
		SuppressionSeverity: suppressionSeverity(f.tool),
		Cache:               f.cache,
	})
	return res, true
}

// diagnostic converts a finding.
func (r *docResult) diagnostic(fd report.Finding) protocol.Diagnostic {
	url := fd.URL
	if url == "" {
		url = kvmodel.DocURL(fd.Rule)
	}
	d := protocol.Diagnostic{
		Range:           r.rangeOf(fd.Location),
		Severity:        severity(fd.Severity),
		Code:            fd.Rule,
		CodeDescription: &protocol.CodeDescription{Href: uri.URI(url)},
		Source:          "kvlint",
		Message:         fd.Message,
	}
	if fd.Rule == driver.UnusedSuppression {
		d.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	for _, rel := range fd.Related {
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: uri.File(rel.File), Range: r.rangeOf(rel.Location)},
			Message:  rel.Message,
		})
	}
	return d
}

// errorDiagnostic converts a file error (a syntax error).
func (r *docResult) errorDiagnostic(e report.FileError) protocol.Diagnostic {
	pos := protocol.Position{}
	if e.Line > 0 {
		pos.Line = uint32(e.Line - 1)
		if e.Col > 0 {
			pos.Character = uint32(e.Col - 1)
		}
		if li := newLines(r.src); int(pos.Line) < len(li.start) && e.Col > 0 {
			pos = li.position(li.start[pos.Line] + e.Col - 1)
		}
	}
	return protocol.Diagnostic{
		Range:    protocol.Range{Start: pos, End: pos},
		Severity: protocol.DiagnosticSeverityError,
		Source:   "kvlint",
		Message:  "kvlint cannot analyze this file: " + e.Message,
	}
}

func severity(s report.Severity) protocol.DiagnosticSeverity {
	if s == report.Error {
		return protocol.DiagnosticSeverityError
	}
	return protocol.DiagnosticSeverityWarning
}
