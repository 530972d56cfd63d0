package cronwrites_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/cronwrites"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/cronwrites/status", cronwrites.Analyzer)
	ruletest.Run(t, "../../testdata/src/cronwrites/loops", cronwrites.Analyzer)
	ruletest.Run(t, "../../testdata/src/cronwrites/under", cronwrites.Analyzer)
}

// A budget set above the estimate silences the rule; the related location
// is the cron line of the wrangler config.
func TestBudgetAndRelated(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/cronwrites/paid", cronwrites.Analyzer)
	res := ruletest.Run(t, "../../testdata/src/cronwrites/status", cronwrites.Analyzer)
	found := false
	for _, f := range res.Findings {
		for _, r := range f.Related {
			if r.Line == 6 && r.Col == 10 && r.EndCol == 21 && len(r.File) > 0 && r.File[len(r.File)-len("wrangler.toml"):] == "wrangler.toml" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no finding has the cron line (wrangler.toml:6:10-21) as related location: %+v", res.Findings)
	}
}
