package unknownbinding_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/ruletest"
	"github.com/kvlint/kvlint/rules/unknownbinding"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/unknownbinding", unknownbinding.Analyzer)
}

func TestNoConfig(t *testing.T) {
	res := ruletest.Run(t, "../../testdata/src/unknownbinding-noconfig", unknownbinding.Analyzer)
	if len(res.Findings) != 0 {
		t.Errorf("without a wrangler config nothing is unknown, got %d findings", len(res.Findings))
	}
}
