package parser

import "unicode/utf8"

// esbuildOffset converts a position esbuild reports (1-based line, 0-based
// byte column) back to a byte offset of src. esbuild ends a line at "\n",
// "\r\n", a lone "\r", U+2028 and U+2029, where go/token, and so every
// finding kvlint reports, counts "\n" only. The offset is clamped to src.
func esbuildOffset(src string, line, col int) int {
	start := 0
	for l := 1; l < line && start < len(src); l++ {
		next := -1
		for i := start; i < len(src); {
			r, size := utf8.DecodeRuneInString(src[i:])
			switch r {
			case '\r':
				if i+1 < len(src) && src[i+1] == '\n' {
					size = 2
				}
				next = i + size
			case '\n', '\u2028', '\u2029':
				next = i + size
			}
			if next >= 0 {
				break
			}
			i += size
		}
		if next < 0 {
			start = len(src)
			break
		}
		start = next
	}
	return min(max(start+col, 0), len(src))
}
