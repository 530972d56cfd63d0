package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"golang.org/x/tools/go/analysis"

	"github.com/kvlint/kvlint/lsp"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules"
)

// client is a test LSP client talking to an in-process server.
type client struct {
	t    *testing.T
	conn jsonrpc2.Conn
	done chan error

	mu       sync.Mutex
	diags    map[protocol.DocumentURI][]protocol.PublishDiagnosticsParams
	logs     []string
	shown    []string // window/showDocument URIs
	applied  []protocol.WorkspaceEdit
	notified chan struct{}
}

func start(t *testing.T, root string, opt lsp.Options) *client {
	t.Helper()
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	c := &client{t: t, done: make(chan error, 1), diags: map[protocol.DocumentURI][]protocol.PublishDiagnosticsParams{}, notified: make(chan struct{}, 100)}
	go func() {
		c.done <- lsp.Serve(context.Background(), sr, sw, opt)
		sw.Close()
	}()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc{cr, cw}))
	c.conn.Go(context.Background(), c.handle)
	t.Cleanup(func() { c.conn.Close(); cw.Close() })

	var res protocol.InitializeResult
	c.call(protocol.MethodInitialize, map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          uri.File(root),
		"workspaceFolders": []protocol.WorkspaceFolder{{URI: string(uri.File(root)), Name: "w"}},
		"capabilities": map[string]any{
			"window":    map[string]any{"showDocument": map[string]any{"support": true}},
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}, "applyEdit": true},
		},
	}, &res)
	if res.ServerInfo == nil || res.ServerInfo.Name != "kvlint" {
		t.Fatalf("initialize: server info %+v", res.ServerInfo)
	}
	c.notify(protocol.MethodInitialized, map[string]any{})
	return c
}

type rwc struct {
	io.Reader
	io.WriteCloser
}

func (c *client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	c.mu.Lock()
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		_ = json.Unmarshal(req.Params(), &p)
		c.diags[p.URI] = append(c.diags[p.URI], p)
	case protocol.MethodWindowLogMessage:
		var p protocol.LogMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		c.logs = append(c.logs, p.Message)
	case "window/showDocument":
		var p protocol.ShowDocumentParams
		_ = json.Unmarshal(req.Params(), &p)
		c.shown = append(c.shown, string(p.URI))
		c.mu.Unlock()
		return reply(ctx, map[string]any{"success": true}, nil)
	case protocol.MethodWorkspaceApplyEdit:
		var p protocol.ApplyWorkspaceEditParams
		_ = json.Unmarshal(req.Params(), &p)
		c.applied = append(c.applied, p.Edit)
		c.mu.Unlock()
		return reply(ctx, map[string]any{"applied": true}, nil)
	}
	c.mu.Unlock()
	select {
	case c.notified <- struct{}{}:
	default:
	}
	// Replies are written from the reading goroutine, over an unbuffered
	// pipe: the server must never wait for the client to read while the
	// client waits for it.
	return reply(ctx, nil, nil)
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// diagnostics waits for the diagnostics of a document at a version.
func (c *client) diagnostics(u protocol.DocumentURI, version int32) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		c.mu.Lock()
		ps := c.diags[u]
		c.mu.Unlock()
		if n := len(ps); n > 0 && int32(ps[n-1].Version) == version {
			return ps[n-1].Diagnostics
		}
		select {
		case <-c.notified:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s at version %d (got %+v)", u, version, ps)
		}
	}
}

func codes(ds []protocol.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code.(string))
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// applyEdits applies LSP text edits (single-line ranges, in order) to text.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(p protocol.Position) int {
		n := 0
		for i := 0; i < int(p.Line); i++ {
			n += len(lines[i])
		}
		return n + int(p.Character) // the fixtures are ASCII
	}
	sort.SliceStable(edits, func(i, j int) bool { return offset(edits[i].Range.Start) > offset(edits[j].Range.Start) })
	for _, e := range edits {
		s, en := offset(e.Range.Start), offset(e.Range.End)
		text = text[:s] + e.NewText + text[en:]
	}
	return text
}

