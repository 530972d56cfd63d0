// Command scaling times kvlint on inputs that grow, case by case, to show
// that its time grows linearly (or as n·log n) in each, never faster: the
// shapes that once went quadratic or exponential. Each case runs at sizes
// n, 2n and 4n; the ratio of successive times is near 2 for linear growth
// (n·log n a little more), near 4 for quadratic.
//
//	go run ./bench/scaling [-runs 3] [-scale 1] path/to/kvlint
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

const wrangler = "name = \"scaling\"\nkv_namespaces = [{ binding = \"KV\", id = \"1\" }]\n"

// A case writes a project of size n into dir.
type scaleCase struct {
	name, unit string
	n          int
	write      func(dir string, n int) error
	format     string // the output format (default json)
}

var cases = []scaleCase{
	{"put/get pairs in one function", "pairs", 2500, pairs, ""},
	{"helpers calling the next three times", "helpers", 100, chain, ""},
	{"import ring, three calls per module", "modules", 125, ring, ""},
	{"a helper calling itself n times", "self-calls", 500, selfCalls, ""},
	{"string literals joined by +", "terms", 50000, strs, ""},
	{"wrangler.json size", "keys", 50000, config, ""},
	{"findings on one long line (SARIF)", "findings", 40, longLine, "sarif"},
}

func main() {
	runs := flag.Int("runs", 3, "runs per size (the median is kept)")
	scale := flag.Float64("scale", 1, "multiplies every case's starting size")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: scaling [-runs N] [-scale F] path/to/kvlint")
		os.Exit(2)
	}
	bin, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	tmp, err := os.MkdirTemp("", "kvlint-scaling-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	fmt.Printf("%-40s %28s %16s   %s\n", "case", "sizes", "CPU times (s)", "ratios (2n/n, 4n/2n)")
	worst := 0.0
	for i, c := range cases {
		base := max(1, int(float64(c.n)**scale))
		var times []float64
		var sizes []string
		for k, n := range []int{base, 2 * base, 4 * base} {
			dir := filepath.Join(tmp, fmt.Sprintf("c%d-%d", i, k))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				fail(err)
			}
			if err := c.write(dir, n); err != nil {
				fail(err)
			}
			format := c.format
			if format == "" {
				format = "json"
			}
			times = append(times, median(bin, dir, format, *runs))
			sizes = append(sizes, fmt.Sprint(n))
		}
		r1, r2 := times[1]/times[0], times[2]/times[1]
		worst = max(worst, r2)
		fmt.Printf("%-40s %28s %16s   %.2f %.2f\n", c.name, strings.Join(sizes, "/")+" "+c.unit,
			fmt.Sprintf("%.2f/%.2f/%.2f", times[0], times[1], times[2]), r1, r2)
	}
	verdict := "linear or n·log n"
	if worst > 3 {
		verdict = "faster than n·log n somewhere"
	}
	fmt.Printf("largest ratio at 4n/2n: %.2f (%s; 2 is linear, 4 quadratic)\n", worst, verdict)
}

// median runs kvlint in dir runs times and returns the median CPU time
// in seconds.
func median(bin, dir, format string, runs int) float64 {
	var ts []float64
	for r := 0; r < runs; r++ {
		cmd := exec.Command(bin, "--format", format, ".")
		cmd.Dir = dir
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() == 2 {
				fail(fmt.Errorf("kvlint in %s: %w", dir, err))
			}
		}
		// CPU time (user and system), less disturbed than wall time by
		// other work on a shared machine.
		ts = append(ts, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
	}
	sort.Float64s(ts)
	return ts[len(ts)/2]
}

func project(dir string, files map[string]string) error {
	files["wrangler.toml"] = wrangler
	files["kvlint.toml"] = ""
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

const handlerHead = "export default { async fetch(req: Request, env: Env, ctx: ExecutionContext) {\n"

func pairs(dir string, n int) error {
	var b strings.Builder
	b.WriteString(handlerHead)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  await env.KV.put(\"k%d:\" + req.url, \"v\", { expirationTtl: 600 }); const v%d = await env.KV.get(\"k%d:\" + req.url);\n", i, i, i)
	}
	b.WriteString("  return new Response(\"ok\"); } };\n")
	return project(dir, map[string]string{"src/index.ts": b.String()})
}

