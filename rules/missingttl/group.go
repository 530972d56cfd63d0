package missingttl

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// Bugs as deviant behaviour: the project's own puts say what a namespace
// is for. A put without a TTL stands out, and is reported on its own, when
// other puts of its kind of key (its first key segment, `invite:`) set
// one, or, for a key of no known kind, other puts to its namespace do; or
// when the binding or key says it holds a cache, sessions, tokens,
// one-time codes, nonces, locks, rate limits or temporary values. Kinds of
// keys that never get a TTL in a namespace whose other keys do are kept on
// purpose, as is a put without a TTL in a function that sets one on
// another branch, and one that leaves the TTL out only where the code
// tested for an infinite lifetime (forever.go). A namespace that no put anywhere in the project gives a
// TTL is most often meant to last: one finding at its first put, the
// others as related locations, settles it with one suppression or one
// line of kvlint.toml.

// put is one put of the program.
type put struct {
	m       *kvmodel.Model
	op      *kvmodel.Op
	missing bool   // proven to set no TTL (reported in "each" mode)
	forever bool   // without one only where the code tested for an infinite lifetime
	ttl     int    // ttlNone, ttlMaybe or ttlSet
	seg     string // first segment of the key's constant prefix ("" unknown)
	test    bool   // in a test file
}

// verdict is how a put without TTL is reported.
type verdict struct {
	// peer is a put to the same namespace (or prefix) that sets a TTL.
	peer *put
	// word is what the binding or key says it holds.
	word string
	// group is the never-expiring group the put belongs to; head is the
	// put reported for it.
	group *group
}

type group struct {
	head    *put
	members []*put // in program order, head included
	ns      kvmodel.Namespace
}

type index struct {
	verdicts map[*kvmodel.Op]*verdict
}

// nsKey identifies a namespace across the program: a binding within the
// Worker (wrangler config) that declares it; a typed member name within
// that scope; any other identity (a parameter, a field) within its file.
type nsKey struct {
	scope *config.Wrangler
	file  string
	name  string
}

func keyOf(m *kvmodel.Model, op *kvmodel.Op) nsKey {
	switch {
	case op.NS.Binding != "":
		return nsKey{scope: m.Wrangler, name: op.NS.Binding}
	case strings.HasPrefix(op.NS.ID, "member:"):
		return nsKey{scope: m.Wrangler, name: op.NS.ID}
	case op.NS.ID != "":
		return nsKey{scope: m.Wrangler, file: m.File.Path, name: op.NS.ID}
	}
	// Unknown identity: a namespace of its own.
	return nsKey{file: m.File.Path, name: "op:" + strconv.Itoa(op.Start)}
}

type segKey struct {
	ns  nsKey
	seg string
}

// programIndex builds (once per program) the verdict of every put without
// a TTL: one pass over the program's puts, indexed by namespace and key
// prefix.
func programIndex(prog *kvmodel.Program) *index {
	return prog.Memo(indexKey{}, func() any { return buildIndex(prog) }).(*index)
}

type indexKey struct{}

