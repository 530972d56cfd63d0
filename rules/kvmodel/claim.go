package kvmodel

import (
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/ast"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
	"github.com/kvlint/kvlint/parser"
)

// Claims: a create-if-absent. A read-through cache serves what it read
// when the key is present and puts what another source computes from the
// key; a claim refuses a present key (throws, answers with a client error
// status, returns something other than what it read), or puts what the
// request brought, so the put that follows a miss is meant to happen once
// per key.

// PresentPath returns the statements taken when the key is present, for a
// write decided by test (the test Decides returned) that runs only when
// the key is missing: the test is an if's, true exactly when the read
// found a value (`existing`, `x !== null`) or exactly when it did not
// (`!x`, `x === null`); the write lies on the other path; and the present
// path leaves the function: the other branch, an early exit before the
// write, or what follows `if (!x) { put; return }`.
func (v *ReadValue) PresentPath(test js_ast.Expr, write js_ast.Expr, writeParents []any) ([]js_ast.Stmt, bool) {
	pol := v.presence(test, 0)
	if pol == 0 || v.read.Fn == nil {
		return nil, false
	}
	// The test is an if around the write: the present branch is the other one.
	for i, p := range writeParents {
		st, ok := p.(*js_ast.Stmt)
		if !ok {
			continue
		}
		s, ok := st.Data.(*js_ast.SIf)
		if !ok || s.Test.Data != test.Data {
			continue
		}
		var child any = write.Data
		if i+1 < len(writeParents) {
			child = writeParents[i+1]
		}
		inYes := child == any(&s.Yes)
		if !inYes && child != any(&s.NoOrNil) {
			return nil, false
		}
		if inYes == (pol > 0) {
			return nil, false // written when present: an update
		}
		if pol > 0 {
			return leaving([]js_ast.Stmt{s.Yes})
		}
		if s.NoOrNil.Data != nil {
			return leaving([]js_ast.Stmt{s.NoOrNil})
		}
		// if (!x) { put; return } ...: what follows the if is the present path.
		if !exits(s.Yes) || i == 0 {
			return nil, false
		}
		if rest := stmtsFrom(writeParents[i-1], st); rest != nil {
			return leaving(rest[1:])
		}
		return nil, false
	}
	// An early exit before the write: if (x) throw ...
	var found *js_ast.SIf
	parser.Inspect(v.read.Fn.Body(), func(n any) bool {
		if found != nil {
			return false
		}
		if st, ok := n.(*js_ast.Stmt); ok {
			if s, ok := st.Data.(*js_ast.SIf); ok && s.Test.Data == test.Data {
				found = s
			}
		}
		return found == nil
	})
	switch {
	case found == nil:
		return nil, false
	case pol > 0:
		return leaving([]js_ast.Stmt{found.Yes})
	case found.NoOrNil.Data != nil:
		return leaving([]js_ast.Stmt{found.NoOrNil})
	}
	return nil, false
}

// leaving returns the statements when one of them always leaves the function.
func leaving(stmts []js_ast.Stmt) ([]js_ast.Stmt, bool) {
	for _, s := range stmts {
		if exits(s) {
			return stmts, true
		}
	}
	return nil, false
}

// presence is +1 when the test is true exactly when the read found a
// value, -1 when exactly when it did not, 0 when it cannot tell.
func (v *ReadValue) presence(e js_ast.Expr, depth int) int {
	if depth > 4 {
		return 0
	}
	switch x := e.Data.(type) {
	case *js_ast.EAwait:
		return v.presence(x.Value, depth+1)
	case *js_ast.ECall:
		if x == v.read.Call {
			return 1
		}
		if v.m.isGlobal(x.Target, "Boolean") && len(x.Args) == 1 {
			return v.presence(x.Args[0], depth+1)
		}
	case *js_ast.EIdentifier:
		if v.direct[v.m.File.Resolve(x.Ref)] {
			return 1
		}
	case *js_ast.EUnary:
		if x.Op == js_ast.UnOpNot {
			return -v.presence(x.Value, depth+1)
		}
	case *js_ast.EBinary:
		sign := 0
		switch x.Op {
		case js_ast.BinOpStrictNe, js_ast.BinOpLooseNe:
			sign = 1
		case js_ast.BinOpStrictEq, js_ast.BinOpLooseEq:
			sign = -1
		default:
			return 0
		}
		if v.m.nullish(x.Right) {
			return sign * v.presence(x.Left, depth+1)
		}
		if v.m.nullish(x.Left) {
			return sign * v.presence(x.Right, depth+1)
		}
	}
	return 0
}

