package valueflow_test

import (
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvmodel"
	"github.com/kvlint/kvlint/rules/valueflow"
)

// The layer's contract: in each source, the value reaching `probe(...)`
// on a line is what the comment `// => ...` on that line says.
var contracts = []struct {
	name string
	src  string
}{
	{"let reassigned on a branch", `
export function f(a) {
  let t = 30;
  if (a) t = 3600;
  probe(t); // => [30, 3600]
}`},
	{"compound assignment", `
let n = 10;
n += 50;
n *= 2;
probe(n); // => 120
`},
	{"Math.max clamp", `
export function f(ttl) {
  probe(ttl); // => unknown from a parameter
  probe(Math.max(60, ttl)); // => [60, +inf) from a parameter
  probe(Math.max(1, ttl)); // => [1, +inf) from a parameter
}`},
	{"ternary clamp and its look-alike", `
export function f(ttl) {
  probe(ttl < 60 ? 60 : ttl); // => [60, +inf) from a parameter
  probe(ttl < 60 ? ttl : undefined); // => (-inf, 59] from a parameter or undefined
}`},
	{"clamp by reassignment", `
export function f(ttl) {
  if (ttl < 60) ttl = 60;
  probe(ttl); // => [60, +inf) from a parameter
}`},
	{"early return and throw", `
export function f(ttl, ms) {
  if (ttl < 60) return;
  probe(ttl); // => [60, +inf) from a parameter
  if (ms < 60 * 1000) throw new Error("too short");
  probe(ms / 1000); // => [60, +inf) from a parameter
}`},
	{"a module const compared in a branch keeps its value after the join", `
export function f(ttl, end, now: number) {
  if (end) {
    if (end - now < MIN) return;
  }
  probe(MIN); // => 60
  if (ttl < MIN) return;
  probe(ttl); // => [60, +inf) from a parameter
}
const MIN = 60;
`},
	{"literal-union parameter type", `
export function f(ttl: 10 | 60, other?: 300 | 600) {
  probe(ttl); // => [10, 60]
}`},
	{"literal-union member types, also through an alias and a namespace", `
type Window = 300 | 3600;
namespace Limiter {
  export interface Options { period: 10 | 60; window?: Window; name: string }
}
export function f(opts: Limiter.Options) {
  probe(opts.period); // => [10, 60] from a parameter's property
  probe(opts.window); // => [300, 3600] from a parameter's property or undefined
  probe(opts.name); // => unknown from a parameter's property
}`},
	{"a helper's callers, walked to join what they pass, see its summary", `
function expiry(at) {
  return at;
}
export async function create(req) {
  const body = await req.json();
  const at = expiry(body.at);
  probe(at); // => unknown from storage
}
export async function edit(req) {
  const body = await req.json();
  const at = expiry(body.at);
  probe(at); // => unknown from storage
}
export async function upsert(req) {
  const body = await req.json();
  const at = expiry(body.at);
  probe(at); // => unknown from storage
}`},
	{"a request body read by a Nitro/h3 reader, and a property named from a spread of it", `
export default eventHandler(async (event) => {
  const body = await readValidatedBody(event, schema.parse);
  probe(body.expiration); // => unknown from storage
  const merged = { ...existing, ...body };
  probe(merged.expiration); // => unknown from storage
  probe(readQuery(event).expiration); // => unknown
});`},
	{"options spread over defaults in a field, checked by the constructor", `
export class Provider {
  constructor(options) {
    this.options = { ttl: 3600, other: 7200, ...options };
    if (this.options.ttl < 60) throw new TypeError("too short");
  }
  m() {
    probe(this.options.ttl); // => [60, +inf) from a parameter's property
    probe(this.options.other); // => unknown from a parameter's property
  }
  helpers() {
    return new Holder(this);
  }
}
class Holder {
  constructor(provider: Provider) {
    this.provider = provider;
  }
  m() {
    probe(this.provider.options.ttl); // => [60, +inf) from a parameter's property
  }
}
`},
	{"a constructor walked for a helper's call sites, inside that helper's walk, is walked again before its fields are read", `
export class C {
  put(config) {
    const ttl = resolve(config) ?? this.def;
    probe(ttl); // => [60, +inf) from a parameter's property, a field
  }
  constructor(options = {}) {
    this.def = clamp(options.d ?? 300);
  }
}
function clamp(s) {
  return Math.max(60, Math.floor(s));
}
function resolve(config) {
  if (!config) return undefined;
  if (config.ex > 0) return clamp(config.ex);
  return undefined;
}
export function make(options) {
  return new C(options);
}`},
	{"an assertion helper that throws narrows what follows its call", `
export function limiter(opts = {}) {
  const period = Math.floor(opts.period);
  assert(Number.isFinite(period) && period >= 60, "period must be >= 60");
  probe(period); // => [60, +inf) from a parameter's property
  async function limit(key) {
    await save(key, period);
  }
  return limit;
}
async function save(key, ttl) {
  probe(ttl); // => [60, +inf) from a parameter's property
}
function assert(condition, message) {
  if (!condition) throw new TypeError(message);
}`},
	{"an option its type makes optional may be undefined", `
interface Opts { ttl?: number; name: string; limit: number | undefined }
export function f(o: Opts) {
  probe(o.ttl); // => unknown from a parameter's property or undefined
  probe(o.name); // => unknown from a parameter's property
  probe(o.limit); // => unknown from a parameter's property or undefined
}`},
	{"arguments at every call site", `
function put(ttl) {
  probe(ttl); // => [45, 3600]
}
put(45);
put(3600);
`},
	{"destructured parameter with default and rename", `
function f({ ttl: t = 300 }) {
  probe(t); // => [30, 300]
}
f({ ttl: 30 });
f({});
export function g({ ttl }) {
  probe(ttl); // => unknown from a parameter's property
}`},
	{"destructured declaration", `
const { a: x = 5, b, ...rest } = { b: 7 };
probe(x); // => 5
probe(b); // => 7
`},
	{"property assigned after creation", `
export function f(t) {
  const o = {};
  if (t) o.expirationTtl = t;
  probe(o.expirationTtl); // => unknown from a parameter or undefined
  probe(o); // => object
  probe(o.expirationTtl); // => unknown
}`},
	{"spreads", `
const base = { expirationTtl: 120 };
const a = { ...base, metadata: 1 };
const b = { expirationTtl: 5, ...base };
const c = { ...base, expirationTtl: 5 };
probe(a.expirationTtl); // => 120
probe(b.expirationTtl); // => 120
probe(c.expirationTtl); // => 5
`},
	{"options in a conditional", `
export function f(t) {
  const opts = t ? { expirationTtl: t } : undefined;
  probe(opts.expirationTtl); // => unknown from a parameter or undefined
  probe(opts); // => object or undefined
}`},
	{"switch", `
export function f(k) {
  let t;
  switch (k) {
    case "a": t = 60; break;
    case "b": t = 120; break;
    default: t = 300;
  }
  probe(t); // => [60, 300]
}`},
	{"?? and || fallbacks", `
export function f(o, x) {
  probe(o.ttl ?? 3600); // => unknown from a parameter's property
  const y = x === undefined ? undefined : 60;
  probe(y || 120); // => [60, 120]
}`},
	{"in-place mutation", `
const rec = { count: 1 };
rec.count += 1;
probe(rec.count); // => 2
const d = new Date();
d.setTime(Date.now() + 5000);
probe(d.getTime()); // => now+[5000, 5000] ms
`},
	{"an object handed to a call may change", `
function fill(o) { o.expirationTtl = 60; }
const o = { metadata: 1 };
probe(o.expirationTtl); // => undefined
fill(o);
probe(o.expirationTtl); // => unknown
`},
	{"helper summaries", `
function ttlFor(s) { return Math.max(60, s); }
const nowSeconds = () => Math.floor(Date.now() / 1000);
export function f(x) {
  probe(ttlFor(x)); // => [60, +inf) from a parameter
  probe(nowSeconds() + 30); // => now+[30, 30] s
}`},
	{"times and their units", `
export function f(x) {
  probe(Date.now() + 3600); // => now+[3600, 3600] ms
  probe(Math.floor(Date.now() / 1000) + 30); // => now+[30, 30] s
  const start = Math.floor(Date.now() / 1000);
  probe(start - start % 60 + 60); // => now+[0, 60] s
  probe(Math.ceil(Date.now() / 3_600_000) * 3600); // => now+[0, 3600] s
  probe(new Date(x).getTime() / 1000); // => time in s from a parameter
  probe(Math.floor((x - Date.now()) / 1000)); // => unknown from a parameter, a difference of times
  probe(new Date()); // => Date at now+[0, 0] ms
}`},
	{"stored timestamps and a clamp against now", `
export async function f(kv, id) {
  const rec = JSON.parse(await kv.get(id));
  probe(rec.expiresAt); // => unknown from storage
  const now = Math.floor(Date.now() / 1000);
  probe(Math.max(now + 60, rec.expiresAt)); // => now+[60, +inf) s from storage
  const exp = rec.expiresAt;
  if (exp < now + 60) return;
  probe(exp); // => now+[60, +inf) s from storage
}`},
	{"constructor options kept in fields", `
export class Limiter {
  #window;
  constructor(opts) {
    this.ttl = opts.ttl;
    this.#window = Math.max(60, opts.window);
  }
  hit() {
    probe(this.ttl); // => unknown from a parameter's property, a field
    probe(this.#window); // => [60, +inf) from a parameter's property, a field
  }
}`},
	{"a property narrowed by a guard, through && and ||", `
export function f(options) {
  if (options.ttl && options.ttl < 60 * 1000) throw new Error("ttl must be at least a minute");
  const ttl = options.ttl || 86400 * 1000;
  probe(ttl / 1000); // => [60, +inf) from a parameter's property
}`},
	{"private methods take their callers' arguments", `
export class Store {
  private write(ttl) {
    probe(ttl); // => [30, 60]
  }
  #writeAll(ttl) {
    probe(ttl); // => 45
  }
  run() {
    this.write(30);
    this.write(60);
    this.#writeAll(45);
  }
}`},
	{"a value named now is the current time", `
export function f(now, stored) {
  probe(Math.max(stored, now + 60)); // => now+[60, +inf) (unit unknown) from a parameter
}`},
	{"loops widen what they change", `
let i = 0;
for (; i < 100; i += 50) {
  probe(i + 50); // => (-inf, 149]
}
let t = 30;
while (t < 60) {
  t *= 2;
}
probe(t); // => [60, +inf)
let n = 0;
for (const x of [1, 2]) n += 10;
probe(n); // => unknown
`},
}