const (
	indexClean = `import { save } from "./store";

export default {
  async fetch(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    await save(env.CACHE, "k");
    return new Response("ok");
  },
};
`
	storeSrc = `export function save(kv: KVNamespace, key: string) {
  return kv.put(key, "v", { expirationTtl: 3600 });
}
`
)

func TestClientSession(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"wrangler.toml": "name = \"w\"\nmain = \"src/index.ts\"\nkv_namespaces = [{ binding = \"CACHE\", id = \"1\" }]\n",
		"src/index.ts":  indexClean,
		"src/store.ts":  storeSrc,
	})
	c := start(t, dir, lsp.Options{Version: "test"})
	index := uri.File(filepath.Join(dir, "src", "index.ts"))

	// Open: clean.
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: index, LanguageID: "typescript", Version: 1, Text: indexClean,
	}})
	if ds := c.diagnostics(index, 1); len(ds) != 0 {
		t.Fatalf("clean file: %+v", ds)
	}

	// An unsaved edit (incremental) that floats a write: a finding, from
	// the buffer, not the file on disk.
	line := "    env.CACHE.put(req.url, \"b\", { expirationTtl: 3600 });\n"
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": index, "version": 2},
		"contentChanges": []any{map[string]any{"range": protocol.Range{Start: protocol.Position{Line: 4}, End: protocol.Position{Line: 4}}, "text": line}},
	})
	text := strings.Replace(indexClean, "    await save", line+"    await save", 1)
	ds := c.diagnostics(index, 2)
	if got := codes(ds); len(got) != 1 || got[0] != "floatingwrite" {
		t.Fatalf("after the edit: codes %v, want [floatingwrite]", got)
	}
	d := ds[0]
	if d.Source != "kvlint" || d.Severity != protocol.DiagnosticSeverityWarning || d.Range.Start.Line != 4 || d.Range.Start.Character != 4 {
		t.Errorf("diagnostic %+v", d)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(string(d.CodeDescription.Href), "#floatingwrite") {
		t.Errorf("codeDescription %+v", d.CodeDescription)
	}

	// Code actions: the fix, the suppression, the documentation.
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: index}, Range: d.Range,
		Context: protocol.CodeActionContext{Diagnostics: ds},
	}, &actions)
	var titles []string
	var fix, suppress, docs *protocol.CodeAction
	for i, a := range actions {
		titles = append(titles, a.Title)
		switch {
		case strings.Contains(a.Title, "waitUntil"):
			fix = &actions[i]
		case strings.HasPrefix(a.Title, "Suppress with // kvlint-disable-next-line floatingwrite -- "):
			suppress = &actions[i]
		case a.Command != nil && a.Command.Command == lsp.CommandShowDocs:
			docs = &actions[i]
		}
	}
	if fix == nil || suppress == nil || docs == nil || fix.Kind != protocol.QuickFix {
		t.Fatalf("code actions %q", titles)
	}
	fixed := applyEdits(t, text, fix.Edit.Changes[index])
	if !strings.Contains(fixed, `ctx.waitUntil(env.CACHE.put(req.url, "b", { expirationTtl: 3600 }));`) {
		t.Fatalf("fixed text:\n%s", fixed)
	}
	suppressed := applyEdits(t, text, suppress.Edit.Changes[index])
	if !strings.Contains(suppressed, "    // kvlint-disable-next-line floatingwrite -- reason\n"+line) {
		t.Fatalf("suppressed text:\n%s", suppressed)
	}

	// Executing the fix (the client applies its edit): the finding goes.
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": index, "version": 3},
		"contentChanges": []any{map[string]any{"text": fixed}},
	})
	if ds := c.diagnostics(index, 3); len(ds) != 0 {
		t.Fatalf("after the fix: %+v", ds)
	}

	// Show documentation: the server asks the client to open the URL.
	c.call(protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{Command: docs.Command.Command, Arguments: docs.Command.Arguments}, nil)
	c.mu.Lock()
	shown := append([]string(nil), c.shown...)
	c.mu.Unlock()
	if len(shown) != 1 || !strings.HasSuffix(shown[0], "#floatingwrite") {
		t.Errorf("showDocument: %q", shown)
	}

	// A directive that suppresses nothing: unusedsuppression, Unnecessary.
	withDirective := strings.Replace(fixed, "    await save", "    // kvlint-disable-next-line missingttl -- fine\n    await save", 1)
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": index, "version": 4}, "contentChanges": []any{map[string]any{"text": withDirective}},
	})
	ds = c.diagnostics(index, 4)
	if len(ds) != 1 || ds[0].Code != "unusedsuppression" || len(ds[0].Tags) != 1 || ds[0].Tags[0] != protocol.DiagnosticTagUnnecessary {
		t.Fatalf("unused directive: %+v", ds)
	}

	// Editing a helper re-lints its importers' open files: once save no
	// longer awaits... once index.ts stops awaiting save, the finding
	// depends on store.ts writing KV.
	floating := strings.Replace(indexClean, "await save(", "save(", 1)
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": index, "version": 5}, "contentChanges": []any{map[string]any{"text": floating}},
	})
	if got := codes(c.diagnostics(index, 5)); len(got) != 1 || got[0] != "floatingwrite" {
		t.Fatalf("floating call of a KV-writing helper: %v", got)
	}
	store := uri.File(filepath.Join(dir, "src", "store.ts"))
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: store, LanguageID: "typescript", Version: 1, Text: storeSrc,
	}})
	c.diagnostics(store, 1)
	noWrite := "export function save(kv: KVNamespace, key: string) {\n  return kv.get(key);\n}\n"
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": store, "version": 2}, "contentChanges": []any{map[string]any{"text": noWrite}},
	})
	c.diagnostics(store, 2)
	if ds := c.diagnostics(index, 5); len(ds) != 0 {
		// the importer was re-linted at its same version
		c.mu.Lock()
		n := len(c.diags[index])
		c.mu.Unlock()
		t.Fatalf("importer after its helper stopped writing (%d publications): %+v", n, ds)
	}

	// A watched config change: kvlint.toml raises floatingwrite to error.
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": store, "version": 3}, "contentChanges": []any{map[string]any{"text": storeSrc}},
	})
	c.diagnostics(store, 3)
	if ds := c.diagnostics(index, 5); len(ds) != 1 || ds[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Fatalf("helper writes again: %+v", ds)
	}
	before := c.count(index)
	write(t, dir, map[string]string{"kvlint.toml": "[rules]\nfloatingwrite = \"error\"\n"})
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{
		URI: uri.File(filepath.Join(dir, "kvlint.toml")), Type: protocol.FileChangeTypeCreated,
	}}})
	ds = c.waitNew(index, before)
	if len(ds) != 1 || ds[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("after kvlint.toml made floatingwrite an error: %+v", ds)
	}

	// Cancelling a request that already finished is harmless; shutdown
	// and exit end the server cleanly.
	c.notify(protocol.MethodCancelRequest, map[string]any{"id": 1})
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit")
	}
}

