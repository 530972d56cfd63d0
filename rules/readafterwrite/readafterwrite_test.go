package readafterwrite_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/readafterwrite"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/readafterwrite", readafterwrite.Analyzer)
}
