// Package lsp is kvlint's language server (`kvlint lsp`): LSP 3.17 over
// stdio. It lints open buffers as they are typed, from their unsaved text
// laid over the project's files on disk, through the driver's incremental
// runs (driver.Cache: a change re-parses and re-walks one file, and the
// KV model's cross-file facts are rebuilt only over the files linked to the
// open ones). It publishes
// findings as diagnostics, offers the rules' fixes, a suppression
// directive and the rule's documentation as code actions, and re-lints
// when wrangler configs, kvlint.toml or declaration files change.
//
// JSON-RPC framing, the connection and request cancellation come from
// go.lsp.dev/jsonrpc2 and the protocol's types from go.lsp.dev/protocol.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/kvlint/kvlint/rules"
)

// Commands the server executes (workspace/executeCommand).
const (
	CommandShowDocs = "kvlint.showDocumentation" // argument: the docs URL
	CommandFixAll   = "kvlint.fixAll"            // argument: a document URI
)

// Options configures a server.
type Options struct {
	Version string
	// Rules are the rules to run (nil: rules.All).
	Rules []rules.Rule
	// Log receives the server's own log lines (stderr); nil: none.
	Log io.Writer
	// OnLint, if set, is called after each lint of a folder with how many
	// files it reported on (for tests and benchmarks).
	OnLint func(folder string, files int)
}

type server struct {
	opt  Options
	conn jsonrpc2.Conn
	ctx  context.Context

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	exited      chan struct{}
	exitOnce    sync.Once
	clientCaps  protocol.ClientCapabilities
	configFile  string // kvlint.toml given by the client's settings
	folders     []*folder
	docs        map[string]*document // open buffers, by absolute path
	dirty       map[*folder]bool
	wake        chan struct{}
	replies     sync.WaitGroup // replies not yet written
	// watching: the client watches the source files for us (it accepted
	// the registration of watchedGlobs), so a file read from disk stays
	// as read until a didChangeWatchedFiles names it.
	watching atomic.Bool
}

// document is an open buffer.
type document struct {
	uri     protocol.DocumentURI
	path    string
	version int32
	text    []byte
	// last is what the last lint found in it (for code actions).
	last *docResult
}

// Serve runs a server on r and w (standard input and output) until the
// client sends exit or closes the stream. It returns nil after shutdown
// and exit, an error otherwise (exit without shutdown, a broken stream).
func Serve(ctx context.Context, r io.Reader, w io.Writer, opt Options) error {
	if opt.Rules == nil {
		opt.Rules = rules.All
	}
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(stdio{r, w}))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{
		opt: opt, conn: conn, ctx: ctx,
		exited: make(chan struct{}),
		docs:   map[string]*document{},
		dirty:  map[*folder]bool{},
		wake:   make(chan struct{}, 1),
	}
	handler, canceller := jsonrpc2.CancelHandler(s.handle)
	conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodCancelRequest {
			var p struct {
				ID json.RawMessage `json:"id"`
			}
			if json.Unmarshal(req.Params(), &p) == nil {
				var n int32
				var str string
				if json.Unmarshal(p.ID, &n) == nil {
					canceller(jsonrpc2.NewNumberID(n))
				} else if json.Unmarshal(p.ID, &str) == nil {
					canceller(jsonrpc2.NewStringID(str))
				}
			}
			return nil
		}
		return handler(ctx, reply, req)
	})
	go s.linter()
	select {
	case <-s.exited:
		// The replies before exit (shutdown's) go out first.
		written := make(chan struct{})
		go func() { s.replies.Wait(); close(written) }()
		select {
		case <-written:
		case <-time.After(5 * time.Second):
		}
	case <-conn.Done():
	}
	cancel()
	_ = conn.Close()
	s.mu.Lock()
	clean := s.shutdown
	s.mu.Unlock()
	select {
	case <-s.exited:
		if clean {
			return nil
		}
		return errors.New("exit before shutdown")
	default:
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") {
		return err
	}
	if clean {
		return nil
	}
	return errors.New("the client closed the connection without shutdown")
}

