package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kvlint/kvlint/config"
)

// A config nested thousands of levels deep is an error, found quickly
// (it used to take seconds and gigabytes at 10,000 levels, and the run was
// killed at 100,000): arrays, inline tables, objects, dotted keys.
func TestDeepConfig(t *testing.T) {
	const n = 200000
	cases := []struct {
		name, file, src string
		line            int
	}{
		{"TOML arrays", "wrangler.toml", "name = \"x\"\na = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n", 2},
		{"TOML inline tables", "wrangler.toml", "a = " + strings.Repeat("{b=", n) + "1" + strings.Repeat("}", n) + "\n", 1},
		{"JSON arrays", "wrangler.json", "{\n\"a\": " + strings.Repeat("[", n) + strings.Repeat("]", n) + "}\n", 2},
		{"JSONC objects", "wrangler.jsonc", "// [[[[ {{{{\n{\"a\": " + strings.Repeat("{\"b\":", n) + "1" + strings.Repeat("}", n) + "}\n", 2},
		{"TOML dotted keys", "wrangler.toml", strings.Repeat("a.", 10000) + "b = 1\n", 1},
		{"TOML table header", "wrangler.toml", "name = \"x\"\n[[" + strings.Repeat("a.", 10000) + "b]]\n", 2},
		{"kvlint.toml", config.ToolName, "[rules]\nx = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.file)
			if err := os.WriteFile(p, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var err error
			if c.file == config.ToolName {
				_, err = config.LoadTool(p, nil)
			} else {
				_, err = config.LoadWrangler(p)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var ce *config.Error
			if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, "nested more than 64 levels deep") || ce.Line != c.line {
				t.Errorf("got %v, want a nesting error on line %d", err, c.line)
			}
		})
	}
	// Brackets in strings and comments do not count.
	p := filepath.Join(t.TempDir(), "wrangler.toml")
	src := "# " + strings.Repeat("[", 100) + "\nname = \"" + strings.Repeat("{", 100) + "\"\nmain = '''" + strings.Repeat("[", 100) + "'''\n[[kv_namespaces]]\nbinding = \"A\"\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if w, err := config.LoadWrangler(p); err != nil || len(w.Top.KV) != 1 {
		t.Errorf("%v", err)
	}
}
