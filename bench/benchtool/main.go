// Command benchtool is the helper of kvlint's benchmark script
// (bench/run.sh). It is not part of kvlint.
//
//	benchtool synth -out DIR [-projects N] [-files N] [-seed N]
//	    generate synthetic Worker projects (see bench/synth)
//	benchtool corpus -out DIR NAME=DIR...
//	    copy the JavaScript and TypeScript that kvlint lints out of unpacked
//	    npm packages into DIR/NAME, as a plain tree
//	benchtool stat DIR
//	    count the files and bytes kvlint discovers under DIR
//	benchtool count-kvlint FILE   (kvlint --format json output)
//	benchtool count-astgrep FILE  (ast-grep --json=stream output)
//	    findings per rule
//	benchtool summary -results FILE -bytes N -small-bytes N ...
//	    medians, peak RSS, throughput and the targets
//	benchtool lsp -kvlint BIN -root DIR -file REL [-n N]
//	    time didChange -> diagnostics of `kvlint lsp` (p50, p95)
//	benchtool profile -o FILE [-seconds N] PATH...
//	    lint PATH with every rule (as kvlint does) under the CPU profiler,
//	    stopping after N seconds if the run has not finished: a profile of
//	    runs too slow to wait for
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/rules"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtool synth|corpus|stat|count-kvlint|count-astgrep|summary ...")
		os.Exit(2)
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "synth":
		err = cmdSynth(args)
	case "corpus":
		err = cmdCorpus(args)
	case "stat":
		err = cmdStat(args)
	case "count-kvlint":
		err = cmdCountKvlint(args)
	case "count-astgrep":
		err = cmdCountAstgrep(args)
	case "summary":
		err = cmdSummary(args)
	case "profile":
		err = cmdProfile(args)
	case "lsp":
		err = cmdLSP(args)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchtool: %v\n", err)
		os.Exit(1)
	}
}

func cmdSynth(args []string) error {
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	out := fl.String("out", "", "output directory")
	projects := fl.Int("projects", 80, "number of projects")
	files := fl.Int("files", 50, "source files per project")
	seed := fl.Uint64("seed", 1, "random seed")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("synth: -out is required")
	}
	n, size, err := synth.Write(*out, *projects, *files, *seed)
	if err != nil {
		return err
	}
	fmt.Printf("synthetic: %d projects, %d source files, %d bytes\n", *projects, n, size)
	return nil
}

// skipDirs are the directory names kvlint's discovery never enters (and
// hidden directories); the corpus renames them so their sources are linted.
var skipDirs = map[string]bool{
	"node_modules": true, "dist": true, ".wrangler": true, ".git": true, ".svelte-kit": true,
	".next": true, ".output": true, "coverage": true,
}

// keep reports whether kvlint lints a file of this name when walking.
func keep(name string) bool {
	if !discover.IsSource(name) || discover.IsDecl(name) || discover.IsTest(name) {
		return false
	}
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	return !strings.HasSuffix(stem, ".min") && !strings.HasPrefix(name, ".")
}

func cmdCorpus(args []string) error {
	fl := flag.NewFlagSet("corpus", flag.ContinueOnError)
	out := fl.String("out", "", "output directory")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" || fl.NArg() == 0 {
		return fmt.Errorf("corpus: -out DIR NAME=DIR... required")
	}
	var total int64
	var nfiles int
	for _, arg := range fl.Args() {
		name, from, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("corpus: %q is not NAME=DIR", arg)
		}
		var pkgBytes int64
		var pkgFiles int
		err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(from, path)
			if d.IsDir() {
				base := d.Name()
				// Nested dependencies are not the package's own source;
				// tests and mocks are skipped by kvlint.
				if path != from && (base == "node_modules" || base == "__tests__" || base == "__mocks__") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !keep(d.Name()) {
				return nil
			}
			parts := strings.Split(filepath.ToSlash(rel), "/")
			for i := range parts[:len(parts)-1] {
				if skipDirs[parts[i]] || strings.HasPrefix(parts[i], ".") {
					parts[i] = "_" + strings.TrimPrefix(parts[i], ".")
				}
			}
			dst := filepath.Join(*out, name, filepath.FromSlash(strings.Join(parts, "/")))
			n, err := copyFile(path, dst)
			if err != nil {
				return err
			}
			pkgBytes += n
			pkgFiles++
			return nil
		})
		if err != nil {
			return err
		}
		fmt.Printf("  %-40s %6d files %10d bytes\n", name, pkgFiles, pkgBytes)
		total += pkgBytes
		nfiles += pkgFiles
	}
	fmt.Printf("npm corpus: %d files, %d bytes\n", nfiles, total)
	return nil
}

func copyFile(from, to string) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return 0, err
	}
	in, err := os.Open(from)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// cmdStat prints what kvlint's own discovery finds under a directory, as
