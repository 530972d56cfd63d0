package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kvlint/kvlint/internal/safefile"
)

// Kind is the kind of a binding in a wrangler config. Only KindKV matters
// to kvlint's rules; the other kinds say "declared, and not KV".
type Kind string

// The binding kinds, after the wrangler config keys that declare them.
const (
	KindKV              Kind = "kv"               // kv_namespaces
	KindR2              Kind = "r2"               // r2_buckets
	KindD1              Kind = "d1"               // d1_databases
	KindDurableObject   Kind = "durable_object"   // durable_objects.bindings
	KindQueue           Kind = "queue"            // queues.producers
	KindService         Kind = "service"          // services
	KindVar             Kind = "var"              // vars
	KindAnalyticsEngine Kind = "analytics_engine" // analytics_engine_datasets
	KindVectorize       Kind = "vectorize"        // vectorize
	KindAI              Kind = "ai"               // ai
	KindHyperdrive      Kind = "hyperdrive"       // hyperdrive
	KindBrowser         Kind = "browser"          // browser
	KindWorkflow        Kind = "workflow"         // workflows
	KindSecretStore     Kind = "secret_store"     // secrets_store_secrets
	KindVersionMetadata Kind = "version_metadata" // version_metadata
	KindImages          Kind = "images"           // images
	KindMedia           Kind = "media"            // media
	KindSendEmail       Kind = "send_email"       // send_email
	KindMTLS            Kind = "mtls"             // mtls_certificates
	KindDispatch        Kind = "dispatch"         // dispatch_namespaces
	KindAssets          Kind = "assets"           // assets
	KindRateLimit       Kind = "rate_limit"       // ratelimits
	KindPipeline        Kind = "pipeline"         // pipelines
	KindWorkerLoader    Kind = "worker_loader"    // worker_loaders
	KindVPCService      Kind = "vpc_service"      // vpc_services
	KindLogfwdr         Kind = "logfwdr"          // logfwdr.bindings
	KindUnsafe          Kind = "unsafe"           // unsafe.bindings, unsafe_* (unsafe_hello_world)
	KindWasmModule      Kind = "wasm_module"      // wasm_modules
	KindTextBlob        Kind = "text_blob"        // text_blobs
	KindDataBlob        Kind = "data_blob"        // data_blobs
)

// Binding is one binding a wrangler config declares.
type Binding struct {
	Name string
	Kind Kind
	Line int // 1-based line of its name in the config file; 0 if unknown
}

// Env is the top level of a wrangler config or one [env.NAME] block. Wrangler
// does not let an environment inherit bindings from the top level: each Env
// holds only what its own block declares.
type Env struct {
	Name       string    // "" for the top level
	KV         []Binding // kv_namespaces, in declaration order
	KVDeclared bool      // the block has a kv_namespaces key at all
	Other      []Binding // every binding of another kind, by line
	Line       int       // line of the [env.NAME] block; 0 for the top level
	// Crons are the block's cron triggers (triggers.crons), in order.
	Crons []Cron
}

// Wrangler is a loaded wrangler config.
type Wrangler struct {
	Path string
	Top  Env
	Envs []Env // the [env.NAME] blocks, sorted by name
	// Size and LineStarts describe the file's text (the byte offset where
	// each line starts), for locations in it such as a cron line.
	Size       int
	LineStarts []int
}

// KVNames returns the names of the KV bindings declared at the top level or
// in any environment. The query methods accept a nil *Wrangler (no config).
func (w *Wrangler) KVNames() map[string]bool {
	names := map[string]bool{}
	for _, e := range w.all() {
		for _, b := range e.KV {
			names[b.Name] = true
		}
	}
	return names
}

// KindOf returns the kind of the binding called name. A name declared as a
// KV namespace anywhere (top level or any environment) is KindKV; otherwise
// the kind of its first declaration (top level first, then environments by
// name). ok is false when no block declares the name.
func (w *Wrangler) KindOf(name string) (kind Kind, ok bool) {
	for _, e := range w.all() {
		for _, b := range e.KV {
			if b.Name == name {
				return KindKV, true
			}
		}
	}
	for _, e := range w.all() {
		for _, b := range e.Other {
			if b.Name == name {
				return b.Kind, true
			}
		}
	}
	return "", false
}

