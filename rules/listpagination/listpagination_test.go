package listpagination_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/listpagination"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/listpagination", listpagination.Analyzer)
}
