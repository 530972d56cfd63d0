package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/config"
)

// allRules are the rules of RULES.md, with their default severities, and
// the driver's unusedsuppression.
var allRules = map[string]config.Severity{
	"missingttl": "warning", "shortttl": "error", "expirationunit": "error",
	"counterrace": "warning", "readafterwrite": "warning", "cachewarm": "warning",
	"floatingwrite": "warning", "listpagination": "warning", "hotkey": "warning",
	"badkey": "error", "unknownbinding": "error", "unusedsuppression": "warning",
	"listfanout": "warning", "checkthenset": "warning", "cronwrites": "warning", "bulkget": "warning",
	"invalidsuppression": "warning",
}

func ruleNames() []string {
	var names []string
	for n := range allRules {
		names = append(names, n)
	}
	return names
}

func TestLoadTool(t *testing.T) {
	path := "testdata/tool/good/kvlint.toml"
	tool, err := config.LoadTool(path, ruleNames())
	if err != nil {
		t.Fatal(err)
	}
	if tool.Path != path {
		t.Errorf("Path = %q", tool.Path)
	}
	if want := []string{"generated/**", "**/*.test.ts"}; !reflect.DeepEqual(tool.Ignore, want) {
		t.Errorf("Ignore = %q, want %q", tool.Ignore, want)
	}
	wantRules := map[string]config.Severity{"shortttl": config.SeverityOff, "missingttl": config.SeverityError, "hotkey": config.SeverityWarning}
	if !reflect.DeepEqual(tool.Rules, wantRules) {
		t.Errorf("Rules = %v, want %v", tool.Rules, wantRules)
	}
	if got := tool.Bindings["CONFIG_KV"]; got.TTLRequired == nil || *got.TTLRequired || got.ListLimitOK != 100 {
		t.Errorf("CONFIG_KV = %+v, want ttl-required false, list-limit-ok 100", got)
	}
	if got := tool.Bindings["FLAGS"]; got.TTLRequired != nil || got.ListLimitOK != 50 {
		t.Errorf("FLAGS = %+v, want list-limit-ok 50 only", got)
	}
	for binding, want := range map[string]bool{"CONFIG_KV": false, "FLAGS": true, "UNCONFIGURED": true} {
		if got := tool.TTLRequired(binding); got != want {
			t.Errorf("TTLRequired(%s) = %v, want %v", binding, got, want)
		}
	}
	var none *config.Tool
	if !none.TTLRequired("X") {
		t.Error("a nil *Tool must require TTLs")
	}
}

func TestLoadToolAnyRuleWithoutList(t *testing.T) {
	tool, err := config.LoadTool("testdata/tool/unknown-rule/kvlint.toml", nil)
	if err != nil || tool.Rules["nosuchrule"] != config.SeverityOff {
		t.Errorf("with no rule list: %v, %v; want every rule name accepted", tool, err)
	}
}

func TestLoadToolErrors(t *testing.T) {
	tests := []struct {
		dir       string
		line, col int
		msg       string
	}{
		{"unknown-binding-key", 6, 1, `unknown key "ttl_required" in [bindings.CONFIG_KV]; did you mean "ttl-required"?`},
		{"unknown-top", 7, 1, `unknown key "output"`},
		{"unknown-rule", 3, 1, `unknown rule "nosuchrule"; rules: badkey, bulkget, cachewarm,`},
		{"typo-rule", 2, 1, `unknown rule "shortTTL"; did you mean "shortttl"?`},
		{"bad-severity", 3, 1, `bad severity "warning-ish" for rule shortttl: use "off", "warning" (or "warn") or "error"`},
		{"ignore-in-rules", 3, 1, "ignore is not a rule: put ignore = [...] at the top of kvlint.toml"},
		{"limit-type", 3, 1, `bindings.FLAGS.list-limit-ok must be an integer from 1 to 1000 (list returns at most 1000 keys), found "100"`},
		{"syntax", 3, 12, `expected value but found "off" instead`},
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", "tool", tt.dir, "kvlint.toml")
		_, err := config.LoadTool(path, ruleNames())
		var ce *config.Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %v, want a *config.Error", path, err)
			continue
		}
		if ce.File != path || ce.Line != tt.line || ce.Col != tt.col || !strings.Contains(ce.Msg, tt.msg) {
			t.Errorf("%s: got %v\nwant line %d col %d with %q", path, err, tt.line, tt.col, tt.msg)
		}
		if prefix := fmt.Sprintf("%s:%d:%d: ", path, tt.line, tt.col); !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("Error() = %q, want prefix %q", err.Error(), prefix)
		}
	}
}

