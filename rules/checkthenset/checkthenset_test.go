package checkthenset_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/checkthenset"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/checkthenset", checkthenset.Analyzer)
}
