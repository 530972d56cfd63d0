package counterrace_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/counterrace"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/counterrace", counterrace.Analyzer)
}
