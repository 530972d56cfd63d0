package floatingwrite_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/floatingwrite"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/floatingwrite", floatingwrite.Analyzer)
}
