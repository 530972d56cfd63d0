package kvmodel

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kvlint/kvlint/config"
)

// siftNeeded runs Sift over files (path -> text; paths under a directory
// holding a "wrangler.toml" entry are governed by that config) and returns
// the paths it keeps.
func siftNeeded(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	configs := map[string]*config.Wrangler{}
	for p, text := range files {
		if filepath.Base(p) != "wrangler.toml" {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := config.LoadWrangler(full)
		if err != nil {
			t.Fatal(err)
		}
		configs[filepath.Dir(p)] = w
	}
	var srcs []Source
	for p, text := range files {
		if filepath.Base(p) == "wrangler.toml" {
			continue
		}
		s := Source{Path: p, Src: []byte(text)}
		for d := filepath.Dir(p); ; d = filepath.Dir(d) {
			if w := configs[d]; w != nil {
				s.Wrangler = w
				break
			}
			if d == "." || d == "/" {
				break
			}
		}
		srcs = append(srcs, s)
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Path < srcs[j].Path })
	serial := func(n int, f func(int)) {
		for i := 0; i < n; i++ {
			f(i)
		}
	}
	var kept []string
	for i, need := range Sift(srcs, serial) {
		if need {
			kept = append(kept, srcs[i].Path)
		}
	}
	return kept
}

