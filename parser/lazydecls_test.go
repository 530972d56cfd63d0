package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Every declaration another file can see is one ScanLazy says the file
// may declare: of each source file of the repository's fixtures, and of
// the forms below. The driver reads a lazy file's declarations only for
// such names, so a name missed here would be a type a file linted alone
// does not see.
func TestLazyNamesCoverTheDeclarations(t *testing.T) {
	srcs := map[string]string{
		"ns.ts":        "export declare namespace Lib {\n  export interface Opts { kv: Keys }\n  namespace Inner { type Deep = Lib.Opts }\n}\ntype Top = string;\n",
		"dotted.ts":    "declare namespace A.B { interface C {} }\nnamespace  X . Y { export type Z = number }\n",
		"module.ts":    "declare module \"pkg\" { interface Env { KV: KVNamespace } }\ndeclare global { interface Bindings { A: string } }\n",
		"generic.ts":   "export interface Store<T extends object = {}> extends Base<T> { x: T }\nexport type\n  Alias<U> = Store<U>;\n",
		"jsdoc.js":     "/** @typedef {Object} Opts\n * @property {KVNamespace} kv */\n/** @typedef {Opts} Other */\n",
		"renames.ts":   "import type { Store as S } from \"./s\";\nexport interface Uses { s: S }\n",
		"escaped.ts":   "interface \\u0041bc { x: number }\n",
		"commented.ts": "interface /* the */ Store { x: number }\n",
	}
	addTestdataSources(t, srcs)
	checked := 0
	for path, src := range srcs {
		f := ScanLazy(path, []byte(src))
		if !f.Lazy() {
			continue // read whole
		}
		f.LoadDecls([]byte(src))
		for _, d := range f.Decls {
			if d.Local {
				continue
			}
			checked++
			lazy := ScanLazy(path, []byte(src))
			if !lazy.MayDeclare(d.Name) {
				names, all := lazy.LazyNames()
				t.Errorf("%s declares %s, but ScanLazy says it may declare only %v (all: %v)", path, d.Name, names, all)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d declarations checked", checked)
	}
	f := ScanLazy("x.ts", []byte("export interface Store { kv: string }\n"))
	if f.MayDeclare("Other") || f.MayDeclare("Lib.Store") {
		t.Errorf("a file declaring only Store may declare Other or Lib.Store")
	}
}

// The names a parsed file's types can look up: each word, each dotted
// name as the type reader reads it, and its last word.
func TestNames(t *testing.T) {
	got := map[string]bool{}
	Names([]byte("let e: Cloudflare . Env = x.y; 1.5; $a"), func(n string) { got[n] = true })
	for _, n := range []string{"let", "e", "Cloudflare.Env", "Env", "x.y", "y", "$a"} {
		if !got[n] {
			t.Errorf("no %q in %v", n, got)
		}
	}
	if got["5"] || got["1"] {
		t.Errorf("numbers are not names: %v", got)
	}
}

var lazyDeclSeeds = []string{
	"export declare namespace Lib {\n  export interface Opts { kv: Keys }\n  namespace Inner { type Deep = Lib.Opts }\n}\ntype Top = string;\n",
	"declare module \"pkg\" { interface Env { KV: KVNamespace } }\ndeclare global { interface Bindings { A: string } }\n",
	"import type { Store as S } from \"./s\";\nexport interface Uses { s: S }\ntype T = S\n",
	"interface A { x: number }\n// Begin runtime types\ninterface B { y: string }\n",
	"declare global { type G = 1 }\nimport { a as b } from 'x'\nnamespace N { export type M = b }\n",
	"type\n  Alias<U> = Store<U>;\n// type NotOne = 1\n",
}

// A lazy file's declarations, read from the keyword hits its scan found,
// are those ReadDecls reads from its text.
func TestLazyDeclsAsRead(t *testing.T) {
	srcs := map[string]string{}
	for i, s := range lazyDeclSeeds {
		srcs[filepath.Join("seed", string(rune('a'+i))+".ts")] = s
	}
	addTestdataSources(t, srcs)
	for path, src := range srcs {
		checkLazyDecls(t, path, []byte(src))
	}
}

func checkLazyDecls(t *testing.T, path string, src []byte) {
	f := ScanLazy(path, src)
	if !f.Lazy() {
		return
	}
	f.LoadDecls(src)
	want := ReadDecls(src)
	if f.isJS() {
		want = ReadJSDecls(src)
	}
	if !reflect.DeepEqual(f.Decls, want) {
		t.Errorf("%s: lazy declarations %+v, want %+v", path, f.Decls, want)
	}
}

func FuzzLazyDecls(f *testing.F) {
	for _, s := range lazyDeclSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkLazyDecls(t, "x.ts", src) })
}

// addTestdataSources adds the project's fixture sources (not declaration
// files) to srcs, by path.
func addTestdataSources(t *testing.T, srcs map[string]string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsSource(p) || IsDecl(p) {
			return err
		}
		b, err := os.ReadFile(p)
		srcs[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
