package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fileText is a file's contents with the byte offset of each line start.
// Lines end at '\n', '\r\n' or a lone '\r', as positions do; a '\r' before
// '\n' belongs to the line break, not to the line.
type fileText struct {
	src    []byte
	starts []int
	// wideEnds are the end offsets of the characters that take more bytes
	// than UTF-16 code units, and wideSaved the running total of the
	// difference (built on first need: savedBefore).
	wideEnds  []int
	wideSaved []int
}

func newFileText(src []byte) *fileText {
	t := &fileText{src: src, starts: make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))}
	for i, c := range src {
		// A lone \r ends a line too, as for positions (parser.LineStarts).
		if c == '\n' || c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			t.starts = append(t.starts, i+1)
		}
	}
	return t
}

// line returns the text of 1-based line n without its line break, and
// whether the file has that line.
func (t *fileText) line(n int) ([]byte, bool) {
	start, end, ok := t.span(n)
	if !ok {
		return nil, false
	}
	return t.src[start:end], true
}

// span returns the byte range of the text of 1-based line n.
func (t *fileText) span(n int) (start, end int, ok bool) {
	if t == nil || n < 1 || n > len(t.starts) {
		return 0, 0, false
	}
	start = t.starts[n-1]
	end = len(t.src)
	if n < len(t.starts) {
		end = t.starts[n] - 1
	}
	if end > start && t.src[end-1] == '\r' {
		end--
	}
	if n == 1 && bytes.HasPrefix(t.src[start:end], utf8BOM) {
		start += len(utf8BOM) // not text: columns do not count it
	}
	return start, end, true
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\uFEFF")

// utf16Col converts a 1-based byte column on 1-based line n to a 1-based
// column in UTF-16 code units. Without the file or the line, the byte
// column is returned unchanged. A column past the end of the line keeps
// its distance from the end.
func (t *fileText) utf16Col(n, col int) int {
	if col < 1 {
		col = 1
	}
	start, end, ok := t.span(n)
	if !ok {
		return col
	}
	prefix := col - 1
	extra := 0
	if prefix > end-start {
		extra = prefix - (end - start)
		prefix = end - start
	}
	return prefix - (t.savedBefore(start+prefix) - t.savedBefore(start)) + extra + 1
}

// savedBefore is how many more bytes than UTF-16 code units the characters
// that end at or before byte offset p take. The file's wide characters are
// indexed once, so that columns on a long line cost a binary search, not a
// scan of the line for every finding.
func (t *fileText) savedBefore(p int) int {
	if t.wideEnds == nil {
		t.wideEnds = []int{}
		saved := 0
		for i := 0; i < len(t.src); {
			if t.src[i] < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRune(t.src[i:])
			units := 1
			if r >= 0x10000 {
				units = 2
			}
			i += size
			if size > units {
				saved += size - units
				t.wideEnds = append(t.wideEnds, i)
				t.wideSaved = append(t.wideSaved, saved)
			}
		}
	}
	k := sort.SearchInts(t.wideEnds, p+1) // wide characters ending at or before p
	if k == 0 {
		return 0
	}
	return t.wideSaved[k-1]
}

// sourceCache indexes the files of a Sources once per output.
type sourceCache struct {
	src   Sources
	files map[string]*fileText
}

func newSourceCache(src Sources) *sourceCache {
	return &sourceCache{src: src, files: map[string]*fileText{}}
}

// get returns the indexed contents of file, or nil when unavailable.
func (c *sourceCache) get(file string) *fileText {
	if c == nil || c.src == nil {
		return nil
	}
	if t, ok := c.files[file]; ok {
		return t
	}
	var t *fileText
	if b := c.src.Source(file); b != nil {
		t = newFileText(b)
	}
	c.files[file] = t
	return t
}

// Display layout of a source line for code frames.

const (
	tabWidth      = 4   // tab stops in code frames
	maxFrameWidth = 200 // lines wider than this (in cells) are cut
	frameWindow   = 160 // cells shown of a cut line
	frameContext  = 40  // cells shown before the column in a cut line
)

// glyph is one rune of a source line as displayed.
type glyph struct {
	off   int    // byte offset in the line
	size  int    // bytes
	cell  int    // display cell where the glyph starts
	width int    // display cells
	repl  string // replacement text; "" means the source bytes
}

type layout struct {
	line   []byte
	glyphs []glyph
	width  int // total cells
}

func layoutLine(line []byte) *layout {
	l := &layout{line: line, glyphs: make([]glyph, 0, len(line))}
	cell := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		g := glyph{off: i, size: size, cell: cell}
		switch {
		case r == '\t':
			g.width = tabWidth - cell%tabWidth
			g.repl = spaces(g.width)
		case r == utf8.RuneError && size == 1, unsafeRune(r):
			// Invalid bytes, control characters and bidirectional
			// overrides would garble the terminal or the frame.
			g.width, g.repl = 1, "\uFFFD"
		default:
			g.width = runeWidth(r)
		}
		l.glyphs = append(l.glyphs, g)
		cell += g.width
		i += size
	}
	l.width = cell
	return l
}

