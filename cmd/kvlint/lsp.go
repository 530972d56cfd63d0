package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/kvlint/kvlint/lsp"
)

// lspCommand runs `kvlint lsp`: the language server, over standard input
// and output (--stdio, which editors' clients pass, is the only transport
// and may be left out).
func lspCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kvlint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "talk LSP over standard input and output (the default and only transport)")
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kvlint lsp: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	// KVLINT_CPUPROFILE: a CPU profile of the whole session (the server has
	// no flags of kvlint's runs; an environment variable reaches it from an
	// editor's or a benchmark's launch).
	if path := os.Getenv("KVLINT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			defer f.Close()
			if pprof.StartCPUProfile(f) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	// The server's heap is small (tens of MB) and each edit allocates a few
	// MB: collecting at twice the live heap instead of once costs little
	// memory and a tenth of an edit's CPU (the memory budget still holds).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	err := lsp.Serve(context.Background(), stdin, stdout, lsp.Options{Version: version, Rules: allRules, Log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "kvlint lsp: %v\n", err)
		return 1
	}
	return exitOK
}

func init() {
	commandHelp["lsp"] = `usage: kvlint lsp [--stdio]

Runs kvlint's language server (LSP 3.17) over standard input and output,
for editors: diagnostics as you type, from the unsaved buffer with the rest
of the project on disk; quick fixes, suppressions and rule documentation as
code actions. See the README's "In your editor".

Environment: KVLINT_CPUPROFILE=FILE writes a CPU profile of the session.
`
}
