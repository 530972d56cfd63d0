package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/driver"
)

// stdinReader is where --stdin (and `kvlint lsp`) read from.
var stdinReader io.Reader = os.Stdin

// stdinInputs returns the inputs of a --stdin run: the text read from
// standard input, linted as the file --stdin-filename names (which need not
// exist: an unsaved buffer), with the rest of its project as context, as
// for a file named on the command line.
func stdinInputs(o options, dopt discover.Options, set *settings, stderr io.Writer) ([]driver.Input, error) {
	if o.stdinFilename == "" {
		return nil, fmt.Errorf("--stdin needs --stdin-filename PATH (the file the text is linted as)")
	}
	if o.fix || o.fixUnsafe {
		return nil, fmt.Errorf("--fix cannot write fixes back to standard input; use --fix-dry-run for a diff")
	}
	src, err := io.ReadAll(stdinReader)
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	name := filepath.Clean(o.stdinFilename)
	rel := relTo(dopt.Root, name)
	// Its settings, as for a file named on the command line: one its
	// kvlint.toml ignores is not linted (with a note).
	self, _ := filepath.Abs(name)
	kept, err := set.keep([]discover.File{{Path: name, Rel: rel}}, map[string]bool{self: true}, stderr)
	if err != nil || len(kept) == 0 {
		return nil, err
	}
	inputs := []driver.Input{{Path: name, Rel: rel, Src: src}}

	// The project: the directory of the nearest wrangler config, or else
	// of package.json.
	dir := filepath.Dir(name)
	root := ""
	if p, ok := config.Find(dir); ok {
		root = filepath.Dir(p)
	} else if p, ok := findUp(dir, "package.json"); ok {
		root = filepath.Dir(p)
	}
	if root == "" {
		return inputs, nil
	}
	more, _ := discover.Files([]string{root}, dopt)
	more, _ = set.keep(more, nil, io.Discard) // leave out what kvlint.toml ignores
	absOf := absPaths()
	for _, f := range more {
		if abs, err := absOf(f.Path); err == nil && abs != self {
			inputs = append(inputs, driver.Input{Path: f.Path, Rel: f.Rel, Context: true})
		}
	}
	return inputs, nil
}
