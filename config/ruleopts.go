package config

import (
	"fmt"
	"sort"
	"strings"
)

// ruleOption describes an option a rule takes in its own table:
//
//	[rules.cronwrites]
//	severity = "warning"   # optional, as in [rules]
//	daily-writes = 100000
//
// A string option lists its choices (the first is the default); an integer
// option has a range and a default.
type ruleOption struct {
	choices  []string
	min, max int64
	def      int64
	what     string // what an integer value is, for messages
}

// ruleOptions lists the options each rule takes.
var ruleOptions = map[string]map[string]ruleOption{
	// grouped: a namespace never written with a TTL is one finding; each:
	// every put without a TTL is a finding.
	"missingttl": {"mode": {choices: []string{"grouped", "each"}}},
	"cronwrites": {
		"daily-writes": {min: 1, max: 1 << 40, def: 1000, what: "a number of KV writes a day (1000 on the free plan)"},
	},
}

// Setting returns a string option of a rule in kvlint.toml, or its
// default. A nil Tool gives defaults.
func (t *Tool) Setting(rule, key string) string {
	if t != nil {
		if v, ok := t.Settings[rule][key].(string); ok {
			return v
		}
	}
	if o := ruleOptions[rule][key]; len(o.choices) > 0 {
		return o.choices[0]
	}
	return ""
}

// IntSetting returns an integer option of a rule in kvlint.toml, or its
// default. A nil Tool gives defaults.
func (t *Tool) IntSetting(rule, key string) int64 {
	if t != nil {
		if v, ok := t.Settings[rule][key].(int64); ok {
			return v
		}
	}
	return ruleOptions[rule][key].def
}

// ruleTable reads [rules.NAME]: an optional severity and the rule's options.
func (r *toolReader) ruleTable(rule string, n *node, t *Tool) error {
	opts := ruleOptions[rule]
	for _, m := range n.members {
		v := m.val
		if m.key == "severity" {
			s := Severity(v.str)
			if v.kind != nodeString || (s != SeverityOff && s != SeverityWarning && s != SeverityError) {
				return r.errorf(v, `bad severity %s for rule %s: use "off", "warning" or "error"`, describe(v), rule)
			}
			t.Rules[rule] = s
			continue
		}
		o, ok := opts[m.key]
		if !ok {
			keys := []string{"severity"}
			for k := range opts {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			msg := fmt.Sprintf("unknown key %q in [rules.%s]", m.key, rule)
			if s := suggest(m.key, keys); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; options: " + strings.Join(keys, ", ")
			}
			return r.errorf(v, "%s", msg)
		}
		var val any
		if len(o.choices) > 0 {
			if v.kind != nodeString || !isOneOf(o.choices, v.str) {
				return r.errorf(v, "rules.%s.%s must be one of %q, found %s", rule, m.key, o.choices, describe(v))
			}
			val = v.str
		} else {
			if v.kind != nodeInt || v.num < o.min || v.num > o.max {
				return r.errorf(v, "rules.%s.%s must be %s, an integer from %d, found %s", rule, m.key, o.what, o.min, describe(v))
			}
			val = v.num
		}
		if t.Settings[rule] == nil {
			t.Settings[rule] = map[string]any{}
		}
		t.Settings[rule][m.key] = val
	}
	return nil
}

func isOneOf(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
