package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// ToolName is the file name of kvlint's own configuration.
const ToolName = "kvlint.toml"

// Severity is a rule's configured level.
type Severity string

// Severities.
const (
	SeverityOff     Severity = "off"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Tool is a loaded kvlint.toml.
type Tool struct {
	Path     string
	Ignore   []string
	Rules    map[string]Severity
	Bindings map[string]BindingOptions
}

// BindingOptions are per-namespace settings.
type BindingOptions struct {
	// TTLRequired, when set false, turns missingttl off for the binding.
	TTLRequired *bool `toml:"ttl-required"`
	// ListLimitOK: list({ limit: n }) with n at most this is intended, so
	// listpagination does not fire.
	ListLimitOK int `toml:"list-limit-ok"`
}

// TTLRequired reports whether puts to a binding must set an expiration.
func (t *Tool) TTLRequired(binding string) bool {
	if t == nil {
		return true
	}
	o := t.Bindings[binding].TTLRequired
	return o == nil || *o
}

// FindTool returns the nearest kvlint.toml in dir or a parent.
func FindTool(dir string) (string, bool) { return findUp(dir, []string{ToolName}) }

type rawTool struct {
	Ignore   []string                  `toml:"ignore"`
	Rules    map[string]string         `toml:"rules"`
	Bindings map[string]BindingOptions `toml:"bindings"`
}

// LoadTool reads a kvlint.toml. Unknown keys, unknown rule names and bad
// severities are errors naming the line.
func LoadTool(path string, knownRules []string) (*Tool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read: " + errorText(err)}
	}
	var raw rawTool
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	lines := newLineFinder(src)
	if und := md.Undecoded(); len(und) > 0 {
		key := und[0].String()
		return nil, &Error{File: path, Line: lines.key(key), Msg: fmt.Sprintf("unknown key %q (known: ignore, [rules], [bindings.NAME] with ttl-required and list-limit-ok)", key)}
	}
	known := map[string]bool{}
	for _, r := range knownRules {
		known[r] = true
	}
	t := &Tool{Path: path, Ignore: raw.Ignore, Rules: map[string]Severity{}, Bindings: raw.Bindings}
	names := make([]string, 0, len(raw.Rules))
	for n := range raw.Rules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !known[n] {
			return nil, &Error{File: path, Line: lines.key(n), Msg: fmt.Sprintf("unknown rule %q in [rules]; rules: %s", n, strings.Join(knownRules, ", "))}
		}
		switch s := Severity(raw.Rules[n]); s {
		case SeverityOff, SeverityWarning, SeverityError:
			t.Rules[n] = s
		default:
			return nil, &Error{File: path, Line: lines.key(n), Msg: fmt.Sprintf("rule %s: severity %q is not one of \"off\", \"warning\", \"error\"", n, raw.Rules[n])}
		}
	}
	if t.Bindings == nil {
		t.Bindings = map[string]BindingOptions{}
	}
	for n, b := range t.Bindings {
		if b.ListLimitOK < 0 || b.ListLimitOK > 1000 {
			return nil, &Error{File: path, Line: lines.key("list-limit-ok"), Msg: fmt.Sprintf("bindings.%s: list-limit-ok must be between 0 and 1000", n)}
		}
	}
	return t, nil
}

// StarterTool is the commented kvlint.toml that `kvlint init` writes.
const StarterTool = `# kvlint configuration. Every setting is optional.

# Files to skip, in .gitignore syntax, relative to this file.
# ignore = ["src/generated/**"]

[rules]
# Each rule is "off", "warning" or "error". Defaults:
# missingttl = "warning"
# shortttl = "error"
# expirationunit = "error"
# listpagination = "warning"
# badkey = "error"
# unknownbinding = "error"

# Per-namespace options, by binding name.
# [bindings.CONFIG]
# ttl-required = false    # missingttl: this namespace's keys are meant to live forever
# list-limit-ok = 100     # listpagination: list({ limit: n <= 100 }) is intended
`

// Cache loads each wrangler config once, for many files, concurrently.
type Cache struct {
	mu      sync.Mutex
	byDir   map[string]string // directory -> config path ("" for none)
	configs map[string]*cacheEntry
}

type cacheEntry struct {
	w   *Wrangler
	err error
}

// ForFile returns the wrangler config governing a source file: the nearest
// one in its directory or a parent; nil (and no error) when there is none.
func (c *Cache) ForFile(path string) (*Wrangler, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byDir == nil {
		c.byDir = map[string]string{}
		c.configs = map[string]*cacheEntry{}
	}
	cfg, ok := c.byDir[dir]
	if !ok {
		cfg, _ = FindWrangler(dir)
		c.byDir[dir] = cfg
	}
	if cfg == "" {
		return nil, nil
	}
	e, ok := c.configs[cfg]
	if !ok {
		w, err := LoadWrangler(cfg)
		e = &cacheEntry{w: w, err: err}
		c.configs[cfg] = e
	}
	return e.w, e.err
}