type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

func (s *server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		fmt.Fprintf(s.opt.Log, "kvlint lsp: "+format+"\n", args...)
	}
}

// message sends window/logMessage.
func (s *server) message(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logf("%s", msg)
	_ = s.conn.Notify(s.ctx, protocol.MethodWindowLogMessage, &protocol.LogMessageParams{Type: typ, Message: msg})
}

// handle serves one message. Notifications are handled in order, at once
// (they only record state; linting happens on the linter goroutine);
// other requests run on their own goroutines, so that a request that itself
// calls the client cannot block the reading of its answer.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	_, isCall := req.(*jsonrpc2.Call)
	inline := isCall && (req.Method() == protocol.MethodInitialize || req.Method() == protocol.MethodShutdown)
	if isCall {
		s.replies.Add(1)
	}
	run := func() {
		defer func() {
			if p := recover(); p != nil {
				s.message(protocol.MessageTypeError, "internal error handling %s: %v\n%s", req.Method(), p, debug.Stack())
				if isCall {
					_ = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "kvlint: internal error: %v", p))
					s.replies.Done()
				}
			}
		}()
		res, err := s.dispatch(ctx, req)
		if !isCall {
			return
		}
		if ctx.Err() != nil && err == nil {
			err = protocol.ErrRequestCancelled
		}
		if inline {
			// Answered in order, but not written from the reading
			// goroutine: a client that writes while we write would
			// wait for us as we wait for it.
			go func() {
				defer s.replies.Done()
				_ = reply(context.WithoutCancel(ctx), res, err)
			}()
			return
		}
		defer s.replies.Done()
		_ = reply(context.WithoutCancel(ctx), res, err)
	}
	// initialize and shutdown are answered in order too: a client may
	// send exit right after shutdown.
	if isCall && !inline {
		go run()
	} else {
		run()
	}
	return nil
}

func decode(req jsonrpc2.Request, v any) error {
	if len(req.Params()) == 0 {
		return nil
	}
	if err := json.Unmarshal(req.Params(), v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", req.Method(), err)
	}
	return nil
}

func (s *server) dispatch(ctx context.Context, req jsonrpc2.Request) (any, error) {
	m := req.Method()
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case m == protocol.MethodExit:
		s.exitOnce.Do(func() { close(s.exited) })
		return nil, nil
	case shutdown:
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "kvlint: the server is shut down")
	case !initialized && m != protocol.MethodInitialize:
		return nil, jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "kvlint: not initialized")
	}
	switch m {
	case protocol.MethodInitialize:
		var p protocol.InitializeParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.initialize(&p), nil
	case protocol.MethodInitialized:
		s.registerWatchers()
		return nil, nil
	case protocol.MethodShutdown:
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didOpen(&p)
	case protocol.MethodTextDocumentDidChange:
		var p didChangeParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didChange(&p)
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didSave(&p)
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didClose(&p)
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.codeAction(ctx, &p), nil
	case protocol.MethodWorkspaceExecuteCommand:
		var p protocol.ExecuteCommandParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.executeCommand(ctx, &p)
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		var p protocol.DidChangeWatchedFilesParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didChangeWatchedFiles(&p)
	case protocol.MethodWorkspaceDidChangeWorkspaceFolders:
		var p protocol.DidChangeWorkspaceFoldersParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.didChangeFolders(&p)
	case protocol.MethodWorkspaceDidChangeConfiguration:
		var p struct {
			Settings json.RawMessage `json:"settings"`
		}
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.applySettings(p.Settings)
	default:
		if _, isCall := req.(*jsonrpc2.Call); isCall && !strings.HasPrefix(m, "$/") {
			return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "kvlint: method not supported: %s", m)
		}
	}
	return nil, nil
}

// settings are what the client may pass as initializationOptions or
// workspace/didChangeConfiguration settings (under "kvlint" or not).
type settings struct {
	ConfigFile *string `json:"configFile"`
}

