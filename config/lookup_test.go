package config_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kvlint/kvlint/config"
)

// Tools merges the kvlint.toml files from a file's directory up to the
// repository's top, nearer first, stopping at root = true; rule options
// merge key by key.
func TestToolsCascade(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"kvlint.toml":             "[rules]\nmissingttl = \"error\"\nhotkey = \"off\"\n",
		"repo/.git/HEAD":          "ref: refs/heads/main\n",
		"repo/kvlint.toml":        "[rules]\nshortttl = \"warn\"\n[rules.cronwrites]\ndaily-writes = 5000\n[bindings.CACHE]\nttl-required = false\n",
		"repo/a/kvlint.toml":      "[rules]\nmissingttl = \"off\"\n[rules.cronwrites]\nseverity = \"error\"\n",
		"repo/a/b/c.ts":           "",
		"repo/r/kvlint.toml":      "root = true\n[rules]\nbadkey = \"warning\"\n",
		"repo/r/d.ts":             "",
		"repo/none/e.ts":          "",
		"repo/a/kvlint.toml.orig": "",
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ts := &config.Tools{}
	c, err := ts.ForFile(filepath.Join(dir, "repo/a/b/c.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Layers) != 2 || c.Rules["missingttl"] != "off" || c.Rules["shortttl"] != "warning" || c.Rules["hotkey"] != "" {
		t.Errorf("repo/a/b/c.ts: layers %d, rules %v (the kvlint.toml above the repository must not apply)", len(c.Layers), c.Rules)
	}
	if c.IntSetting("cronwrites", "daily-writes") != 5000 || c.Rules["cronwrites"] != "error" {
		t.Errorf("rule options not merged key by key: %v %v", c.Settings, c.Rules)
	}
	if c.TTLRequired("CACHE") {
		t.Error("bindings of the outer file lost")
	}
	d, _ := ts.ForFile(filepath.Join(dir, "repo/r/d.ts"))
	if len(d.Layers) != 1 || d.Rules["shortttl"] != "" || d.Rules["badkey"] != "warning" {
		t.Errorf("root = true: %v", d.Rules)
	}
	e, _ := ts.ForFile(filepath.Join(dir, "repo/none/e.ts"))
	if e == nil || e.Path != filepath.Join(dir, "repo/kvlint.toml") {
		t.Errorf("a directory without kvlint.toml gets its parent's: %+v", e)
	}
	if again, _ := ts.ForFile(filepath.Join(dir, "repo/a/b/c.ts")); again != c {
		t.Error("settings not cached per directory")
	}
	if err := os.WriteFile(filepath.Join(dir, "repo/r/kvlint.toml"), []byte("[rules]\nnosuch = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (&config.Tools{Known: []string{"badkey"}}).ForFile(filepath.Join(dir, "repo/r/d.ts")); err == nil {
		t.Error("a broken kvlint.toml is not an error")
	}
}
