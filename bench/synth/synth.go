// Package synth generates synthetic Cloudflare Worker projects for kvlint's
// benchmarks: Hono apps, module Workers, Durable Objects and helper modules
// that use Workers KV through env.X, c.env.X, this.env.X and KVNamespace
// parameters, each project with a wrangler config declaring its namespaces.
//
// The code mixes correct KV use (TTLs of minutes or hours, paginated lists,
// expirations in seconds) with the mistakes kvlint reports (puts without a
// TTL, TTLs below 60, expirations from Date.now(), first-page-only lists,
// oversized list limits, empty keys, undeclared bindings) and with look-alikes
// that are not KV (R2, the Cache API, Durable Object storage, Maps). Output
// is deterministic: the same seed gives the same bytes.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// File is one generated file, its path relative to the project root.
type File struct {
	Path string
	Src  []byte
}

// Sources reports how many of files are JavaScript or TypeScript sources
// (not wrangler configs) and their total size in bytes.
func Sources(files []File) (n int, size int64) {
	for _, f := range files {
		if isSource(f.Path) {
			n++
			size += int64(len(f.Src))
		}
	}
	return n, size
}

func isSource(p string) bool {
	switch filepath.Ext(p) {
	case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

// Write generates projects Worker projects of sources source files each
// under dir, as dir/p000, dir/p001, ..., and returns how many source files
// and source bytes it wrote.
func Write(dir string, projects, sources int, seed uint64) (n int, size int64, err error) {
	for i := 0; i < projects; i++ {
		root := filepath.Join(dir, fmt.Sprintf("p%03d", i))
		files := Project(seed+uint64(i), sources)
		for _, f := range files {
			p := filepath.Join(root, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return n, size, err
			}
			if err := os.WriteFile(p, f.Src, 0o644); err != nil {
				return n, size, err
			}
		}
		fn, fs := Sources(files)
		n += fn
		size += fs
	}
	return n, size, nil
}

// kvNames are the KV bindings a project may declare.
var kvNames = []string{"CACHE", "SESSIONS", "USERS", "CONFIG", "RATE_LIMIT", "FLAGS", "TOKENS", "PAGES"}

// typos are bindings code uses by mistake (close to a declared name).
var typos = map[string]string{
	"CACHE": "CACHES", "SESSIONS": "SESSION", "USERS": "USER", "CONFIG": "CONFIGS",
	"RATE_LIMIT": "RATELIMIT", "FLAGS": "FLAG", "TOKENS": "TOKEN", "PAGES": "PAGE",
}

var prefixes = []string{"user", "session", "product", "page", "token", "flag", "rl", "cart", "order", "html"}

// project holds the choices made for one project.
type project struct {
	r       *rand.Rand
	hono    bool
	kv      []string // declared KV bindings
	jsonc   bool     // wrangler.jsonc instead of wrangler.toml
	staging bool     // an [env.staging] block
	files   []File
	// exported helpers, for imports from routes and handlers
	tsHelpers []helper
	jsHelpers []helper
	handlers  []string // module handler names, in their files
	routes    []string // Hono sub-app names
	objects   []string // Durable Object classes
	counter   int
}

type helper struct {
	name, module string // module: import specifier relative to src/
	args         int    // 1: (kv, id) 2: (kv, id, body)
}

// Project generates one Worker project with n source files (at least 8).
func Project(seed uint64, n int) []File {
	if n < 8 {
		n = 8
	}
	p := &project{r: rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15+1))}
	p.hono = p.r.IntN(10) < 6
	p.jsonc = p.r.IntN(5) == 0
	p.staging = p.r.IntN(3) == 0
	perm := p.r.Perm(len(kvNames))
	for _, i := range perm[:3+p.r.IntN(3)] {
		p.kv = append(p.kv, kvNames[i])
	}

	// Budget: index + env, then objects, helpers, views, the rest handlers
	// or routes.
	rest := n - 2
	nObj := 1 + p.r.IntN(3)
	nTS := rest / 8
	nJS := rest / 12
	nView := 0
	if p.hono {
		nView = rest / 25
	}
	nHandlers := rest - nObj - nTS - nJS - nView
	if nHandlers < 1 {
		nHandlers, nTS = 1, nTS-1
	}

	p.add("src/env.ts", p.envFile())
	for i := 0; i < nTS; i++ {
		p.tsHelper(i)
	}
	for i := 0; i < nJS; i++ {
		p.jsHelper(i)
	}
	for i := 0; i < nObj; i++ {
		p.object(i)
	}
	for i := 0; i < nView; i++ {
		p.view(i)
	}
	for i := 0; i < nHandlers; i++ {
		switch {
		case p.hono:
			p.route(i)
		case i%5 == 4:
			p.jsHandler(i)
		default:
			p.handler(i)
		}
	}
	p.add("src/index.ts", p.index())
	if p.jsonc {
		p.add("wrangler.jsonc", p.wranglerJSONC())
	} else {
		p.add("wrangler.toml", p.wranglerTOML())
	}
	return p.files
}