func buildIndex(prog *kvmodel.Program) *index {
	files := make([]int, 0, len(prog.Files))
	for i, f := range prog.Files {
		if f.Parsed() {
			files = append(files, i)
		}
	}
	sort.Slice(files, func(a, b int) bool { return prog.Files[files[a]].Path < prog.Files[files[b]].Path })

	var puts []*put
	nsTTL := map[nsKey]*put{}
	segTTL := map[segKey]*put{}
	fnTTL := map[*kvmodel.Func][]*put{} // each function's puts with a TTL
	for _, i := range files {
		f := prog.Files[i]
		m := prog.Model(f)
		for _, op := range m.Ops {
			if op.Method != kvmodel.Put || !m.TTLRequired(op.NS) {
				continue
			}
			p := &put{m: m, op: op, missing: noTTL(m, op), seg: segment(m, op), test: isTest(f.Path)}
			if !p.missing {
				p.ttl = ttlOf(m, op)
			} else {
				p.forever = forever(m, op)
			}
			puts = append(puts, p)
			if p.ttl == ttlNone && !p.test && op.Fn != nil && m.TTLOf(op) == kvmodel.TTLFromCaller {
				// `if (options) put(k, v, options) else put(k, v)`: the
				// caller's options, which may hold a TTL, on one branch;
				// the function chooses per branch (its callers that leave
				// the options out are reported at the call).
				fnTTL[op.Fn] = append(fnTTL[op.Fn], p)
			}
			if p.ttl == ttlNone || p.test {
				continue // a test's put says nothing of what the code intends
			}
			if op.Fn != nil {
				fnTTL[op.Fn] = append(fnTTL[op.Fn], p)
			}
			// The first put that sets one, else the first that may.
			k := keyOf(m, op)
			if q := nsTTL[k]; q == nil || q.ttl < p.ttl {
				nsTTL[k] = p
			}
			if q := segTTL[segKey{k, p.seg}]; p.seg != "" && (q == nil || q.ttl < p.ttl) {
				segTTL[segKey{k, p.seg}] = p
			}
		}
	}

	idx := &index{verdicts: map[*kvmodel.Op]*verdict{}}
	groups := map[nsKey]*group{}
	for _, p := range puts {
		if !p.missing || p.test {
			continue // a test's fixtures are not reported in grouped mode
		}
		if p.forever {
			// `ttl === Infinity ? undefined : ttl`: the caller asked for an
			// entry that never expires, and the code saw to it.
			continue
		}
		v := &verdict{}
		k := keyOf(p.m, p.op)
		if v.word = holds(p.op.NS.Binding); v.word == "" {
			v.word = holds(strings.Join(p.m.KeyText(p.op.Key), " "))
		}
		switch {
		case v.word != "":
			idx.verdicts[p.op] = v
			continue
		case chosen(p, fnTTL[p.op.Fn]):
			// `if (ttl) put(k, v, { expirationTtl: ttl }) else put(k, v)`:
			// the function chooses for this kind of key; no TTL here is
			// deliberate.
			continue
		case p.seg != "" && segTTL[segKey{k, p.seg}] != nil:
			v.peer = segTTL[segKey{k, p.seg}]
			idx.verdicts[p.op] = v
			continue
		case p.seg == "" && nsTTL[k] != nil:
			v.peer = nsTTL[k]
			idx.verdicts[p.op] = v
			continue
		case nsTTL[k] != nil:
			// The namespace expires other kinds of keys, never these: the
			// project knows about TTLs and keeps these on purpose.
			continue
		}
		idx.verdicts[p.op] = v
		g := groups[k]
		if g == nil {
			g = &group{ns: p.op.NS}
			groups[k] = g
		}
		g.members = append(g.members, p)
		// The first put of the group is reported, also in a run where its
		// file is context (the rest of a project whose file is linted
		// alone): that file gets what the whole run gives it.
		if g.head == nil {
			g.head = p
		}
		v.group = g
	}
	return idx
}

// chosen reports whether the function of a put without a TTL puts the
// same key, or the same kind of key, with one (siblings): it chooses per
// branch.
func chosen(p *put, siblings []*put) bool {
	for _, q := range siblings {
		if p.seg != "" && q.seg == p.seg || p.m.SameKey(q.op.Key, p.op.Key) {
			return true
		}
	}
	return false
}

// segment is the kind of key a put writes: the first segment of its key
// (`invite:`). A constant key with no separator (`settings`) names one
// key, not a kind: it is compared with its whole namespace.
func segment(m *kvmodel.Model, op *kvmodel.Op) string {
	seg := m.KeySegment(op.Key)
	if p, whole := m.KeyPrefix(op.Key); whole && p == seg && !strings.ContainsAny(seg, ":/|#") {
		return ""
	}
	if strings.IndexFunc(seg, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "" // a separator alone names no kind
	}
	return seg
}

// isTest reports whether a path is a test file or lies in a folder of
// tests, test fixtures or local-development playgrounds.
func isTest(path string) bool {
	path = "/" + strings.ToLower(filepath.ToSlash(path))
	for _, dir := range []string{"/test/", "/tests/", "/__tests__/", "/__mocks__/", "/e2e/", "/fixtures/", "/fixture/", "/__fixtures__/", "/playground/", "/playgrounds/"} {
		if strings.Contains(path, dir) {
			return true
		}
	}
	base := path[strings.LastIndex(path, "/")+1:]
	return strings.Contains(base, ".test.") || strings.Contains(base, ".spec.")
}