func sameList(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSift(t *testing.T) {
	const wrangler = `kv_namespaces = [{ binding = "CACHE", id = "1" }]` + "\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "no KV text anywhere",
			files: map[string]string{
				"lib/math.ts": "export const add = (a: number, b: number) => a + b;\n",
				"lib/map.ts":  "const m = new Map(); m.get('type'); m.set('k', { type: 'json' });\n",
				"lib/form.ts": "export const s = (body: FormData) => body.get('stream') === 'true';\n",
				"lib/hdr.ts":  "export const ct = (h: Headers) => h.get('content-type');\n",
			},
		},
		{
			name: "a config's binding name, only in its own Worker",
			files: map[string]string{
				"w/wrangler.toml": wrangler,
				"w/src/index.ts":  "export default { fetch(r, env) { return env.CACHE.get('k') } }\n",
				"w/src/ui.ts":     "export const title = 'shop';\n",
				"lib/cache.ts":    "export const CACHE = new Map();\n",
			},
			want: []string{"w/src/index.ts"},
		},
		{
			name: "KV method text in a Worker whose config declares KV (unknownbinding)",
			files: map[string]string{
				"w/wrangler.toml": wrangler,
				"w/src/a.ts":      "export const f = (env) => env.CAHCE.put('k', 'v');\n",
				"lib/a.ts":        "export const f = (env) => env.CAHCE.put('k', 'v');\n",
			},
			want: []string{"w/src/a.ts"},
		},
		{
			name: "a member typed KVNamespace makes its name count everywhere",
			files: map[string]string{
				"src/env.d.ts":  "interface Env { SESSIONS: KVNamespace }\n",
				"src/a.ts":      "export const f = (env: Env) => env.SESSIONS.get('k');\n",
				"src/other.ts":  "export const g = () => 1;\n",
				"src/typed.ts":  "export function h(ns: KVNamespace) { return ns.list() }\n",
				"pkg/use.ts":    "export const s = (o) => o.SESSIONS;\n",
				"pkg/unused.ts": "export const SESSION = 1;\n",
			},
			want: []string{"pkg/use.ts", "src/a.ts", "src/typed.ts"},
		},
		{
			name: "a call only KV answers names its receiver",
			files: map[string]string{
				"src/a.js":   "export const f = (env) => env.STORE.get(k, { type: 'json' });\n",
				"src/b.js":   "export const g = (env) => env.STORE.put(k, v);\n",
				"src/c.js":   "export const h = (env) => env.STORE2.put(k, v);\n",
				"src/d.js":   "export const i = (env) => env.META.put(k, v, { metadata: { a: 1 } });\n",
				"src/e.js":   "export const j = (env) => env['MY-KV'].get(k, 'text');\n",
				"src/f.js":   "export const l = (env) => env['MY-KV'].delete(k);\n",
				"src/g.js":   "export const m = (env) => env.X.getWithMetadata(k);\n",
				"src/h.js":   "export const n = (env) => env.Y.get(k /* ) */, // (\n 'json');\n",
				"src/app.js": "app.get('/', (c) => c.json({ type: 'json', cacheTtl: 1 }));\n",
			},
			want: []string{"src/a.js", "src/b.js", "src/d.js", "src/e.js", "src/f.js", "src/g.js", "src/h.js"},
		},
		{
			name: "only the arguments of the call itself count",
			files: map[string]string{
				"src/routes.ts": "app.get('/a', async (c) => { const v = await c.env.STORE.get(k, { type: 'json' }); return c.json(v) });\n",
				"src/app.ts":    "export const app = createApp();\n",
				"src/other.ts":  "export const o = (x) => x.app;\n",
			},
			want: []string{"src/routes.ts"},
		},
		{
			name: "modules linked to a KV module by relative imports, either way",
			files: map[string]string{
				"src/index.ts":      "import { handle } from './handler';\nexport default { fetch: handle };\n",
				"src/handler.ts":    "import { TTL } from './consts.js';\nimport { log } from '../lib/log';\nexport const handle = (r, env) => env.CACHE.put(r.url, 'v', { expirationTtl: TTL });\n",
				"src/consts.ts":     "export const TTL = 30;\n",
				"lib/log/index.ts":  "import { fmt } from './fmt';\nexport const log = (s) => console.log(fmt(s));\n",
				"lib/log/fmt.ts":    "export const fmt = (s) => s;\n",
				"lib/unrelated.ts":  "import { x } from './elsewhere';\nexport const y = x;\n",
				"lib/elsewhere.ts":  "export const x = 1;\n",
				"src/wrangler.toml": `kv_namespaces = [{ binding = "CACHE", id = "1" }]` + "\n",
			},
			want: []string{"lib/log/fmt.ts", "lib/log/index.ts", "src/consts.ts", "src/handler.ts", "src/index.ts"},
		},
		{
			name: "a kvlint directive is checked even with nothing to suppress",
			files: map[string]string{
				"src/a.ts": "// kvlint-disable-next-line missingttl -- old data\nexport const a = 1;\n",
				"src/b.ts": "export const b = 1;\n",
			},
			want: []string{"src/a.ts"},
		},
		{
			name: "one Worker's names say nothing of another's, nor of code outside Workers",
			files: map[string]string{
				"a/wrangler.toml": `kv_namespaces = [{ binding = "FLAGS", id = "1" }]` + "\n",
				"a/src/x.ts":      "export const f = (env) => env.STORE.get(k, 'json');\n",
				"a/src/y.ts":      "export const g = (env) => env.STORE.list();\n",
				"b/wrangler.toml": `kv_namespaces = [{ binding = "OTHER", id = "1" }]` + "\n",
				"b/src/z.ts":      "export const h = (store) => store.STORE;\n",
				"lib/w.ts":        "export const i = (env) => env.STORE;\n",
			},
			want: []string{"a/src/x.ts", "a/src/y.ts"},
		},
		{
			name: "declaration files are never parsed",
			files: map[string]string{
				"src/worker-configuration.d.ts": "interface Env { CACHE: KVNamespace }\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := siftNeeded(t, tt.files)
			sort.Strings(tt.want)
			if !sameList(got, tt.want) {
				t.Errorf("needed %q, want %q", got, tt.want)
			}
		})
	}
}

// Bracket and quote soup must not crash the text scans.
func TestSiftHostileText(t *testing.T) {
	for _, text := range []string{
		".get(", ".put(k, v, {", ".get<", ".get<<>(", "x.get('", "x.get(`", "x.get(\"\\", "]].get(", "'].get(k, 'json')",
		".put(k, v, { metadata", ".get(k, {type", "import x from '", "from \"./", "\"..", "'./a' + './",
	} {
		siftNeeded(t, map[string]string{"a.ts": text, "b.ts": "import './a';\n" + text})
	}
}
