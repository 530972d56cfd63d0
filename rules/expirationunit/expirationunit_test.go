package expirationunit_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/expirationunit"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/expirationunit", expirationunit.Analyzer)
}