func (m *Model) nullish(e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.ENull, *js_ast.EUndefined:
		return true
	case *js_ast.EIdentifier:
		return m.File.Name(x.Ref) == "undefined"
	}
	return false
}

// Refuses reports whether the present path (from PresentPath) refuses: it
// throws, answers with a 4xx status (a call argument or a status
// property), or returns something other than what was read; a bare return
// counts only when the function returns a value elsewhere (a void fill
// that stops on a hit refuses nothing). A return of what was read serves
// it, as a cache does.
func (v *ReadValue) Refuses(stmts []js_ast.Stmt) bool {
	m, tainted := v.m, v.tainted()
	mention := func(e js_ast.Expr) bool { return e.Data != nil && m.mentions(e, v.read.Call, tainted) }
	var throws, status, bare, valued, served, uses bool
	parser.Inspect(stmts, func(n any) bool {
		switch x := n.(type) {
		case *js_ast.Stmt:
			switch s := x.Data.(type) {
			case *js_ast.SFunction, *js_ast.SClass:
				return false
			case *js_ast.SThrow:
				throws = true
			case *js_ast.SReturn:
				switch {
				case s.ValueOrNil.Data == nil:
					bare = true
				case mention(s.ValueOrNil):
					served = true
				default:
					valued = true
				}
			}
		case *js_ast.Expr:
			switch e := x.Data.(type) {
			case *js_ast.EArrow, *js_ast.EFunction, *js_ast.EClass:
				return false
			case *js_ast.ECall:
				status = status || clientError(e.Args)
				uses = uses || e == v.read.Call
			case *js_ast.ENew:
				status = status || clientError(e.Args)
			case *js_ast.EObject:
				for i := range e.Properties {
					p := &e.Properties[i]
					if name, ok := PropName(p); ok && (name == "status" || name == "statusCode") && isClientError(p.ValueOrNil) {
						status = true
					}
				}
			case *js_ast.EIdentifier:
				if tainted[m.File.Resolve(e.Ref)] {
					uses = true
				}
			}
		}
		return true
	})
	switch {
	case status:
		return true
	case served:
		return false // the hit is returned: a cache
	case throws:
		return true
	case uses:
		return false
	case valued:
		return true
	case bare:
		return len(v.read.Fn.returns) > 0
	}
	return false
}

func clientError(args []js_ast.Expr) bool {
	for _, a := range args {
		if isClientError(a) {
			return true
		}
	}
	return false
}

func isClientError(e js_ast.Expr) bool {
	n, ok := e.Data.(*js_ast.ENumber)
	return ok && n.Value >= 400 && n.Value < 500 && n.Value == float64(int(n.Value))
}

// requestReaders are functions (h3, Nitro, Nuxt: auto-imported or
// imported) returning what a request carries.
var requestReaders = map[string]bool{"readBody": true, "readValidatedBody": true, "readRawBody": true,
	"readFormData": true, "readMultipartFormData": true}

// bodyMethods read a request's body.
var bodyMethods = map[string]bool{"json": true, "text": true, "formData": true, "arrayBuffer": true, "blob": true,
	"parseBody": true, "valid": true}

// FromRequest reports whether a written value comes from the body of the
// request (request.json(), c.req.json(), c.req.valid("json"),
// readValidatedBody(event, ...)), through the initializers of the
// variables it uses, a few steps deep: data the client chose, different
// for each request that writes the key.
func (m *Model) FromRequest(value js_ast.Expr) bool { return m.fromRequest(value, 0) }

func (m *Model) fromRequest(value js_ast.Expr, depth int) bool {
	return m.anyThroughInits(value, depth, requestVisit)
}

func requestVisit(m *Model, x js_ast.Expr, _ int) parser.Verdict {
	e, ok := x.Data.(*js_ast.ECall)
	if !ok {
		return parser.Descend
	}
	switch t := e.Target.Data.(type) {
	case *js_ast.EIdentifier:
		if requestReaders[m.File.Name(t.Ref)] {
			return parser.Found
		}
	case *js_ast.EDot:
		if bodyMethods[t.Name] && isRequest(m, t.Target) {
			return parser.Found
		}
	}
	return parser.Descend
}

