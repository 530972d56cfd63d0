package missingttl_test

import (
	"strings"
	"testing"

	"github.com/kvlint/kvlint/rules/missingttl"
	"github.com/kvlint/kvlint/rules/ruletest"
)

func Test(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/missingttl", missingttl.Analyzer)
}

// A namespace never written with a TTL is one finding, with the other puts
// as related locations.
func TestGroupRelated(t *testing.T) {
	res := ruletest.Run(t, "../../testdata/src/missingttl", missingttl.Analyzer)
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "no put to LINKS sets a TTL") {
			if len(f.Related) != 2 || f.Related[0].File != "durable/src/admin.ts" || f.Related[0].Line != 10 ||
				f.Related[1].File != "durable/src/index.ts" || f.Related[1].Line != 9 {
				t.Errorf("LINKS finding related = %+v, want the puts at admin.ts:10 and index.ts:9", f.Related)
			}
			return
		}
	}
	t.Error("no LINKS finding")
}

func TestEach(t *testing.T) {
	ruletest.Run(t, "../../testdata/src/missingttl-each", missingttl.Analyzer)
}

// Suppressing the one finding settles the namespace.
func TestSettled(t *testing.T) {
	res := ruletest.Run(t, "../../testdata/src/missingttl-settled", missingttl.Analyzer)
	if len(res.Suppressed) != 1 || len(res.Suppressed[0].Related) != 2 {
		t.Errorf("suppressed = %+v, want the one LINKS finding with its two related puts", res.Suppressed)
	}
}
