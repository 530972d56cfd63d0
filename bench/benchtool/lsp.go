package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// cmdLSP measures `kvlint lsp`: the time from a didChange of an open file
// to its diagnostics, over edits that add and then remove a KV write (so
// that the findings change each time). The first edits warm the server and
// are not counted.
//
//	benchtool lsp -kvlint BIN -root DIR -file REL [-n 200] [-warmup 10]
func cmdLSP(args []string) error {
	fl := flag.NewFlagSet("lsp", flag.ContinueOnError)
	bin := fl.String("kvlint", "kvlint", "kvlint binary")
	root := fl.String("root", "", "workspace folder")
	file := fl.String("file", "", "file to edit, relative to -root")
	n := fl.Int("n", 200, "edits measured")
	warmup := fl.Int("warmup", 10, "edits before measuring")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *root == "" || *file == "" {
		return fmt.Errorf("lsp: -root and -file are required")
	}
	absRoot, err := filepath.Abs(*root)
	if err != nil {
		return err
	}
	path := filepath.Join(absRoot, filepath.FromSlash(*file))
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}

	cmd := exec.Command(*bin, "lsp")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill() }()

	var mu sync.Mutex
	got := map[int32]chan struct{}{}
	waitFor := func(v int32) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if got[v] == nil {
			got[v] = make(chan struct{})
		}
		return got[v]
	}
	u := uri.File(path)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(pipe{out, in}))
	conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if json.Unmarshal(req.Params(), &p) == nil && p.URI == u {
				ch := waitFor(int32(p.Version))
				mu.Lock()
				select {
				case <-ch:
				default:
					close(ch)
				}
				mu.Unlock()
			}
		}
		return reply(ctx, nil, nil)
	})
	ctx := context.Background()
	if _, err := conn.Call(ctx, protocol.MethodInitialize, map[string]any{
		"processId": os.Getpid(), "rootUri": uri.File(absRoot), "capabilities": map[string]any{
			// As VS Code: it watches the files the server registers.
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
		"workspaceFolders": []protocol.WorkspaceFolder{{URI: string(uri.File(absRoot)), Name: "bench"}},
	}, nil); err != nil {
		return err
	}
	_ = conn.Notify(ctx, protocol.MethodInitialized, map[string]any{})

	wait := func(v int32) error {
		select {
		case <-waitFor(v):
			return nil
		case <-time.After(60 * time.Second):
			return fmt.Errorf("no diagnostics for version %d", v)
		}
	}
	start := time.Now()
	_ = conn.Notify(ctx, protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "typescript", Version: 1, Text: string(src),
	}})
	if err := wait(1); err != nil {
		return err
	}
	first := time.Since(start)

	extra := "\nexport async function benchEdit(env: any, id: string) {\n  env.BENCH_KV.put(id, \"x\");\n}\n"
	var times []time.Duration
	for i := 0; i < *warmup+*n; i++ {
		v := int32(i + 2)
		text := string(src)
		if i%2 == 0 {
			text += extra
		}
		t0 := time.Now()
		_ = conn.Notify(ctx, protocol.MethodTextDocumentDidChange, map[string]any{
			"textDocument":   map[string]any{"uri": u, "version": v},
			"contentChanges": []any{map[string]any{"text": text}},
		})
		if err := wait(v); err != nil {
			return err
		}
		if i >= *warmup {
			times = append(times, time.Since(t0))
		}
	}
	_, _ = conn.Call(ctx, protocol.MethodShutdown, nil, nil)
	_ = conn.Notify(ctx, protocol.MethodExit, nil)
	// The server's CPU time (user and system) per edit, open included: what
	// the latency would be on an idle core.
	var cpu time.Duration
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	case <-time.After(10 * time.Second):
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	pct := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000
	}
	fmt.Printf("lsp didChange->diagnostics: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d edits; server CPU %.1f ms per edit (first diagnostics after open: %.0f ms)\n",
		pct(0.5), pct(0.95), pct(1), len(times), float64(cpu.Microseconds())/1000/float64(*warmup+*n+1), float64(first.Microseconds())/1000)
	return nil
}

type pipe struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipe) Close() error {
	_ = p.WriteCloser.Close()
	return p.ReadCloser.Close()
}