// shell assignments: files, bytes, declaration files and their bytes.
func cmdStat(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("stat: one directory")
	}
	files, problems := discover.Files([]string{args[0]}, discover.Options{Root: args[0]})
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "benchtool: %v\n", p)
	}
	var n, nd int
	var size, dsize int64
	for _, f := range files {
		st, err := os.Stat(f.Path)
		if err != nil {
			return err
		}
		if f.Decl {
			nd++
			dsize += st.Size()
		} else {
			n++
			size += st.Size()
		}
	}
	fmt.Printf("files=%d\nbytes=%d\ndecl_files=%d\ndecl_bytes=%d\n", n, size, nd, dsize)
	return nil
}

func cmdCountKvlint(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("count-kvlint: one file")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var rep struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
		Errors []struct {
			File    string `json:"file"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, f := range rep.Findings {
		counts[f.Rule]++
	}
	fmt.Printf("kvlint: %d findings (%s), %d files with errors\n", len(rep.Findings), formatCounts(counts), len(rep.Errors))
	for i, e := range rep.Errors {
		if i == 5 {
			fmt.Printf("  ... and %d more\n", len(rep.Errors)-5)
			break
		}
		fmt.Printf("  %s: %s\n", e.File, e.Message)
	}
	return nil
}

func cmdCountAstgrep(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("count-astgrep: one file")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	counts := map[string]int{}
	total := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var m struct {
			RuleID string `json:"ruleId"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			return err
		}
		counts[m.RuleID]++
		total++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Printf("ast-grep: %d findings (%s)\n", total, formatCounts(counts))
	return nil
}

func formatCounts(counts map[string]int) string {
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

// run is one timed command: a line of the results file,
// "label round wall_s user_s sys_s maxrss_kb exit".
type run struct {
	label           string
	round           int
	wall, user, sys float64
	rssKB           int64
	exit            int
}

func readResults(path string) ([]run, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var runs []run
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fs := strings.Fields(line)
		if len(fs) != 7 {
			return nil, fmt.Errorf("%s:%d: want 7 fields, got %q", path, i+1, line)
		}
		r := run{label: fs[0]}
		var errs [6]error
		r.round, errs[0] = strconv.Atoi(fs[1])
		r.wall, errs[1] = strconv.ParseFloat(fs[2], 64)
		r.user, errs[2] = strconv.ParseFloat(fs[3], 64)
		r.sys, errs[3] = strconv.ParseFloat(fs[4], 64)
		r.rssKB, errs[4] = strconv.ParseInt(fs[5], 10, 64)
		r.exit, errs[5] = strconv.Atoi(fs[6])
		for _, e := range errs {
			if e != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, i+1, e)
			}
		}
		runs = append(runs, r)
	}
	return runs, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

type stats struct {
	n                   int
	wall, min, max, cpu float64
	rssMed, rssPeak     float64 // MB
	exits               map[int]int
	hasRuns             bool
}

func summarize(runs []run, label string) stats {
	var walls, cpus, rss []float64
	s := stats{exits: map[int]int{}}
	for _, r := range runs {
		if r.label != label {
			continue
		}
		s.n++
		walls = append(walls, r.wall)
		cpus = append(cpus, r.user+r.sys)
		mb := float64(r.rssKB) / 1024
		rss = append(rss, mb)
		if mb > s.rssPeak {
			s.rssPeak = mb
		}
		s.exits[r.exit]++
	}
	if s.n == 0 {
		return s
	}
	s.hasRuns = true
	s.wall, s.cpu, s.rssMed = median(walls), median(cpus), median(rss)
	sort.Float64s(walls)
	s.min, s.max = walls[0], walls[len(walls)-1]
	return s
}

