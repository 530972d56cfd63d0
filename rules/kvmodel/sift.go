package kvmodel

import (
	"bytes"
	"path"
	"path/filepath"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/parser"
	"github.com/kvlint/kvlint/rules/kvtypes"
)

// Source is a file of a run as Sift sees it, before any parsing.
type Source struct {
	Path     string           // as the parsed file's Path will be
	Src      []byte           // its text
	Wrangler *config.Wrangler // the config governing it, nil if none
}

// Sift decides, from the text of a run's files alone, which of them the
// model needs parsed and kept; of the others only binding-type annotations
// are read (parser.ScanOnly; the driver also checks them for syntax
// errors, with a parse whose tree is dropped at once). A file is needed
// when it may hold a KV operation, or when it is linked by relative
// imports, directly or not, to a file that may: the modules a KV file
// imports give it constants, helpers and effects; the modules that import
// it call it (so say what its parameters receive and which handler runs
// it).
//
// A file may hold a KV operation (is a seed) when its text has
//   - `KVNamespace` (a typed namespace, an Env type, a returned namespace);
//   - a name that can denote a KV namespace in the file's scope (see
//     Program.member): a KV binding of its wrangler config, a member
//     annotated KVNamespace, a member or type name the type layer types as
//     KV (`kv: Store`, `interface Store extends KVNamespace`, from the
//     files that mention KVNamespace and the declaration files, which is
//     what kvtypes.New's member index reads too), the receiver of a call
//     only KV answers;
//   - a call only KV answers (see kvOnlyUse);
//   - KV method text, when a wrangler config declaring KV governs it
//     (unknownbinding checks every env.X.get(...) there);
//   - a kvlint directive, which must be checked even if nothing is left to
//     suppress.
//
// A type reaching KV through modules that do not say KVNamespace (an
// options type importing a Store alias) links its users to the module
// that does, by their imports. Every test is a superset of what the
// model's own, AST-based, proofs need, so sifting changes no finding; it only saves parsing the rest
// (vendored libraries, generated code, UI modules) of a project. Running
// Sift costs a few passes over the text with bytes.Index.
//
// run spreads work as Program.Prepare's does. Declaration files are never
// needed (they are only ever scanned) but their annotations count.
func Sift(srcs []Source, run func(n int, f func(int))) []bool {
	need, _ := sift(srcs, run, nil)
	return need
}

