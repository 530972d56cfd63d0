package parser

import (
	"reflect"
	"testing"
	"time"
)

// ReadDecls finds the interface and type alias declarations of a text,
// qualified by their namespaces, and nothing else that looks like one.
func TestReadDecls(t *testing.T) {
	src := `// type Commented = KVNamespace
const opts = { type: "json" };
declare namespace Cloudflare {
	interface Env { A: KVNamespace; "B-C"?: R2Bucket; get(k: string): Promise<string | null>; [k: string]: unknown }
}
export namespace L.M { export type S = KVNamespace<string> | undefined }
declare module "lib" { interface Opts<T extends KVNamespace = KVNamespace> extends Base<T>, Other { kv: T } }
type Fn = (x: Map<string, Array<number>>) => Promise<void>;
type Tpl = ` + "`kv:${string}`" + `;
interface Broken extends { }
let type = 1;
`
	var got []string
	for _, d := range ReadDecls([]byte(src)) {
		got = append(got, d.Name)
	}
	want := []string{"Cloudflare.Env", "L.M.S", "Opts", "Fn", "Tpl"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decls %v, want %v", got, want)
	}
	ds := ReadDecls([]byte(src))
	var members []string
	for _, m := range ds[0].Members {
		members = append(members, m.Name)
	}
	if want := []string{"A", "B-C", "get"}; !reflect.DeepEqual(members, want) {
		t.Errorf("Env members %v, want %v", members, want)
	}
	if d := ds[2]; len(d.Params) != 1 || d.Params[0].Constraint.Terms[0].Name != "KVNamespace" || len(d.Extends) != 2 || d.Extends[0].Terms[0].Name != "Base" {
		t.Errorf("Opts read as %+v", d)
	}
	if s := ds[1].Alias; len(s.Terms) != 2 || s.Terms[0].Name != "KVNamespace" || !s.Terms[1].Nullish {
		t.Errorf("L.M.S read as %+v", s)
	}
}

// The runtime types `wrangler types` appends after the Env are not read:
// the type layer knows them by name, and they are half a megabyte.
func TestReadDeclsStopsAtRuntimeTypes(t *testing.T) {
	src := "declare namespace Cloudflare { interface Env { KV: KVNamespace } }\ninterface Env extends Cloudflare.Env {}\n\n// Begin runtime types\ninterface KVNamespace<Key extends string = string> { get(key: Key): Promise<string | null> }\n"
	var got []string
	for _, d := range ReadDecls([]byte(src)) {
		got = append(got, d.Name)
	}
	if want := []string{"Cloudflare.Env", "Env"}; !reflect.DeepEqual(got, want) {
		t.Errorf("decls %v, want %v", got, want)
	}
}

// A JavaScript file cannot declare interfaces or type aliases, so they are
// not looked for there, while its JSDoc typedefs and renaming imports
// still are read.
func TestReadJSDecls(t *testing.T) {
	src := "import { Store as S } from \"./store\";\n" +
		"type Fake = KVNamespace;\n" +
		"/**\n * @typedef {Object} Opts\n * @property {KVNamespace} kv\n */\n"
	var got []string
	for _, d := range ReadJSDecls([]byte(src)) {
		got = append(got, d.Name)
	}
	if want := []string{"S", "Opts"}; !reflect.DeepEqual(got, want) {
		t.Errorf("JS decls %v, want %v", got, want)
	}
	var ts []string
	for _, d := range ReadDecls([]byte(src)) {
		ts = append(ts, d.Name)
	}
	if want := []string{"S", "Fake", "Opts"}; !reflect.DeepEqual(ts, want) {
		t.Errorf("TS decls of the same text %v, want %v", ts, want)
	}
}

// A character esbuild's lexer cannot read ends the read of a declaration:
// the lexer gives the same error token forever, and skipping a namespace
// body to its closing brace never ended. A file read without parsing (a
// declaration file, or one the KV model does not need) hung the run.
// (Found by FuzzTypes.)
func TestUnreadableCharacterEndsTheRead(t *testing.T) {
	done := make(chan []TypeDecl, 1)
	go func() {
		src := []byte("export namespace L { export interface Store extends KV\x03espace {} }\ntype A = KVNamespace;\n")
		done <- ScanOnly("src/env.d.ts", src).Decls
	}()
	select {
	case decls := <-done:
		var names []string
		for _, d := range decls {
			names = append(names, d.Name)
		}
		if !reflect.DeepEqual(names, []string{"A"}) {
			t.Errorf("declarations %q, want the one after the namespace, A", names)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading the declarations did not end")
	}
}
