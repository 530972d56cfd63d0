package listfanout_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/listfanout"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/listfanout", listfanout.Analyzer)
}
