package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/fix"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

const usage = `kvlint finds misuse of Cloudflare Workers KV in Worker TypeScript/JavaScript.

Usage:
  kvlint [flags] [path ...]   lint files, directories or globs (default ".")
  kvlint explain RULE         show a rule's documentation
  kvlint rules [--json]       list the rules
  kvlint init                 write a commented kvlint.toml here
  kvlint help [COMMAND]       show this help, or a command's
  kvlint lsp                  run the language server (LSP over stdio) for editors

Flags may come before or after the paths; "--" ends them (kvlint -- rules
lints a directory called rules).

Flags:
`

type options struct {
	format        string
	output        string
	outputSARIF   string
	outputSummary string
	configPath    string
	printConfig   string
	color         string
	quiet         bool
	verbose       bool
	tests         bool
	maxWarnings   int
	jobs          int
	showVersion   bool
	parseOnly     bool
	parseAll      bool
	cpuProfile    string
	memProfile    string
	fix           bool
	fixUnsafe     bool
	fixDryRun     bool
	baseline      string
	writeBase     string
	// stdin.go, cache.go
	stdin         bool
	stdinFilename string
	cache         bool
	cacheLocation string
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	// A bug must not take the run down with a Go stack trace and exit
	// code 2 from the runtime: say what happened, exit 2 (an internal
	// error). The driver already recovers per file and per rule.
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "kvlint: internal error: %v\n%s", p, debug.Stack())
			code = exitError
		}
	}()
	if len(args) > 0 {
		if _, sub := commandHelp[args[0]]; sub && args[0] != "help" && asksHelp(args[1:]) {
			return help(args[:1], stdout, stderr) // kvlint rules --help
		}
		switch args[0] {
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "rules":
			return listRules(args[1:], stdout, stderr)
		case "init":
			return initConfig(args[1:], stdout, stderr)
		case "help":
			return help(args[1:], stdout, stderr)
		case "lsp":
			return lspCommand(args[1:], stdinReader, stdout, stderr)
		}
	}

	var o options
	fs := newFlagSet(&o, stderr)
	paths, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// Asked for: to standard output, as `kvlint help` prints it.
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
		fmt.Fprintf(stderr, "kvlint: %v\nRun 'kvlint help' for usage.\n", err)
		return exitError
	}
	if err := o.validate(fs); err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\nRun 'kvlint help' for usage.\n", err)
		return exitError
	}
	if o.showVersion {
		fmt.Fprintf(stdout, "kvlint %s\n", version)
		return exitOK
	}
	if o.format == "" {
		o.format = "text"
		if getenv("GITHUB_ACTIONS") == "true" {
			o.format = "github"
		}
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		defer pprof.StopCPUProfile()
	}
	code = lint(paths, o, stdout, stderr, getenv)
	if o.memProfile != "" {
		if f, err := os.Create(o.memProfile); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	return code
}