// sift is Sift, reading each file through cache (nil: none); it also
// returns the files' links (see Links).
func sift(srcs []Source, run func(n int, f func(int)), cache *SiftCache) ([]bool, Links) {
	// The KV names each config declares, once per config.
	configNames := map[*config.Wrangler]map[string]bool{}
	for _, s := range srcs {
		if w := s.Wrangler; w != nil && configNames[w] == nil {
			configNames[w] = w.KVNames()
		}
	}
	scans := make([]siftScan, len(srcs))
	fresh := make([]bool, len(srcs)) // not from the cache
	run(len(srcs), func(i int) {
		s := srcs[i]
		scans[i], fresh[i] = cache.scan(s, len(configNames[s.Wrangler]) > 0)
	})

	// Names that can denote a KV namespace, in the scopes the model gives
	// them (see Program.member).
	names := map[*config.Wrangler]*nameSet{}
	add := func(scope *config.Wrangler, n string) {
		if names[scope] == nil {
			names[scope] = &nameSet{}
		}
		names[scope].add(n)
	}
	for w, kv := range configNames {
		for n := range kv {
			add(w, n)
		}
	}
	for i := range scans {
		for _, n := range scans[i].names {
			add(srcs[i].Wrangler, n)
		}
	}
	// The names the type layer types as KV: members and types declared
	// through aliases and interfaces (`kv: Store`, `interface Store extends
	// KVNamespace`), read from the same files kvtypes.New reads them from.
	var scanned []*parser.File
	scopeOf := map[string]*config.Wrangler{}
	for i := range scans {
		if f := scans[i].file; f != nil {
			scanned = append(scanned, f)
			scopeOf[f.Path] = srcs[i].Wrangler
		}
	}
	if len(scanned) > 0 {
		types := kvtypes.New(scanned, func(p string) *config.Wrangler { return scopeOf[p] })
		for _, w := range types.Scopes() {
			for _, n := range types.KVNames(w) {
				add(w, n)
			}
		}
	}
	// The KV bindings each config declares, to find the files that name
	// one (Links.Mentions).
	// Without a config, the bindings are the members typed KVNamespace
	// of the Env types declaration files declare.
	bindings := map[*config.Wrangler][][]byte{}
	for w, kv := range configNames {
		for n := range kv {
			bindings[w] = append(bindings[w], []byte(n))
		}
	}
	for i := range scans {
		if f := scans[i].file; f != nil && scans[i].decl && len(configNames[srcs[i].Wrangler]) == 0 {
			for _, a := range f.Annotations {
				if a.IsKV() {
					bindings[srcs[i].Wrangler] = append(bindings[srcs[i].Wrangler], []byte(a.Name))
				}
			}
		}
	}
	// Context variables a seed sets (`c.set("kv", c.env.X)`): a module
	// that reads one (`c.get("kv")`, `c.var.kv`) may hold a KV operation.
	for i := range scans {
		if scans[i].seed && !scans[i].decl {
			for _, n := range contextSetNames(srcs[i].Src) {
				add(srcs[i].Wrangler, n)
			}
		}
	}
	need := make([]bool, len(srcs))
	mentions := make([]bool, len(srcs))
	run(len(srcs), func(i int) {
		if scans[i].decl {
			return
		}
		scoped := names[nil]
		if w := srcs[i].Wrangler; w != nil {
			scoped = names[w]
		}
		need[i] = scans[i].seed || mentioned(srcs[i].Src, names[nil], scoped)
		mentions[i] = hasWord(srcs[i].Src, bindings[srcs[i].Wrangler])
	})

	// Everything linked to a seed by relative imports, either way.
	index := make(map[string]int, len(srcs))
	for i, s := range srcs {
		if !scans[i].decl {
			index[path.Clean(filepath.ToSlash(s.Path))] = i
		}
	}
	imports := make([][]int, len(srcs))
	last := cache.lastImports(srcs)
	// By directory: the files of one resolve a specifier alike, so each
	// directory resolves each of its specifiers once (memo: the index of
	// the first candidate path that is a file of the run, -1 if none). A
	// file may not import itself: when the first candidate is the file,
	// its specifier is resolved again, past it. (Packages' modules import
	// the same few modules: 17,700 specifiers in 26 MB of them.)
	dirs := map[string][]int{}
	var dirOrder []string
	for i, s := range srcs {
		d := path.Dir(filepath.ToSlash(s.Path))
		if dirs[d] == nil {
			dirOrder = append(dirOrder, d)
		}
		dirs[d] = append(dirs[d], i)
	}
	run(len(dirOrder), func(k int) {
		dir := dirOrder[k]
		// first is the first candidate path of spec that is a file of the
		// run other than skip, -1 if none.
		first := func(spec string, skip int) int {
			j := -1
			resolveImportIn(dir, spec, func(cand []byte) bool {
				k, ok := index[string(cand)]
				if ok && k != skip {
					j = k
				}
				return j >= 0
			})
			return j
		}
		memo := map[string]int{}
		for _, i := range dirs[dir] {
			if last != nil && !fresh[i] {
				imports[i] = last[i]
				continue
			}
			for _, spec := range scans[i].specs {
				j, ok := memo[spec]
				if !ok {
					j = first(spec, -1)
					memo[spec] = j
				}
				if j == i {
					j = first(spec, i)
				}
				if j >= 0 {
					imports[i] = append(imports[i], j)
				}
			}
		}
	})
	cache.setImports(srcs, imports)
	links := make([][]int, len(srcs))
	for i, js := range imports {
		for _, j := range js {
			links[i] = append(links[i], j)
			links[j] = append(links[j], i)
		}
	}
	// Auto-imports (Nuxt, Nitro): a module of an auto-import folder is
	// linked to the modules that call a function it exports by name.
	// Only within one Worker (one wrangler config): a library's utils
	// folder imports nothing by itself.
	auto := map[*config.Wrangler]map[string][]int{}
	for i := range scans {
		w := srcs[i].Wrangler
		if w == nil || len(scans[i].autoExports) == 0 {
			continue
		}
		if auto[w] == nil {
			auto[w] = map[string][]int{}
		}
		for _, n := range scans[i].autoExports {
			auto[w][n] = append(auto[w][n], i)
		}
	}
	if len(auto) > 0 {
		calls := make([][]int, len(srcs))
		run(len(srcs), func(i int) {
			if names := auto[srcs[i].Wrangler]; names != nil && !scans[i].decl {
				calls[i] = calledNames(srcs[i].Src, names, i)
			}
		})
		for i, js := range calls {
			for _, j := range js {
				links[i] = append(links[i], j)
				links[j] = append(links[j], i)
			}
		}
	}
	var queue []int
	for i, n := range need {
		if n {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, j := range links[i] {
			if !need[j] {
				need[j] = true
				queue = append(queue, j)
			}
		}
	}
	l := Links{Imports: imports, Evidence: make([]bool, len(srcs)), Mentions: mentions}
	for i := range scans {
		l.Evidence[i] = scans[i].evidence
	}
	return need, l
}

// siftScan is what Sift reads from one file's text.
type siftScan struct {
	decl  bool
	seed  bool
	names []string     // names that may denote a KV namespace
	specs []string     // relative import specifiers (and other such strings)
	file  *parser.File // the scan of a file with KVNamespace, or of a declaration file
	// evidence: a call only KV answers (kvOnlyText)
	evidence bool
	// autoExports: in an auto-import folder, the names it may export.
	autoExports []string
}

var (
	textKVType    = []byte("KVNamespace")
	textDirective = []byte("kvlint")
)

func scanSource(s Source, configHasKV bool) siftScan {
	src := s.Src
	sc := siftScan{decl: parser.IsDecl(s.Path)}
	if mentionsKV := bytes.Contains(src, textKVType); mentionsKV || sc.decl {
		sc.seed = mentionsKV
		sc.file = parser.ScanOnly(s.Path, src)
	}
	if sc.decl {
		return sc
	}
	if bytes.Contains(src, textDirective) {
		sc.seed = true
	}
	names, ok, methodText := kvOnlyText(src)
	if configHasKV && methodText {
		sc.seed = true
	}
	if ok {
		sc.seed, sc.evidence = true, true
		sc.names = append(sc.names, names...)
	}
	sc.specs = relativeSpecs(src)
	if inAutoImportDir(s.Path, s.Wrangler) {
		sc.autoExports = exportedNames(src)
	}
	return sc
}

// exportedNames reads, as text, the names after `export function`,
// `export async function`, `export const` and `export let`: a superset of
// the functions a module exports that way.
func exportedNames(src []byte) []string {
	var names []string
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte("export "))
		if i < 0 {
			return names
		}
		at := skipSpace(src, from+i+len("export "))
		from = at
		for _, kw := range []string{"async ", "function", "*", "const ", "let "} {
			if bytes.HasPrefix(src[at:], []byte(kw)) {
				at = skipSpace(src, at+len(kw))
			}
		}
		end := at
		for end < len(src) && parser.IsIdentByte(src[end]) {
			end++
		}
		if end > at && at > from {
			names = append(names, string(src[at:end]))
		}
	}
}