func (s *server) applySettings(raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	var wrap struct {
		Kvlint *settings `json:"kvlint"`
	}
	var st settings
	if json.Unmarshal(raw, &wrap) == nil && wrap.Kvlint != nil {
		st = *wrap.Kvlint
	} else if json.Unmarshal(raw, &st) != nil {
		return
	}
	if st.ConfigFile == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.configFile == *st.ConfigFile {
		return
	}
	s.configFile = *st.ConfigFile
	for _, f := range s.folders {
		f.reset(true)
		s.dirty[f] = true
	}
	s.poke()
}

func (s *server) initialize(p *protocol.InitializeParams) *protocol.InitializeResult {
	s.mu.Lock()
	s.initialized = true
	s.clientCaps = p.Capabilities
	var roots []string
	for _, wf := range p.WorkspaceFolders {
		roots = append(roots, uriPath(protocol.DocumentURI(wf.URI)))
	}
	// Clients before workspace folders give the root alone.
	if len(roots) == 0 && p.RootURI != "" { //nolint:staticcheck // deprecated, still sent
		roots = append(roots, uriPath(p.RootURI)) //nolint:staticcheck // as above
	}
	if len(roots) == 0 && p.RootPath != "" { //nolint:staticcheck // as above
		roots = append(roots, p.RootPath) //nolint:staticcheck // as above
	}
	for _, r := range roots {
		s.addFolder(r)
	}
	s.mu.Unlock()
	if p.InitializationOptions != nil {
		if raw, err := json.Marshal(p.InitializationOptions); err == nil {
			s.applySettings(raw)
		}
	}
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, sourceFixAll},
			},
			ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{CommandShowDocs, CommandFixAll}},
			Workspace: &protocol.ServerCapabilitiesWorkspace{
				WorkspaceFolders: &protocol.ServerCapabilitiesWorkspaceFolders{Supported: true, ChangeNotifications: true},
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "kvlint", Version: s.opt.Version},
	}
}

// watchedGlobs are the files whose changes on disk re-lint open buffers.
var watchedGlobs = []string{
	"**/wrangler.toml", "**/wrangler.json", "**/wrangler.jsonc", "**/kvlint.toml",
	"**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}",
}

// registerWatchers asks the client to watch the files kvlint reads besides
// the open ones, when it can register that dynamically.
func (s *server) registerWatchers() {
	s.mu.Lock()
	caps := s.clientCaps.Workspace
	s.mu.Unlock()
	if caps == nil || caps.DidChangeWatchedFiles == nil || !caps.DidChangeWatchedFiles.DynamicRegistration {
		return
	}
	var ws []protocol.FileSystemWatcher
	for _, g := range watchedGlobs {
		ws = append(ws, protocol.FileSystemWatcher{GlobPattern: g})
	}
	go func() {
		err := protocol.Call(s.ctx, s.conn, protocol.MethodClientRegisterCapability, &protocol.RegistrationParams{
			Registrations: []protocol.Registration{{
				ID: "kvlint-watched-files", Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
				RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: ws},
			}},
		}, nil)
		if err != nil {
			s.logf("registering file watchers: %v", err)
			return
		}
		s.watching.Store(true)
	}()
}

// didChangeParams is didChange's params with each change's range
// optional, as the protocol has it (a change without one replaces the
// whole text).
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range,omitempty"`
		Text  string          `json:"text"`
	} `json:"contentChanges"`
}

func uriPath(u protocol.DocumentURI) string {
	defer func() { _ = recover() }() // a URI that is not a file
	p := u.Filename()
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func (s *server) didOpen(p *protocol.DidOpenTextDocumentParams) {
	path := uriPath(p.TextDocument.URI)
	if path == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.touch(path)
}

func (s *server) didChange(p *didChangeParams) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return
	}
	for _, c := range p.ContentChanges {
		d.text = applyChange(d.text, c.Range, c.Text)
	}
	d.version = p.TextDocument.Version
	s.touch(path)
}

