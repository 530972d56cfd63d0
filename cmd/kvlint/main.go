// Command kvlint finds misuse of Cloudflare Workers KV in Worker
// TypeScript and JavaScript.
//
//	kvlint [flags] [path ...]
//	kvlint explain RULE
//	kvlint rules [--json]
//	kvlint init
//	kvlint help [COMMAND]
//
// Flags may come anywhere among the paths (newFlagSet defines them all);
// "--" ends them. Each file gets the kvlint.toml files above it in its
// repository (config.Tools), and report paths are relative to the
// repository's top (reportRoot).
//
// Exit codes: 0 when nothing at error severity was found, 1 when errors were
// found (or a file could not be parsed, or --max-warnings was exceeded), 2
// on a usage, configuration or internal error (a path that does not exist
// among them).
package main

import (
	"os"

	"github.com/kvlint/kvlint/driver"
)

func main() {
	driver.SetMemoryBudget(os.Getenv)
	if len(os.Args) < 2 || os.Args[1] != "lsp" {
		driver.SetHeapFloor(os.Getenv)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}
