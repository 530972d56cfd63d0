package parser

import "bytes"

// MaxFoldChars bounds the characters that esbuild's folding of string
// additions may allocate in one file; a file over it is not parsed (see
// FoldCost).
//
// esbuild folds string literals added together as it parses: in
// "a" + "b" + "c" it makes "ab", then "abc", a new string each time. A run
// of n literals of m characters so allocates about n²·m/2 characters (two
// bytes each: esbuild's strings are UTF-16): 3,000 terms of 80 characters,
// a 249 KB file, take 700 MB, and 100,000 terms end the process with a Go
// fatal error that nothing can recover. No hand-written source comes near.
const MaxFoldChars = 16 << 20

// foldMsg is the message for a file over MaxFoldChars.
const foldMsg = "too many string literals joined by + to analyze (esbuild folds them into ever longer strings, in memory quadratic in their number)"

// FoldCost estimates, from the text alone, the characters esbuild's
// folding of string additions would allocate parsing src: for every run
// of string literals (and templates without substitutions) joined by +,
// the sum of the lengths of the strings it builds. It also returns the
// offset of the costliest run. The scan is linear and never allocates.
func FoldCost(src []byte) (chars int64, at int) {
	var best, runCost, runLen int64
	runAt := -1
	endRun := func() {
		if runCost > best {
			best, at = runCost, runAt
		}
		chars += runCost
		runCost, runLen, runAt = 0, 0, -1
	}
	i := 0
	// afterPlus: the last token was a binary + that follows a literal of
	// the current run.
	afterPlus := false
	for i < len(src) {
		c := src[i]
		switch {
		case isTrivia(src, i):
			i = skipTrivia(src, i)
			continue
		case c == '"' || c == '\'' || c == '`':
			start := i
			n, end, plain := literal(src, i)
			i = end
			if !plain {
				endRun()
				afterPlus = false
				continue
			}
			if !afterPlus || runAt < 0 {
				endRun()
				runAt = start
			}
			if runLen > 0 || afterPlus {
				// Folding makes a new string of the run so far and this one.
				runCost += runLen + n
			}
			runLen += n
			afterPlus = false
			continue
		case c == '+' && runAt >= 0 && !afterPlus:
			if i+1 < len(src) && (src[i+1] == '+' || src[i+1] == '=') {
				endRun()
				i += 2
				continue
			}
			afterPlus = true
			i++
			continue
		}
		// Any other token ends the run.
		if runAt >= 0 {
			endRun()
		}
		afterPlus = false
		i++
	}
	endRun()
	return chars, at
}

// FoldBound is a cheap upper bound of FoldCost's chars: each string
// FoldCost counts is built by a + whose next token is a string literal
// (after white space, or a comment: '/'), and is no longer than src. One
// pass of bytes.IndexByte over src, where FoldCost reads every byte; a
// file whose bound is at most MaxFoldChars needs no FoldCost.
func FoldBound(src []byte) int64 {
	var joins int64
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], '+')
		if i < 0 {
			return joins * int64(len(src))
		}
		j := from + i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
			j++
		}
		if j < len(src) {
			switch src[j] {
			case '"', '\'', '`', '/':
				joins++
			}
		}
		from = j
	}
}

// literal scans the string or template literal starting at src[i]: its
// length in bytes of content, the offset after it, and whether it is a
// plain string (a template with a substitution is not).
func literal(src []byte, i int) (n int64, end int, plain bool) {
	q := src[i]
	i++
	plain = true
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\':
			i += 2
			n++
			continue
		case c == q:
			return n, i + 1, plain
		case q == '`' && c == '$' && i+1 < len(src) && src[i+1] == '{':
			plain = false
		case q != '`' && c == '\n':
			return n, i, false // unterminated: not a literal
		}
		i++
		n++
	}
	return n, i, false
}

// MaxTokens bounds the tokens of a file kvlint analyzes. The tree, the KV
// model and the findings of a file take a few hundred bytes per token: a
// 3 MB file of KV calls, 1.4 million tokens with 240,000 findings, took
// 900 MB; 10 MB took 1.2 GB and 30 s. Hand-written
// sources stay far below (minified bundles are skipped before this).
const MaxTokens = 500000

// CountTokens estimates the tokens of src: identifiers, numbers,
// punctuation, and each string, template or comment as one, so that a
// long string or comment counts for little. It stops counting at limit.
func CountTokens(src []byte, limit int) int {
	n := 0
	for i := 0; i < len(src) && n <= limit; {
		c := src[i]
		switch {
		case isTrivia(src, i):
			i = skipTrivia(src, i)
			continue
		case c == '"' || c == '\'' || c == '`':
			_, i, _ = literal(src, i)
		case IsIdentByte(c) || c >= 0x80:
			for i < len(src) && (IsIdentByte(src[i]) || src[i] >= 0x80) {
				i++
			}
		default:
			i++
		}
		n++
	}
	return n
}

// isTrivia reports white space or the start of a comment at src[i].
func isTrivia(src []byte, i int) bool {
	c := src[i]
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*')
}

// skipTrivia returns the offset after the run of white space or the
// comment at src[i] (an unclosed block comment runs to the end). Its
// callers skip all trivia: a run of white space is skipped at once, and
// comments with bytes.IndexByte and bytes.Index (a byte at a time, the
// token count of a documented 900 KB module was most of its read's time).
func skipTrivia(src []byte, i int) int {
	switch {
	case src[i] != '/':
		for i++; i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r'); i++ {
		}
		return i
	case src[i+1] == '/':
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(src)
	}
	i += 2
	if j := bytes.Index(src[i:], []byte("*/")); j >= 0 {
		return i + j + 2
	}
	if i+1 < len(src) { // unclosed: past the end, as the byte-wise scan ended
		i = len(src) - 1
	}
	return i + 2
}