func cmdSummary(args []string) error {
	fl := flag.NewFlagSet("summary", flag.ContinueOnError)
	results := fl.String("results", "", "results file")
	bytes := fl.Int64("bytes", 0, "source bytes kvlint reads in the corpus")
	files := fl.Int("files", 0, "source files kvlint reads in the corpus")
	smallBytes := fl.Int64("small-bytes", 0, "source bytes of the small project")
	smallFiles := fl.Int("small-files", 0, "source files of the small project")
	if err := fl.Parse(args); err != nil {
		return err
	}
	runs, err := readResults(*results)
	if err != nil {
		return err
	}
	mb := float64(*bytes) / 1e6
	fmt.Printf("\nCorpus: %d files, %.1f MB (as discovered by kvlint; 1 MB = 10^6 bytes)\n\n", *files, mb)
	fmt.Printf("%-22s %4s %9s %9s %9s %9s %10s %10s %9s  %s\n",
		"tool", "runs", "median s", "min s", "max s", "cpu s", "RSS med", "RSS peak", "MB/s", "exit codes")
	labels := []struct{ label, desc string }{
		{"kvlint", "kvlint (all rules)"},
		{"parse-all", "kvlint --parse-all"},
		{"parse-only", "kvlint --parse-only"},
		{"ast-grep", "ast-grep scan"},
		{"esbuild", "esbuild (transform)"},
	}
	all := map[string]stats{}
	for _, l := range labels {
		s := summarize(runs, l.label)
		all[l.label] = s
		if !s.hasRuns {
			continue
		}
		fmt.Printf("%-22s %4d %9.3f %9.3f %9.3f %9.3f %7.0f MB %7.0f MB %9.1f  %s\n",
			l.desc, s.n, s.wall, s.min, s.max, s.cpu, s.rssMed, s.rssPeak, mb/s.wall, exitString(s.exits))
	}
	small := summarize(runs, "kvlint-50")
	if small.hasRuns {
		fmt.Printf("%-22s %4d %9.3f %9.3f %9.3f %9.3f %7.0f MB %7.0f MB %9.1f  %s\n",
			"kvlint, 50-file project", small.n, small.wall, small.min, small.max, small.cpu,
			small.rssMed, small.rssPeak, float64(*smallBytes)/1e6/small.wall, exitString(small.exits))
		fmt.Printf("  (the 50-file project: %d files, %d bytes)\n", *smallFiles, *smallBytes)
	}

	k, p, a := all["kvlint"], all["parse-only"], all["ast-grep"]
	fmt.Printf("\nTargets:\n")
	missed := 0
	check := func(name string, ok bool, got, target string) {
		mark := "PASS"
		if !ok {
			mark = "MISS"
			missed++
		}
		fmt.Printf("  [%s] %-40s %-14s (target %s)\n", mark, name, got, target)
	}
	if k.hasRuns && a.hasRuns {
		r := a.wall / k.wall
		check("kvlint vs ast-grep throughput", r >= 2, fmt.Sprintf("%.2fx", r), ">= 2x")
	}
	if k.hasRuns && p.hasRuns {
		r := p.wall / k.wall
		check("kvlint vs parse-only throughput", r >= 0.6, fmt.Sprintf("%.0f%%", 100*r), ">= 60%")
	}
	if k.hasRuns {
		check("kvlint peak RSS", k.rssPeak < 500, fmt.Sprintf("%.0f MB", k.rssPeak), "< 500 MB")
	}
	if small.hasRuns {
		check("kvlint wall time, 50-file project", small.wall < 0.150, fmt.Sprintf("%.0f ms", 1000*small.wall), "< 150 ms")
	}
	if pa := all["parse-all"]; pa.hasRuns && p.hasRuns {
		fmt.Printf("\nWithout sifting (--parse-all: every file parsed and modeled), kvlint runs at %.0f%% of the\nparse-only throughput (analysis is %.0f%% of its time) and peaks at %.0f MB.\n",
			100*p.wall/pa.wall, 100*(pa.wall-p.wall)/pa.wall, pa.rssPeak)
	}
	if e := all["esbuild"]; e.hasRuns && k.hasRuns {
		fmt.Printf("\nReference: esbuild's transform API (parse and print, per file) runs at %.1f MB/s on the corpus;\nkvlint runs at %.0f%% of that, kvlint --parse-only at %.0f%%.\n",
			mb/e.wall, 100*e.wall/k.wall, 100*e.wall/p.wall)
	}
	if missed > 0 {
		fmt.Printf("\n%d target(s) missed.\n", missed)
	} else {
		fmt.Printf("\nAll targets met.\n")
	}
	return nil
}

func exitString(m map[int]int) string {
	var keys []int
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d×%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// cmdProfile runs kvlint's pipeline (every rule at its default severity,
// wrangler configs found as kvlint finds them) under the CPU profiler and
// writes the profile when the run ends or after -seconds, whichever comes
// first.
func cmdProfile(args []string) error {
	fl := flag.NewFlagSet("profile", flag.ContinueOnError)
	out := fl.String("o", "cpu.out", "profile file")
	seconds := fl.Int("seconds", 60, "stop profiling after this many seconds")
	if err := fl.Parse(args); err != nil {
		return err
	}
	files, problems := discover.Files(fl.Args(), discover.Options{})
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "benchtool: %v\n", p)
	}
	inputs := make([]driver.Input, len(files))
	for i, f := range files {
		inputs[i] = driver.Input{Path: f.Path, Rel: f.Rel}
	}
	analyzers := make([]driver.Analyzer, 0, len(rules.All))
	for _, r := range rules.All {
		analyzers = append(analyzers, driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default})
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	done := make(chan *driver.Result, 1)
	start := time.Now()
	go func() {
		cache := &config.Cache{}
		done <- driver.Run(inputs, driver.Options{Analyzers: analyzers, Wrangler: cache.ForFile})
	}()
	select {
	case res := <-done:
		pprof.StopCPUProfile()
		fmt.Printf("finished in %.2fs: %d files, %d findings, %d errors\n",
			time.Since(start).Seconds(), len(files), len(res.Findings), len(res.Errors))
	case <-time.After(time.Duration(*seconds) * time.Second):
		pprof.StopCPUProfile()
		fmt.Printf("stopped after %ds, unfinished (%d files)\n", *seconds, len(files))
	}
	return nil
}
