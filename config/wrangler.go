// Package config loads the two configurations kvlint reads: the Worker's
// wrangler config (wrangler.toml, wrangler.json, wrangler.jsonc), for its
// bindings, and kvlint's own kvlint.toml.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/tailscale/hujson"
)

// Error is a configuration file that cannot be used, with the place of the
// problem.
type Error struct {
	File      string
	Line, Col int // 1-based; 0 when unknown
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Kind is the kind of a Worker binding.
type Kind string

// Binding kinds. Only KindKV matters to the rules; the others prove a name
// is not KV.
const (
	KindKV            Kind = "kv"
	KindR2            Kind = "r2"
	KindD1            Kind = "d1"
	KindDurableObject Kind = "durable_object"
	KindQueue         Kind = "queue"
	KindService       Kind = "service"
	KindVar           Kind = "var"
	KindOther         Kind = "other"
)

// Binding is one declared binding.
type Binding struct {
	Name string
	Kind Kind
	Line int // 1-based line of its declaration; 0 when unknown
}

// Env is the top level of a wrangler config or one [env.NAME] block.
type Env struct {
	Name       string // "" for the top level
	KV         []Binding
	KVDeclared bool // the block has a kv_namespaces key
	Other      []Binding
}

// Wrangler is a loaded wrangler config.
type Wrangler struct {
	Path string
	Top  Env
	Envs []Env // [env.NAME] blocks, sorted by name
}

// WranglerNames are the wrangler config file names, in the order wrangler
// prefers them within one directory.
var WranglerNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// IsWranglerPath reports whether path names a wrangler config.
func IsWranglerPath(path string) bool {
	base := filepath.Base(path)
	for _, n := range WranglerNames {
		if base == n {
			return true
		}
	}
	return false
}

// KVNames returns the KV binding names of every environment.
func (w *Wrangler) KVNames() map[string]bool {
	names := map[string]bool{}
	for _, e := range w.all() {
		for _, b := range e.KV {
			names[b.Name] = true
		}
	}
	return names
}

// KindOf returns the kind a binding name is declared with anywhere in the
// config: KV if any environment declares it as KV.
func (w *Wrangler) KindOf(name string) (Kind, bool) {
	var kind Kind
	found := false
	for _, e := range w.all() {
		for _, b := range e.KV {
			if b.Name == name {
				return KindKV, true
			}
		}
		for _, b := range e.Other {
			if b.Name == name && !found {
				kind, found = b.Kind, true
			}
		}
	}
	return kind, found
}

// EnvsMissingKV returns the [env.NAME] blocks that lack the KV binding
// name although the top level declares it: kv_namespaces is not inherited.
func (w *Wrangler) EnvsMissingKV(name string) []string {
	if !hasBinding(w.Top.KV, name) {
		return nil
	}
	var missing []string
	for _, e := range w.Envs {
		if !hasBinding(e.KV, name) {
			missing = append(missing, e.Name)
		}
	}
	return missing
}

func hasBinding(bs []Binding, name string) bool {
	for _, b := range bs {
		if b.Name == name {
			return true
		}
	}
	return false
}

func (w *Wrangler) all() []Env {
	return append([]Env{w.Top}, w.Envs...)
}

// FindWrangler returns the nearest wrangler config in dir or a parent.
func FindWrangler(dir string) (string, bool) {
	return findUp(dir, WranglerNames)
}

func findUp(dir string, names []string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		for _, n := range names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p, true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// rawEnv is the part of a wrangler environment kvlint reads. Every
// binding list is read loosely (as raw values) so that a config with
// fields kvlint does not know still loads.
type rawEnv map[string]any

// bindingLists maps wrangler's binding keys to a kind and the field that
// names the binding.
var bindingLists = []struct {
	key, field string
	kind       Kind
}{
	{"kv_namespaces", "binding", KindKV},
	{"r2_buckets", "binding", KindR2},
	{"d1_databases", "binding", KindD1},
	{"services", "binding", KindService},
	{"analytics_engine_datasets", "binding", KindOther},
	{"vectorize", "binding", KindOther},
	{"hyperdrive", "binding", KindOther},
	{"mtls_certificates", "binding", KindOther},
	{"dispatch_namespaces", "binding", KindOther},
	{"workflows", "binding", KindOther},
	{"send_email", "name", KindOther},
	{"secrets_store_secrets", "binding", KindOther},
	{"ratelimits", "name", KindOther},
	{"unsafe_bindings", "name", KindOther},
}

// singleBindings are keys whose table has one `binding` field.
var singleBindings = []string{"ai", "browser", "images", "version_metadata", "assets"}

// LoadWrangler reads a wrangler config.
func LoadWrangler(path string) (*Wrangler, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read: " + errorText(err)}
	}
	var doc map[string]any
	if strings.HasSuffix(path, ".toml") {
		if _, err := toml.Decode(string(src), &doc); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
			}
			return nil, &Error{File: path, Msg: err.Error()}
		}
	} else {
		std, err := hujson.Standardize(src)
		if err != nil {
			line, col := 0, 0
			msg := err.Error()
			if _, scanErr := fmt.Sscanf(msg, "hujson: line %d, column %d:", &line, &col); scanErr == nil {
				if i := strings.Index(msg, ": "); i >= 0 {
					if j := strings.Index(msg[i+2:], ": "); j >= 0 {
						msg = msg[i+2+j+2:]
					}
				}
			}
			return nil, &Error{File: path, Line: line, Col: col, Msg: msg}
		}
		if err := json.Unmarshal(std, &doc); err != nil {
			return nil, &Error{File: path, Msg: "not a JSON object: " + err.Error()}
		}
	}
	w := &Wrangler{Path: path}
	lines := newLineFinder(src)
	top, err := readEnv(path, "", doc, lines)
	if err != nil {
		return nil, err
	}
	w.Top = top
	if envs, ok := doc["env"]; ok {
		table, ok := envs.(map[string]any)
		if !ok {
			return nil, &Error{File: path, Line: lines.key("env"), Msg: "env must be a table of environments"}
		}
		for name, raw := range table {
			body, ok := raw.(map[string]any)
			if !ok {
				return nil, &Error{File: path, Line: lines.key("env." + name), Msg: fmt.Sprintf("env.%s must be a table", name)}
			}
			e, err := readEnv(path, name, body, lines)
			if err != nil {
				return nil, err
			}
			w.Envs = append(w.Envs, e)
		}
		sort.Slice(w.Envs, func(i, j int) bool { return w.Envs[i].Name < w.Envs[j].Name })
	}
	return w, nil
}

