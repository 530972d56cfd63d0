package kvmodel

import (
	"fmt"
	"strings"

	"github.com/kvlint/kvlint/internal/esbuild/helpers"
	"github.com/kvlint/kvlint/internal/esbuild/js_ast"
)

// maxKeysPerOp bounds the distinct keys a function's summary keeps for one
// operation reached through its calls. A helper called from several
// places in each of a chain of helpers reaches the same operation along
// exponentially many paths, each with its own key; beyond the bound the
// operation is kept once more with an unknown key (nil), which the rules
// read as "some key".
const maxKeysPerOp = 4

// exprSig writes a structural signature of a summary key: equal
// signatures, the same expression. Strings compare by value; other leaves
// by node identity, which may tell equal keys apart (never the reverse).
func exprSig(b *strings.Builder, e js_ast.Expr, depth int) {
	if depth > 4*maxDepth {
		fmt.Fprintf(b, "!%p", e.Data)
		return
	}
	switch x := e.Data.(type) {
	case nil:
		b.WriteString("nil")
	case *js_ast.EString:
		fmt.Fprintf(b, "%q", helpers.UTF16ToString(x.Value))
	case *js_ast.ENumber:
		fmt.Fprintf(b, "%v", x.Value)
	case *js_ast.EBinary:
		fmt.Fprintf(b, "(%d ", x.Op)
		exprSig(b, x.Left, depth+1)
		b.WriteByte(' ')
		exprSig(b, x.Right, depth+1)
		b.WriteByte(')')
	case *js_ast.ETemplate:
		if x.TagOrNil.Data != nil {
			fmt.Fprintf(b, "?%p", e.Data)
			return
		}
		fmt.Fprintf(b, "`%q", helpers.UTF16ToString(x.HeadCooked))
		for _, p := range x.Parts {
			b.WriteString("${")
			exprSig(b, p.Value, depth+1)
			fmt.Fprintf(b, "}%q", helpers.UTF16ToString(p.TailCooked))
		}
		b.WriteByte('`')
	default:
		fmt.Fprintf(b, "?%p", e.Data)
	}
}

// dedupeEffects drops repeated effects (the same operation with the same
// key) and keeps at most maxKeysPerOp keys per operation.
func dedupeEffects(in []paramEffect) []paramEffect {
	type opKey struct {
		op     *Op
		method string
		ns     Namespace
	}
	seen := map[string]bool{}
	keys := map[opKey]int{}
	unknown := map[opKey]bool{}
	out := in[:0:0]
	var b strings.Builder
	for _, pe := range in {
		k := opKey{pe.op, pe.method, pe.ns}
		if pe.key.Data == nil {
			if unknown[k] {
				continue
			}
			unknown[k] = true
			out = append(out, pe)
			continue
		}
		b.Reset()
		fmt.Fprintf(&b, "%p|%s|%s|%s|", pe.op, pe.method, pe.ns.Binding, pe.ns.ID)
		exprSig(&b, pe.key, 0)
		s := b.String()
		if seen[s] {
			continue
		}
		if keys[k] >= maxKeysPerOp {
			if !unknown[k] {
				unknown[k] = true
				pe.key = js_ast.Expr{}
				out = append(out, pe)
			}
			continue
		}
		seen[s] = true
		keys[k]++
		out = append(out, pe)
	}
	return out
}
