package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kvlint/kvlint/discover"
	"github.com/kvlint/kvlint/internal/safefile"
	suggestpkg "github.com/kvlint/kvlint/internal/suggest"
)

// ToolName is the file name of kvlint's own configuration.
const ToolName = "kvlint.toml"

// Severity is the level kvlint.toml gives a rule.
type Severity string

// The severities a rule can be given.
const (
	SeverityOff     Severity = "off"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Tool is a loaded kvlint.toml.
type Tool struct {
	Path string
	// Root is root = true: kvlint.toml files in directories above this
	// one are not merged into it (see Tools).
	Root bool
	// Layers are, for a Tool merged by Tools, the files merged, outermost
	// first (each keeps its own Ignore, relative to its directory); nil
	// for a Tool loaded by LoadTool.
	Layers   []*Tool
	Ignore   []string                  // .gitignore-style patterns, relative to the file's directory
	Rules    map[string]Severity       // rules given a severity
	Bindings map[string]BindingOptions // options by KV binding name
	// Settings holds the options of [rules.NAME] tables other than
	// severity, by rule and key (see ruleOptions in ruleopts.go).
	Settings map[string]map[string]any
}

// BindingOptions are the options of one KV binding ([bindings.NAME]).
type BindingOptions struct {
	// TTLRequired is ttl-required; false turns missingttl off for the
	// binding. nil when not set.
	TTLRequired *bool
	// ListLimitOK is list-limit-ok: a list({limit: n}) with n at most this
	// is intended, and listpagination does not fire. 0 when not set.
	ListLimitOK int
	// Line is the line of the [bindings.NAME] table in its file.
	Line int
}

// TTLRequired reports whether missingttl applies to puts to binding: true
// unless kvlint.toml sets ttl-required = false for it. A nil Tool requires
// TTLs everywhere.
func (t *Tool) TTLRequired(binding string) bool {
	if t == nil {
		return true
	}
	o := t.Bindings[binding].TTLRequired
	return o == nil || *o
}

// FindTool returns the nearest kvlint.toml in dir or a parent directory, up
// to the filesystem root.
func FindTool(dir string) (path string, ok bool) {
	return findUp(dir, []string{ToolName})
}

// The keys of [bindings.NAME].
const (
	keyTTLRequired = "ttl-required"
	keyListLimitOK = "list-limit-ok"
)

// LoadTool reads the kvlint.toml at path. knownRules are the rule names
// [rules] may set; nil accepts any name. A TOML syntax error, an unknown
// key, an unknown rule, a bad severity or a value of the wrong type is an
// *Error with its line.
func LoadTool(path string, knownRules []string) (*Tool, error) {
	src, err := safefile.ReadFile(path, MaxConfigSize)
	if err != nil {
		return nil, &Error{File: path, Msg: readMsg(err)}
	}
	return parseTool(path, src, knownRules)
}

// parseTool reads src, the kvlint.toml at path.
func parseTool(path string, src []byte, knownRules []string) (*Tool, error) {
	root, err := parseTOML(path, src)
	if err != nil {
		return nil, err
	}
	r := &toolReader{file: path, known: knownRules}
	return r.read(root)
}

type toolReader struct {
	file  string
	known []string
}

func (r *toolReader) errorf(n *node, format string, args ...any) *Error {
	return &Error{File: r.file, Line: n.line, Col: n.col, Msg: fmt.Sprintf(format, args...)}
}

func (r *toolReader) read(root *node) (*Tool, error) {
	t := &Tool{Path: r.file, Rules: map[string]Severity{}, Bindings: map[string]BindingOptions{}, Settings: map[string]map[string]any{}}
	for _, m := range root.members {
		var err error
		switch m.key {
		case "ignore":
			t.Ignore, err = r.ignore(m.val)
		case "root":
			if m.val.kind != nodeBool {
				err = r.errorf(m.val, "root must be true or false, found %s", describe(m.val))
			}
			t.Root = m.val.boolean
		case "rules":
			err = r.rules(m.val, t)
		case "bindings":
			err = r.bindings(m.val, t.Bindings)
		default:
			msg := fmt.Sprintf("unknown key %q: kvlint.toml has root, ignore, [rules] and [bindings.NAME]", m.key)
			if s := suggest(m.key, []string{"root", "ignore", "rules", "bindings"}); s != "" {
				msg = fmt.Sprintf("unknown key %q; did you mean %q?", m.key, s)
			} else if isSetting(m.key) {
				msg = fmt.Sprintf("unknown key %q: %s belongs in a [bindings.NAME] table", m.key, m.key)
			} else if r.isRule(m.key) {
				msg = fmt.Sprintf("unknown key %q: rule severities belong in the [rules] table", m.key)
			}
			err = r.errorf(m.val, "%s", msg)
		}
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (r *toolReader) ignore(n *node) ([]string, error) {
	if n.kind != nodeArray {
		return nil, r.errorf(n, `ignore must be an array of patterns, like ignore = ["generated/**"], found %s`, n.typ)
	}
	out := make([]string, 0, len(n.elems))
	for _, el := range n.elems {
		if el.kind != nodeString || el.str == "" {
			return nil, r.errorf(el, "ignore: each pattern must be a non-empty string, found %s", describe(el))
		}
		if !discover.ValidPattern(el.str) {
			return nil, r.errorf(el, "ignore: invalid pattern %q (a bracket expression without its ], say)", el.str)
		}
		out = append(out, el.str)
	}
	return out, nil
}

func (r *toolReader) rules(n *node, t *Tool) error {
	out := t.Rules
	if n.kind != nodeTable {
		return r.errorf(n, `rules must be a table of severities, like [rules] shortttl = "error", found %s`, n.typ)
	}
	for _, m := range n.members {
		switch {
		case m.key == "ignore":
			return r.errorf(m.val, "ignore is not a rule: put ignore = [...] at the top of kvlint.toml, before [rules]")
		case !r.isRule(m.key):
			msg := fmt.Sprintf("unknown rule %q", m.key)
			if s := suggest(m.key, r.known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				known := append([]string(nil), r.known...)
				sort.Strings(known)
				msg += "; rules: " + strings.Join(known, ", ")
			}
			return r.errorf(m.val, "%s", msg)
		}
		if m.val.kind == nodeTable {
			if err := r.ruleTable(m.key, m.val, t); err != nil {
				return err
			}
			continue
		}
		s := Severity(m.val.str)
		if s == "warn" { // ESLint's and oxlint's spelling
			s = SeverityWarning
		}
		if m.val.kind != nodeString || (s != SeverityOff && s != SeverityWarning && s != SeverityError) {
			return r.errorf(m.val, `bad severity %s for rule %s: use "off", "warning" (or "warn") or "error"`, describe(m.val), m.key)
		}
		out[m.key] = s
	}
	return nil
}

func (r *toolReader) bindings(n *node, out map[string]BindingOptions) error {
	if n.kind != nodeTable {
		return r.errorf(n, "bindings must be a table of [bindings.NAME] tables, found %s", n.typ)
	}
	for _, m := range n.members {
		if m.val.kind != nodeTable {
			return r.errorf(m.val, "bindings.%s must be a table, like [bindings.%s] ttl-required = false, found %s", m.key, m.key, m.val.typ)
		}
		o := BindingOptions{Line: m.val.line}
		for _, opt := range m.val.members {
			v := opt.val
			switch opt.key {
			case keyTTLRequired:
				if v.kind != nodeBool {
					return r.errorf(v, "bindings.%s.%s must be true or false, found %s", m.key, opt.key, describe(v))
				}
				b := v.boolean
				o.TTLRequired = &b
			case keyListLimitOK:
				if v.kind != nodeInt || v.num < 1 || v.num > 1000 {
					return r.errorf(v, "bindings.%s.%s must be an integer from 1 to 1000 (list returns at most 1000 keys), found %s", m.key, opt.key, describe(v))
				}
				o.ListLimitOK = int(v.num)
			default:
				msg := fmt.Sprintf("unknown key %q in [bindings.%s]", opt.key, m.key)
				if s := suggest(opt.key, []string{keyTTLRequired, keyListLimitOK}); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				} else {
					msg += fmt.Sprintf("; options: %s, %s", keyTTLRequired, keyListLimitOK)
				}
				return r.errorf(v, "%s", msg)
			}
		}
		out[m.key] = o
	}
	return nil
}

func (r *toolReader) isRule(name string) bool {
	if r.known == nil {
		return true
	}
	for _, k := range r.known {
		if k == name {
			return true
		}
	}
	return false
}

func isSetting(key string) bool { return key == keyTTLRequired || key == keyListLimitOK }

// describe shows a value in a message: a string quoted, else its type.
func describe(n *node) string {
	switch n.kind {
	case nodeString:
		return fmt.Sprintf("%q", n.str)
	case nodeInt:
		return fmt.Sprint(n.num)
	case nodeBool:
		return fmt.Sprint(n.boolean)
	}
	return n.typ
}

// suggest returns the candidate closest to s when it is close enough to be
// a likely typo: equal ignoring case, '_' and '-', or within edit distance 2.
func suggest(s string, candidates []string) string { return suggestpkg.Closest(s, candidates, 2) }

// StarterTool is the kvlint.toml that `kvlint init` writes: every setting,
// commented out, with kvlint's defaults.
const StarterTool = `# kvlint.toml: settings for kvlint, the Workers KV linter.
# Every setting is optional; the values shown commented out are the defaults.

# kvlint uses, for each file, the kvlint.toml files in its directory and
# the directories above it, up to the repository's top, the nearer one
# winning. root = true stops that search here.
# root = false

# Files and directories to skip, as .gitignore patterns relative to this file.
ignore = [
  # "src/generated/**",
  # "**/*.test.ts",
]

# Severity of each rule: "off", "warning" or "error".
# ` + "`kvlint explain RULE`" + ` describes a rule.
[rules]
# missingttl = "warning"
# shortttl = "error"
# expirationunit = "error"
# counterrace = "warning"
# readafterwrite = "warning"
# cachewarm = "warning"
# floatingwrite = "warning"
# listpagination = "warning"
# hotkey = "warning"
# badkey = "error"
# unknownbinding = "error"
# unusedsuppression = "warning"
# listfanout = "warning"
# checkthenset = "warning"
# bulkget = "warning"
# invalidsuppression = "warning"
# syntax: files that do not parse are always errors (not settable here)

# cronwrites: its severity, and the KV writes a day your plan allows (the
# free plan: 1000).
# [rules.cronwrites]
# severity = "warning"
# daily-writes = 1000

# missingttl reports a namespace whose puts never set a TTL once, at its
# first put. To report every such put instead, replace the missingttl line
# above with a table:
#   [rules.missingttl]
#   severity = "warning"
#   mode = "each"

# Options for one KV binding, by its name in the wrangler config.
# [bindings.CONFIG_KV]
# Keys in this namespace are meant to live forever: missingttl stays quiet.
# ttl-required = false
# list({ limit: n }) with n <= 100 reads a known, small set of keys:
# listpagination does not ask for a cursor.
# list-limit-ok = 100
`
