package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/tailscale/hujson"
)

// node is one value of a config file, TOML or JSON, with the position where
// it is declared: the position of its key for a member of a table, the start
// of the value for an array element.
type node struct {
	kind    nodeKind
	typ     string // the value's type in the file's own words, for messages
	str     string
	num     int64
	boolean bool
	elems   []*node
	members []member // in document order
	line    int
	col     int
}

type member struct {
	key string
	val *node
}

type nodeKind int

const (
	nodeOther nodeKind = iota
	nodeString
	nodeInt
	nodeBool
	nodeArray
	nodeTable
)

// get returns the member called key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != nodeTable {
		return nil
	}
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// format holds the words a file format uses, for messages.
type format struct {
	table string // "table" or "object"
	kvEx  string // how a KV binding is written
	// cronEx is how cron triggers are written.
	cronEx string
}

var (
	tomlFormat = format{table: "table", kvEx: `{ binding = "NAME", id = "..." }`, cronEx: `[triggers] crons = ["*/5 * * * *"]`}
	jsonFormat = format{table: "object", kvEx: `{ "binding": "NAME", "id": "..." }`, cronEx: `"triggers": { "crons": ["*/5 * * * *"] }`}
)

// parseJSON parses JSON with comments and trailing commas (JSONC, HuJSON).
func parseJSON(file string, src []byte) (*node, error) {
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		// A byte order mark: blank it out, keeping every offset.
		src = append([]byte("   "), src[3:]...)
	}
	if err := checkBrackets(file, src, false); err != nil {
		return nil, err
	}
	v, err := hujson.Parse(src)
	if err != nil {
		return nil, jsonError(file, err)
	}
	idx := newLineIndex(src)
	return jsonNode(&v, v.StartOffset, idx), nil
}

var hujsonErrRE = regexp.MustCompile(`(?s)^hujson: line (\d+), column (\d+): (.*)$`)

// jsonError turns hujson's "hujson: line L, column C: msg" into an *Error.
func jsonError(file string, err error) *Error {
	m := hujsonErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: file, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	return &Error{File: file, Line: line, Col: col, Msg: m[3]}
}

// jsonNode converts a parsed HuJSON value; at is the offset it is declared
// at (its key, for an object member).
func jsonNode(v *hujson.Value, at int, idx lineIndex) *node {
	n := &node{}
	n.line, n.col = idx.pos(at)
	switch t := v.Value.(type) {
	case *hujson.Object:
		n.kind, n.typ = nodeTable, "object"
		at := make(map[string]int, len(t.Members)) // key -> index in members
		for i := range t.Members {
			m := &t.Members[i]
			lit, _ := m.Name.Value.(hujson.Literal) // hujson.Parse makes every name a string literal
			key := lit.String()
			val := jsonNode(&m.Value, m.Name.StartOffset, idx)
			if j, dup := at[key]; dup {
				n.members[j].val = val // the last one wins, as in encoding/json
				continue
			}
			at[key] = len(n.members)
			n.members = append(n.members, member{key, val})
		}
	case *hujson.Array:
		n.kind, n.typ = nodeArray, "array"
		for i := range t.Elements {
			e := &t.Elements[i]
			n.elems = append(n.elems, jsonNode(e, e.StartOffset, idx))
		}
	case hujson.Literal:
		switch t.Kind() {
		case '"':
			n.kind, n.typ, n.str = nodeString, "string", t.String()
		case 't', 'f':
			n.kind, n.typ, n.boolean = nodeBool, "boolean", t.Bool()
		case 'n':
			n.typ = "null"
		case '0':
			n.typ = "number"
			if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
				n.kind, n.num = nodeInt, i
			}
		}
	}
	return n
}

// parseTOML parses TOML with BurntSushi/toml and places every key with
// locateTOML.
func parseTOML(file string, src []byte) (*node, error) {
	if err := checkBrackets(file, src, true); err != nil {
		return nil, err
	}
	var data map[string]any
	if _, err := toml.Decode(string(src), &data); err != nil {
		return nil, tomlError(file, src, err)
	}
	if tooDeep(data, 0) {
		return nil, &Error{File: file, Msg: depthMsg}
	}
	pos := locateTOML(src)
	idx := newLineIndex(src)
	root := tomlNode(data, nil, 0, pos, idx)
	root.line, root.col = 1, 1
	return root, nil
}

func tomlError(file string, src []byte, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line, col := pe.Position.Line, pe.Position.Col
		// Position.Line can already count the newline the lexer stopped
		// at; the byte offset (from which toml computes Col) cannot.
		if p := pe.Position.Start; p > 0 && p <= len(src) || p == 0 && line <= 1 {
			line, col = newLineIndex(src).pos(p)
		}
		return &Error{File: file, Line: line, Col: col, Msg: pe.Message}
	}
	return &Error{File: file, Msg: err.Error()}
}

// tomlNode converts a decoded TOML value found at path; fallback is the
// offset to use when the key cannot be placed.
func tomlNode(v any, path []string, fallback int, pos map[string]int, idx lineIndex) *node {
	off, ok := pos[pathKey(path)]
	if !ok {
		off = fallback
	}
	n := &node{}
	n.line, n.col = idx.pos(off)
	child := func(seg string) []string {
		p := make([]string, len(path), len(path)+1)
		copy(p, path)
		return append(p, seg)
	}
	switch t := v.(type) {
	case map[string]any:
		n.kind, n.typ = nodeTable, "table"
		for k, val := range t {
			n.members = append(n.members, member{k, tomlNode(val, child(k), off, pos, idx)})
		}
		sort.Slice(n.members, func(i, j int) bool {
			a, b := n.members[i], n.members[j]
			if a.val.line != b.val.line {
				return a.val.line < b.val.line
			}
			if a.val.col != b.val.col {
				return a.val.col < b.val.col
			}
			return a.key < b.key
		})
	case []map[string]any:
		n.kind, n.typ = nodeArray, "array"
		for i, e := range t {
			n.elems = append(n.elems, tomlNode(e, child(indexSeg(i)), off, pos, idx))
		}
	case []any:
		n.kind, n.typ = nodeArray, "array"
		for i, e := range t {
			n.elems = append(n.elems, tomlNode(e, child(indexSeg(i)), off, pos, idx))
		}
	case string:
		n.kind, n.typ, n.str = nodeString, "string", t
	case int64:
		n.kind, n.typ, n.num = nodeInt, "integer", t
	case bool:
		n.kind, n.typ, n.boolean = nodeBool, "boolean", t
	case float64:
		n.typ = "float"
	case time.Time:
		n.typ = "datetime"
	default:
		n.typ = fmt.Sprintf("%T", v)
	}
	return n
}