func (s *server) didSave(p *protocol.DidSaveTextDocumentParams) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[path]; d != nil && p.Text != "" {
		d.text = []byte(p.Text)
	}
	s.changedOnDisk(path, protocol.FileChangeTypeChanged)
}

func (s *server) didClose(p *protocol.DidCloseTextDocumentParams) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	delete(s.docs, path)
	s.touch(path) // its importers now see the file on disk
	s.mu.Unlock()
	// Not written from the reading goroutine (see handle).
	go func() {
		_ = s.conn.Notify(s.ctx, protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	}()
}

func (s *server) didChangeWatchedFiles(p *protocol.DidChangeWatchedFilesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range p.Changes {
		s.changedOnDisk(uriPath(c.URI), c.Type)
	}
}

func (s *server) didChangeFolders(p *protocol.DidChangeWorkspaceFoldersParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, wf := range p.Event.Removed {
		root := uriPath(protocol.DocumentURI(wf.URI))
		for i, f := range s.folders {
			if f.root == root {
				s.folders = append(s.folders[:i], s.folders[i+1:]...)
				delete(s.dirty, f)
				break
			}
		}
	}
	for _, wf := range p.Event.Added {
		s.addFolder(uriPath(protocol.DocumentURI(wf.URI)))
	}
	for path := range s.docs {
		s.touch(path)
	}
}

// addFolder adds a workspace folder (s.mu held); folders are kept longest
// root first, so that a file belongs to its innermost folder.
func (s *server) addFolder(root string) *folder {
	for _, f := range s.folders {
		if f.root == root {
			return f
		}
	}
	f := newFolder(root)
	s.folders = append(s.folders, f)
	sort.SliceStable(s.folders, func(i, j int) bool { return len(s.folders[i].root) > len(s.folders[j].root) })
	return f
}

// folderOf returns the folder a file belongs to (s.mu held), adding one for
// a file outside every workspace folder: its project (see projectRoot).
func (s *server) folderOf(path string) *folder {
	for _, f := range s.folders {
		if within(f.root, path) {
			return f
		}
	}
	return s.addFolder(projectRoot(filepath.Dir(path)))
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// touch marks the folder of an edited file for linting (s.mu held).
func (s *server) touch(path string) {
	s.dirty[s.folderOf(path)] = true
	s.poke()
}

func (s *server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// changedOnDisk records that a file changed on disk (s.mu held): a config
// reloads its folder's configs, a source is read again at the next lint.
func (s *server) changedOnDisk(path string, typ protocol.FileChangeType) {
	if path == "" {
		return
	}
	base := filepath.Base(path)
	for _, f := range s.folders {
		// A kvlint.toml above a folder governs it too.
		if !within(f.root, path) && (base != "kvlint.toml" || !within(filepath.Dir(path), f.root)) {
			continue
		}
		switch {
		case base == "kvlint.toml":
			f.reset(true)
		case base == "wrangler.toml" || base == "wrangler.json" || base == "wrangler.jsonc":
			f.reset(false)
		case typ != protocol.FileChangeTypeChanged:
			f.rediscover()
			f.forget(path)
		default:
			f.forget(path)
		}
		s.dirty[f] = true
	}
	s.poke()
}

// linter lints the folders marked dirty, one at a time, coalescing the
// edits that arrive during a lint into the next.
func (s *server) linter() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
		s.mu.Lock()
		var todo []*folder
		for f := range s.dirty {
			todo = append(todo, f)
		}
		s.dirty = map[*folder]bool{}
		s.mu.Unlock()
		sort.Slice(todo, func(i, j int) bool { return todo[i].root < todo[j].root })
		for _, f := range todo {
			s.lintSafely(f)
		}
	}
}

// lintSafely lints a folder; a bug met on the way is logged, and the server
// goes on.
func (s *server) lintSafely(f *folder) {
	defer func() {
		if p := recover(); p != nil {
			s.message(protocol.MessageTypeError, "internal error linting %s: %v\n%s", f.root, p, debug.Stack())
		}
	}()
	s.lintFolder(f)
}