func (c *client) count(u protocol.DocumentURI) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.diags[u])
}

// waitNew waits for a publication of u's diagnostics after the first n.
func (c *client) waitNew(u protocol.DocumentURI, n int) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		c.mu.Lock()
		ps := c.diags[u]
		c.mu.Unlock()
		if len(ps) > n {
			return ps[len(ps)-1].Diagnostics
		}
		select {
		case <-c.notified:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("no new diagnostics for %s", u)
		}
	}
}

// A rule that panics on one buffer is logged; the server goes on serving
// the other rules' findings, and the next buffers.
func TestRuleCrashIsLogged(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"wrangler.toml": "name = \"w\"\nkv_namespaces = [{ binding = \"CACHE\", id = \"1\" }]\n",
		"src/index.ts":  "export default { async fetch(req: Request, env: Env) { await env.CACHE.put(req.url, \"v\"); return new Response(\"\"); } };\n",
	})
	crash := &analysis.Analyzer{Name: "crash", Doc: "panics", Run: func(*analysis.Pass) (any, error) { panic("boom") }}
	c := start(t, dir, lsp.Options{Rules: append(append([]rules.Rule(nil), rules.All...), rules.Rule{Analyzer: crash, Default: report.Error})})
	index := uri.File(filepath.Join(dir, "src", "index.ts"))
	src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: index, LanguageID: "typescript", Version: 1, Text: string(src)}})
	if got := codes(c.diagnostics(index, 1)); len(got) != 1 || got[0] != "missingttl" {
		t.Fatalf("codes %v, want [missingttl]", got)
	}
	c.mu.Lock()
	logs := strings.Join(c.logs, "\n")
	c.mu.Unlock()
	if !strings.Contains(logs, "crash") || !strings.Contains(logs, "boom") {
		t.Fatalf("log messages %q do not report the crash", logs)
	}
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": index, "version": 2}, "contentChanges": []any{map[string]any{"text": string(src) + "\n"}},
	})
	if got := codes(c.diagnostics(index, 2)); len(got) != 1 {
		t.Fatalf("after another edit: %v", got)
	}
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
}