func (p *project) add(path, src string) {
	p.files = append(p.files, File{Path: path, Src: []byte(src)})
}

func (p *project) pick(xs []string) string { return xs[p.r.IntN(len(xs))] }

func (p *project) next() int {
	p.counter++
	return p.counter
}

// binding picks a KV binding the code uses: usually declared, sometimes a
// typo of one (unknownbinding).
func (p *project) binding() string {
	b := p.pick(p.kv)
	if p.r.IntN(40) == 0 {
		return typos[b]
	}
	return b
}

func (p *project) envFile() string {
	var b strings.Builder
	b.WriteString("// Bindings of this Worker; see wrangler config.\n")
	b.WriteString("export interface Env {\n")
	for _, k := range p.kv {
		fmt.Fprintf(&b, "  %s: KVNamespace;\n", k)
	}
	b.WriteString("  BUCKET: R2Bucket;\n  DB: D1Database;\n  ORIGIN: string;\n  API_TOKEN: string;\n")
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "  OBJ%d: DurableObjectNamespace;\n", i)
	}
	b.WriteString("}\n\nexport type Bindings = Env;\n\nexport interface Session {\n  userId: string;\n  createdAt: number;\n  roles: string[];\n}\n")
	return b.String()
}

func (p *project) wranglerTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "name = \"synthetic-worker-%d\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2025-06-01\"\n\n", p.r.IntN(100000))
	b.WriteString("kv_namespaces = [\n")
	for _, k := range p.kv {
		fmt.Fprintf(&b, "  { binding = %q, id = \"%032x\" },\n", k, p.r.Uint64())
	}
	b.WriteString("]\n\n[[r2_buckets]]\nbinding = \"BUCKET\"\nbucket_name = \"uploads\"\n\n")
	b.WriteString("[[d1_databases]]\nbinding = \"DB\"\ndatabase_name = \"main\"\ndatabase_id = \"00000000-0000-0000-0000-000000000000\"\n\n")
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "[[durable_objects.bindings]]\nname = \"OBJ%d\"\nclass_name = \"Object%d\"\n\n", i, i)
	}
	b.WriteString("[vars]\nORIGIN = \"https://origin.example.com\"\n")
	if p.staging {
		b.WriteString("\n[env.staging]\nkv_namespaces = [\n")
		for _, k := range p.kv {
			fmt.Fprintf(&b, "  { binding = %q, id = \"%032x\" },\n", k, p.r.Uint64())
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func (p *project) wranglerJSONC() string {
	var b strings.Builder
	fmt.Fprintf(&b, "// wrangler config\n{\n  \"name\": \"synthetic-worker-%d\",\n  \"main\": \"src/index.ts\",\n  \"compatibility_date\": \"2025-06-01\",\n", p.r.IntN(100000))
	b.WriteString("  \"kv_namespaces\": [\n")
	for i, k := range p.kv {
		sep := ","
		if i == len(p.kv)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    { \"binding\": %q, \"id\": \"%032x\" }%s\n", k, p.r.Uint64(), sep)
	}
	b.WriteString("  ],\n  \"r2_buckets\": [{ \"binding\": \"BUCKET\", \"bucket_name\": \"uploads\" }],\n")
	b.WriteString("  \"d1_databases\": [{ \"binding\": \"DB\", \"database_name\": \"main\", \"database_id\": \"x\" }],\n")
	b.WriteString("  \"durable_objects\": { \"bindings\": [\n")
	for i := 0; i < 3; i++ {
		sep := ","
		if i == 2 {
			sep = ""
		}
		fmt.Fprintf(&b, "    { \"name\": \"OBJ%d\", \"class_name\": \"Object%d\" }%s\n", i, i, sep)
	}
	b.WriteString("  ] },\n  \"vars\": { \"ORIGIN\": \"https://origin.example.com\" }, // trailing comma next\n}\n")
	return b.String()
}

// kvBlock returns statements using the namespace expression ns; id is a
// string variable in scope. The statements end with no return.
func (p *project) kvBlock(ns string) string {
	n := p.next()
	pre := p.pick(prefixes)
	good := []int{60, 120, 300, 600, 3600, 86400, 604800}[p.r.IntN(7)]
	bad := 1 + p.r.IntN(59)
	var s string
	switch k := p.r.IntN(20); k {
	case 0, 1, 2: // read-through, correct
		s = `const cached{N} = await {NS}.get(` + "`{P}:${id}`" + `);
if (cached{N} !== null) {
  console.log("hit", id, cached{N}.length);
} else {
  const fresh{N} = await fetch("https://origin.example.com/{P}/" + encodeURIComponent(id)).then((r) => r.text());
  await {NS}.put(` + "`{P}:${id}`" + `, fresh{N}, { expirationTtl: {GOOD} });
}
`
	case 3, 4: // no TTL
		s = `await {NS}.put(` + "`{P}:${id}`" + `, JSON.stringify({ id, at: Date.now(), n: {N} }));
`
	case 5: // short TTL
		s = `await {NS}.put("{P}:" + id, "1", { expirationTtl: {BAD} });
`
	case 6: // expiration in milliseconds
		s = `const exp{N} = Date.now() + {GOOD} * 1000;
await {NS}.put(` + "`{P}:${id}`" + `, "v", { expiration: exp{N} });
`
	case 7: // expiration in seconds, correct
		s = `await {NS}.put(` + "`{P}:${id}`" + `, "v", { expiration: Math.floor(Date.now() / 1000) + {GOOD}, metadata: { v: {N} } });
`
	case 8: // first page only
		s = `const { keys: keys{N} } = await {NS}.list({ prefix: "{P}:" });
console.log(keys{N}.map((k) => k.name).join(","));
`
	case 9, 10: // paginated, correct
		s = `let cursor{N} = undefined;
const all{N} = [];
for (;;) {
  const page{N} = await {NS}.list({ prefix: "{P}:", cursor: cursor{N} });
  for (const k of page{N}.keys) all{N}.push(k.name);
  if (page{N}.list_complete) break;
  cursor{N} = page{N}.cursor;
}
`
	case 11: // limit above 1000
		s = `const big{N} = await {NS}.list({ limit: 5000, prefix: "{P}:" });
if (!big{N}.list_complete) console.log(big{N}.cursor);
`
	case 12: // short cacheTtl
		s = `const flags{N} = await {NS}.get("{P}:flags", { type: "json", cacheTtl: 10 });
console.log(flags{N});
`
	case 13: // empty key
		s = `const empty{N} = await {NS}.get("");
console.log(empty{N});
`
	case 14: // delete and metadata, correct
		s = `const { value: val{N}, metadata: meta{N} } = await {NS}.getWithMetadata(` + "`{P}:${id}`" + `);
if (val{N} && meta{N}) await {NS}.delete(` + "`{P}:${id}`" + `);
`
	case 15: // read-modify-write counter
		s = `const count{N} = Number((await {NS}.get("{P}:count")) ?? "0");
await {NS}.put("{P}:count", String(count{N} + 1), { expirationTtl: {GOOD} });
`
	case 16: // get json, correct
		s = `const obj{N} = await {NS}.get(` + "`{P}:${id}`" + `, "json");
if (obj{N}) console.log(Object.keys(obj{N}).length);
`
	case 17: // Date object expiration
		s = `const when{N} = new Date(Date.now() + 3600 * 1000);
await {NS}.put(` + "`{P}:${id}`" + `, "x", { expiration: when{N}.getTime() });
`
	default: // batch of gets, correct
		s = `const ids{N} = [id, id + ":a", id + ":b"];
const vals{N} = await Promise.all(ids{N}.map((k) => {NS}.get("{P}:" + k)));
console.log(vals{N}.filter(Boolean).length);
`
	}
	return strings.NewReplacer("{N}", fmt.Sprint(n), "{NS}", ns, "{P}", pre,
		"{GOOD}", fmt.Sprint(good), "{BAD}", fmt.Sprint(bad)).Replace(s)
}

// lookalike returns statements on values that are not KV.
func (p *project) lookalike(env string) string {
	n := p.next()
	var s string
	switch p.r.IntN(4) {
	case 0:
		s = `await {ENV}.BUCKET.put("upload/" + id, "data");
const obj{N} = await {ENV}.BUCKET.get("upload/" + id);
if (obj{N}) console.log(obj{N}.size);
`
	case 1:
		s = `const cache{N} = caches.default;
const req{N} = new Request("https://cache.example.com/" + id);
const hit{N} = await cache{N}.match(req{N});
if (!hit{N}) await cache{N}.put(req{N}, new Response("x", { headers: { "cache-control": "max-age=60" } }));
`
	case 2:
		s = `const memo{N} = new Map();
memo{N}.set(id, Date.now());
console.log(memo{N}.get(id));
`
	default:
		s = `const rows{N} = await {ENV}.DB.prepare("SELECT * FROM t WHERE id = ?").bind(id).all();
console.log(rows{N}.results.length);
`
	}
	return strings.NewReplacer("{N}", fmt.Sprint(n), "{ENV}", env).Replace(s)
}

// filler returns plain TypeScript (or JavaScript) with no KV.
func (p *project) filler(ts bool) string {
	n := p.next()
	var s string
	switch p.r.IntN(5) {
	case 0:
		if ts {
			s = `export interface Item{N} {
  id: string;
  name: string;
  price: number;
  tags?: string[];
}

export function validateItem{N}(input: unknown): input is Item{N} {
  if (typeof input !== "object" || input === null) return false;
  const o = input as Record<string, unknown>;
  return typeof o.id === "string" && typeof o.name === "string" && typeof o.price === "number";
}
`
		} else {
			s = `export function validateItem{N}(input) {
  if (typeof input !== "object" || input === null) return false;
  return typeof input.id === "string" && typeof input.name === "string" && typeof input.price === "number";
}
`
		}
	case 1:
		s = `export function slugify{N}(text{T}){R} {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
`
	case 2:
		s = `const HEADERS{N} = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

export function json{N}(body{A}, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: HEADERS{N} });
}
`
	case 3:
		s = `export class Lru{N}{G} {
  #items = new Map{MG}();
  constructor(max{NUM}) {
    this.max = max;
  }
  max{NUM};
  get(key{T}) {
    const v = this.#items.get(key);
    if (v !== undefined) {
      this.#items.delete(key);
      this.#items.set(key, v);
    }
    return v;
  }
  put(key{T}, value{V}) {
    this.#items.set(key, value);
    if (this.#items.size > this.max) this.#items.delete(this.#items.keys().next().value);
  }
}
`
	default:
		s = `export async function hmac{N}(secret{T}, data{T}){PR} {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, enc.encode(data));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
`
	}
	r := strings.NewReplacer("{T}", "", "{R}", "", "{A}", "", "{G}", "", "{MG}", "", "{NUM}", "", "{V}", "", "{PR}", "")
	if ts {
		r = strings.NewReplacer("{T}", ": string", "{R}", ": string", "{A}", ": unknown", "{G}", "<V>", "{MG}", "<string, V>",
			"{NUM}", ": number", "{V}", ": V", "{PR}", ": Promise<string>")
	}
	return strings.NewReplacer("{N}", fmt.Sprint(n)).Replace(r.Replace(s))
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func (p *project) blocks(ns func() string, env string, lo, hi int) string {
	var b strings.Builder
	k := lo + p.r.IntN(hi-lo+1)
	for i := 0; i < k; i++ {
		if p.r.IntN(5) == 0 && env != "" {
			b.WriteString(p.lookalike(env))
		} else {
			b.WriteString(p.kvBlock(ns()))
		}
	}
	return b.String()
}

func (p *project) tsHelper(i int) {
	module := fmt.Sprintf("lib/store%d", i)
	var b strings.Builder
	b.WriteString(p.filler(true))
	for j := 0; j < 2; j++ {
		h := helper{name: fmt.Sprintf("store%dOp%d", i, j), module: module, args: 1 + j}
		params := "kv: KVNamespace, id: string"
		if h.args == 2 {
			params += ", body: string"
		}
		fmt.Fprintf(&b, "\nexport async function %s(%s): Promise<void> {\n", h.name, params)
		b.WriteString(indent(p.blocks(func() string { return "kv" }, "", 1, 3), "  "))
		if h.args == 2 {
			b.WriteString("  await kv.put(`body:${id}`, body, { expirationTtl: 3600 });\n")
		}
		b.WriteString("}\n")
		p.tsHelpers = append(p.tsHelpers, h)
	}
	b.WriteString("\n" + p.filler(true))
	p.add("src/"+module+".ts", b.String())
}

// jsHelper writes an untyped module whose parameters receive namespaces
// from other modules (value flow through calls and imports).
func (p *project) jsHelper(i int) {
	module := fmt.Sprintf("lib/util%d", i)
	var b strings.Builder
	b.WriteString("// Plain JavaScript helpers.\n")
	b.WriteString(p.filler(false))
	for j := 0; j < 2; j++ {
		h := helper{name: fmt.Sprintf("util%dOp%d", i, j), module: module, args: 1}
		fmt.Fprintf(&b, "\nexport async function %s(store, id) {\n", h.name)
		b.WriteString(indent(p.blocks(func() string { return "store" }, "", 1, 2), "  "))
		b.WriteString("}\n")
		p.jsHelpers = append(p.jsHelpers, h)
	}
	ext := ".js"
	if i%3 == 2 {
		ext = ".mjs"
	}
	p.add("src/"+module+ext, b.String())
}

// callHelpers returns calls of a few helpers with namespace expressions
// built by ns, and the imports they need.
func (p *project) callHelpers(ns func() string, k int) (calls string, imports map[string][]string) {
	imports = map[string][]string{}
	all := append(append([]helper{}, p.tsHelpers...), p.jsHelpers...)
	if len(all) == 0 {
		return "", imports
	}
	var b strings.Builder
	for i := 0; i < k; i++ {
		h := all[p.r.IntN(len(all))]
		imports[h.module] = appendOnce(imports[h.module], h.name)
		if h.args == 2 {
			fmt.Fprintf(&b, "await %s(%s, id, JSON.stringify({ id }));\n", h.name, ns())
		} else {
			fmt.Fprintf(&b, "await %s(%s, id);\n", h.name, ns())
		}
	}
	return b.String(), imports
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func writeImports(b *strings.Builder, imports map[string][]string, up string) {
	// Deterministic order.
	var mods []string
	for m := range imports {
		mods = append(mods, m)
	}
	slices.Sort(mods)
	for _, m := range mods {
		fmt.Fprintf(b, "import { %s } from \"%s%s\";\n", strings.Join(imports[m], ", "), up, m)
	}
}

func (p *project) route(i int) {
	name := fmt.Sprintf("route%d", i)
	ns := func() string { return "c.env." + p.binding() }
	var body strings.Builder
	imports := map[string][]string{}
	for _, verb := range []string{"get", "post", "put"}[:1+p.r.IntN(3)] {
		fmt.Fprintf(&body, "\n%s.%s(\"/%s/:id\", async (c) => {\n  const id = c.req.param(\"id\");\n", name, verb, p.pick(prefixes))
		body.WriteString(indent(p.blocks(ns, "c.env", 1, 4), "  "))
		if p.r.IntN(2) == 0 {
			calls, imp := p.callHelpers(ns, 1+p.r.IntN(2))
			body.WriteString(indent(calls, "  "))
			for m, names := range imp {
				for _, n := range names {
					imports[m] = appendOnce(imports[m], n)
				}
			}
		}
		if p.r.IntN(4) == 0 {
			fmt.Fprintf(&body, "  c.executionCtx.waitUntil(c.env.%s.put(\"seen:\" + id, \"1\", { expirationTtl: 600 }));\n", p.binding())
		}
		body.WriteString("  return c.json({ ok: true, id });\n});\n")
	}
	var b strings.Builder
	b.WriteString("import { Hono } from \"hono\";\nimport type { Env } from \"../env\";\n")
	writeImports(&b, imports, "../")
	fmt.Fprintf(&b, "\nexport const %s = new Hono<{ Bindings: Env }>();\n", name)
	b.WriteString(body.String())
	b.WriteString("\n" + p.filler(true))
	p.routes = append(p.routes, name)
	p.add(fmt.Sprintf("src/routes/%s.ts", name), b.String())
}

func (p *project) handler(i int) {
	name := fmt.Sprintf("handle%d", i)
	ns := func() string { return "env." + p.binding() }
	var body strings.Builder
	body.WriteString(indent(p.blocks(ns, "env", 2, 5), "  "))
	calls, imports := p.callHelpers(ns, p.r.IntN(3))
	body.WriteString(indent(calls, "  "))
	if p.r.IntN(3) == 0 {
		fmt.Fprintf(&body, "  ctx.waitUntil(env.%s.put(\"last:\" + id, String(Date.now()), { expirationTtl: 86400 }));\n", p.binding())
	}
	var b strings.Builder
	b.WriteString("import type { Env } from \"../env\";\n")
	writeImports(&b, imports, "../")
	b.WriteString("\n" + p.filler(true))
	fmt.Fprintf(&b, "\nexport async function %s(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {\n", name)
	b.WriteString("  const url = new URL(request.url);\n  const id = url.searchParams.get(\"id\") ?? \"anonymous\";\n")
	b.WriteString(body.String())
	b.WriteString("  return new Response(\"ok\", { headers: { \"x-id\": id } });\n}\n")
	p.handlers = append(p.handlers, name)
	p.add(fmt.Sprintf("src/handlers/%s.ts", name), b.String())
}

func (p *project) jsHandler(i int) {
	name := fmt.Sprintf("handle%d", i)
	ns := func() string { return "env." + p.binding() }
	var b strings.Builder
	b.WriteString("// Untyped handler.\n")
	b.WriteString(p.filler(false))
	fmt.Fprintf(&b, "\nexport async function %s(request, env, ctx) {\n", name)
	b.WriteString("  const id = new URL(request.url).pathname.split(\"/\").pop() || \"root\";\n")
	b.WriteString(indent(p.blocks(ns, "env", 2, 4), "  "))
	b.WriteString("  return new Response(id);\n}\n")
	p.handlers = append(p.handlers, name)
	p.add(fmt.Sprintf("src/handlers/%s.js", name), b.String())
}

func (p *project) object(i int) {
	name := fmt.Sprintf("Object%d", i)
	ns := func() string { return "this.env." + p.binding() }
	var b strings.Builder
	b.WriteString("import { DurableObject } from \"cloudflare:workers\";\nimport type { Env } from \"../env\";\n\n")
	fmt.Fprintf(&b, "export class %s extends DurableObject<Env> {\n", name)
	b.WriteString("  private hits = 0;\n\n  async fetch(request: Request): Promise<Response> {\n")
	b.WriteString("    const id = new URL(request.url).pathname.slice(1) || \"default\";\n")
	b.WriteString("    const n = ((await this.ctx.storage.get<number>(\"n\")) ?? 0) + 1;\n    await this.ctx.storage.put(\"n\", n);\n")
	b.WriteString(indent(p.blocks(ns, "this.env", 1, 4), "    "))
	b.WriteString("    this.hits++;\n    return new Response(String(n));\n  }\n\n")
	b.WriteString("  async alarm(): Promise<void> {\n    const id = \"alarm\";\n")
	b.WriteString(indent(p.blocks(ns, "", 1, 2), "    "))
	b.WriteString("    await this.ctx.storage.setAlarm(Date.now() + 60_000);\n  }\n}\n")
	p.objects = append(p.objects, name)
	p.add(fmt.Sprintf("src/objects/%s.ts", strings.ToLower(name)), b.String())
}

func (p *project) view(i int) {
	name := fmt.Sprintf("View%d", i)
	kv := p.binding()
	var b strings.Builder
	b.WriteString("/** @jsxImportSource hono/jsx */\nimport type { Env } from \"../env\";\n\n")
	fmt.Fprintf(&b, "export const %s = (props: { title: string; items: string[] }) => (\n", name)
	b.WriteString("  <section>\n    <h2>{props.title}</h2>\n    <ul>\n      {props.items.map((item) => (\n        <li class=\"item\">{item}</li>\n      ))}\n    </ul>\n  </section>\n);\n\n")
	fmt.Fprintf(&b, "export async function load%s(env: Env, id: string): Promise<string[]> {\n", name)
	b.WriteString(indent(p.kvBlock("env."+kv), "  "))
	fmt.Fprintf(&b, "  const raw = await env.%s.get(\"items:\" + id);\n  return raw ? raw.split(\",\") : [];\n}\n", kv)
	p.add(fmt.Sprintf("src/views/%s.tsx", strings.ToLower(name)), b.String())
}

func (p *project) index() string {
	var b strings.Builder
	if p.hono {
		b.WriteString("import { Hono } from \"hono\";\nimport type { Env } from \"./env\";\n")
		for _, r := range p.routes {
			fmt.Fprintf(&b, "import { %s } from \"./routes/%s\";\n", r, r)
		}
		for _, o := range p.objects {
			fmt.Fprintf(&b, "export { %s } from \"./objects/%s\";\n", o, strings.ToLower(o))
		}
		b.WriteString("\nconst app = new Hono<{ Bindings: Env }>();\n\n")
		for i, r := range p.routes {
			fmt.Fprintf(&b, "app.route(\"/r%d\", %s);\n", i, r)
		}
		fmt.Fprintf(&b, "\napp.get(\"/health\", async (c) => {\n  const id = \"health\";\n%s  return c.text(\"ok\");\n});\n", indent(p.kvBlock("c.env."+p.binding()), "  "))
		b.WriteString("\nexport default app;\n")
		return b.String()
	}
	b.WriteString("import type { Env } from \"./env\";\n")
	for _, h := range p.handlers {
		fmt.Fprintf(&b, "import { %s } from \"./handlers/%s\";\n", h, h)
	}
	for _, o := range p.objects {
		fmt.Fprintf(&b, "export { %s } from \"./objects/%s\";\n", o, strings.ToLower(o))
	}
	b.WriteString("\nexport default {\n  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {\n")
	b.WriteString("    const path = new URL(request.url).pathname;\n    switch (path.split(\"/\")[1]) {\n")
	for i, h := range p.handlers {
		fmt.Fprintf(&b, "      case \"h%d\":\n        return %s(request, env, ctx);\n", i, h)
	}
	b.WriteString("      default:\n        return new Response(\"not found\", { status: 404 });\n    }\n  },\n\n")
	b.WriteString("  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {\n    const id = String(controller.scheduledTime);\n")
	b.WriteString(indent(p.kvBlock("env."+p.binding()), "    "))
	b.WriteString("  },\n} satisfies ExportedHandler<Env>;\n")
	return b.String()
}

// Corpus returns the sources the Go benchmarks run on: every source file
// (declaration files aside) under $KVLINT_BENCH_CORPUS when it is set (the
// corpus bench/run.sh assembles), else those under dirs plus projects
// generated Worker projects of 50 files, under synth/pNNN/.
func Corpus(dirs []string, projects int) ([]File, error) {
	var files []File
	walk := func(root string) error {
		return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); path != root && (name == "node_modules" || name == "dist" || name[0] == '.') {
					return filepath.SkipDir
				}
				return nil
			}
			if !isSource(path) || strings.Contains(filepath.Base(path), ".d.") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files = append(files, File{Path: path, Src: src})
			return nil
		})
	}
	if dir := os.Getenv("KVLINT_BENCH_CORPUS"); dir != "" {
		return files, walk(dir)
	}
	for _, d := range dirs {
		if err := walk(d); err != nil {
			return nil, err
		}
	}
	for i := 0; i < projects; i++ {
		for _, f := range Project(uint64(i+1), 50) {
			if isSource(f.Path) {
				files = append(files, File{Path: filepath.Join("synth", fmt.Sprintf("p%03d", i), f.Path), Src: f.Src})
			}
		}
	}
	return files, nil
}
