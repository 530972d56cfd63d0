package badkey_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/badkey"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/badkey", badkey.Analyzer)
}
