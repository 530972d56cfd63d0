package kvmodel_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/parser"
)

// TestBindings checks which calls the model proves to be KV operations,
// against "// kv" or "// kv: BINDING" markers in the projects under
// testdata/model (each linted as one run): a marked line must hold exactly
// one KV operation (on that binding), any other line none. The fixtures
// cover how real Workers reach namespaces (bindings), the types that make
// a value KV (library: a library class taking options; options: an
// options object type, casts and JSDoc; framework: framework contexts and
// base classes; wrangler-types: the Env of `wrangler types`; holders: namespaces handed
// out by methods of another module's class kept in a field, or by
// functions kept in a field or an object literal), and the
// look-alikes (R2, Durable Object storage, the Cache API, Maps, routers,
// user objects) that must never count.
func TestBindings(t *testing.T) {
	projects, err := filepath.Glob("../../testdata/model/*")
	if err != nil || len(projects) < 5 {
		t.Fatalf("model projects: %v %v", projects, err)
	}
	for _, p := range projects {
		t.Run(filepath.Base(p), func(t *testing.T) { checkBindings(t, p) })
	}
}

func checkBindings(t *testing.T, project string) {
	dir, _ := filepath.Abs(project)
	got, want := map[string]string{}, map[string]string{}
	marker := regexp.MustCompile(`// kv(?::\s*(\w+))?\s*$`)
	var inputs []driver.Input
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !parser.IsSource(path) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		inputs = append(inputs, driver.Input{Path: path, Rel: rel, Src: src})
		for i, line := range bytes.Split(src, []byte("\n")) {
			if m := marker.FindSubmatch(line); m != nil {
				want[fmt.Sprintf("%s:%d", rel, i+1)] = string(m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(inputs, driver.Options{Analyzers: []driver.Analyzer{{Analyzer: opsAnalyzer}}})
	for _, e := range res.Errors {
		t.Fatalf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	for _, f := range res.Findings {
		key := fmt.Sprintf("%s:%d", f.File, f.Line)
		if prev, dup := got[key]; dup {
			t.Errorf("%s: two KV operations (%s, %s)", key, prev, f.Message)
		}
		got[key] = f.Message
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, wanted := want[k]
		g, found := got[k]
		switch {
		case wanted && !found:
			t.Errorf("%s: KV operation not recognized", k)
		case !wanted && found:
			t.Errorf("%s: not KV, but the model says %s", k, g)
		case w != "" && !strings.HasSuffix(g, " "+w):
			t.Errorf("%s: want binding %s, got %s", k, w, g)
		}
	}
}
