// Package suggest finds the likely intended name for a typo ("did you
// mean ...?"), for config keys, rule names and binding names alike.
package suggest

import "strings"

// Closest returns the candidate nearest to s: one equal to it ignoring
// case, '_' and '-', or else the first with the smallest case-insensitive
// edit distance, if that distance is at most maxDist. "" when none is.
func Closest(s string, candidates []string, maxDist int) string {
	norm := func(x string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(x))
	}
	best, bestD := "", maxDist+1
	for _, c := range candidates {
		if norm(c) == norm(s) {
			return c
		}
		if d := Distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
