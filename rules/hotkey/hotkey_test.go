package hotkey_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/hotkey"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/hotkey", hotkey.Analyzer)
}