// calledNames returns the modules (other than self) whose names in auto
// src calls: an identifier followed by `(`, not after a dot.
func calledNames(src []byte, auto map[string][]int, self int) []int {
	var out []int
	seen := map[string]bool{}
	for k := bytes.IndexByte(src, '('); k >= 0; {
		j := k
		for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
			j--
		}
		end := j
		for j > 0 && parser.IsIdentByte(src[j-1]) {
			j--
		}
		if end > j && (j == 0 || src[j-1] != '.') {
			if n := string(src[j:end]); !seen[n] {
				seen[n] = true
				for _, m := range auto[n] {
					if m != self {
						out = append(out, m)
					}
				}
			}
		}
		next := bytes.IndexByte(src[k+1:], '(')
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return out
}

// kvOnlyText finds the text of calls kvOnlyUse may recognize:
// `.getWithMetadata`, `.get(…)` whose arguments have a "text", "json",
// "arrayBuffer" or "stream" string or a `type` or `cacheTtl` key, `.put(…)`
// whose arguments have an `expiration`, `expirationTtl` or `metadata` key.
// Arguments are read as text (see callArgs). It returns the
// receivers' names it can read (X in env.X.get, env["X"].get, X.get).
// Passing every dot, it also reports whether the text has KV method text
// (kvMethodText: .get, .put, .list or .delete anywhere).
func kvOnlyText(src []byte) (names []string, found, methodText bool) {
	for from := 0; ; {
		// The next ".get" or ".put": the next "." followed by either.
		i := bytes.IndexByte(src[from:], '.')
		if i < 0 {
			return names, found, methodText
		}
		dot := from + i
		from = dot + 1
		if !methodText {
			methodText = kvMethodText(src[dot+1:])
		}
		if dot+4 > len(src) || src[dot+1] != 'g' && src[dot+1] != 'p' ||
			string(src[dot+1:dot+4]) != "get" && string(src[dot+1:dot+4]) != "put" {
			continue
		}
		end := dot + 4
		for end < len(src) && parser.IsIdentByte(src[end]) {
			end++
		}
		from = end
		var hit bool
		switch method := string(src[dot+1 : end]); method {
		case GetWithMetadata:
			hit = true
		case Get, Put:
			strs, keys, ok := callArgs(src, end)
			if !ok {
				continue
			}
			if method == Get {
				hit = anyOf(strs, "text", "json", "arrayBuffer", "stream") || anyOf(keys, "type", "cacheTtl")
			} else {
				hit = anyOf(keys, "expiration", "expirationTtl", "metadata")
			}
		}
		if !hit {
			continue
		}
		found = true
		if n := receiverName(src, dot); n != "" {
			names = append(names, n)
		}
	}
}

