package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An object with many keys is read in linear time (comparing each key with
// all before it took 4.5 s for 40k keys), and a repeated key still takes
// the last value, as in encoding/json.
func TestWranglerJSONManyKeysLinear(t *testing.T) {
	const n = 150000
	var b strings.Builder
	b.WriteString(`{"name": "big", "kv_namespaces": [], "vars": {`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%q: \"v\",\n", fmt.Sprintf("K%d", i))
	}
	b.WriteString(`"K0": "again"}, "kv_namespaces": [{"binding": "CACHE", "id": "1"}]}`)
	p := filepath.Join(t.TempDir(), "wrangler.json")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	w := load(t, p)
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("reading %d keys took %v", n, d)
	}
	if !w.KVNames()["CACHE"] {
		t.Errorf("the last kv_namespaces did not win: %v", w.KVNames())
	}
}
