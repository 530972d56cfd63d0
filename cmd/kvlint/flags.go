package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet defines every flag of `kvlint [flags] [path ...]`, in one
// place: add a flag here, and parseArgs accepts it anywhere among the
// arguments.
func newFlagSet(o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("kvlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		// To the flag set's output, as PrintDefaults writes: the quiet
		// parse below discards it, so --help prints the usage once.
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.format, "format", "", "output format: "+strings.Join(formats, ", ")+" (default text; github when GITHUB_ACTIONS=true)")
	fs.StringVar(&o.output, "output", "", "write the report to this file instead of standard output")
	fs.StringVar(&o.outputSARIF, "output-sarif", "", "also write a SARIF report to this file (next to --format's report)")
	fs.StringVar(&o.outputSummary, "output-summary", "", "also append a Markdown summary (counts per rule; every finding when there are more than GitHub annotates) to this file, such as $GITHUB_STEP_SUMMARY")
	fs.StringVar(&o.configPath, "config", "", "kvlint.toml to use for every file (default: for each file, the nearest one above it in the repository)")
	fs.StringVar(&o.printConfig, "print-config", "", "print the settings (kvlint.toml files merged, wrangler config) that govern this file, and exit")
	fs.StringVar(&o.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR, FORCE_COLOR and TERM=dumb steer auto)")
	fs.BoolVar(&o.quiet, "quiet", false, "report errors only, not warnings")
	fs.BoolVar(&o.verbose, "verbose", false, "text output: give each finding its rule's documentation URL")
	fs.BoolVar(&o.tests, "tests", false, "also lint test files (*.test.*, *.spec.*, __tests__/, __mocks__/, a package's test/ and tests/), skipped by default")
	fs.IntVar(&o.maxWarnings, "max-warnings", -1, "exit 1 when there are more warnings than this (-1: no limit)")
	fs.BoolVar(&o.fix, "fix", false, "apply safe fixes, then report what is left")
	fs.BoolVar(&o.fixUnsafe, "fix-unsafe", false, "apply all fixes, including those that change behaviour (such as raising a TTL)")
	fs.BoolVar(&o.fixDryRun, "fix-dry-run", false, "print the fixes --fix would apply as a unified diff (to --output if given), change nothing")
	fs.StringVar(&o.baseline, "baseline", "", "hide the findings recorded in this baseline file")
	fs.StringVar(&o.writeBase, "write-baseline", "", "record the current findings in this baseline file and exit 0")
	fs.IntVar(&o.jobs, "j", 0, "files analyzed in parallel, at least 1 (default: the number of CPUs)")
	fs.BoolVar(&o.showVersion, "version", false, "print the version and exit")
	fs.BoolVar(&o.parseOnly, "parse-only", false, "parse every file and stop (for measuring the parser)")
	fs.BoolVar(&o.parseAll, "parse-all", false, "parse and model every file, also those with no KV-related text (same findings, slower; for measuring)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to this file")
	fs.BoolVar(&o.stdin, "stdin", false, "lint the text read from standard input, as the file --stdin-filename names")
	fs.StringVar(&o.stdinFilename, "stdin-filename", "", "the path the --stdin text is linted (and reported) as")
	fs.BoolVar(&o.cache, "cache", false, "keep results between runs and re-lint only what changed (see --cache-location)")
	fs.StringVar(&o.cacheLocation, "cache-location", "", "directory of the --cache results (default node_modules/.cache/kvlint if node_modules exists, else .kvlint-cache)")
	return fs
}

// formats are the values of --format.
var formats = []string{"text", "json", "sarif", "github", "gitlab", "junit"}

// parseArgs parses flags anywhere among args, as ESLint, ruff and
// golangci-lint do: `kvlint src --format json` and `kvlint --format json
// src` are the same. "--" ends the flags: every argument after it is a
// path, even one starting with "-". It returns the paths in order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, paths []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			paths = append(paths, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			paths = append(paths, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		// A flag that takes a value takes the next argument, whatever it
		// looks like (-j -3 is -j with the value -3, rejected later).
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	// Parse quietly: the caller prints the error once, with a hint, not
	// the whole flag list.
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(flags)
	fs.SetOutput(out)
	if err != nil {
		return nil, err
	}
	return paths, nil
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// validate checks flag values the flag package cannot: numbers in range,
// names from a list.
func (o *options) validate(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["j"] && o.jobs < 1 {
		return fmt.Errorf("-j %d: the number of files analyzed in parallel must be at least 1", o.jobs)
	}
	if o.maxWarnings < -1 {
		return fmt.Errorf("--max-warnings %d: want a count of warnings, or -1 for no limit", o.maxWarnings)
	}
	if o.format != "" && !contains(formats, o.format) {
		return fmt.Errorf("unknown --format %q (want %s)", o.format, strings.Join(formats, ", "))
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return fmt.Errorf("unknown --color %q (want auto, always or never)", o.color)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
