package missingttl_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/missingttl"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/missingttl", missingttl.Analyzer)
}