// Two workspace folders, each a Worker with its own wrangler config: each
// file is linted against its own folder's bindings.
func TestWorkspaceFolders(t *testing.T) {
	dir := t.TempDir()
	src := "export default { async fetch(req: Request, env: Env) { await env.STORE.get(req.url); return new Response(\"\"); } };\n"
	write(t, dir, map[string]string{
		"a/wrangler.toml": "name = \"a\"\nkv_namespaces = [{ binding = \"STORE\", id = \"1\" }]\n",
		"a/src/index.ts":  src,
		"b/wrangler.toml": "name = \"b\"\nkv_namespaces = [{ binding = \"OTHER\", id = \"2\" }]\n",
		"b/src/index.ts":  src,
	})
	c := start(t, filepath.Join(dir, "a"), lsp.Options{})
	c.notify(protocol.MethodWorkspaceDidChangeWorkspaceFolders, &protocol.DidChangeWorkspaceFoldersParams{Event: protocol.WorkspaceFoldersChangeEvent{
		Added: []protocol.WorkspaceFolder{{URI: string(uri.File(filepath.Join(dir, "b"))), Name: "b"}},
	}})
	ua, ub := uri.File(filepath.Join(dir, "a", "src", "index.ts")), uri.File(filepath.Join(dir, "b", "src", "index.ts"))
	for _, u := range []protocol.DocumentURI{ua, ub} {
		c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "typescript", Version: 1, Text: src}})
	}
	if got := codes(c.diagnostics(ua, 1)); len(got) != 0 {
		t.Errorf("folder a declares STORE: %v", got)
	}
	if got := codes(c.diagnostics(ub, 1)); len(got) != 1 || got[0] != "unknownbinding" {
		t.Errorf("folder b does not declare STORE: %v, want [unknownbinding]", got)
	}
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
}

// A request waiting for a lint is answered RequestCancelled when the client
// cancels it ($/cancelRequest), and the server goes on.
func TestCancelRequest(t *testing.T) {
	dir := t.TempDir()
	src := "export default { async fetch(req: Request, env: Env) { await env.CACHE.put(req.url, \"v\"); return new Response(\"\"); } };\n"
	write(t, dir, map[string]string{"wrangler.toml": "name = \"w\"\nkv_namespaces = [{ binding = \"CACHE\", id = \"1\" }]\n", "src/index.ts": src})
	hold, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	c := start(t, dir, lsp.Options{OnLint: func(string, int) {
		once.Do(func() { close(hold); <-release }) // the first lint holds the linter
	}})
	u := uri.File(filepath.Join(dir, "src", "index.ts"))
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "typescript", Version: 1, Text: src}})
	<-hold
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": u, "version": 2}, "contentChanges": []any{map[string]any{"text": src + "\n"}},
	})
	// The code action waits for version 2's lint, which the held linter
	// has not run. It is the client's second call: id 2.
	errc := make(chan error, 1)
	go func() {
		_, err := c.conn.Call(context.Background(), protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: u},
		}, &[]protocol.CodeAction{})
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	c.notify(protocol.MethodCancelRequest, map[string]any{"id": 2})
	select {
	case err := <-errc:
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) || rpcErr.Code != protocol.CodeRequestCancelled {
			t.Fatalf("cancelled code action: %v, want RequestCancelled", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the cancelled request was not answered")
	}
	close(release)
	if got := codes(c.diagnostics(u, 2)); len(got) != 1 || got[0] != "missingttl" {
		t.Fatalf("after the cancellation: %v", got)
	}
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
}

