package kvmodel

import (
	"go/parser"
	"go/token"
	"strings"
)

// Doc extracts a rule's documentation from the source of its package's
// doc.go (embedded by the rule): the text of the package comment after the
// heading "# name". Its first line is "name: summary". doc.go is thus the
// single source of the rule's documentation, for `kvlint explain`, the
// SARIF rule metadata and docs/rules.md alike.
func Doc(docGo, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", docGo, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil || f.Doc == nil {
		panic("kvmodel.Doc: " + name + ": doc.go has no package comment")
	}
	text := f.Doc.Text()
	_, section, ok := strings.Cut(text, "# "+name+"\n")
	if !ok {
		panic("kvmodel.Doc: " + name + ": doc.go has no heading # " + name)
	}
	return strings.TrimSpace(section)
}

// Summary returns the one-line summary of a rule's documentation (its
// first line, without the "name: " prefix).
func Summary(doc string) string {
	line, _, _ := strings.Cut(doc, "\n")
	if _, s, ok := strings.Cut(line, ": "); ok {
		return s
	}
	return line
}