// kvMethodText reports whether the text after a dot starts with a KV
// method's name: get, put, list or delete.
func kvMethodText(after []byte) bool {
	m := ""
	if len(after) > 0 {
		switch after[0] {
		case 'g':
			m = Get
		case 'p':
			m = Put
		case 'l':
			m = List
		case 'd':
			m = Delete
		default:
			return false
		}
	}
	return m != "" && len(after) >= len(m) && string(after[:len(m)]) == m
}

// callArgs reads the arguments of a call whose callee ends at at (type
// arguments allowed): the string literals passed after the first argument,
// and the keys of the object literals passed. ok is false if no argument
// list follows. The scan skips strings and comments; only a regular
// expression with an unbalanced bracket among the arguments could end it
// early. A call it cannot finish within a bound yields the key "*", which
// every test accepts.
func callArgs(src []byte, at int) (strs, keys []string, ok bool) {
	const bound = 64 << 10
	i := skipSpace(src, at)
	if i < len(src) && src[i] == '<' { // type arguments: get<User>(…)
		depth := 0
		for ; i < len(src) && i-at < bound; i++ {
			if src[i] == '<' {
				depth++
			} else if src[i] == '>' {
				if depth--; depth == 0 {
					i++
					break
				}
			}
		}
		i = skipSpace(src, i)
	}
	if i >= len(src) || src[i] != '(' {
		return nil, nil, false
	}
	start := i
	var stack []byte   // open brackets, the call's own first
	after := byte('(') // the last non-space byte outside strings
	for ; i < len(src) && i-start < bound; i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '(', '[', '{':
			stack = append(stack, c)
		case ')', ']', '}':
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return strs, keys, true
			}
		case '/':
			if i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*') {
				end := []byte("\n")
				if src[i+1] == '*' {
					end = []byte("*/")
				}
				j := bytes.Index(src[i+2:], end)
				if j < 0 {
					return strs, append(keys, "*"), true
				}
				i += 2 + j + len(end) - 1
				continue
			}
		case '"', '\'', '`':
			j := i + 1
			for ; j < len(src) && src[j] != c; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) {
				return strs, append(keys, "*"), true
			}
			lit := string(src[i+1 : j])
			switch {
			case len(stack) == 1 && after == ',':
				strs = append(strs, lit)
			case len(stack) == 2 && stack[1] == '{' && (after == '{' || after == ','):
				keys = append(keys, lit)
			}
			i = j
		default:
			if parser.IsIdentByte(c) {
				j := i
				for j < len(src) && parser.IsIdentByte(src[j]) {
					j++
				}
				if len(stack) == 2 && stack[1] == '{' && (after == '{' || after == ',') {
					keys = append(keys, string(src[i:j]))
				}
				i = j - 1
			}
		}
		after = src[i]
	}
	return strs, append(keys, "*"), true
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

