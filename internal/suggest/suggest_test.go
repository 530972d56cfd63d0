package suggest

import "testing"

func TestClosest(t *testing.T) {
	cands := []string{"SESSIONS", "CACHE", "ttl-required"}
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"SESSION", 2, "SESSIONS"},
		{"cache", 2, "CACHE"},
		{"ttl_required", 2, "ttl-required"},
		{"TOTALLY_UNKNOWN", 2, ""},
		{"CASH", 1, ""},
		{"CASH", 2, "CACHE"},
	} {
		if got := Closest(c.in, cands, c.max); got != c.want {
			t.Errorf("Closest(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
}