func lint(paths []string, o options, stdout, stderr io.Writer, getenv func(string) string) int {
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	// Report paths are relative to the repository's top (or, in GitHub
	// Actions, the workspace), wherever kvlint runs.
	root := reportRoot(cwd, getenv)

	// kvlint.toml: given, or for each file the ones above it (config.Tools).
	tools := &config.Tools{Known: append(rules.Names(), driver.UnusedSuppression, driver.InvalidSuppression)}
	if o.configPath != "" {
		t, err := config.LoadTool(o.configPath, tools.Known)
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		tools.Override = t
	}
	if o.printConfig != "" {
		return printConfig(o.printConfig, tools, stdout, stderr)
	}
	defaultTool, err := tools.ForDir(cwd)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}

	dopt := discover.Options{Root: root, Tests: o.tests}
	var files []discover.File
	var problems []discover.Problem
	if !o.stdin {
		files, problems = discover.Files(paths, dopt)
	}
	// A path that does not exist (or a glob that matches nothing) is a
	// usage error: exit 2 whatever else is found. Every problem is named
	// on standard error and, in machine-readable formats, among the
	// report's errors.
	var pathErrs []report.FileError
	usageErr := false
	for _, p := range problems {
		fmt.Fprintf(stderr, "kvlint: %v\n", p)
		if errors.Is(p.Err, fs.ErrNotExist) || errors.Is(p.Err, discover.ErrNoMatch) || errors.Is(p.Err, discover.ErrBadIgnore) {
			usageErr = true
		}
		if o.format != "text" {
			msg := strings.TrimPrefix(p.Err.Error(), p.Path+": ")
			pathErrs = append(pathErrs, report.FileError{File: relTo(root, p.Path), Message: msg})
		}
	}

	// Each file's settings; files their kvlint.toml ignores are left out
	// (with a note when named on the command line).
	set := newSettings(tools)
	files, err = set.keep(files, namedFiles(paths), stderr)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	inputs := make([]driver.Input, len(files))
	for i, f := range files {
		inputs[i] = driver.Input{Path: f.Path, Rel: f.Rel}
	}
	context, _ := set.keep(projectContextFiles(paths, files, dopt), nil, io.Discard)
	for _, f := range context {
		inputs = append(inputs, driver.Input{Path: f.Path, Rel: f.Rel, Context: true})
	}
	if o.stdin {
		if inputs, err = stdinInputs(o, dopt, set, stderr); err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
	}
	analyzers := selectAnalyzers(set.all())
	warnUnknownBindings(set, stderr)

	results := openResultCache(o, set.all(), analyzers, cwd, stderr)
	runOnce := func() *driver.Result {
		cache := &config.Cache{}
		res := driver.Run(inputs, driver.Options{
			Analyzers:   analyzers,
			Tool:        defaultTool,
			ToolFor:     set.toolOf,
			SeverityFor: set.severity,
			Wrangler:    cache.ForFile,
			Jobs:        o.jobs,
			ParseOnly:   o.parseOnly,
			ParseAll:    o.parseAll,
			KnownRules:  rules.Names(),
			Reuse:       results.reuse(),
		})
		results.save(res, stderr)
		return res
	}
	res := runOnce()
	rootErrors(res, root)
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "kvlint: %s: %s\n", s.File, s.Message)
	}

	out := stdout
	if o.output != "" {
		f, err := os.Create(o.output)
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		defer f.Close()
		out = f
	}
	color := useColor(o.color, out == stdout && isTerminal(stdout), getenv)
	meta := ruleMeta()

	if o.fixDryRun {
		changed, failed := dryRun(res, inputs, o, out, stderr, meta, pathErrs, color)
		switch {
		case failed || usageErr:
			return exitError
		case changed:
			return exitFindings
		}
		return exitOK
	}
	if o.fix || o.fixUnsafe {
		if changed, _ := applyFixes(res, inputs, o, io.Discard, stderr); changed {
			res = runOnce() // report what the fixes left
			rootErrors(res, root)
		}
	}
	if o.writeBase != "" {
		if usageErr {
			fmt.Fprintf(stderr, "kvlint: %s not written: fix the paths above first\n", o.writeBase)
			return exitError
		}
		if err := writeBaseline(o.writeBase, root, res.Findings, res); err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stderr, "kvlint: wrote %s\n", o.writeBase)
		return exitOK
	}
	if o.baseline != "" {
		b, err := readBaseline(o.baseline)
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		res.Findings, _ = b.filter(res.Findings, root, res)
	}

	errs := append(append(pathErrs, res.Errors...), res.Internal...)
	rep := &report.Report{Findings: shownFindings(res.Findings, o.format, o.quiet), Errors: errs, Rules: meta}
	if err := writeReport(out, o.format, rep, res, reportOptions{color: color, verbose: o.verbose}); err != nil {
		fmt.Fprintf(stderr, "kvlint: writing the report: %v\n", err)
		return exitError
	}
	if o.outputSARIF != "" {
		sarifRep := &report.Report{Findings: shownFindings(res.Findings, "sarif", o.quiet), Errors: errs, Rules: meta}
		if err := writeFile(o.outputSARIF, func(w io.Writer) error { return writeReport(w, "sarif", sarifRep, res, reportOptions{}) }); err != nil {
			fmt.Fprintf(stderr, "kvlint: writing %s: %v\n", o.outputSARIF, err)
			return exitError
		}
	}

	if o.outputSummary != "" {
		sumRep := &report.Report{Findings: shownFindings(res.Findings, "summary", o.quiet), Errors: errs, Rules: meta}
		f, err := os.OpenFile(o.outputSummary, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err == nil {
			err = report.WriteSummary(f, sumRep, report.SummaryOptions{FileURL: report.GitHubFileURL(getenv), AnnotationLimit: githubAnnotationLimit, MaxRows: 1000})
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: writing %s: %v\n", o.outputSummary, err)
			return exitError
		}
	}

	// Exit code.
	if len(res.Internal) > 0 || hasConfigError(res) || usageErr {
		return exitError
	}
	errorsFound, warnings := 0, 0
	for _, f := range res.Findings {
		if f.Suppressed != nil {
			continue
		}
		if f.Severity == report.Error {
			errorsFound++
		} else {
			warnings++
		}
	}
	if errorsFound > 0 || len(res.Errors) > 0 || len(problems) > 0 {
		return exitFindings
	}
	if o.maxWarnings >= 0 && warnings > o.maxWarnings {
		fmt.Fprintf(stderr, "kvlint: %d warnings, more than --max-warnings %d\n", warnings, o.maxWarnings)
		return exitFindings
	}
	return exitOK
}

