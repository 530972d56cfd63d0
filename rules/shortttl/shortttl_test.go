package shortttl_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/ruletest"
	"github.com/kvlint/kvlint/rules/shortttl"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/shortttl", shortttl.Analyzer)
}