// anyOf reports whether list holds one of the words, or "*".
func anyOf(list []string, words ...string) bool {
	for _, s := range list {
		if s == "*" {
			return true
		}
		for _, w := range words {
			if s == w {
				return true
			}
		}
	}
	return false
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }

// receiverName reads the name of what a method is called on, backwards from
// the dot: X in `env.X.get`, `X.get`, `X?.get`, `env["X"].get`.
func receiverName(src []byte, dot int) string {
	i := dot - 1
	if i >= 0 && src[i] == '?' {
		i--
	}
	for i >= 0 && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i--
	}
	if i >= 0 && src[i] == ']' {
		i--
		if i < 0 || !isQuote(src[i]) {
			return ""
		}
		q := src[i]
		j := bytes.LastIndexByte(src[:i], q)
		if j < 0 || j > 0 && src[j-1] != '[' {
			return ""
		}
		return string(src[j+1 : i])
	}
	end := i + 1
	for i >= 0 && parser.IsIdentByte(src[i]) {
		i--
	}
	return string(src[i+1 : end])
}

// relativeSpecs returns the quoted strings of src that start with "./" or
// "../" (or are "." or ".."): every relative import specifier, and perhaps
// some other strings, which only cost a needless link. Those that start
// with a dot come in their order in src, then "." and ".." once for each
// way of quoting them that src has ("." '.' ".." '..'). One pass, from dot
// to dot (bytes.IndexByte), finds both.
func relativeSpecs(src []byte) []string {
	var specs []string
	var quoted [4]bool // "." '.' ".." '..'
	skip := 0          // the end of the last spec found: its dots start no other
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], '.')
		if i < 0 {
			break
		}
		at := from + i
		from = at + 1
		if at > 0 && isQuote(src[at-1]) && src[at-1] != '`' {
			q := 0
			if src[at-1] == '\'' {
				q = 1
			}
			switch {
			case at+1 < len(src) && src[at+1] == src[at-1]:
				quoted[q] = true
			case at+2 < len(src) && src[at+1] == '.' && src[at+2] == src[at-1]:
				quoted[2+q] = true
			}
		}
		if at < skip || at+1 >= len(src) || src[at+1] != '/' {
			continue
		}
		start := at
		if start > 0 && src[start-1] == '.' {
			start--
		}
		if start == 0 || !isQuote(src[start-1]) {
			continue
		}
		q := src[start-1]
		end := start
		for end < len(src) && src[end] != q && src[end] != '\n' && end-start < 1024 {
			end++
		}
		if end < len(src) && src[end] == q {
			specs = append(specs, string(src[start:end]))
			skip = end + 1
		}
	}
	for k, s := range []string{".", ".", "..", ".."} {
		if quoted[k] {
			specs = append(specs, s)
		}
	}
	return specs
}

