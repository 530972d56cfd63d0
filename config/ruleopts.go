package config

import (
	"fmt"
	"sort"
	"strings"
)

// ruleOption is an integer option of a rule, set in its own table:
//
//	[rules.cronwrites]
//	severity = "warning"   # optional, as in [rules]
//	daily-writes = 100000
type ruleOption struct {
	min, max int64
	what     string // what the value is, for messages
}

// ruleOptions lists the options each rule takes.
var ruleOptions = map[string]map[string]ruleOption{
	"cronwrites": {
		"daily-writes": {min: 1, max: 1 << 40, what: "a number of KV writes a day (1000 on the free plan)"},
	},
}

// RuleOption returns an integer option of a rule set in kvlint.toml, or def
// when it is not set (or there is no kvlint.toml).
func (t *Tool) RuleOption(rule, key string, def int64) int64 {
	if t == nil {
		return def
	}
	if v, ok := t.RuleOptions[rule][key]; ok {
		return v
	}
	return def
}

// ruleTable reads [rules.NAME]: an optional severity and the rule's options.
func (r *toolReader) ruleTable(rule string, n *node, severities map[string]Severity) error {
	opts := ruleOptions[rule]
	for _, m := range n.members {
		if m.key == "severity" {
			s := Severity(m.val.str)
			if m.val.kind != nodeString || (s != SeverityOff && s != SeverityWarning && s != SeverityError) {
				return r.errorf(m.val, `bad severity %s for rule %s: use "off", "warning" or "error"`, describe(m.val), rule)
			}
			severities[rule] = s
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
			return r.errorf(m.val, "%s", msg)
		}
		if m.val.kind != nodeInt || m.val.num < o.min || m.val.num > o.max {
			return r.errorf(m.val, "rules.%s.%s must be %s, an integer from %d, found %s", rule, m.key, o.what, o.min, describe(m.val))
		}
		if r.opts == nil {
			r.opts = map[string]map[string]int64{}
		}
		if r.opts[rule] == nil {
			r.opts[rule] = map[string]int64{}
		}
		r.opts[rule][m.key] = m.val.num
	}
	return nil
}
