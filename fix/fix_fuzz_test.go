package fix

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// The handler the fuzzed statements are put in: every fix kvlint applies
// inside must keep it working. A waitUntil fix must hand the promise to
// this ctx (its parameter at ctxDecl), whatever the statements declare;
// the node tests (cmd/kvlint) run such Workers.
const (
	fuzzHead = "export default {\n  async fetch(request: Request, env: Env, ctx: ExecutionContext) {\n"
	fuzzTail = "\n    env.CACHE.put(\"k:\" + request.url, \"v\", { expirationTtl: 30 });\n    return new Response(\"ok\");\n  },\n};\n"
)

var ctxDecl = strings.Index(fuzzHead, "ctx: ExecutionContext")

// FuzzFixApplication lints a handler holding fuzzed statements, applies
// every fix (safe and unsafe) to the text, and requires the result to
// parse, to have one finding fewer per fix applied (what each fixes is
// fixed, nothing new is broken), and each waitUntil fix to name the
// handler's own context: its identifier, in the fixed text, resolves to
// the handler's parameter.
func FuzzFixApplication(f *testing.F) {
	for _, s := range []string{
		"",
		"env.CACHE.delete(\"x\");",
		"{ const ctx = { id: 1 }; env.CACHE.put(\"b\", \"1\"); }",
		"function inner(ctx: number) { env.CACHE.put(\"n\", String(ctx)); }\ninner(1);",
		"[1, 2].forEach((ctx) => { env.CACHE.put(\"c\", String(ctx)); });",
		"try { x(); } catch (ctx) { env.CACHE.put(\"e\", String(ctx)); }",
		"if (request.url) env.CACHE.put(\"i\", \"1\", { expirationTtl: 5 });",
		"var ctx2 = ctx; for (const k of [\"a\"]) { env.CACHE.put(k, \"v\"); }",
		"label: { env.CACHE.put(`t${1}`, \"v\"); break label; }",
	} {
		f.Add(s)
	}
	analyzers := make([]driver.Analyzer, len(rules.All))
	for i, r := range rules.All {
		analyzers[i] = driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default}
	}
	w := fuzzConfig(f)
	lint := func(src []byte) *driver.Result {
		return driver.Run([]driver.Input{{Path: "a.ts", Rel: "a.ts", Src: src}}, driver.Options{
			Analyzers: analyzers,
			Wrangler:  func(string) (*config.Wrangler, error) { return w, nil },
			Jobs:      1,
		})
	}
	f.Fuzz(func(t *testing.T, stmts string) {
		if len(stmts) > 1024 || strings.Contains(stmts, "kvlint-") {
			return // small inputs; suppressions change what is reported
		}
		src := []byte(fuzzHead + stmts + fuzzTail)
		res := lint(src)
		if len(res.Errors) > 0 || len(res.Internal) > 0 {
			return // not a valid handler
		}
		plan := Plan(res.Findings, Unsafe)["a.ts"]
		if len(plan) == 0 {
			return
		}
		fixed, applied, _ := edit(src, plan)
		if _, err := parser.Parse(nil, "a.ts", fixed); err != nil {
			t.Fatalf("fixed text does not parse: %v\n%s", err, fixed)
		}
		after := lint(fixed)
		if len(after.Errors) > 0 || len(after.Internal) > 0 {
			t.Fatalf("fixed text: %+v %+v\n%s", after.Errors, after.Internal, fixed)
		}
		if got, want := unsuppressed(after.Findings), unsuppressed(res.Findings)-applied; got > want {
			t.Errorf("%d findings after %d fixes, want at most %d\nbefore:\n%s\nafter:\n%s", got, applied, want, src, fixed)
		}
		// Every waitUntil inserted names the handler's ctx.
		if applied == len(plan) {
			qs := waitUntilUses(plan)
			for k, good := range parser.SameSymbols("a.ts", fixed, qs) {
				if !good {
					t.Errorf("waitUntil fix at %d does not name the handler's ctx:\n%s", qs[k].Use, fixed)
				}
			}
		}
	})
}

// waitUntilUses asks, for each waitUntil a fix of plan inserts (all of
// them applied), whether its identifier in the fixed text resolves to the
// handler's ctx parameter.
func waitUntilUses(plan []report.Fix) []parser.Binding {
	var edits []report.Edit
	for _, fx := range plan {
		edits = append(edits, fx.Edits...)
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Offset < edits[j].Offset })
	var qs []parser.Binding
	shift := 0
	for _, e := range edits {
		if strings.HasSuffix(e.NewText, ".waitUntil(") {
			qs = append(qs, parser.Binding{Use: e.Offset + shift, Decl: ctxDecl})
		}
		shift += len(e.NewText) - (e.EndOffset - e.Offset)
	}
	return qs
}

func unsuppressed(fs []report.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Suppressed == nil {
			n++
		}
	}
	return n
}

func fuzzConfig(f *testing.F) *config.Wrangler {
	f.Helper()
	p := filepath.Join(f.TempDir(), "wrangler.toml")
	if err := os.WriteFile(p, []byte("name = \"fuzz\"\nkv_namespaces = [{ binding = \"CACHE\", id = \"1\" }]\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	w, err := config.LoadWrangler(p)
	if err != nil {
		f.Fatal(err)
	}
	return w
}