// cellAt is the display cell of byte offset off; offsets at or past the
// end of the line map to the cell just after it.
func (l *layout) cellAt(off int) int {
	if off <= 0 {
		return 0
	}
	if off >= len(l.line) {
		return l.width
	}
	i := sort.Search(len(l.glyphs), func(i int) bool { return l.glyphs[i].off > off }) - 1
	return l.glyphs[i].cell
}

// unsafeRune reports whether r must not be written to a terminal as is.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional controls
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}

// runeWidth approximates how many terminal cells r occupies: 0 for
// combining marks and invisible format characters, 2 for East Asian wide
// and fullwidth characters and emoji, 1 otherwise.
func runeWidth(r rune) int {
	if r < 0x300 {
		return 1
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || (r >= 0x1160 && r <= 0x11ff) {
		return 0
	}
	if inTable(r, wideTable) {
		return 2
	}
	return 1
}

type runeRange struct{ lo, hi rune }

func inTable(r rune, t []runeRange) bool {
	i := sort.Search(len(t), func(i int) bool { return t[i].hi >= r })
	return i < len(t) && t[i].lo <= r
}

// wideTable lists East Asian Wide (W) and Fullwidth (F) characters,
// including emoji with default emoji presentation. Sorted, not overlapping.
var wideTable = []runeRange{
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19},
	{0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4},
	{0x17000, 0x18aff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f},
	{0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff}, {0x1fa70, 0x1faff},
	{0x20000, 0x2fffd}, {0x30000, 0x3fffd},
}

func spaces(n int) string {
	const s = "                                "
	if n <= len(s) {
		return s[:n]
	}
	return string(bytes.Repeat([]byte{' '}, n))
}

// frameWindowBytes is how many bytes of a long line around a frame's
// column are laid out: enough for frameWindow cells whatever the runes.
const frameWindowBytes = 8 * frameWindow

// frameBytes returns the part of line a frame at byte offset col lays
// out: the whole line when it is short, else a window around col cut at
// rune boundaries, with its offset in the line and whether bytes were
// cut on either side.
func frameBytes(line []byte, col int) (window []byte, from int, cutLeft, cutRight bool) {
	if len(line) <= 2*frameWindowBytes {
		return line, 0, false, false
	}
	col = min(max(col, 0), len(line))
	from = max(col-frameWindowBytes/2, 0)
	for from > 0 && !utf8.RuneStart(line[from]) {
		from--
	}
	to := min(col+frameWindowBytes, len(line))
	for to < len(line) && !utf8.RuneStart(line[to]) {
		to++
	}
	return line[from:to], from, from > 0, to < len(line)
}

// cleanName makes a file name safe to print: control characters (an
// escape sequence, a newline that would split a file:line:col line),
// bidirectional overrides and invalid bytes are written as escapes (\x1b,
// \n, \u202e), as source lines in frames are replaced.
func cleanName(name string) string {
	clean := true
	for _, r := range name {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", name[i])
		case r == '\n':
			b.WriteString("\\n")
		case r == '\t':
			b.WriteString("\\t")
		case r == '\r':
			b.WriteString("\\r")
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case unsafeRune(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(name[i : i+size])
		}
		i += size
	}
	return b.String()
}
