package parser

import (
	"fmt"
	"strings"
	"testing"
)

// An annotation tells a function's parameter from a member: the type
// layer's member index reads names of members only.
func TestAnnotationParams(t *testing.T) {
	src := strings.Join([]string{
		"interface Env { CACHE: KVNamespace }",
		"function save(kv: KVNamespace, opts: { inline: KVNamespace }) {}",
		"class Area {",
		"  #own: KVNamespace;",
		"  constructor(name?: KVNamespace);",
		"  constructor(private held: KVNamespace, readonly seen: KVNamespace, plain: KVNamespace) {}",
		"}",
		"const handlers = { run: (arg: KVNamespace) => 0, after: null as unknown as KVNamespace, field: {} as { deep: KVNamespace } };",
		"type T = { x: (a: KVNamespace, b: R2Bucket) => void; y: KVNamespace };",
	}, "\n")
	f := ScanOnly("src/a.ts", []byte(src))
	var got []string
	for _, a := range f.Annotations {
		got = append(got, fmt.Sprintf("%s:%v", a.Name, a.Param))
	}
	want := "CACHE:false kv:true inline:false #own:false name:true held:false seen:false plain:true arg:true deep:false a:true b:true y:false"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("annotations:\n got %s\nwant %s", g, want)
	}
}

// In a long list of annotated parameters, the last is a parameter still:
// each one's bracket is found by looking back to the one before.
func TestAnnotationParamsLongList(t *testing.T) {
	f := ScanOnly("src/a.ts", []byte(paramList(20000)))
	if len(f.Annotations) != 20000 || !f.Annotations[19999].Param || !f.Annotations[0].Param {
		t.Fatalf("%d annotations", len(f.Annotations))
	}
}

func paramList(n int) string {
	var b strings.Builder
	b.WriteString("function f(\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  p%d: KVNamespace,\n", i)
	}
	b.WriteString(") {}\n")
	return b.String()
}

// BenchmarkAnnotationParams scans a parameter list of N annotated
// parameters: ns/annotation stays flat from N to 4N and 16N (linear).
//
//	go test -bench AnnotationParams -run '^$' ./parser/
func BenchmarkAnnotationParams(b *testing.B) {
	for _, n := range []int{2000, 8000, 32000} {
		src := []byte(paramList(n))
		b.Run(fmt.Sprintf("params=%d", n), func(b *testing.B) {
			for b.Loop() {
				ScanOnly("src/a.ts", src)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/annotation")
		})
	}
}
