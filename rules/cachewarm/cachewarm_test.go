package cachewarm_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/cachewarm"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/cachewarm", cachewarm.Analyzer)
}
