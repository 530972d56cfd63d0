package config_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/kvlint/kvlint/config"
)

// fuzzRules are the rule names kvlint.toml may set in FuzzTool.
var fuzzRules = []string{
	"badkey", "cachewarm", "counterrace", "expirationunit", "floatingwrite", "hotkey",
	"listpagination", "missingttl", "readafterwrite", "shortttl", "unknownbinding",
	"unusedsuppression", "invalidsuppression",
}

// maxFuzzConfig bounds the configs the fuzz targets parse.
const maxFuzzConfig = 4096

func FuzzTool(f *testing.F) {
	for _, s := range seedFiles(f, func(name string) bool { return name == config.ToolName }) {
		f.Add(s.data)
	}
	f.Add([]byte(config.StarterTool))
	f.Add([]byte("ignore = [\"a/**\", \"!b\"]\n[rules]\nmissingttl = \"off\"\n[bindings.A]\nttl-required = false\nlist-limit-ok = 1000\n"))
	f.Add([]byte("[bindings]\nA = 1\n"))
	f.Add([]byte("rules.missingttl = 'error'\nbindings.A.list-limit-ok = 9223372036854775807\n"))

	dir := f.TempDir()
	path := filepath.Join(dir, config.ToolName)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzConfig {
			return // the scale tests cover big configs
		}
		tool, err := config.ParseTool(path, data, fuzzRules)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			checkError(t, err, path, lines)
			return
		}
		if tool == nil {
			t.Fatal("nil tool and nil error")
		}
		for rule, sev := range tool.Rules {
			switch sev {
			case config.SeverityOff, config.SeverityWarning, config.SeverityError:
			default:
				t.Errorf("rule %s has severity %q", rule, sev)
			}
		}
		for name, o := range tool.Bindings {
			if o.ListLimitOK < 0 || o.ListLimitOK > 1000 {
				t.Errorf("binding %s: list-limit-ok %d accepted", name, o.ListLimitOK)
			}
			tool.TTLRequired(name)
		}
		for _, p := range tool.Ignore {
			if p == "" {
				t.Error("empty ignore pattern accepted")
			}
		}
	})
}
