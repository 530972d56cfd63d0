// Package driver runs kvlint's pipeline over a set of files: read and parse
// them in parallel, build the program's KV model, run every analyzer on
// every file in parallel, apply suppressions and severities, and return
// findings in a deterministic order.
package driver

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// Input is one file to lint.
type Input struct {
	Path string // for reading
	Rel  string // as reported
	Src  []byte // contents, if already read (nil: read Path)
	// Context files are parsed for what they tell the model (types,
	// helpers, constants) but not reported on: the rest of a project whose
	// files were named one by one.
	Context bool
}

// Analyzer is an analyzer to run with its severity.
type Analyzer struct {
	Analyzer *analysis.Analyzer
	Severity report.Severity
}

// Options configures a run.
type Options struct {
	Analyzers []Analyzer
	Tool      *config.Tool
	// ToolFor, when set, gives each file's kvlint.toml settings (by Rel);
	// Tool is then the default.
	ToolFor func(rel string) *config.Tool
	// SeverityFor, when set, gives the severity of rule's findings in the
	// file rel (def: the analyzer's severity, or the suppression rules'
	// from SuppressionSeverity); off drops them.
	SeverityFor func(rel, rule string, def report.Severity) (sev report.Severity, off bool)
	// Wrangler finds the wrangler config of a file; nil uses a config.Cache.
	Wrangler func(path string) (*config.Wrangler, error)
	// Jobs bounds parallelism (0: GOMAXPROCS).
	Jobs int
	// ParseOnly stops after parsing every file (for measuring the
	// parser's limit).
	ParseOnly bool
	// ParseAll parses and models every file, not only those kvmodel.Sift
	// finds the model may need: the findings are the same, only slower
	// (for testing and measuring the sifting).
	ParseAll bool
	// KnownRules names every rule, run or not, so that a directive naming
	// a rule turned off in kvlint.toml is not "unknown".
	KnownRules []string
	// SuppressionSeverity gives the severity of unusedsuppression and
	// invalidsuppression findings; a rule left out is off. Nil: both are
	// warnings.
	SuppressionSeverity map[string]report.Severity
	// Cache keeps parse results between runs (see incremental.go); nil:
	// none.
	Cache *Cache
	// Reuse, if set, is asked for an earlier run's results of each
	// reported file by its key (see incremental.go); the files it answers
	// for are not analyzed again. Result.Keys gives every reported file's
	// key, to store its results under.
	Reuse func(rel, key string) (FileResult, bool)
}

// Result is what a run found.
type Result struct {
	Findings []report.Finding
	Errors   []report.FileError // files that could not be read or parsed, broken configs
	// Internal lists analyzer failures (panics): a bug in kvlint.
	Internal []report.FileError
	// Skipped lists files left out on purpose, Message saying why: binary
	// files, UTF-16 text, minified bundles (see skipReason).
	Skipped []report.FileError
	Fset    *token.FileSet
	Files   map[string]*parser.File // by Rel
	Sources map[string][]byte       // by Rel
	// Keys holds each reported file's key, with Options.Reuse.
	Keys map[string]string

	reused FileResult // taken from Reuse (their columns already final)
}

// Source returns a file's contents (report.Sources).
func (r *Result) Source(file string) []byte { return r.Sources[file] }

