package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/rules"
)

// printConfig prints, as JSON, the settings that govern file: the
// kvlint.toml files merged (outermost first), each rule's severity after
// merging, the binding options, the ignore patterns and the wrangler
// config with its KV bindings, as ESLint's --print-config and ruff's
// --show-settings do.
func printConfig(file string, tools *config.Tools, stdout, stderr io.Writer) int {
	abs, err := filepath.Abs(file)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	t, err := tools.ForFile(abs)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	type ignore struct {
		File     string   `json:"file"`
		Patterns []string `json:"patterns"`
	}
	type binding struct {
		TTLRequired *bool `json:"ttl-required,omitempty"`
		ListLimitOK int   `json:"list-limit-ok,omitempty"`
	}
	type wrangler struct {
		File         string   `json:"file"`
		KVNamespaces []string `json:"kvNamespaces"`
	}
	out := struct {
		File     string                    `json:"file"`
		Configs  []string                  `json:"kvlint.toml"`
		Rules    map[string]string         `json:"rules"`
		Bindings map[string]binding        `json:"bindings"`
		Settings map[string]map[string]any `json:"settings"`
		Ignore   []ignore                  `json:"ignore"`
		Wrangler *wrangler                 `json:"wrangler"`
	}{File: abs, Configs: []string{}, Rules: map[string]string{}, Bindings: map[string]binding{}, Settings: map[string]map[string]any{}, Ignore: []ignore{}}

	for _, r := range rules.All {
		out.Rules[r.Analyzer.Name] = string(r.Default)
	}
	for _, r := range driver.SuppressionRules {
		out.Rules[r.Name] = "warning"
	}
	if t != nil {
		layers := t.Layers
		if layers == nil {
			layers = []*config.Tool{t}
		}
		for _, l := range layers {
			out.Configs = append(out.Configs, l.Path)
			if len(l.Ignore) > 0 {
				out.Ignore = append(out.Ignore, ignore{l.Path, l.Ignore})
			}
		}
		for name, sev := range t.Rules {
			out.Rules[name] = string(sev)
		}
		for name, o := range t.Bindings {
			out.Bindings[name] = binding{o.TTLRequired, o.ListLimitOK}
		}
		for rule, opts := range t.Settings {
			out.Settings[rule] = opts
		}
	}
	cache := &config.Cache{}
	w, err := cache.ForFile(abs)
	if err != nil {
		fmt.Fprintf(stderr, "kvlint: %v\n", err)
		return exitError
	}
	if w != nil {
		names := []string{}
		for n := range w.KVNames() {
			names = append(names, n)
		}
		sort.Strings(names)
		out.Wrangler = &wrangler{w.Path, names}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return exitError
	}
	return exitOK
}