// More wrong values, each written to a temporary kvlint.toml.
func TestLoadToolValueErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
		msg  string
	}{
		{"ignore = \"dist/**\"\n", 1, "ignore must be an array of patterns"},
		{"ignore = [\n  \"a\",\n  3,\n]\n", 3, "each pattern must be a non-empty string, found 3"},
		{"rules = 1\n", 1, "rules must be a table"},
		{"[rules]\nshortttl = 1\n", 2, "bad severity 1 for rule shortttl"},
		{"[rules]\nshortttl = \"Error\"\n", 2, `bad severity "Error"`},
		{"[bindings]\nCACHE = true\n", 2, "bindings.CACHE must be a table"},
		{"[bindings.CACHE]\nttl-required = \"no\"\n", 2, `bindings.CACHE.ttl-required must be true or false, found "no"`},
		{"[bindings.CACHE]\nlist-limit-ok = 5000\n", 2, "list-limit-ok must be an integer from 1 to 1000"},
		{"[bindings.CACHE]\nlist-limit-ok = 0\n", 2, "list-limit-ok must be an integer from 1 to 1000"},
		{"[bindings.CACHE]\nttl = 60\n", 2, `unknown key "ttl" in [bindings.CACHE]; options: ttl-required, list-limit-ok`},
		{"# settings\nttl-required = false\n", 2, "ttl-required belongs in a [bindings.NAME] table"},
		{"shortttl = \"off\"\n", 1, "rule severities belong in the [rules] table"},
		{"[rule]\nshortttl = \"off\"\n", 1, `unknown key "rule"; did you mean "rules"?`},
		{"bindings.CACHE.ttl-required = false\nbindings.CACHE.extra = 1\n", 2, `unknown key "extra" in [bindings.CACHE]`},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		path := filepath.Join(dir, fmt.Sprintf("kvlint%d.toml", i))
		if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := config.LoadTool(path, ruleNames())
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Line != tt.line || !strings.Contains(ce.Msg, tt.msg) {
			t.Errorf("%q: got %v\nwant line %d with %q", tt.src, err, tt.line, tt.msg)
		}
	}
}

func TestFindTool(t *testing.T) {
	got, ok := config.FindTool("testdata/tool/good/src/deep")
	if want := filepath.FromSlash("testdata/tool/good/kvlint.toml"); !ok || got != want {
		t.Errorf("FindTool = %q, %v; want %q", got, ok, want)
	}
	tmp := t.TempDir()
	if got, ok := config.FindTool(tmp); ok && strings.HasPrefix(got, tmp) {
		t.Errorf("FindTool(%s) = %q in an empty directory", tmp, got)
	}
}

func TestStarterTool(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kvlint.toml")
	if err := os.WriteFile(path, []byte(config.StarterTool), 0o644); err != nil {
		t.Fatal(err)
	}
	tool, err := config.LoadTool(path, ruleNames())
	if err != nil {
		t.Fatalf("the starter kvlint.toml does not load: %v", err)
	}
	if len(tool.Ignore) != 0 || len(tool.Rules) != 0 || len(tool.Bindings) != 0 {
		t.Errorf("the starter file changes settings: %+v", tool)
	}

	// Uncommented, every example is valid, and the rules it lists are
	// every rule with its default severity.
	setting := regexp.MustCompile(`(?m)^(\s*)# ("[^"]*",|[a-z-]+ = .*|\[bindings\..*\]|\[rules\..*\])$`)
	uncommented := setting.ReplaceAllString(config.StarterTool, "$1$2")
	if err := os.WriteFile(path, []byte(uncommented), 0o644); err != nil {
		t.Fatal(err)
	}
	tool, err = config.LoadTool(path, ruleNames())
	if err != nil {
		t.Fatalf("the starter's examples do not load: %v\n%s", err, uncommented)
	}
	if !reflect.DeepEqual(tool.Rules, allRules) {
		t.Errorf("starter rules = %v\nwant every rule at its default: %v", tool.Rules, allRules)
	}
	if len(tool.Ignore) != 2 {
		t.Errorf("starter ignore examples = %q", tool.Ignore)
	}
	b, ok := tool.Bindings["CONFIG_KV"]
	if !ok || b.TTLRequired == nil || *b.TTLRequired || b.ListLimitOK != 100 {
		t.Errorf("starter binding example = %+v", b)
	}
	if got := tool.IntSetting("cronwrites", "daily-writes"); got != 1000 {
		t.Errorf("starter cronwrites daily-writes = %d, want 1000", got)
	}
}

func TestRuleTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kvlint.toml")
	load := func(src string) (*config.Tool, error) {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return config.LoadTool(path, ruleNames())
	}
	tool, err := load("[rules]\nhotkey = \"off\"\n\n[rules.cronwrites]\nseverity = \"error\"\ndaily-writes = 100000\n")
	if err != nil {
		t.Fatal(err)
	}
	if tool.Rules["cronwrites"] != config.SeverityError || tool.Rules["hotkey"] != config.SeverityOff {
		t.Errorf("severities = %v", tool.Rules)
	}
	if got := tool.IntSetting("cronwrites", "daily-writes"); got != 100000 {
		t.Errorf("daily-writes = %d, want 100000", got)
	}
	if got := (*config.Tool)(nil).IntSetting("cronwrites", "daily-writes"); got != 1000 {
		t.Errorf("nil tool daily-writes = %d, want the default", got)
	}
	for src, want := range map[string]string{
		"[rules.cronwrites]\ndaily-write = 5\n":      `kvlint.toml:2:1: unknown key "daily-write" in [rules.cronwrites]; did you mean "daily-writes"?`,
		"[rules.cronwrites]\ndaily-writes = 0\n":     "kvlint.toml:2:1: rules.cronwrites.daily-writes must be a number of KV writes a day",
		"[rules.cronwrites]\ndaily-writes = \"x\"\n": "kvlint.toml:2:1: rules.cronwrites.daily-writes must be",
		"[rules.hotkey]\nseverity = \"loud\"\n":      "kvlint.toml:2:1: bad severity \"loud\" for rule hotkey",
	} {
		_, err := load(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", src, err, want)
		}
	}
}

// [rules.NAME] tables: a severity and the rule's own settings.
func TestLoadToolRuleTables(t *testing.T) {
	dir := t.TempDir()
	write := func(src string) string {
		path := filepath.Join(dir, "kvlint.toml")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tool, err := config.LoadTool(write("[rules.missingttl]\nmode = \"each\"\nseverity = \"error\"\n"), ruleNames())
	if err != nil {
		t.Fatal(err)
	}
	if got := tool.Setting("missingttl", "mode"); got != "each" {
		t.Errorf("mode = %q, want each", got)
	}
	if tool.Rules["missingttl"] != config.SeverityError {
		t.Errorf("severity = %q, want error", tool.Rules["missingttl"])
	}
	var none *config.Tool
	if got := none.Setting("missingttl", "mode"); got != "grouped" {
		t.Errorf("default mode = %q, want grouped", got)
	}
	for _, tt := range []struct {
		src  string
		line int
		msg  string
	}{
		{"[rules.missingttl]\nmode = \"all\"\n", 2, `rules.missingttl.mode must be one of ["grouped" "each"], found "all"`},
		{"[rules.missingttl]\nmodes = \"each\"\n", 2, `unknown key "modes" in [rules.missingttl]; did you mean "mode"?`},
		{"[rules.shortttl]\nmode = \"each\"\n", 2, `unknown key "mode" in [rules.shortttl]; options: severity`},
		{"[rules.missingttl]\nseverity = \"warn\"\n", 2, `bad severity "warn" for rule missingttl`},
		{"[rules.nosuch]\nmode = \"each\"\n", 1, `unknown rule "nosuch"`},
	} {
		_, err := config.LoadTool(write(tt.src), ruleNames())
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Line != tt.line || !strings.Contains(ce.Msg, tt.msg) {
			t.Errorf("%q: got %v\nwant line %d with %q", tt.src, err, tt.line, tt.msg)
		}
	}
}

// "warn", ESLint's spelling, is accepted as "warning".
func TestWarnIsWarning(t *testing.T) {
	p := filepath.Join(t.TempDir(), config.ToolName)
	if err := os.WriteFile(p, []byte("[rules]\nmissingttl = \"warn\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tool, err := config.LoadTool(p, nil)
	if err != nil || tool.Rules["missingttl"] != config.SeverityWarning {
		t.Errorf("missingttl = \"warn\": %v, %v", tool, err)
	}
}
