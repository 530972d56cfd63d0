package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kvlint/kvlint/rules"
)

// commandHelp is the help of each subcommand.
var commandHelp = map[string]string{
	"explain": `usage: kvlint explain RULE

Shows a rule's documentation: what it reports, why, how to fix it, the KV
facts it rests on and its default severity. ` + "`kvlint rules`" + ` lists the rules.
`,
	"rules": `usage: kvlint rules [--json]

Lists every rule with its default severity and a summary; --json prints
name, severity, summary and documentation URL as a JSON array.
`,
	"init": `usage: kvlint init

Writes a kvlint.toml in the current directory with every setting commented
out at its default. It refuses to overwrite an existing one.
`,
	"lsp": `usage: kvlint lsp [--stdio]

Runs kvlint's language server, speaking LSP over standard input and output,
for editors (VS Code, Neovim, any LSP client): diagnostics as you type,
quick fixes, suppressions and rule documentation.
`,
	"help": `usage: kvlint help [COMMAND]

Shows kvlint's usage and flags, or the help of COMMAND (explain, rules,
init, lsp, lint), or the documentation of a rule.
`,
}

// help prints the usage, or the help of one command (or rule).
func help(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "lint":
		var o options
		fs := newFlagSet(&o, stdout)
		fs.Usage()
		return exitOK
	case len(args) > 1:
		fmt.Fprint(stderr, commandHelp["help"])
		return exitError
	}
	if h, ok := commandHelp[args[0]]; ok {
		fmt.Fprint(stdout, h)
		return exitOK
	}
	if _, ok := rules.Lookup(args[0]); ok {
		return explain(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "kvlint: no help for %q: commands are %s; or name a rule\n", args[0], strings.Join([]string{"explain", "rules", "init", "lint", "help"}, ", "))
	return exitError
}

// asksHelp reports whether a subcommand's arguments ask for its help.
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}
