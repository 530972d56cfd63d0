// Command kvlint finds misuse of Cloudflare Workers KV in Worker
// TypeScript and JavaScript.
//
//	kvlint [flags] [path ...]
//	kvlint explain RULE
//	kvlint rules [--json]
//
// Exit codes: 0 when nothing at error severity was found, 1 when errors were
// found (or a file could not be parsed, or --max-warnings was exceeded), 2
// on a usage, configuration or internal error.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}
