package shortttl_test

import (
	"testing"

	"github.com/kvlint/kvlint/rules/ruletest"
	"github.com/kvlint/kvlint/rules/shortttl"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/shortttl", shortttl.Analyzer)
}

// The Nitro routes call an auto-imported helper from three files linted in
// parallel: a walk one file's chain marks to be walked again must not be
// read by another file's query before that chain is done (it lost the
// stored timestamp at edit.put.ts now and then). Each run must report the
// same.
func TestParallelFilesAgree(t *testing.T) {
	for range 60 {
		ruletest.Run(t, "../../testdata/src/shortttl/nitro", shortttl.Analyzer)
		if t.Failed() {
			return
		}
	}
}