var wantRE = regexp.MustCompile(`//\s*=>\s*(.*)$`)

func TestContracts(t *testing.T) {
	for _, tc := range contracts {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.Parse(fset, "src/index.ts", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			prog := kvmodel.NewProgram([]*parser.File{f}, nil, nil)
			m := prog.Model(f)
			lines := strings.Split(tc.src, "\n")
			probed := map[int]bool{}
			for _, c := range m.Calls {
				id, ok := c.Call.Target.Data.(*js_ast.EIdentifier)
				if !ok || f.Name(id.Ref) != "probe" || len(c.Call.Args) != 1 {
					continue
				}
				line, _ := f.LineCol(int(c.Expr.Loc.Start))
				w := wantRE.FindStringSubmatch(lines[line-1])
				if w == nil {
					t.Errorf("line %d: probe without a // => contract", line)
					continue
				}
				probed[line] = true
				if got := m.Eval(c.Call.Args[0]).String(); got != strings.TrimSpace(w[1]) {
					t.Errorf("line %d: %s\n got  %s\n want %s", line, strings.TrimSpace(lines[line-1]), got, strings.TrimSpace(w[1]))
				}
			}
			for i, l := range lines {
				if wantRE.MatchString(l) && !probed[i+1] {
					t.Errorf("line %d: contract without a probe", i+1)
				}
			}
		})
	}
}