func errorText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func readEnv(path, name string, doc map[string]any, lines *lineFinder) (Env, error) {
	e := Env{Name: name}
	where := "top level"
	if name != "" {
		where = "[env." + name + "]"
	}
	for _, bl := range bindingLists {
		raw, ok := doc[bl.key]
		if !ok {
			continue
		}
		if bl.kind == KindKV {
			e.KVDeclared = true
		}
		list, ok := tables(raw)
		if !ok {
			return e, &Error{File: path, Line: lines.key(bl.key), Msg: fmt.Sprintf("%s in the %s must be an array of tables", bl.key, where)}
		}
		for _, t := range list {
			n, ok := t[bl.field].(string)
			if !ok || n == "" {
				return e, &Error{File: path, Line: lines.key(bl.key), Msg: fmt.Sprintf("an entry of %s in the %s has no string %q", bl.key, where, bl.field)}
			}
			b := Binding{Name: n, Kind: bl.kind, Line: lines.binding(bl.field, n)}
			if bl.kind == KindKV {
				if hasBinding(e.KV, n) {
					return e, &Error{File: path, Line: lines.nthBinding(bl.field, n, countNamed(e.KV, n)+1), Msg: fmt.Sprintf("KV binding %s is declared twice in the %s", n, where)}
				}
				e.KV = append(e.KV, b)
			} else {
				e.Other = append(e.Other, b)
			}
		}
	}
	if do, ok := doc["durable_objects"].(map[string]any); ok {
		list, _ := tables(do["bindings"])
		for _, t := range list {
			if n, ok := t["name"].(string); ok {
				e.Other = append(e.Other, Binding{Name: n, Kind: KindDurableObject, Line: lines.binding("name", n)})
			}
		}
	}
	if q, ok := doc["queues"].(map[string]any); ok {
		list, _ := tables(q["producers"])
		for _, t := range list {
			if n, ok := t["binding"].(string); ok {
				e.Other = append(e.Other, Binding{Name: n, Kind: KindQueue, Line: lines.binding("binding", n)})
			}
		}
	}
	if vars, ok := doc["vars"].(map[string]any); ok {
		for n := range vars {
			e.Other = append(e.Other, Binding{Name: n, Kind: KindVar, Line: lines.key(n)})
		}
	}
	for _, key := range singleBindings {
		if t, ok := doc[key].(map[string]any); ok {
			if n, ok := t["binding"].(string); ok {
				e.Other = append(e.Other, Binding{Name: n, Kind: KindOther, Line: lines.binding("binding", n)})
			}
		}
	}
	sort.SliceStable(e.Other, func(i, j int) bool { return e.Other[i].Name < e.Other[j].Name })
	return e, nil
}

// tables reads an array of tables, as TOML ([]map[string]any) or JSON
// ([]any of objects) decodes it.
func tables(raw any) ([]map[string]any, bool) {
	switch v := raw.(type) {
	case []map[string]any:
		return v, true
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, item := range v {
			t, ok := item.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, t)
		}
		return out, true
	}
	return nil, false
}

func countNamed(bs []Binding, name string) int {
	n := 0
	for _, b := range bs {
		if b.Name == name {
			n++
		}
	}
	return n
}

// lineFinder finds the line of a declaration in the config's text, for
// messages: both TOML and JSON name a binding as `field = "NAME"` or
// `"field": "NAME"`.
type lineFinder struct{ src []byte }

func newLineFinder(src []byte) *lineFinder { return &lineFinder{src: src} }

func (l *lineFinder) binding(field, name string) int { return l.nthBinding(field, name, 1) }

func (l *lineFinder) nthBinding(field, name string, nth int) int {
	re := regexp.MustCompile(`"?` + regexp.QuoteMeta(field) + `"?\s*[=:]\s*["']` + regexp.QuoteMeta(name) + `["']`)
	locs := re.FindAllIndex(l.src, -1)
	if len(locs) < nth {
		return 0
	}
	return 1 + bytes.Count(l.src[:locs[nth-1][0]], []byte("\n"))
}

func (l *lineFinder) key(key string) int {
	last := key[strings.LastIndexByte(key, '.')+1:]
	re := regexp.MustCompile(`(?m)^\s*(\[+\s*)?"?` + regexp.QuoteMeta(last) + `"?\s*[=:\]]`)
	loc := re.FindIndex(l.src)
	if loc == nil {
		return 0
	}
	return 1 + bytes.Count(l.src[:loc[0]], []byte("\n"))
}