// Run lints the inputs.
func Run(inputs []Input, opt Options) *Result {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	res := &Result{Fset: opt.Cache.fileSet(), Files: map[string]*parser.File{}, Sources: map[string][]byte{}}

	// Read every file, and find the wrangler config governing it (each
	// config is loaded once; a broken one is reported once).
	findWrangler := opt.Wrangler
	if findWrangler == nil {
		cache := &config.Cache{}
		findWrangler = cache.ForFile
	}
	var cfgMu sync.Mutex
	cfgErrs := map[string]bool{}
	// Context files are read into slabs in a run without a cache: most
	// are only scanned, their text dropped with the run (a language
	// server's Cache keeps each file's text across runs, and the files of
	// a whole-project run are mostly kept in its Result, which would pin
	// the slabs of the dropped ones).
	var bufs *slabs
	if opt.Cache == nil {
		bufs = &slabs{}
	}
	loads := make([]loaded, len(inputs))
	configs := make([]*config.Wrangler, len(inputs))
	parallel(len(inputs), jobs, func(i int) {
		if inputs[i].Context {
			loads[i] = read(inputs[i], bufs)
		} else {
			loads[i] = read(inputs[i], nil)
		}
		if !loads[i].ok || opt.ParseOnly {
			return
		}
		w, err := findWrangler(inputs[i].Path)
		if err != nil && !inputs[i].Context { // context files only inform
			cfgMu.Lock()
			if msg := err.Error(); !cfgErrs[msg] {
				cfgErrs[msg] = true
				res.Errors = append(res.Errors, configError(err))
			}
			cfgMu.Unlock()
		}
		configs[i] = w
	})

	// Parse what the KV model needs (everything, for --parse-only and
	// ParseAll); only check the rest for syntax errors and scan it for
	// binding types.
	modes := make([]parseMode, len(inputs))
	var reused map[int]bool
	var scanned map[int]*parser.File // scans fileKeys made, for modeScan
	if !opt.ParseOnly && !opt.ParseAll {
		var srcs []kvmodel.Source
		var at []int
		for i, l := range loads {
			if l.ok {
				srcs = append(srcs, kvmodel.Source{Path: inputs[i].Rel, Src: l.src, Wrangler: configs[i]})
				at = append(at, i)
			}
		}
		var need []bool
		// A failure here is a bug, reported; the run goes on parsing
		// every file.
		focused := false
		if res.guard("sifting the files", "", func() {
			var links kvmodel.Links
			need, links = opt.Cache.siftFiles(srcs, func(n int, f func(int)) { parallel(n, jobs, f) })
			if opt.Reuse != nil {
				inputs, reused, scanned = reuse(res, inputs, srcs, at, need, links, opt, jobs)
			}
			focused = focus(inputs, srcs, at, need, links)
		}) {
			for k, i := range at {
				switch {
				case need[k]:
				case focused && inputs[i].Context:
					modes[i] = modeScan
				default:
					modes[i] = modeCheck
				}
			}
		}
	}
	texts := make([][]byte, len(inputs)) // for the lazy files' declarations
	parallel(len(inputs), jobs, func(i int) {
		if loads[i].ok {
			src := loads[i].src
			texts[i] = src
			if f := scanned[i]; f != nil && modes[i] == modeScan {
				loads[i] = loaded{file: f}
			} else {
				loads[i] = opt.Cache.parse(res.Fset, inputs[i], src, modes[i])
			}
			if loads[i].err != nil && loads[i].err.Rule == report.SyntaxRule {
				loads[i].src = src // for the parse error's code frame
			}
		}
	})
	var files []*parser.File
	context := map[*parser.File]bool{}
	configOf := make(map[string]*config.Wrangler, len(inputs))
	lazyText := make(map[*parser.File][]byte, len(inputs))
	for i, l := range loads {
		switch {
		case reused[i]: // its errors came with its results
		case inputs[i].Context && l.internal == nil:
			// Context files only inform the model: their parse errors and
			// notes are not this run's (kvlint good.ts reports good.ts).
		case l.err != nil:
			res.Errors = append(res.Errors, *l.err)
			if l.src != nil {
				res.Sources[inputs[i].Rel] = l.src
			}
		case l.skipped != nil:
			res.Skipped = append(res.Skipped, *l.skipped)
		case l.internal != nil:
			res.Internal = append(res.Internal, *l.internal)
		}
		f := l.file
		if f == nil {
			continue
		}
		files = append(files, f)
		configOf[f.Path] = configs[i]
		if f.Lazy() {
			lazyText[f] = texts[i]
		}
		if f.Parsed() {
			if inputs[i].Context {
				context[f] = true
			}
			res.Files[f.Path] = f
			res.Sources[f.Path] = f.Src
		}
	}
	loads, texts = nil, nil
	sortSkipped(res.Skipped)
	if opt.ParseOnly {
		res.dropBOMColumns()
		sortErrors(res.Errors)
		sortErrors(res.Internal)
		return res
	}

	// (A failure leaves some declarations unread: reported, the run goes
	// on without them.)
	res.guard("reading declarations", "", func() { loadDecls(files, func(f *parser.File) []byte { return lazyText[f] }, jobs) })
	lazyText = nil
	wrangler := func(rel string) *config.Wrangler { return configOf[rel] }
	var prog *kvmodel.Program
	if !res.guard("building the KV model", "", func() { prog = kvmodel.NewProgram(files, wrangler, opt.Tool) }) {
		sortErrors(res.Errors)
		sortErrors(res.Internal)
		return res
	}
	prog.Context = func(f *parser.File) bool { return context[f] }
	prog.Facts = opt.Cache.factsCache()
	prog.ToolFor = opt.ToolFor
	res.guard("preparing the KV model", "", func() { prog.Prepare(func(n int, f func(int)) { parallel(n, jobs, f) }) })

	// Analyze every file that is not a declaration or context file.
	var lint []*parser.File
	for _, f := range files {
		if f.Parsed() && !context[f] {
			lint = append(lint, f)
		}
	}
	perFile := make([][]report.Finding, len(lint))
	internal := make([][]report.FileError, len(lint))
	parallel(len(lint), jobs, func(i int) {
		defer func() {
			if p := recover(); p != nil { // outside any one analyzer: suppressions, say
				perFile[i] = nil
				internal[i] = append(internal[i], report.FileError{File: lint[i].Path, Message: panicMessage("analyzing the file", p)})
			}
		}()
		perFile[i], internal[i] = analyzeFile(res.Fset, prog, lint[i], opt)
	})
	for i := range lint {
		res.Findings = append(res.Findings, perFile[i]...)
		res.Internal = append(res.Internal, internal[i]...)
	}
	res.dropBOMColumns()
	res.Findings = append(res.Findings, res.reused.Findings...)
	res.Errors = append(res.Errors, res.reused.Errors...)
	report.Sort(res.Findings)
	sortErrors(res.Errors)
	sortErrors(res.Internal)
	return res
}

