package kvtypes_test

import (
	"go/token"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvtypes"
)

// Each case is a small project; "/*@*/" (removed before parsing) marks the binding (parameter,
// variable or member name) whose declared type is asked about, and path
// the members to follow from it (`o.kv` is path "kv"). The case names
// state the contract.
type typeCase struct {
	name  string
	files map[string]string
	path  []string
	want  kvtypes.Kind
}

var typeCases = []typeCase{
	{"a binding typed KVNamespace is KV", files1(`export function f(/*@*/kv: KVNamespace) {}`), nil, kvtypes.KV},
	{"KVNamespace<T> is KV", files1(`let /*@*/kv: KVNamespace<"a" | "b">;`), nil, kvtypes.KV},
	{"this binding's type is KV through `interface Store extends KVNamespace`",
		files1("interface Store extends KVNamespace {}\nexport function f(/*@*/s: Store) {}"), nil, kvtypes.KV},
	{"an alias that equals KVNamespace<string> is KV",
		files1("type Store = KVNamespace<string>;\nexport function f(/*@*/s: Store) {}"), nil, kvtypes.KV},
	{"a chain of aliases and interfaces is followed",
		files1("type A = KVNamespace;\ninterface B extends A {}\ntype C = B | undefined;\nexport function f(/*@*/s?: C) {}"), nil, kvtypes.KV},
	{"a qualified name declared in a namespace is KV",
		files1("export namespace L { export interface Store extends KVNamespace<string> {} }\nexport function f(/*@*/s: L.Store) {}"), nil, kvtypes.KV},
	{"a name used inside its namespace resolves there",
		files1("namespace L { interface Store extends KVNamespace {}\n interface Opts { kv: Store } }\nexport function f(/*@*/o: L.Opts) {}"), []string{"kv"}, kvtypes.KV},
	{"a type imported from a project module is KV",
		map[string]string{
			"src/store.ts": "export interface Store extends KVNamespace {}",
			"src/main.ts":  "import type { Store } from './store';\nexport function f(/*@*/s: Store) {}",
		}, nil, kvtypes.KV},
	{"a type declared in a .d.ts file is KV",
		map[string]string{
			"src/env.d.ts": "declare global { interface SharedCache extends KVNamespace {} }\nexport {};",
			"src/main.ts":  "export function f(/*@*/s: SharedCache) {}",
		}, nil, kvtypes.KV},
	{"the member of an options interface is KV: `o.kv` with `o: Opts`",
		files1("interface Store extends KVNamespace {}\ninterface Opts { kv: Store; prefix?: string }\nexport function f(/*@*/o: Opts) {}"), []string{"kv"}, kvtypes.KV},
	{"a destructured options parameter `({ kv }: Opts)` has Opts' member types",
		files1("type Opts = { kv: KVNamespace; r2: R2Bucket };\nexport function f(/*@*/{ kv }: Opts) {}"), []string{"kv"}, kvtypes.KV},
	{"a member of an inherited interface is found",
		files1("interface Base { kv: KVNamespace }\ninterface Opts extends Base { ttl: number }\nlet /*@*/o: Opts;"), []string{"kv"}, kvtypes.KV},
	{"a member of an intersection is found",
		files1("type Opts = { ttl: number } & { kv?: KVNamespace };\nlet /*@*/o: Opts;"), []string{"kv"}, kvtypes.KV},
	{"a member of a type literal annotation is found",
		files1("export function f(/*@*/o: { store: KVNamespace | undefined }) {}"), []string{"store"}, kvtypes.KV},
	{"a generic parameter's member is its constraint's",
		files1("interface Opts { kv: KVNamespace }\nexport function f<O extends Opts>(/*@*/o: O) {}"), []string{"kv"}, kvtypes.KV},
	{"a generic parameter constrained to KVNamespace is KV",
		files1("export function f<T extends KVNamespace>(/*@*/kv: T) {}"), nil, kvtypes.KV},
	{"KVNamespace | undefined is KV", files1(`let /*@*/kv: KVNamespace | undefined | null;`), nil, kvtypes.KV},
	{"KVNamespace | R2Bucket is not KV", files1(`let /*@*/kv: KVNamespace | R2Bucket;`), nil, kvtypes.Other},
	{"R2Bucket is not KV", files1(`let /*@*/b: R2Bucket;`), nil, kvtypes.Other},
	{"DurableObjectStorage is not KV", files1(`let /*@*/s: DurableObjectStorage;`), nil, kvtypes.Other},
	{"a Map is not KV", files1(`let /*@*/m: Map<string, Map<string, number>>;`), nil, kvtypes.Other},
	{"an interface extending R2Bucket is not KV",
		files1("interface Blobs extends R2Bucket {}\nlet /*@*/b: Blobs;"), nil, kvtypes.Other},
	{"a user interface with get and put says nothing",
		files1("interface Memo { get(k: string): string; put(k: string, v: string): void }\nlet /*@*/m: Memo;"), nil, kvtypes.Unknown},
	{"the runtime's own `interface KVNamespace` declaration is still KV",
		map[string]string{
			"worker-configuration.d.ts": "interface KVNamespace<Key extends string = string> { get(key: Key): Promise<string | null>; }",
			"src/main.ts":               "export function f(/*@*/kv: KVNamespace) {}",
		}, nil, kvtypes.KV},
	{"Env of `wrangler types` is an env, with Cloudflare.Env's members",
		map[string]string{
			"worker-configuration.d.ts": "declare namespace Cloudflare {\n\tinterface Env {\n\t\tLINKS: KVNamespace;\n\t\tFILES: R2Bucket;\n\t}\n}\ninterface Env extends Cloudflare.Env {}",
			"src/main.ts":               "export function f(/*@*/e: Env) {}",
		}, nil, kvtypes.Env},
	{"a binding of the `wrangler types` Env is KV",
		map[string]string{
			"worker-configuration.d.ts": "declare namespace Cloudflare {\n\tinterface Env {\n\t\tLINKS: KVNamespace;\n\t\tFILES: R2Bucket;\n\t}\n}\ninterface Env extends Cloudflare.Env {}",
			"src/main.ts":               "export function f(/*@*/e: Env) {}",
		}, []string{"LINKS"}, kvtypes.KV},
	{"an R2 binding of the `wrangler types` Env is not KV",
		map[string]string{
			"worker-configuration.d.ts": "declare namespace Cloudflare {\n\tinterface Env {\n\t\tLINKS: KVNamespace;\n\t\tFILES: R2Bucket;\n\t}\n}\ninterface Env extends Cloudflare.Env {}",
			"src/main.ts":               "export function f(/*@*/e: Env) {}",
		}, []string{"FILES"}, kvtypes.Other},
	{"Hono's Context<{ Bindings: B }> carries B as its env",
		files1("type B = { SESSIONS: KVNamespace };\nexport function f(/*@*/c: Context<{ Bindings: B }>) {}"), []string{"env", "SESSIONS"}, kvtypes.KV},
	{"EventContext<Env> carries Env as its env",
		files1("interface AppEnv { CACHE: KVNamespace }\nexport function f(/*@*/ctx: EventContext<AppEnv, string, unknown>) {}"), []string{"env", "CACHE"}, kvtypes.KV},
	{"a cycle of aliases says nothing and ends",
		files1("type A = B;\ntype B = A;\nlet /*@*/x: A;"), nil, kvtypes.Unknown},
	{"JSDoc @param types a .js parameter",
		map[string]string{"src/a.js": "/**\n * @param {KVNamespace} kv\n * @param {string} key\n */\nexport function f(/*@*/kv, key) {}"}, nil, kvtypes.KV},
	{"JSDoc @type types a .js variable",
		map[string]string{"src/a.js": "/** @type {R2Bucket} */\nconst /*@*/b = globalThis.B;"}, nil, kvtypes.Other},
	{"a JSDoc @typedef's @property types a member",
		map[string]string{"src/a.js": "/**\n * @typedef {Object} Opts\n * @property {KVNamespace} kv\n */\n/** @param {Opts} o */\nexport function f(/*@*/o) {}"}, []string{"kv"}, kvtypes.KV},
}