// TestShapeJoinsStayLinear builds an object through 200 conditional
// property assignments, each a join of the shapes before it: a lookup that
// followed every path of the joins would take 2^200 steps; the layer
// answers in constant time per lookup.
func TestShapeJoinsStayLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("export function f(c, t) {\n  const o = { expirationTtl: 60 };\n")
	for i := 0; i < 200; i++ {
		b.WriteString("  if (c[" + strconv.Itoa(i) + "]) o.p" + strconv.Itoa(i) + " = t;\n")
		b.WriteString("  probe(o.expirationTtl);\n")
	}
	b.WriteString("}\n")
	fset := token.NewFileSet()
	f, err := parser.Parse(fset, "src/index.ts", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	m := kvmodel.NewProgram([]*parser.File{f}, nil, nil).Model(f)
	n := 0
	for _, c := range m.Calls {
		if id, ok := c.Call.Target.Data.(*js_ast.EIdentifier); ok && f.Name(id.Ref) == "probe" {
			n++
			v := m.Eval(c.Call.Args[0])
			if n <= 5 && v.String() != "60" {
				t.Errorf("probe %d: got %s, want 60", n, v)
			}
		}
	}
	if n != 200 {
		t.Fatalf("%d probes", n)
	}
}

// TestAnalyzer checks that an analyzer requiring the layer gets the
// file's value flow, which answers for the file's expressions.
func TestAnalyzer(t *testing.T) {
	var got []string
	probe := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "reports the value of probe(x)",
		Requires: []*analysis.Analyzer{valueflow.Analyzer, kvmodel.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			fl := pass.ResultOf[valueflow.Analyzer].(*valueflow.File)
			m := pass.ResultOf[kvmodel.Analyzer].(*kvmodel.Model)
			for _, c := range m.Calls {
				if id, ok := c.Call.Target.Data.(*js_ast.EIdentifier); ok && m.File.Name(id.Ref) == "probe" {
					got = append(got, fl.Eval(c.Call.Args[0]).String())
				}
			}
			return nil, nil
		},
	}
	src := "export async function f(kv: KVNamespace, ttl) {\n  if (ttl < 60) ttl = 60;\n  probe(ttl);\n  await kv.put(\"k\", \"v\", { expirationTtl: ttl });\n}\n"
	res := driver.Run([]driver.Input{{Path: "src/index.ts", Rel: "src/index.ts", Src: []byte(src)}},
		driver.Options{Analyzers: []driver.Analyzer{{Analyzer: probe}}})
	for _, e := range append(res.Errors, res.Internal...) {
		t.Fatalf("%s: %s", e.File, e.Message)
	}
	if len(got) != 1 || got[0] != "[60, +inf) from a parameter" {
		t.Fatalf("got %q", got)
	}
}
