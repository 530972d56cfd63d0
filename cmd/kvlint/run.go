package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
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

Flags:
`

type options struct {
	format      string
	output      string
	configPath  string
	color       string
	quiet       bool
	tests       bool
	maxWarnings int
	jobs        int
	showVersion bool
	parseOnly   bool
	parseAll    bool
	cpuProfile  string
	memProfile  string
	fix         bool
	fixUnsafe   bool
	fixDryRun   bool
	baseline    string
	writeBase   string
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
		switch args[0] {
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "rules":
			return listRules(args[1:], stdout, stderr)
		case "init":
			return initConfig(args[1:], stdout, stderr)
		}
	}

	var o options
	fs := flag.NewFlagSet("kvlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.format, "format", "", "output format: text, json, sarif, github or gitlab (default text; github when GITHUB_ACTIONS=true)")
	fs.StringVar(&o.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&o.configPath, "config", "", "kvlint.toml to use (default: the nearest one above the working directory)")
	fs.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR turns auto off)")
	fs.BoolVar(&o.quiet, "quiet", false, "report errors only, not warnings")
	fs.BoolVar(&o.tests, "tests", false, "also lint test files (*.test.*, *.spec.*, __tests__/, __mocks__/), skipped by default")
	fs.IntVar(&o.maxWarnings, "max-warnings", -1, "exit 1 when there are more warnings than this (-1: no limit)")
	fs.BoolVar(&o.fix, "fix", false, "apply safe fixes, then report what is left")
	fs.BoolVar(&o.fixUnsafe, "fix-unsafe", false, "apply all fixes, including those that change behaviour (such as raising a TTL)")
	fs.BoolVar(&o.fixDryRun, "fix-dry-run", false, "print the fixes --fix would apply as a unified diff, change nothing")
	fs.StringVar(&o.baseline, "baseline", "", "hide findings counted in this baseline file (per file and rule)")
	fs.StringVar(&o.writeBase, "write-baseline", "", "write the current findings' counts to this baseline file and exit 0")
	fs.IntVar(&o.jobs, "j", 0, "files analyzed in parallel (default: the number of CPUs)")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	fs.BoolVar(&o.parseOnly, "parse-only", false, "parse every file and stop (for measuring the parser)")
	fs.BoolVar(&o.parseAll, "parse-all", false, "parse and model every file, also those with no KV-related text (same findings, slower; for measuring)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
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
	switch o.format {
	case "text", "json", "sarif", "github", "gitlab":
	default:
		fmt.Fprintf(stderr, "kvlint: unknown --format %q (want text, json, sarif, github or gitlab)\n", o.format)
		return exitError
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		fmt.Fprintf(stderr, "kvlint: unknown --color %q (want auto, always or never)\n", o.color)
		return exitError
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
	code = lint(fs.Args(), o, stdout, stderr, getenv)
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

	// kvlint.toml: given, or the nearest above the working directory.
	var tool *config.Tool
	toolPath := o.configPath
	if toolPath == "" {
		if p, ok := config.FindTool(cwd); ok {
			toolPath = p
		}
	}
	if toolPath != "" {
		t, err := config.LoadTool(toolPath, append(rules.Names(), driver.UnusedSuppression, driver.InvalidSuppression))
		if err != nil {
			fmt.Fprintf(stderr, "kvlint: %v\n", err)
			return exitError
		}
		tool = t
	}

	analyzers, err := selectAnalyzers(tool)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}

	dopt := discover.Options{Root: cwd, Tests: o.tests}
	if tool != nil {
		// Paths stay relative to the working directory (annotations and
		// SARIF point at the right files); ignore patterns are relative to
		// the kvlint.toml that lists them.
		dopt.Ignore = tool.Ignore
		dopt.IgnoreBase = filepath.Dir(tool.Path)
	}
	files, problems := discover.Files(paths, dopt)
	for _, p := range problems {
		fmt.Fprintf(stderr, "kvlint: %v\n", p)
	}
	if len(problems) > 0 && len(files) == 0 {
		return exitError
	}
	inputs := make([]driver.Input, len(files))
	for i, f := range files {
		inputs[i] = driver.Input{Path: f.Path, Rel: f.Rel}
	}
	inputs = append(inputs, projectContext(paths, files, dopt)...)

	runOnce := func() *driver.Result {
		cache := &config.Cache{}
		return driver.Run(inputs, driver.Options{
			Analyzers:           analyzers,
			Tool:                tool,
			Wrangler:            cache.ForFile,
			Jobs:                o.jobs,
			ParseOnly:           o.parseOnly,
			ParseAll:            o.parseAll,
			KnownRules:          rules.Names(),
			SuppressionSeverity: suppressionSeverity(tool),
		})
	}
	res := runOnce()
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "kvlint: %s: %s\n", s.File, s.Message)
	}

	if o.fix || o.fixUnsafe || o.fixDryRun {
		changed, failed := applyFixes(res, inputs, o, stdout, stderr)
		if o.fixDryRun {
			if failed {
				return exitError
			}
			if changed {
				return exitFindings
			}
			return exitOK
		}
		if changed {
			res = runOnce() // report what the fixes left
		}
	}
	if o.writeBase != "" {
		if err := writeBaseline(o.writeBase, res.Findings); err != nil {
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
		res.Findings, _ = b.filter(res.Findings)
	}

	// Suppressed findings appear only in SARIF, marked as such; --quiet
	// keeps errors only.
	var shown []report.Finding
	for _, f := range res.Findings {
		if o.quiet && f.Severity != report.Error {
			continue
		}
		if f.Suppressed != nil && o.format != "sarif" {
			continue
		}
		shown = append(shown, f)
	}
	meta := rules.Report()
	for _, r := range driver.SuppressionRules {
		meta = append(meta, report.Rule{Name: r.Name, Short: r.Summary, Doc: r.Summary, Default: report.Warning})
	}
	rep := &report.Report{Findings: shown, Errors: append(res.Errors, res.Internal...), Rules: meta}

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
	color := o.color == "always" || o.color == "auto" && out == stdout && isTerminal(stdout) && getenv("NO_COLOR") == ""
	if err := writeReport(out, o.format, rep, res, color); err != nil {
		fmt.Fprintf(stderr, "kvlint: writing the report: %v\n", err)
		return exitError
	}

	// Exit code.
	if len(res.Internal) > 0 || hasConfigError(res) {
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

// reportWritten, when set (by tests), sees every report written.
var reportWritten func(format string, data []byte)

// writeReport writes rep in format to w.
func writeReport(w io.Writer, format string, rep *report.Report, res *driver.Result, color bool) error {
	var buf *bytes.Buffer
	if reportWritten != nil {
		buf = &bytes.Buffer{}
		w = io.MultiWriter(w, buf)
	}
	var err error
	switch format {
	case "text":
		err = report.WriteText(w, rep, res, report.TextOptions{Color: color})
	case "json":
		err = report.WriteJSON(w, rep, res)
	case "sarif":
		err = report.WriteSARIF(w, rep, res, report.SARIFOptions{ToolVersion: version, InfoURI: kvmodel.DocsBase})
	case "github":
		err = report.WriteGitHub(w, rep)
	case "gitlab":
		err = report.WriteGitLab(w, rep, res)
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

// projectContext returns, when files were named one by one (as pre-commit
// does), the other sources of their projects (the directory of the nearest
// wrangler config, or else package.json) as context: their Env types,
// helpers and constants inform the model, but they are not reported on.
func projectContext(args []string, files []discover.File, dopt discover.Options) []driver.Input {
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
	for _, f := range files {
		if abs, err := filepath.Abs(f.Path); err == nil {
			have[abs] = true
		}
	}
	var dirs []string
	for r := range roots {
		dirs = append(dirs, r)
	}
	sort.Strings(dirs)
	more, _ := discover.Files(dirs, dopt)
	var out []driver.Input
	for _, f := range more {
		if abs, err := filepath.Abs(f.Path); err == nil && !have[abs] {
			have[abs] = true
			out = append(out, driver.Input{Path: f.Path, Rel: f.Rel, Context: true})
		}
	}
	return out
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

// suppressionSeverity applies kvlint.toml to the directive pseudo-rules
// (warnings by default).
func suppressionSeverity(tool *config.Tool) map[string]report.Severity {
	out := map[string]report.Severity{}
	for _, r := range driver.SuppressionRules {
		sev := config.SeverityWarning
		if tool != nil {
			if s, ok := tool.Rules[r.Name]; ok {
				sev = s
			}
		}
		switch sev {
		case config.SeverityWarning:
			out[r.Name] = report.Warning
		case config.SeverityError:
			out[r.Name] = report.Error
		}
	}
	return out
}

// allRules are the rules the command runs (tests add to them).
var allRules = rules.All

// selectAnalyzers applies kvlint.toml's severities to the rules.
func selectAnalyzers(tool *config.Tool) ([]driver.Analyzer, error) {
	var out []driver.Analyzer
	for _, r := range allRules {
		sev := r.Default
		if tool != nil {
			if s, ok := tool.Rules[r.Analyzer.Name]; ok {
				switch s {
				case config.SeverityOff:
					continue
				case config.SeverityWarning:
					sev = report.Warning
				case config.SeverityError:
					sev = report.Error
				}
			}
		}
		out = append(out, driver.Analyzer{Analyzer: r.Analyzer, Severity: sev})
	}
	return out, nil
}

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
	for _, r := range meta {
		fmt.Fprintf(stdout, "%-16s %-8s %s\n", r.Name, r.Default, r.Short)
	}
	return exitOK
}
