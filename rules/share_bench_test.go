package rules_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kvlint/kvlint/bench/synth"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// flowRules are the rules that follow values and execution order.
var flowRules = map[string]bool{"counterrace": true, "readafterwrite": true, "cachewarm": true, "floatingwrite": true, "hotkey": true}

// BenchmarkFlowRuleShare measures, on a synthetic corpus of Worker
// projects, how much of a full run the five flow rules cost: each
// iteration runs the pipeline with every rule but those five, then with
// all rules, and reports the flow rules' share of the full run's time
// (the target is under 50%).
//
//	go test -bench FlowRuleShare -run '^$' ./rules/
func BenchmarkFlowRuleShare(b *testing.B) {
	inputs, size := corpus(b, 40, 25)
	var core, all []driver.Analyzer
	for _, r := range rules.All {
		a := driver.Analyzer{Analyzer: r.Analyzer, Severity: report.Warning}
		all = append(all, a)
		if !flowRules[r.Analyzer.Name] {
			core = append(core, a)
		}
	}
	var tCore, tAll time.Duration
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		driver.Run(inputs, driver.Options{Analyzers: core})
		mid := time.Now()
		driver.Run(inputs, driver.Options{Analyzers: all})
		tCore += mid.Sub(start)
		tAll += time.Since(mid)
	}
	b.ReportMetric(float64(tCore.Milliseconds())/float64(b.N), "core-ms/op")
	b.ReportMetric(float64(tAll.Milliseconds())/float64(b.N), "all-ms/op")
	b.ReportMetric(100*float64(tAll-tCore)/float64(tAll), "flow-%")
}

// corpus writes synthetic projects to a temporary directory and returns
// them as driver inputs (contents read, as the command reads them).
func corpus(b *testing.B, projects, files int) ([]driver.Input, int64) {
	b.Helper()
	dir := b.TempDir()
	if _, _, err := synth.Write(dir, projects, files, 1); err != nil {
		b.Fatal(err)
	}
	var inputs []driver.Input
	var size int64
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || filepath.Ext(p) == ".toml" || filepath.Ext(p) == ".jsonc" || filepath.Ext(p) == ".json" {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		inputs = append(inputs, driver.Input{Path: p, Rel: rel, Src: src})
		size += int64(len(src))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return inputs, size
}
