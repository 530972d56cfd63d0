package lsp

import (
	"go.lsp.dev/protocol"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
)

// The rules and severities of a kvlint.toml, as the command line applies
// them.

func (s *server) analyzers(tool *config.Tool) []driver.Analyzer {
	var out []driver.Analyzer
	for _, r := range s.opt.Rules {
		sev := r.Default
		if tool != nil {
			switch tool.Rules[r.Analyzer.Name] {
			case config.SeverityOff:
				continue
			case config.SeverityWarning:
				sev = report.Warning
			case config.SeverityError:
				sev = report.Error
			}
		}
		out = append(out, driver.Analyzer{Analyzer: r.Analyzer, Severity: sev})
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
