package parser

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
	"time"
)

// Reading types stays linear in the text on inputs built to defeat it:
// namespaces nested thousands deep (each body is lexed once, not once per
// enclosing namespace) and destructuring patterns with functions in their
// defaults (an annotation read gives up after a bounded number of tokens).
func TestTypeReadsStayLinear(t *testing.T) {
	const depth = 3000
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString("namespace N {\n")
	}
	b.WriteString("interface Store extends KVNamespace {}\n")
	for i := 0; i < depth; i++ {
		b.WriteString("}\n")
	}
	start := time.Now()
	ds := ReadDecls([]byte(b.String()))
	if len(ds) != 0 {
		t.Fatalf("read %d decls nested %d deep", len(ds), depth)
	}
	if ds := ReadDecls([]byte("namespace A { namespace B { interface S extends KVNamespace {} } }")); len(ds) != 1 || ds[0].Name != "A.B.S" {
		t.Fatalf("read %+v", ds)
	}
	var p strings.Builder
	p.WriteString("function f(...args: any[]) {}\nfunction g(")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&p, "{ a%d = () => { return [1, 2, 3].map((x) => x * 2) } }: T, ", i)
	}
	p.WriteString("z) {}\n")
	src := p.String()
	f, err := Parse(token.NewFileSet(), "p.ts", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for i := strings.Index(src, "{ a"); i >= 0; {
		if typ := f.TypeAt(i); typ != nil && typ.Terms[0].Name == "T" {
			read++
		}
		j := strings.Index(src[i+1:], "{ a")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if read != 2000 {
		t.Errorf("read %d pattern annotations, want 2000", read)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
