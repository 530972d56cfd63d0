package schemacheck

import (
	"strings"
	"testing"
)

// The validator must reject what the schemas forbid, or a passing check
// means nothing.
func TestRejectsInvalid(t *testing.T) {
	bad := map[string]string{
		"sarif":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"kvlint"}},"results":[{"message":{"text":"m"},"suppressions":[{"kind":"inSource","status":null}]}]}]}`,
		"gitlab": `[{"description":"d","check_name":"c","fingerprint":"f","severity":"warning","location":{"path":"a.ts","lines":{"begin":1}}}]`,
	}
	for format, doc := range bad {
		if err := Validate(format, []byte(doc)); err == nil {
			t.Errorf("%s: invalid report accepted", format)
		}
	}
	good := map[string]string{
		"sarif":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"kvlint"}},"results":[{"message":{"text":"m"},"suppressions":[{"kind":"inSource","justification":"why"}]}]}]}`,
		"gitlab": `[{"description":"d","check_name":"c","fingerprint":"f","severity":"minor","location":{"path":"a.ts","lines":{"begin":1}}}]`,
	}
	for format, doc := range good {
		if err := Validate(format, []byte(doc)); err != nil {
			t.Errorf("%s: valid report rejected: %v", format, err)
		}
	}
	if err := Validate("sarif", []byte("{")); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("broken JSON: %v", err)
	}
}