// EnvsMissingKV returns the names of the [env.NAME] blocks that do not
// declare the KV binding name although the top level does (sorted). Such an
// environment runs with env[name] undefined, since kv_namespaces is not
// inherited.
func (w *Wrangler) EnvsMissingKV(name string) []string {
	if w == nil || !hasKV(&w.Top, name) {
		return nil
	}
	var missing []string
	for i := range w.Envs {
		if !hasKV(&w.Envs[i], name) {
			missing = append(missing, w.Envs[i].Name)
		}
	}
	sort.Strings(missing)
	return missing
}

func hasKV(e *Env, name string) bool {
	for _, b := range e.KV {
		if b.Name == name {
			return true
		}
	}
	return false
}

func (w *Wrangler) all() []*Env {
	if w == nil {
		return nil
	}
	all := make([]*Env, 0, 1+len(w.Envs))
	all = append(all, &w.Top)
	for i := range w.Envs {
		all = append(all, &w.Envs[i])
	}
	return all
}

// wranglerNames are the wrangler config file names, in the order Find
// prefers them within one directory.
var wranglerNames = []string{"wrangler.toml", "wrangler.jsonc", "wrangler.json"}

// IsWranglerPath reports whether path names a wrangler config file.
func IsWranglerPath(path string) bool {
	base := filepath.Base(path)
	for _, n := range wranglerNames {
		if base == n {
			return true
		}
	}
	return false
}

// Find returns the nearest wrangler config: wrangler.toml, wrangler.jsonc or
// wrangler.json (preferred in that order) in dir or the closest parent
// directory that has one, up to the filesystem root.
func Find(dir string) (path string, ok bool) {
	return findUp(dir, wranglerNames)
}

