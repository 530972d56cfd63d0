package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kvlint/kvlint/internal/safefile"
	"github.com/kvlint/kvlint/report"
)

// A baseline records the findings a codebase had when it was written, so
// that a run shows only new ones. Each finding is recorded by its
// fingerprints: the rule and a hash of its source line with whitespace
// normalised (report.Fingerprints, as in SARIF's partialFingerprints), and
// the same with the lines around it (report.ContextFingerprints), both of
// which survive lines moving. Per file and rule, a finding matches a
// recorded one with the same line and neighbours first, then one with the
// same line; the findings left unmatched (their line was edited) are then
// matched by count, each recorded finding hiding the unmatched one nearest
// its recorded line. So a new finding is never hidden in place of an old
// one whose line is still there.
//
// Paths are relative to the baseline file's directory, so a baseline
// works from any working directory.
type baseline struct {
	Version int `json:"version"`
	// Files maps a path (relative to the baseline's directory) to its
	// recorded findings, by rule.
	Files map[string]map[string][]baselineEntry `json:"files"`

	dir string // the baseline's directory, absolute
	// v1 are the counts of a version-1 baseline (paths relative to the
	// working directory).
	v1 map[string]map[string]int
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"` // of the line
	Context     string `json:"context"`     // of the line and its neighbours
	Line        int    `json:"line"`
}

const baselineVersion = 2

func writeBaseline(path, root string, findings []report.Finding, src report.Sources) error {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	var kept []report.Finding
	for _, f := range findings {
		if f.Suppressed == nil {
			kept = append(kept, f)
		}
	}
	prints := report.Fingerprints(kept, src)
	contexts := report.ContextFingerprints(kept, src)
	b := baseline{Version: baselineVersion, Files: map[string]map[string][]baselineEntry{}}
	for i, f := range kept {
		file := baselinePath(dir, root, f.File)
		if b.Files[file] == nil {
			b.Files[file] = map[string][]baselineEntry{}
		}
		b.Files[file][f.Rule] = append(b.Files[file][f.Rule], baselineEntry{Fingerprint: hashOf(prints[i]), Context: hashOf(contexts[i]), Line: f.Line})
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// baselinePath is a finding's file (relative to root) relative to the
// baseline's directory, slash-separated.
func baselinePath(dir, root, file string) string {
	abs := filepath.FromSlash(file)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(root, abs)
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// hashOf drops the occurrence count of a fingerprint: the baseline
// matches fingerprints as a multiset.
func hashOf(fp string) string {
	if i := strings.LastIndexByte(fp, ':'); i >= 0 {
		return fp[:i]
	}
	return fp
}

// maxBaselineSize bounds the baseline files read.
const maxBaselineSize = 256 << 20

func readBaseline(path string) (*baseline, error) {
	data, err := safefile.ReadFile(path, maxBaselineSize)
	if err != nil {
		return nil, err
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s: not a kvlint baseline: %w", path, err)
	}
	var b baseline
	switch head.Version {
	case 1:
		var v1 struct {
			Files map[string]map[string]int `json:"files"`
		}
		if err := json.Unmarshal(data, &v1); err != nil {
			return nil, fmt.Errorf("%s: not a kvlint baseline: %w", path, err)
		}
		b.v1 = v1.Files
	case baselineVersion:
		if err := json.Unmarshal(data, &b); err != nil {
			return nil, fmt.Errorf("%s: not a kvlint baseline: %w", path, err)
		}
	default:
		return nil, fmt.Errorf("%s: baseline version %d, want %d (write a new one with --write-baseline)", path, head.Version, baselineVersion)
	}
	if b.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return &b, nil
}

// filter drops the findings the baseline records and returns how many it
// dropped. root is the directory findings' paths are relative to.
func (b *baseline) filter(findings []report.Finding, root string, src report.Sources) ([]report.Finding, int) {
	if b.v1 != nil {
		return b.filterCounts(findings)
	}
	// Group the unsuppressed findings by file and rule, in order.
	type key struct{ file, rule string }
	var active []report.Finding
	var at []int
	for i, f := range findings {
		if f.Suppressed == nil {
			active = append(active, f)
			at = append(at, i)
		}
	}
	prints := report.Fingerprints(active, src)
	contexts := report.ContextFingerprints(active, src)
	groups := map[key][]int{} // indices into active
	var order []key
	for i, f := range active {
		k := key{baselinePath(b.dir, root, f.File), f.Rule}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	hidden := make([]bool, len(findings))
	dropped := 0
	for _, k := range order {
		idx := groups[k]
		recorded := b.Files[k.file][k.rule]
		if len(recorded) == 0 {
			continue
		}
		// By line and neighbours first, then by line.
		usedEntry := make([]bool, len(recorded))
		matched := make([]bool, len(idx))
		for pass, prints := range [][]string{contexts, prints} {
			byPrint := map[string][]int{} // entries not yet matched, by fingerprint
			for e, entry := range recorded {
				if !usedEntry[e] {
					fp := entry.Fingerprint
					if pass == 0 {
						fp = entry.Context
					}
					byPrint[fp] = append(byPrint[fp], e)
				}
			}
			for j, i := range idx {
				if matched[j] {
					continue
				}
				fp := hashOf(prints[i])
				if es := byPrint[fp]; len(es) > 0 {
					usedEntry[es[0]] = true
					byPrint[fp] = es[1:]
					matched[j] = true
				}
			}
		}
		// Then each leftover entry hides the nearest unmatched finding.
		for e, entry := range recorded {
			if usedEntry[e] {
				continue
			}
			best := -1
			for j, i := range idx {
				if matched[j] {
					continue
				}
				if best < 0 || abs(active[i].Line-entry.Line) < abs(active[idx[best]].Line-entry.Line) {
					best = j
				}
			}
			if best < 0 {
				break
			}
			matched[best] = true
		}
		for j, i := range idx {
			if matched[j] {
				hidden[at[i]] = true
				dropped++
			}
		}
	}
	kept := findings[:0:0]
	for i, f := range findings {
		if !hidden[i] {
			kept = append(kept, f)
		}
	}
	return kept, dropped
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// filterCounts applies a version-1 baseline: per file and rule, as many
// findings as it counts are hidden, in source order.
func (b *baseline) filterCounts(findings []report.Finding) ([]report.Finding, int) {
	left := map[string]map[string]int{}
	for file, rules := range b.v1 {
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
