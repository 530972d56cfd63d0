package parser

// LineStarts returns the offset of each line of src. A line ends at "\n",
// "\r\n" or a lone "\r" (classic Mac OS files, and what esbuild, editors and
// the language server protocol also take for a line break); with "\n" alone,
// a file of lone "\r" endings was one line, every position on line 1.
func LineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				continue // the \n ends the line
			}
			starts = append(starts, i+1)
		}
	}
	if starts[len(starts)-1] == len(src) && len(starts) > 1 {
		// go/token wants line starts inside the file; a break at the very
		// end starts no line of its own.
		starts = starts[:len(starts)-1]
	}
	return starts
}
