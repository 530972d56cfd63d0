package shortttl_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/shortttl"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/shortttl", shortttl.Analyzer)
}
