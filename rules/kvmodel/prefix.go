package kvmodel

import (
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// KeyPrefix returns the constant text a key expression starts with, and
// whether that text is the whole key: "session:" for `session:${id}`,
// "session:" + id, or sessionKey(id) when the helper (in any module)
// returns such a template; "settings" (whole) for a constant. It returns
// "" when the key starts with something unknown.
func (m *Model) KeyPrefix(e js_ast.Expr) (prefix string, whole bool) {
	return m.keyPrefix(e, 0)
}

func (m *Model) keyPrefix(e js_ast.Expr, depth int) (string, bool) {
	if depth > maxDepth || e.Data == nil {
		return "", false
	}
	if v := m.Eval(e); v.Kind == String {
		return v.Str, true
	}
	switch x := e.Data.(type) {
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			return "", false
		}
		head := helpers.UTF16ToString(x.HeadCooked)
		if len(x.Parts) > 0 {
			p, whole := m.keyPrefix(x.Parts[0].Value, depth+1)
			head += p
			if whole {
				head += helpers.UTF16ToString(x.Parts[0].TailCooked)
			}
		}
		return head, false
	case *js_ast.EBinary:
		if x.Op != js_ast.BinOpAdd {
			return "", false
		}
		p, whole := m.keyPrefix(x.Left, depth+1)
		if whole {
			q, _ := m.keyPrefix(x.Right, depth+1)
			p += q
		}
		return p, false
	case *js_ast.EIdentifier:
		if r := m.Resolve(e); r.Data != e.Data {
			return m.keyPrefix(r, depth+1)
		}
	case *js_ast.EAwait:
		return m.keyPrefix(x.Value, depth+1)
	case *js_ast.ECall:
		// A key helper: what its single return value starts with.
		if cm, fn := m.Callee(x); fn != nil && len(fn.returns) == 1 {
			p, _ := cm.keyPrefix(fn.returns[0], depth+1)
			return p, false
		}
	}
	return "", false
}

// KeySegment returns the first segment of a key's constant text, up to
// and including the first separator (`:`, `/`, `|` or `#`): "session:" for
// `session:${id}:data`, and "lock:" for `${this.prefix}:lock:${id}` (whose
// start is a per-instance prefix). A constant key without a separator is
// its own segment. "" when the key has no constant text.
func (m *Model) KeySegment(e js_ast.Expr) string {
	p, _ := m.KeyPrefix(e)
	if p == "" {
		// The first constant piece after an unknown start.
		for _, t := range m.KeyText(e) {
			if t = strings.TrimLeft(t, ":/|#"); t != "" {
				p = t
				break
			}
		}
	}
	if i := strings.IndexAny(p, ":/|#"); i >= 0 {
		return p[:i+1]
	}
	return p
}

// KeyText returns the constant pieces of a key expression in order: the
// text of a constant key; the head and tails of a template; the constant
// operands of a + chain; through aliases and key helpers (in any module).
// `${this.prefix}:lock:${id}` gives [":lock:"]. Unknown parts are skipped.
func (m *Model) KeyText(e js_ast.Expr) []string {
	var out []string
	m.keyPieces(e, 0, &out)
	return out
}

func (m *Model) keyPieces(e js_ast.Expr, depth int, out *[]string) {
	if depth > maxDepth || e.Data == nil {
		return
	}
	if v := m.Eval(e); v.Kind == String {
		*out = append(*out, v.Str)
		return
	}
	switch x := e.Data.(type) {
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			return
		}
		if h := helpers.UTF16ToString(x.HeadCooked); h != "" {
			*out = append(*out, h)
		}
		for _, p := range x.Parts {
			m.keyPieces(p.Value, depth+1, out)
			if t := helpers.UTF16ToString(p.TailCooked); t != "" {
				*out = append(*out, t)
			}
		}
	case *js_ast.EBinary:
		if x.Op == js_ast.BinOpAdd {
			m.keyPieces(x.Left, depth+1, out)
			m.keyPieces(x.Right, depth+1, out)
		}
	case *js_ast.EIdentifier:
		if r := m.Resolve(e); r.Data != e.Data {
			m.keyPieces(r, depth+1, out)
		}
	case *js_ast.EAwait:
		m.keyPieces(x.Value, depth+1, out)
	case *js_ast.ECall:
		if cm, fn := m.Callee(x); fn != nil && len(fn.returns) == 1 {
			cm.keyPieces(fn.returns[0], depth+1, out)
		}
	}
}
