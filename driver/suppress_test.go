package driver_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/missingttl"
	"github.com/kvlint/kvlint/rules/ruletest"
	"github.com/kvlint/kvlint/rules/shortttl"
)

// Directives suppress findings of the rules they name, on the lines they
// cover; directives without a reason, naming unknown rules, misplaced or
// suppressing nothing are reported. Suppressed findings are kept, marked
// with the directive's reason (SARIF shows them as suppressed).
func TestSuppressions(t *testing.T) {
	res := ruletest.Run(t, "../testdata/src/suppression", missingttl.Analyzer, shortttl.Analyzer)
	suppressed := 0
	for _, f := range res.Suppressed {
		suppressed++
		if f.Suppressed.Justification == "" && f.Line != 15 {
			t.Errorf("%s:%d: suppressed without its reason", f.File, f.Line)
		}
	}
	// a, b, c, d (missingttl), f (shortttl, file-wide), g (no reason, still suppresses)
	if suppressed != 6 {
		t.Errorf("%d suppressed findings, want 6", suppressed)
	}
}
