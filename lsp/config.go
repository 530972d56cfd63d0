package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
)

// The rules and severities of a kvlint.toml, as the command line applies
// them.

// analyzers are the rules some of tools (the settings of a run's files;
// nil: none) leave on, at their default severities (severityIn gives each
// file's).
func (s *server) analyzers(tools []*config.Tool) []driver.Analyzer {
	var out []driver.Analyzer
	for _, r := range s.opt.Rules {
		on := len(tools) == 0
		for _, t := range tools {
			on = on || t == nil || t.Rules[r.Analyzer.Name] != config.SeverityOff
		}
		if on {
			out = append(out, driver.Analyzer{Analyzer: r.Analyzer, Severity: r.Default})
		}
	}
	return out
}

// knownRules names every rule, and the directive pseudo-rules with
// pseudo set (what kvlint.toml may name).
func (s *server) knownRules(pseudo bool) []string {
	var names []string
	for _, r := range s.opt.Rules {
		names = append(names, r.Analyzer.Name)
	}
	if pseudo {
		names = append(names, driver.UnusedSuppression, driver.InvalidSuppression)
	}
	return names
}

func suppressionSeverity(tool *config.Tool) map[string]report.Severity {
	out := map[string]report.Severity{}
	for _, r := range driver.SuppressionRules {
		sev := config.SeverityWarning
		if tool != nil {
			if s, ok := tool.Rules[r.Name]; ok {
				sev = s
			}
		}
		switch sev {
		case config.SeverityWarning:
			out[r.Name] = report.Warning
		case config.SeverityError:
			out[r.Name] = report.Error
		}
	}
	return out
}

// Protocol names go.lsp.dev/protocol does not define.
const sourceFixAll protocol.CodeActionKind = "source.fixAll.kvlint"

const methodWindowShowDocument = "window/showDocument"
