package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/kvlint/kvlint/report"
)

// A baseline records how many findings of each rule each file had when it
// was written. Findings up to those counts are hidden; more are shown.
// Counting, rather than remembering lines, keeps a baseline valid while
// code moves.
type baseline struct {
	Version int                       `json:"version"`
	Files   map[string]map[string]int `json:"files"`
}

const baselineVersion = 1

func writeBaseline(path string, findings []report.Finding) error {
	b := baseline{Version: baselineVersion, Files: map[string]map[string]int{}}
	for _, f := range findings {
		if f.Suppressed != nil {
			continue
		}
		if b.Files[f.File] == nil {
			b.Files[f.File] = map[string]int{}
		}
		b.Files[f.File][f.Rule]++
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not a kvlint baseline: %w", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (write a new one with --write-baseline)", path, b.Version, baselineVersion)
	}
	return &b, nil
}

// filter drops, per file and rule, as many findings as the baseline
// counts, in source order, and returns how many it dropped.
func (b *baseline) filter(findings []report.Finding) ([]report.Finding, int) {
	left := map[string]map[string]int{}
	for file, rules := range b.Files {
		left[file] = map[string]int{}
		for rule, n := range rules {
			left[file][rule] = n
		}
	}
	var kept []report.Finding
	dropped := 0
	for _, f := range findings {
		if f.Suppressed == nil && left[f.File][f.Rule] > 0 {
			left[f.File][f.Rule]--
			dropped++
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}