func readError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "cannot read file: " + pe.Err.Error()
	}
	return "cannot read file: " + err.Error()
}

func configError(err error) report.FileError {
	var ce *config.Error
	if errors.As(err, &ce) {
		return report.FileError{File: ce.File, Line: ce.Line, Col: ce.Col, Message: ce.Msg}
	}
	return report.FileError{Message: err.Error()}
}

func sortErrors(errs []report.FileError) {
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
}

// parallel calls f(0..n-1) on up to jobs goroutines. A panic in f does
// not stop the other calls; once all have returned, the first panic is
// raised again in the caller's goroutine, where it can be recovered.
// With one job the calls run in the caller's goroutine, one after the
// other: a fresh goroutine per phase would grow its stack again for the
// parser's and the model's recursion (a tenth of a small run's time).
func parallel(n, jobs int, f func(int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		var crash *workerPanic
		for i := range n {
			if p := callRecovering(f, i); p != nil && crash == nil {
				crash = p
			}
		}
		if crash != nil {
			panic(crash)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var crash *workerPanic
	var next atomic.Int64 // the calls taken (a channel of them cost a send per call)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if p := callRecovering(f, i); p != nil {
					mu.Lock()
					if crash == nil {
						crash = p
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if crash != nil {
		panic(crash)
	}
}

// analyzeFile runs the analyzers (and what they require) on one file. A
// panic in an analyzer is reported as an internal error naming the rule and
// file; the other analyzers still run.
func analyzeFile(fset *token.FileSet, prog *kvmodel.Program, f *parser.File, opt Options) ([]report.Finding, []report.FileError) {
	results := map[*analysis.Analyzer]any{kvmodel.Input: &kvmodel.Unit{Prog: prog, File: f}}
	failed := map[*analysis.Analyzer]error{}
	var findings []report.Finding
	var internal []report.FileError

	var exec func(a *analysis.Analyzer) error
	exec = func(a *analysis.Analyzer) error {
		if _, ok := results[a]; ok {
			return nil
		}
		if err, ok := failed[a]; ok {
			return err
		}
		resultOf := map[*analysis.Analyzer]any{}
		for _, req := range a.Requires {
			if err := exec(req); err != nil {
				failed[a] = err
				return err
			}
			resultOf[req] = results[req]
		}
		var diags []analysis.Diagnostic
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			OtherFiles: []string{f.Path},
			ResultOf:   resultOf,
			Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
			ReadFile: func(name string) ([]byte, error) {
				if name == f.Path {
					return f.Src, nil
				}
				return nil, fmt.Errorf("%s: not part of this pass", name)
			},
		}
		res, err := runRecovering(a, pass)
		if err != nil {
			err = &analyzerFailure{analyzer: a.Name, err: err}
			failed[a] = err
			return err
		}
		results[a] = res
		for _, d := range diags {
			findings = append(findings, toFinding(fset, a, d))
		}
		return nil
	}
	reported := map[error]bool{}
	for _, an := range opt.Analyzers {
		before := len(findings)
		if err := exec(an.Analyzer); err != nil {
			if !reported[err] { // once, not once per rule that requires it
				reported[err] = true
				internal = append(internal, report.FileError{File: f.Path, Message: failureMessage(an.Analyzer.Name, err)})
			}
			continue
		}
		sev := an.Severity
		if opt.SeverityFor != nil {
			var off bool
			if sev, off = opt.SeverityFor(f.Path, an.Analyzer.Name, sev); off {
				findings = findings[:before]
				continue
			}
		}
		for i := before; i < len(findings); i++ {
			findings[i].Severity = sev
			if rule, ok := strings.CutSuffix(findings[i].Rule, kvmodel.WarningSuffix); ok {
				findings[i].Rule = rule
				findings[i].Severity = report.Warning
			}
		}
	}
	findings = applySuppressions(f, findings, opt)
	if opt.SeverityFor != nil {
		kept := findings[:0]
		for _, fd := range findings {
			if fd.Rule == UnusedSuppression || fd.Rule == InvalidSuppression {
				sev, off := opt.SeverityFor(f.Path, fd.Rule, fd.Severity)
				if off {
					continue
				}
				fd.Severity = sev
			}
			kept = append(kept, fd)
		}
		findings = kept
	}
	return findings, internal
}

func runRecovering(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return a.Run(pass)
}

func toFinding(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) report.Finding {
	rule := d.Category
	if rule == "" {
		rule = a.Name
	}
	url := d.URL
	if url == "" {
		url = a.URL
	}
	fd := report.Finding{Rule: rule, Message: d.Message, URL: url, Location: location(fset, d.Pos, d.End)}
	for _, r := range d.Related {
		fd.Related = append(fd.Related, report.Related{Location: location(fset, r.Pos, r.End), Message: r.Message})
	}
	for _, sf := range d.SuggestedFixes {
		msg, unsafe := strings.CutPrefix(sf.Message, kvmodel.UnsafeFix)
		fix := report.Fix{Message: msg, Safe: !unsafe}
		for _, e := range sf.TextEdits {
			fix.Edits = append(fix.Edits, report.Edit{Location: location(fset, e.Pos, e.End), NewText: string(e.NewText)})
		}
		fd.Fixes = append(fd.Fixes, fix)
	}
	return fd
}

// location converts a diagnostic's range, which may lie in any file of the
// run (a related location in another module), to a report location.
func location(fset *token.FileSet, pos, end token.Pos) report.Location {
	tf := fset.File(pos)
	if tf == nil {
		return report.Location{}
	}
	if !end.IsValid() || end < pos || fset.File(end) != tf {
		end = pos
	}
	p, e := tf.Position(pos), tf.Position(end)
	return report.Location{
		File: tf.Name(), Offset: p.Offset, EndOffset: e.Offset,
		Line: p.Line, Col: p.Column, EndLine: e.Line, EndCol: e.Column,
	}
}

// Severity is the severity a kvlint.toml gives a rule's findings, for
// Options.SeverityFor: def when it says nothing (or t is nil), off when it
// turns the rule off.
func Severity(t *config.Tool, rule string, def report.Severity) (sev report.Severity, off bool) {
	if t == nil {
		return def, false
	}
	switch t.Rules[rule] {
	case config.SeverityOff:
		return def, true
	case config.SeverityWarning:
		return report.Warning, false
	case config.SeverityError:
		return report.Error, false
	}
	return def, false
}