// isRequest: a variable named request or req, or a req/request member
// (c.req, event.request).
func isRequest(m *Model, e js_ast.Expr) bool {
	switch x := e.Data.(type) {
	case *js_ast.EIdentifier:
		n := m.File.Name(x.Ref)
		return n == "request" || n == "req"
	case *js_ast.EDot:
		return x.Name == "request" || x.Name == "req"
	}
	return false
}

// KeyFromValue reports whether a key is computed from the whole of a
// value put (a content hash of the text stored): two requests writing the
// key write the same value. The value is a variable, or one passed to
// JSON.stringify or String; the key mentions it other than by a field
// (`link:${link.slug}` names a field).
func (m *Model) KeyFromValue(key, value js_ast.Expr) bool {
	if c, ok := value.Data.(*js_ast.ECall); ok && len(c.Args) == 1 {
		if d, ok := c.Target.Data.(*js_ast.EDot); ok && d.Name == "stringify" && m.isGlobal(d.Target, "JSON") || m.isGlobal(c.Target, "String") {
			value = c.Args[0]
		}
	}
	id, ok := value.Data.(*js_ast.EIdentifier)
	if !ok {
		return false
	}
	return m.mentionsWhole(key, map[ast.Ref]bool{m.File.Resolve(id.Ref): true}, 0)
}

func (m *Model) mentionsWhole(e js_ast.Expr, refs map[ast.Ref]bool, depth int) bool {
	if e.Data == nil || depth > 4 {
		return false
	}
	return parser.AnyExpr(e, func(x js_ast.Expr) parser.Verdict {
		switch d := x.Data.(type) {
		case *js_ast.EDot:
			if _, ok := d.Target.Data.(*js_ast.EIdentifier); ok {
				return parser.Skip // a field of it
			}
		case *js_ast.EIdentifier:
			ref := m.File.Resolve(d.Ref)
			if refs[ref] {
				return parser.Found
			}
			if init, ok := m.fm.initOf(ref); ok && m.mentionsWhole(init, refs, depth+1) {
				return parser.Found
			}
		}
		return parser.Descend
	})
}

// RandomKey reports whether a key is drawn at random where it is used
// (crypto.randomUUID(), Math.random(), nanoid(), a helper that returns
// one or is named so, through the initializers of its variables; not
// `body.slug || randomSlug()`, which is the client's when given): no two
// requests share it, so checking that it is free is a collision check,
// not a claim.
func (m *Model) RandomKey(key js_ast.Expr) bool { return m.randomKey(key, 0) }

func (m *Model) randomKey(e js_ast.Expr, depth int) bool {
	return m.anyThroughInits(e, depth, randomVisit)
}

func randomVisit(m *Model, x js_ast.Expr, depth int) parser.Verdict {
	switch d := x.Data.(type) {
	case *js_ast.ECall:
		var name string
		switch t := d.Target.Data.(type) {
		case *js_ast.EIdentifier:
			name = m.File.Name(t.Ref)
		case *js_ast.EDot:
			name = t.Name
		}
		if randomName(name) {
			return parser.Found
		}
		if cm, fn := m.Callee(d); fn != nil && cm != nil {
			for _, ret := range fn.returns {
				if cm.randomKey(ret, depth+1) {
					return parser.Found
				}
			}
		}
	case *js_ast.EBinary:
		// The client's slug or a random one: not always random.
		if d.Op == js_ast.BinOpLogicalOr || d.Op == js_ast.BinOpNullishCoalescing {
			if m.randomKey(d.Left, depth+1) && m.randomKey(d.Right, depth+1) {
				return parser.Found
			}
			return parser.Skip
		}
	case *js_ast.EIf:
		if m.randomKey(d.Yes, depth+1) && m.randomKey(d.No, depth+1) {
			return parser.Found
		}
		return parser.Skip
	}
	return parser.Descend
}

func randomName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"random", "uuid", "nanoid", "cuid", "ulid", "getrandomvalues"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "v4" || n == "v7"
}