// githubAnnotationLimit is how many error (and how many warning)
// annotations GitHub shows per step.
const githubAnnotationLimit = 10

// rootErrors makes the paths of broken wrangler configs, which the driver
// names as found from the working directory, relative to root like every
// other report path.
func rootErrors(res *driver.Result, root string) {
	for i := range res.Errors {
		if e := &res.Errors[i]; e.File != "" && config.IsWranglerPath(e.File) {
			e.File = relTo(root, e.File)
		}
	}
}

// shownFindings are the findings a report in format shows: suppressed
// ones only in SARIF (marked as such), and errors only with --quiet.
func shownFindings(findings []report.Finding, format string, quiet bool) []report.Finding {
	var shown []report.Finding
	for _, f := range findings {
		if quiet && f.Severity != report.Error {
			continue
		}
		if f.Suppressed != nil && format != "sarif" {
			continue
		}
		shown = append(shown, f)
	}
	return shown
}

// ruleMeta describes every rule for the reports, the directive rules and
// syntax included.
func ruleMeta() []report.Rule { return rules.Report() }

// useColor decides whether text output is coloured: --color always or
// never; for auto, FORCE_COLOR (set and not "0") turns colour on and
// NO_COLOR or TERM=dumb off, else colour when writing to a terminal.
func useColor(flag string, terminal bool, getenv func(string) string) bool {
	switch flag {
	case "always":
		return true
	case "never":
		return false
	}
	if fc := getenv("FORCE_COLOR"); fc != "" && fc != "0" && fc != "false" {
		return true
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return terminal
}

// writeFile creates path and writes it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// dryRun shows the fixes --fix (or --fix-unsafe) would apply, changing
// nothing: as a unified diff for text and github, else as a report in
// --format of the findings that have such a fix (those formats carry the
// fixes' edits). It reports whether anything would change, and whether a
// fix could not be planned.
func dryRun(res *driver.Result, inputs []driver.Input, o options, out, stderr io.Writer, meta []report.Rule, pathErrs []report.FileError, color bool) (changed, failed bool) {
	if o.format == "text" || o.format == "github" {
		return applyFixes(res, inputs, o, out, stderr)
	}
	var fixable []report.Finding
	for _, f := range res.Findings {
		if f.Suppressed == nil && hasFix(f, o.fixUnsafe) {
			fixable = append(fixable, f)
		}
	}
	rep := &report.Report{Findings: fixable, Errors: append(append(pathErrs, res.Errors...), res.Internal...), Rules: meta}
	if err := writeReport(out, o.format, rep, res, reportOptions{color: color}); err != nil {
		fmt.Fprintf(stderr, "kvlint: writing the report: %v\n", err)
		return false, true
	}
	return len(fixable) > 0, false
}

func hasFix(f report.Finding, unsafe bool) bool {
	for _, fx := range f.Fixes {
		if fx.Safe || unsafe {
			return true
		}
	}
	return false
}

// reportWritten, when set (by tests), sees every report written.
var reportWritten func(format string, data []byte)

// reportOptions are the settings of writeReport.
type reportOptions struct {
	color   bool // text: ANSI colours
	verbose bool // text: each finding's docs URL
}

// writeReport writes rep in format to w.
func writeReport(w io.Writer, format string, rep *report.Report, res *driver.Result, ro reportOptions) error {
	var buf *bytes.Buffer
	if reportWritten != nil {
		buf = &bytes.Buffer{}
		w = io.MultiWriter(w, buf)
	}
	var err error
	switch format {
	case "text":
		err = report.WriteText(w, rep, res, report.TextOptions{Color: ro.color, Verbose: ro.verbose})
	case "json":
		err = report.WriteJSON(w, rep, res)
	case "sarif":
		err = report.WriteSARIF(w, rep, res, report.SARIFOptions{ToolVersion: version, InfoURI: kvmodel.DocsBase})
	case "github":
		err = report.WriteGitHub(w, rep)
	case "gitlab":
		err = report.WriteGitLab(w, rep, res)
	case "junit":
		err = report.WriteJUnit(w, rep)
	}
	if err == nil && buf != nil {
		reportWritten(format, buf.Bytes())
	}
	return err
}

// hasConfigError reports whether a wrangler config could not be read: its
// bindings, and so every finding under it, are unknown.
func hasConfigError(res *driver.Result) bool {
	for _, e := range res.Errors {
		if config.IsWranglerPath(e.File) {
			return true
		}
	}
	return false
}

// findUp returns the nearest file of that name in dir or a parent.
func findUp(dir, name string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// applyFixes applies (or, for a dry run, prints as a diff) the fixes of
// res's findings. It reports whether any file changed (or would), and
// whether any could not be fixed.
func applyFixes(res *driver.Result, inputs []driver.Input, o options, stdout, stderr io.Writer) (changed, failed bool) {
	mode := fix.Safe
	if o.fixUnsafe {
		mode = fix.Unsafe
	}
	plan := fix.Plan(res.Findings, mode)
	var files []fix.File
	for _, in := range inputs {
		if src, ok := res.Sources[in.Rel]; ok && len(plan[in.Rel]) > 0 {
			files = append(files, fix.File{Path: in.Path, Rel: in.Rel, Src: src})
		}
	}
	for _, out := range fix.Apply(files, plan, o.fixDryRun) {
		switch {
		case out.Err != nil:
			failed = true
			fmt.Fprintf(stderr, "kvlint: %s: %v\n", out.File, out.Err)
		case o.fixDryRun:
			changed = true
			fmt.Fprint(stdout, out.Diff)
		default:
			changed = true
			fmt.Fprintf(stderr, "kvlint: %s: applied %d fix(es)\n", out.File, out.Applied)
		}
	}
	return changed, failed
}

func initConfig(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: kvlint init")
		return exitError
	}
	f, err := os.OpenFile(config.ToolName, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "kvlint: %s already exists; not overwritten\n", config.ToolName)
		} else {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
		}
		return exitError
	}
	if _, err := f.WriteString(config.StarterTool); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "wrote %s\n", config.ToolName)
	return exitOK
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// allRules are the rules the command runs (tests add to them).
var allRules = rules.All

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: kvlint explain RULE")
		return exitError
	}
	r, ok := rules.Lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "kvlint: unknown rule %q; rules: %s\n", args[0], strings.Join(rules.Names(), ", "))
		return exitError
	}
	fmt.Fprintf(stdout, "%s (default severity: %s)\n\n%s\n\n%s\n", r.Analyzer.Name, r.Default, r.Analyzer.Doc, r.Analyzer.URL)
	return exitOK
}

func listRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kvlint rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the rules as JSON")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	meta := rules.Report()
	sort.Slice(meta, func(i, j int) bool { return meta[i].Name < meta[j].Name })
	if *asJSON {
		type rule struct {
			Name     string `json:"name"`
			Severity string `json:"severity"`
			Summary  string `json:"summary"`
			URL      string `json:"url"`
		}
		out := make([]rule, len(meta))
		for i, r := range meta {
			out[i] = rule{r.Name, string(r.Default), r.Short, r.URL}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitError
		}
		return exitOK
	}
	width := 0
	for _, r := range meta {
		width = max(width, len(r.Name))
	}
	for _, r := range meta {
		fmt.Fprintf(stdout, "%-*s %-8s %s\n", width, r.Name, r.Default, r.Short)
	}
	return exitOK
}