// holdWords are the words of a binding or key that say it holds values
// meant to expire.
var holdWords = map[string]string{
	"cache": "cached data", "caches": "cached data", "cached": "cached data", "caching": "cached data",
	"session": "sessions", "sessions": "sessions", "sess": "sessions",
	"token": "tokens", "tokens": "tokens",
	"otp": "one-time codes", "otps": "one-time codes",
	"nonce": "nonces", "nonces": "nonces",
	"lock": "locks", "locks": "locks",
	"ratelimit": "rate limits", "ratelimits": "rate limits", "ratelimiter": "rate limits",
	"temp": "temporary values", "tmp": "temporary values", "temporary": "temporary values",
}

// holds returns what a name says it holds, if it is one of holdWords:
// `SESSION_KV`, `rateLimit:`, `otp:` and `cache/` do; `CONFIG`, `users:`
// do not.
func holds(name string) string {
	words := splitWords(name)
	for i, w := range words {
		if w == "rate" && i+1 < len(words) && strings.HasPrefix(words[i+1], "limit") {
			return "rate limits"
		}
		if s, ok := holdWords[w]; ok {
			return s
		}
	}
	return ""
}

// splitWords splits an identifier or key into lower-case words at
// non-letters and at lower-to-upper case changes.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r):
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r)
	}
	flush()
	return words
}

// grouped decides how a put without TTL is reported in grouped mode,
// filling in d; false: it is not reported (another put of its group is).
func grouped(m *kvmodel.Model, op *kvmodel.Op, v *verdict, d *analysis.Diagnostic) bool {
	ns := op.NS.String()
	switch {
	case v == nil:
		return false
	case v.word != "":
		d.Message = fmt.Sprintf("put to %s never expires, yet its name says it holds %s: %s", ns, v.word, passTTL)
	case v.peer != nil:
		line, _ := v.peer.m.File.LineCol(v.peer.op.Start)
		what := ns
		if v.peer.seg != "" && v.peer.seg == segment(m, op) {
			what = fmt.Sprintf("keys %q of %s", v.peer.seg, ns)
		}
		gives, sets := "gives", "sets"
		if v.peer.ttl == ttlMaybe {
			gives, sets = "may give", "may set"
		}
		d.Message = fmt.Sprintf("put to %s never expires, while the put at %s:%d %s %s a TTL: %s", ns, v.peer.m.File.Path, line, gives, what, passTTL)
		d.Related = append(d.Related, related(v.peer, "this put to "+ns+" "+sets+" a TTL"))
	case v.group != nil:
		g := v.group
		if g.head == nil || g.head.op != op {
			return false
		}
		if g.ns.Binding == "" && len(g.members) == 1 {
			// A namespace reached only here: no project-wide evidence.
			d.Message = fmt.Sprintf("put to %s never expires: add { expirationTtl: seconds } if it holds cached data, or suppress this finding if it is meant to last", ns)
			return true
		}
		count := "no put to " + ns + " sets a TTL"
		if n := len(g.members) - 1; n > 0 {
			count += fmt.Sprintf(" (this and %d more %s)", n, plural(n, "put", "puts"))
		}
		fix := "suppress this finding if it is meant to last"
		if g.ns.Binding != "" {
			fix = fmt.Sprintf("set `[bindings.%s] ttl-required = false` in kvlint.toml if it is meant to last", g.ns.Binding)
		}
		d.Message = fmt.Sprintf("put to %s never expires, and %s: add { expirationTtl: seconds } if it holds cached data, or %s", ns, count, fix)
		for _, p := range g.members {
			if p != g.head && len(d.Related) < maxRelated {
				d.Related = append(d.Related, related(p, "another put to "+ns+" without a TTL"))
			}
		}
	default:
		return false
	}
	return true
}

// maxRelated bounds the related locations of a group's finding (the
// message counts them all).
const maxRelated = 20

func related(p *put, msg string) analysis.RelatedInformation {
	pos, end := p.m.CallRange(p.op)
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