func files1(src string) map[string]string { return map[string]string{"src/main.ts": src} }

func TestKinds(t *testing.T) {
	for _, c := range typeCases {
		t.Run(c.name, func(t *testing.T) {
			got := kindAt(t, c.files, c.path)
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// kindAt builds the layer over the files and returns the kind of the type
// at the marker, following path.
func kindAt(t *testing.T, files map[string]string, path []string) kvtypes.Kind {
	t.Helper()
	fset := token.NewFileSet()
	var all []*parser.File
	var at *parser.File
	offset := -1
	for name, src := range files {
		i := strings.Index(src, "/*@*/")
		src = strings.Replace(src, "/*@*/", "", 1)
		f, err := parser.Parse(fset, name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, f)
		if i >= 0 {
			at, offset = f, i
		}
	}
	if at == nil {
		t.Fatal("no /*@*/ marker")
	}
	types := kvtypes.New(all, nil)
	var scope kvtypes.Scope
	// Generic parameters of the function the marker is in: `<...>` before
	// the marker's '('.
	if paren := strings.LastIndexByte(at.Text[:offset], '('); paren > 0 {
		if lt := strings.LastIndexByte(at.Text[:paren], '<'); lt > 0 && strings.HasSuffix(strings.TrimSpace(at.Text[:paren]), ">") {
			scope = kvtypes.Scope{at.TypeParamsIn(lt, paren)}
		}
	}
	typ := types.Of(at, at.TypeAt(offset), scope)
	if !typ.Valid() {
		t.Logf("no type read at %q", at.Text[offset:min(len(at.Text), offset+20)])
	}
	for _, m := range path {
		typ = typ.Member(m)
	}
	return typ.Kind()
}

// A cast decides what a value is: `x as R2Bucket` is not KV, even out of
// a `KVNamespace | R2Bucket` union; `as unknown as KVNamespace` is.
func TestCasts(t *testing.T) {
	src := "const a = env.X as R2Bucket;\nconst b = env.X as unknown as KVNamespace;\nconst c = env.X satisfies KVNamespace;\nconst d = env.X;\nconst e = env.X as const;"
	f, err := parser.Parse(token.NewFileSet(), "src/c.ts", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	types := kvtypes.New([]*parser.File{f}, nil)
	for _, c := range []struct {
		line int
		want kvtypes.Kind
		cast bool
	}{{1, kvtypes.Other, true}, {2, kvtypes.KV, true}, {3, kvtypes.KV, true}, {4, kvtypes.Unknown, false}, {5, kvtypes.Unknown, true}} {
		line := strings.Split(src, "\n")[c.line-1]
		start := strings.Index(src, line)
		end := start + strings.Index(line, "env.X") + len("env.X")
		typ := types.Of(f, f.CastAfter(end), nil)
		if typ.Valid() != c.cast || typ.Kind() != c.want {
			t.Errorf("line %d %q: cast %v kind %s, want cast %v kind %s", c.line, line, typ.Valid(), typ.Kind(), c.cast, c.want)
		}
	}
}

// The member index says which member names the run's types bind to KV,
// per wrangler scope, through aliases too: what sifting and untyped
// receivers (`opts.kv` with opts untyped) rely on.
func TestMemberIndex(t *testing.T) {
	fset := token.NewFileSet()
	var files []*parser.File
	for name, src := range map[string]string{
		"src/types.ts": "export type Store = KVNamespace<string>;\nexport interface Opts { kv: Store; blobs: R2Bucket; both: Store }\nexport interface Other { both: R2Bucket }",
		"src/plain.ts": "interface NotSeen { hidden: Store }", // no KVNamespace text: not in the index
		// A parameter's name is no member's: not name, kv2 or opts2; a
		// parameter property is a field, and an inline type's member is a
		// member.
		"src/params.ts": "export class Area {\n  constructor(name?: KVNamespace, opts?: object);\n  constructor(name: string | KVNamespace = 'x', opts = {}) {}\n}\n" +
			"export function save(kv2: KVNamespace, opts2: { inline: KVNamespace }) {}\n" +
			"export class Held { constructor(private readonly held: KVNamespace, protected guarded: KVNamespace) {} }",
	} {
		f, err := parser.Parse(fset, name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	types := kvtypes.New(files, nil)
	for name, want := range map[string]kvtypes.MemberKind{
		"kv": kvtypes.MemberKV, "Store": kvtypes.MemberKV, "blobs": kvtypes.MemberOther,
		"both": kvtypes.MemberKV | kvtypes.MemberOther, "hidden": 0, "Opts": 0,
		"name": 0, "kv2": 0, "opts2": 0, "inline": kvtypes.MemberKV, "held": kvtypes.MemberKV, "guarded": kvtypes.MemberKV,
	} {
		if got := types.Member(nil, name); got != want {
			t.Errorf("member %s: got %b, want %b", name, got, want)
		}
	}
}

func init() {
	typeCases = append(typeCases,
		typeCase{"an interface restating KV's own API is KV",
			files1("interface IWorkerKV {\n  get<T>(key: string, type?: 'text' | 'json' | 'arrayBuffer' | 'stream'): Promise<T | null>;\n  put(key: string, value: string, options?: { expiration?: number; expirationTtl?: number }): Promise<void>;\n}\nlet /*@*/kv: IWorkerKV;"), nil, kvtypes.KV},
		typeCase{"a type alias of a type literal restating KV's own API is KV",
			files1("type CompatibleKV = {\n  get(key: string, options?: { cacheTtl?: number; type: 'stream' }): Promise<ReadableStream | null>\n  put(key: string, value: string, options?: { expiration?: number; expirationTtl?: number }): Promise<void>\n}\nlet /*@*/kv: CompatibleKV;"), nil, kvtypes.KV},
		typeCase{"a type literal with one KV-like method is not KV",
			files1("type ValueCache = {\n  get(key: string): Promise<string | null>\n  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>\n}\nlet /*@*/c: ValueCache;"), nil, kvtypes.Unknown},
		typeCase{"a type literal with methods of all five of KV's names is KV, whatever its signatures",
			files1("type KVLike = {\n  get(key: string): Promise<string | null>\n  getWithMetadata(key: string): Promise<Meta>\n  put(key: string, value: string, options?: PutOpts): Promise<void>\n  delete(key: string): Promise<void>\n  list(options?: ListOpts): Promise<ListResult>\n}\nlet /*@*/kv: KVLike;"), nil, kvtypes.KV},
		typeCase{"a store with get, put, delete and list but no getWithMetadata is not KV",
			files1("interface BlobStore {\n  get(key: string): Promise<string | null>;\n  put(key: string, value: string, options?: PutOpts): Promise<void>;\n  delete(key: string): Promise<void>;\n  list(options?: ListOpts): Promise<ListResult>;\n  head(key: string): Promise<Meta>;\n}\nlet /*@*/b: BlobStore;"), nil, kvtypes.Unknown},
		typeCase{"five properties of KV's names, not methods, are not KV",
			files1("type Counters = { get: number; getWithMetadata: number; put: number; delete: number; list: number };\nlet /*@*/c: Counters;"), nil, kvtypes.Unknown},
		typeCase{"one KV-like method is not enough",
			files1("interface ValueCache {\n  get(key: string): Promise<string | null>;\n  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;\n}\nlet /*@*/c: ValueCache;"), nil, kvtypes.Unknown},
	)
}

func init() {
	typeCases = append(typeCases,
		typeCase{"a JSDoc import() type names a type of another module",
			map[string]string{
				"src/types.ts": "export interface Store extends KVNamespace {}",
				"src/a.js":     "/** @param {import('./types').Store} s */\nexport function f(/*@*/s) {}",
			}, nil, kvtypes.KV},
		typeCase{"a JSDoc @typedef alias of KVNamespace is KV",
			map[string]string{"src/a.js": "/** @typedef {KVNamespace} Store */\n/** @param {Store=} s */\nexport function f(/*@*/s) {}"}, nil, kvtypes.KV},
		typeCase{"a JSDoc comment before another statement does not type a binding",
			map[string]string{"src/a.js": "/** @type {KVNamespace} */\nlet first;\nlet /*@*/second;"}, nil, kvtypes.Unknown},
	)
}