// nameSet holds names that may denote a KV namespace.
type nameSet struct {
	idents map[string]bool // names that are identifiers, found by word
	words  [][]byte        // the idents, for hasWord
	others [][]byte        // names that are not ("MY-KV" in env["MY-KV"])
	// Cheap filters for idents: the lengths (bit min(n, 63)) and first
	// bytes they have.
	lens  uint64
	first [256]bool
}

func (s *nameSet) add(n string) {
	if n == "" {
		return
	}
	for i := 0; i < len(n); i++ {
		if !parser.IsIdentByte(n[i]) {
			s.others = append(s.others, []byte(n))
			return
		}
	}
	if s.idents == nil {
		s.idents = map[string]bool{}
	}
	if !s.idents[n] {
		s.words = append(s.words, []byte(n))
	}
	s.idents[n] = true
	s.lens |= 1 << min(len(n), 63)
	s.first[n[0]] = true
}

// mentioned reports whether src has one of the names of a or b (either may
// be nil) as a whole word. A few names are looked for one by one
// (hasWord); more, in one pass over src's words.
func mentioned(src []byte, a, b *nameSet) bool {
	var sets []*nameSet
	var lens uint64
	var first [256]bool
	words := 0
	for _, s := range []*nameSet{a, b} {
		if s == nil {
			continue
		}
		for _, o := range s.others {
			if bytes.Contains(src, o) {
				return true
			}
		}
		if len(s.idents) > 0 {
			sets = append(sets, s)
			words += len(s.words)
			lens |= s.lens
			for c, ok := range s.first {
				first[c] = first[c] || ok
			}
		}
	}
	if len(sets) == 0 {
		return false
	}
	if words <= maxWordSearches {
		for _, s := range sets {
			if hasWord(src, s.words) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(src); {
		if !identByte[src[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(src) && identByte[src[j]] {
			j++
		}
		if first[src[i]] && lens&(1<<min(j-i, 63)) != 0 {
			for _, s := range sets {
				if s.idents[string(src[i:j])] {
					return true
				}
			}
		}
		i = j
	}
	return false
}

// maxWordSearches is how many names mentioned looks for one by one, at
// most: each search is about half a pass over src's words (7 names in
// 26 MB of npm packages: 24 ms, one pass 43 ms).
const maxWordSearches = 8

// hasWord reports whether src has one of words as a whole word (or, for
// a name that is not an identifier, "MY-KV", anywhere): bytes.Index per
// word, faster than mentioned's pass over every word for a few rare ones.
func hasWord(src []byte, words [][]byte) bool {
	for _, w := range words {
		for from := 0; ; {
			i := parser.IndexRare(src[from:], w)
			if i < 0 {
				break
			}
			at := from + i
			end := at + len(w)
			if (at == 0 || !identByte[src[at-1]] || !identByte[w[0]]) && (end == len(src) || !identByte[src[end]] || !identByte[w[len(w)-1]]) {
				return true
			}
			from = at + 1
		}
	}
	return false
}

// identByte is parser.IsIdentByte as a table.
var identByte = func() (t [256]bool) {
	for c := range t {
		t[c] = parser.IsIdentByte(byte(c))
	}
	return t
}()

// contextSetNames returns the names of the context variables a text sets with
// a constant name: NAME in `.set("NAME", ` (or with single quotes).
func contextSetNames(src []byte) []string {
	var out []string
	for rest := src; ; {
		i := bytes.Index(rest, []byte(".set("))
		if i < 0 {
			return out
		}
		rest = rest[i+len(".set("):]
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			continue
		}
		q := rest[0]
		end := bytes.IndexByte(rest[1:], q)
		if end <= 0 || end > 64 {
			continue
		}
		name := rest[1 : 1+end]
		if bytes.ContainsAny(name, " \n\\") {
			continue
		}
		out = append(out, string(name))
	}
}