// Each file gets the severities of the kvlint.toml files above it, as on
// the command line: a package's kvlint.toml applies to its files only.
func TestNestedKvlintToml(t *testing.T) {
	dir := t.TempDir()
	src := "export default { async fetch(req: Request, env: Env) { await env.STORE.put(req.url, \"v\"); return new Response(\"\"); } };\n"
	wr := "name = \"w\"\nkv_namespaces = [{ binding = \"STORE\", id = \"1\" }]\n"
	write(t, dir, map[string]string{
		".git/HEAD":       "ref: refs/heads/main\n", // the repository's top: kvlint.toml lookups stop here
		"a/wrangler.toml": wr, "a/src/index.ts": src,
		"b/wrangler.toml": wr, "b/src/index.ts": src,
		"b/kvlint.toml": "[rules]\nmissingttl = \"error\"\n",
	})
	c := start(t, dir, lsp.Options{})
	ua, ub := uri.File(filepath.Join(dir, "a", "src", "index.ts")), uri.File(filepath.Join(dir, "b", "src", "index.ts"))
	for _, u := range []protocol.DocumentURI{ua, ub} {
		c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "typescript", Version: 1, Text: src}})
	}
	da, db := c.diagnostics(ua, 1), c.diagnostics(ub, 1)
	if len(da) != 1 || da[0].Code != "missingttl" || da[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("a (no kvlint.toml): %+v", da)
	}
	if len(db) != 1 || db[0].Code != "missingttl" || db[0].Severity != protocol.DiagnosticSeverityError {
		t.Errorf("b (its kvlint.toml makes missingttl an error): %+v", db)
	}
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
}

// A closed helper changed on disk, which the client reports
// (didChangeWatchedFiles), re-lints its open importer from the new text:
// with the client watching, files are read again when it says they
// changed, not stat'ed at every edit.
func TestClosedHelperChangedOnDisk(t *testing.T) {
	dir := t.TempDir()
	index := "import { save } from \"./store\";\nexport default {\n  async fetch(req: Request, env: Env): Promise<Response> {\n    save(env.CACHE, \"k\");\n    return new Response(\"ok\");\n  },\n};\n"
	write(t, dir, map[string]string{
		"wrangler.toml": "name = \"w\"\nkv_namespaces = [{ binding = \"CACHE\", id = \"1\" }]\n",
		"src/index.ts":  index,
		"src/store.ts":  storeSrc,
	})
	c := start(t, dir, lsp.Options{})
	u := uri.File(filepath.Join(dir, "src", "index.ts"))
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "typescript", Version: 1, Text: index}})
	if got := codes(c.diagnostics(u, 1)); len(got) != 1 || got[0] != "floatingwrite" {
		t.Fatalf("the helper writes: %v, want [floatingwrite]", got)
	}
	for round, helper := range []string{"export function save(kv: KVNamespace, key: string) {\n  return key;\n}\n", storeSrc} {
		before := c.count(u)
		write(t, dir, map[string]string{"src/store.ts": helper})
		c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{
			URI: uri.File(filepath.Join(dir, "src", "store.ts")), Type: protocol.FileChangeTypeChanged,
		}}})
		got := codes(c.waitNew(u, before))
		if want := round; len(got) != want {
			t.Fatalf("round %d, helper %q: %v", round, helper, got)
		}
	}
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	if err := <-c.done; err != nil {
		t.Fatal(err)
	}
}