func chain(dir string, n int) error {
	var b strings.Builder
	for i := 0; i < n; i++ {
		next := fmt.Sprintf("h%d", i+1)
		if i == n-1 {
			next = "h0" // and round again
		}
		fmt.Fprintf(&b, "async function h%d(kv: KVNamespace, k: string) { if (k.length > 9) { await %s(kv, k + \"a\"); await %s(kv, k + \"b\"); await %s(kv, k + \"c\"); } await kv.put(k, \"1\", { expirationTtl: 600 }); }\n", i, next, next, next)
	}
	b.WriteString(handlerHead + "  await h0(env.KV, req.url); return new Response(\"ok\"); } };\n")
	return project(dir, map[string]string{"src/index.ts": b.String()})
}

// selfCalls is one helper that reads, calls itself n times passing its
// parameters on, and writes from them.
func selfCalls(dir string, n int) error {
	var b strings.Builder
	b.WriteString("async function h(kv: KVNamespace, v: string, ttl: number) {\n  const cur = await kv.get(\"c\");\n  if (cur) {\n")
	for i := 0; i < n; i++ {
		b.WriteString("    await h(kv, v, ttl);\n")
	}
	b.WriteString("  }\n  await kv.put(\"c\", v + cur, { expirationTtl: ttl });\n}\n")
	b.WriteString(handlerHead + "  await h(env.KV, req.url, 600); return new Response(\"ok\"); } };\n")
	return project(dir, map[string]string{"src/index.ts": b.String()})
}

func ring(dir string, n int) error {
	files := map[string]string{}
	for i := 0; i < n; i++ {
		j := (i + 1) % n
		files[fmt.Sprintf("src/m%d.ts", i)] = fmt.Sprintf("import { f%d } from \"./m%d\";\nexport async function f%d(kv: KVNamespace, k: string) {\n  if (k.length > 3) { await f%d(kv, k + \"a\"); await f%d(kv, k + \"b\"); await f%d(kv, k + \"c\"); }\n  await kv.put(k, \"1\", { expirationTtl: 600 });\n}\n", j, j, i, j, j, j)
	}
	files["src/index.ts"] = "import { f0 } from \"./m0\";\n" + handlerHead + "  await f0(env.KV, \"x\"); return new Response(\"ok\"); } };\n"
	return project(dir, files)
}

func strs(dir string, n int) error {
	var b strings.Builder
	b.WriteString("export const s = ")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%q +\n", strings.Repeat("x", 40)+fmt.Sprint(i))
	}
	b.WriteString("\"\";\n")
	return project(dir, map[string]string{"src/strings.ts": b.String(), "src/index.ts": handlerHead + "  await env.KV.get(\"k\"); return new Response(\"ok\"); } };\n"})
}

// longLine is one line (minified code) of n puts, each after 50 KB of
// comment: n findings on a line of n·50 KB. Columns and fingerprints once
// scanned the whole line for each finding.
func longLine(dir string, n int) error {
	var b strings.Builder
	b.WriteString(handlerHead)
	pad := "/*" + strings.Repeat("x", 50_000) + "*/"
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s await env.KV.put(\"k%d\", \"v\", { expirationTtl: 30 });", pad, i)
	}
	b.WriteString(" return new Response(\"ok\"); } };\n")
	return project(dir, map[string]string{"src/index.ts": b.String()})
}

func config(dir string, n int) error {
	var b strings.Builder
	b.WriteString("{\"name\": \"scaling\", \"kv_namespaces\": [{\"binding\": \"KV\", \"id\": \"1\"}], \"vars\": {")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "\"VAR_%d\": \"value %d\"", i, i)
	}
	b.WriteString("}}\n")
	if err := project(dir, map[string]string{"src/index.ts": handlerHead + "  await env.KV.get(\"k\"); return new Response(\"ok\"); } };\n"}); err != nil {
		return err
	}
	os.Remove(filepath.Join(dir, "wrangler.toml"))
	return os.WriteFile(filepath.Join(dir, "wrangler.json"), []byte(b.String()), 0o644)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scaling:", err)
	os.Exit(1)
}