// findUp looks for the first of names in dir and then in each parent. A
// relative dir gives a path relative to the working directory.
func findUp(dir string, names []string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; {
		if p, ok := findIn(d, names); ok {
			if !filepath.IsAbs(dir) {
				p = relToWD(p)
			}
			return p, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// findIn returns the path of the first of names that is a regular file in
// dir.
func findIn(dir string, names []string) (string, bool) {
	for _, n := range names {
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// relToWD returns the absolute path p relative to the working directory,
// if it can.
func relToWD(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil {
			return rel
		}
	}
	return p
}

// LoadWrangler reads the wrangler config at path (.toml, or JSON with
// comments and trailing commas for .json and .jsonc).
func LoadWrangler(path string) (*Wrangler, error) {
	src, err := safefile.ReadFile(path, MaxConfigSize)
	if err != nil {
		return nil, &Error{File: path, Msg: readMsg(err)}
	}
	return parseWrangler(path, src)
}

// parseWrangler reads src, the wrangler config at path.
func parseWrangler(path string, src []byte) (*Wrangler, error) {
	var root *node
	var err error
	f := jsonFormat
	if strings.EqualFold(filepath.Ext(path), ".toml") {
		f = tomlFormat
		root, err = parseTOML(path, src)
	} else {
		root, err = parseJSON(path, src)
	}
	if err != nil {
		return nil, err
	}
	r := &wranglerReader{file: path, f: f}
	w, err := r.read(root)
	if err != nil {
		return nil, err
	}
	w.Size = len(src)
	w.LineStarts = append(w.LineStarts, 0)
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			w.LineStarts = append(w.LineStarts, i+1)
		}
	}
	return w, nil
}

// MaxConfigSize bounds the config files kvlint reads (wrangler configs
// and kvlint.toml): a bigger one is refused with an error naming it.
const MaxConfigSize = 16 << 20

func readMsg(err error) string {
	var nr *safefile.NotRegularError
	var tl *safefile.TooLargeError
	switch {
	case errors.As(err, &nr):
		return "cannot read: it is " + safefile.Kind(nr.Mode) + ", not a regular file"
	case errors.As(err, &tl):
		return fmt.Sprintf("cannot read: too large (%d MB; a config file may have at most %d MB)", tl.Size>>20, tl.Max>>20)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "cannot read: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

type wranglerReader struct {
	file string
	f    format
}

func (r *wranglerReader) errorf(n *node, format string, args ...any) *Error {
	return &Error{File: r.file, Line: n.line, Col: n.col, Msg: fmt.Sprintf(format, args...)}
}

func (r *wranglerReader) read(root *node) (*Wrangler, error) {
	if root.kind != nodeTable {
		return nil, r.errorf(root, "a wrangler config must be an %s, found %s", r.f.table, root.typ)
	}
	w := &Wrangler{Path: r.file}
	top, err := r.env("", root)
	if err != nil {
		return nil, err
	}
	top.Line = 0
	w.Top = *top
	if envs := root.get("env"); envs != nil {
		if envs.kind != nodeTable {
			return nil, r.errorf(envs, "env must be a %s of environments, found %s", r.f.table, envs.typ)
		}
		for _, m := range envs.members {
			if m.val.kind != nodeTable {
				return nil, r.errorf(m.val, "env.%s must be a %s, found %s", m.key, r.f.table, m.val.typ)
			}
			e, err := r.env(m.key, m.val)
			if err != nil {
				return nil, err
			}
			w.Envs = append(w.Envs, *e)
		}
		sort.Slice(w.Envs, func(i, j int) bool { return w.Envs[i].Name < w.Envs[j].Name })
	}
	return w, nil
}

// sectionShape says how a wrangler key holds its bindings.
type sectionShape int

const (
	shapeList   sectionShape = iota // an array of tables: [[r2_buckets]] binding = "X"
	shapeSingle                     // one table: [ai] binding = "X"
	shapeNested                     // a table with an array: [durable_objects] bindings = [...]
	shapeKeys                       // each key is a binding: [vars] X = "..."
)

type section struct {
	key   string
	kind  Kind
	shape sectionShape
	list  string // shapeNested: the array's key
	name  string // the field naming the binding
}

// otherSections are the wrangler keys that declare bindings other than KV.
var otherSections = []section{
	{key: "r2_buckets", kind: KindR2, name: "binding"},
	{key: "d1_databases", kind: KindD1, name: "binding"},
	{key: "durable_objects", kind: KindDurableObject, shape: shapeNested, list: "bindings", name: "name"},
	{key: "queues", kind: KindQueue, shape: shapeNested, list: "producers", name: "binding"},
	{key: "services", kind: KindService, name: "binding"},
	{key: "vars", kind: KindVar, shape: shapeKeys},
	{key: "analytics_engine_datasets", kind: KindAnalyticsEngine, name: "binding"},
	{key: "vectorize", kind: KindVectorize, name: "binding"},
	{key: "ai", kind: KindAI, shape: shapeSingle, name: "binding"},
	{key: "hyperdrive", kind: KindHyperdrive, name: "binding"},
	{key: "browser", kind: KindBrowser, shape: shapeSingle, name: "binding"},
	{key: "workflows", kind: KindWorkflow, name: "binding"},
	{key: "secrets_store_secrets", kind: KindSecretStore, name: "binding"},
	{key: "version_metadata", kind: KindVersionMetadata, shape: shapeSingle, name: "binding"},
	{key: "images", kind: KindImages, shape: shapeSingle, name: "binding"},
	{key: "media", kind: KindMedia, shape: shapeSingle, name: "binding"},
	{key: "send_email", kind: KindSendEmail, name: "name"},
	{key: "mtls_certificates", kind: KindMTLS, name: "binding"},
	{key: "dispatch_namespaces", kind: KindDispatch, name: "binding"},
	{key: "assets", kind: KindAssets, shape: shapeSingle, name: "binding"},
	{key: "ratelimits", kind: KindRateLimit, name: "name"},
	{key: "pipelines", kind: KindPipeline, name: "binding"},
	{key: "worker_loaders", kind: KindWorkerLoader, name: "binding"},
	{key: "vpc_services", kind: KindVPCService, name: "binding"},
	{key: "logfwdr", kind: KindLogfwdr, shape: shapeNested, list: "bindings", name: "name"},
	{key: "unsafe", kind: KindUnsafe, shape: shapeNested, list: "bindings", name: "name"},
	{key: "wasm_modules", kind: KindWasmModule, shape: shapeKeys},
	{key: "text_blobs", kind: KindTextBlob, shape: shapeKeys},
	{key: "data_blobs", kind: KindDataBlob, shape: shapeKeys},
}

// env reads the bindings of the top level (name "") or of env.NAME.
func (r *wranglerReader) env(name string, n *node) (*Env, error) {
	e := &Env{Name: name, Line: n.line}
	prefix, where := "", "at the top level"
	if name != "" {
		prefix, where = "env."+name+".", "in env."+name
	}
	if kv := n.get("kv_namespaces"); kv != nil {
		e.KVDeclared = true
		if kv.kind != nodeArray {
			return nil, r.errorf(kv, "%skv_namespaces must be an array of KV bindings like %s, found %s", prefix, r.f.kvEx, kv.typ)
		}
		seen := map[string]int{}
		for _, el := range kv.elems {
			if el.kind != nodeTable {
				return nil, r.errorf(el, "%skv_namespaces: each KV binding must be a %s like %s, found %s", prefix, r.f.table, r.f.kvEx, el.typ)
			}
			b := el.get("binding")
			switch {
			case b == nil:
				return nil, r.errorf(el, `%skv_namespaces: KV binding without a "binding" name`, prefix)
			case b.kind != nodeString:
				return nil, r.errorf(b, `%skv_namespaces: "binding" must be a string, found %s`, prefix, b.typ)
			case b.str == "":
				return nil, r.errorf(b, `%skv_namespaces: "binding" must not be empty`, prefix)
			}
			if first, dup := seen[b.str]; dup {
				return nil, r.errorf(b, "KV binding %s is declared twice %s (first on line %d)", b.str, where, first)
			}
			seen[b.str] = b.line
			e.KV = append(e.KV, Binding{Name: b.str, Kind: KindKV, Line: b.line})
		}
	}
	for _, s := range otherSections {
		e.Other = appendOther(e.Other, s, n.get(s.key))
	}
	for _, m := range n.members {
		// wrangler's experimental bindings (unsafe_hello_world): arrays of
		// tables naming a binding, as [[r2_buckets]] do.
		if strings.HasPrefix(m.key, "unsafe_") {
			e.Other = appendOther(e.Other, section{key: m.key, kind: KindUnsafe, name: "binding"}, m.val)
		}
	}
	crons, err := r.crons(prefix, n.get("triggers"))
	if err != nil {
		return nil, err
	}
	e.Crons = crons
	sort.SliceStable(e.Other, func(i, j int) bool { return e.Other[i].Line < e.Other[j].Line })
	return e, nil
}

// appendOther adds the bindings section s declares in v. Sections other
// than kv_namespaces are read leniently: wrangler validates them, and kvlint
// only needs their names; entries it cannot read are skipped.
func appendOther(out []Binding, s section, v *node) []Binding {
	if v == nil {
		return out
	}
	named := func(out []Binding, el *node) []Binding {
		if b := el.get(s.name); b != nil && b.kind == nodeString && b.str != "" {
			out = append(out, Binding{Name: b.str, Kind: s.kind, Line: b.line})
		}
		return out
	}
	switch s.shape {
	case shapeList:
		if v.kind == nodeTable { // a single table where a list belongs
			return named(out, v)
		}
		for _, el := range v.elems {
			out = named(out, el)
		}
	case shapeSingle:
		out = named(out, v)
	case shapeNested:
		for _, el := range v.get(s.list).elemsOrNil() {
			out = named(out, el)
		}
	case shapeKeys:
		for _, m := range v.members {
			out = append(out, Binding{Name: m.key, Kind: s.kind, Line: m.val.line})
		}
	}
	return out
}

func (n *node) elemsOrNil() []*node {
	if n == nil {
		return nil
	}
	return n.elems
}
