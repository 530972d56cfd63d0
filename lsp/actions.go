package lsp

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kvlint/kvlint/driver"
	"github.com/kvlint/kvlint/report"
	"github.com/kvlint/kvlint/rules/kvmodel"
)

// lintFor waits (up to a bound, or until the request is cancelled) until the
// open buffer at path has been linted at its current version, and returns
// that lint's result.
func (s *server) lintFor(ctx context.Context, path string) (*document, *docResult) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		d := s.docs[path]
		var r *docResult
		if d != nil {
			r = d.last
		}
		current := d != nil && r != nil && r.version == d.version
		s.mu.Unlock()
		if d == nil || current || time.Now().After(deadline) || ctx.Err() != nil {
			if !current {
				return d, nil
			}
			return d, r
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *server) codeAction(ctx context.Context, p *protocol.CodeActionParams) []protocol.CodeAction {
	path := uriPath(p.TextDocument.URI)
	d, r := s.lintFor(ctx, path)
	if r == nil {
		return nil
	}
	want := func(kind protocol.CodeActionKind) bool {
		if len(p.Context.Only) == 0 {
			return true
		}
		for _, k := range p.Context.Only {
			if k == kind || len(kind) > len(k) && kind[:len(k)] == k && kind[len(k)] == '.' {
				return true
			}
		}
		return false
	}
	li := newLines(r.src)
	start, end := li.offset(p.Range.Start), li.offset(p.Range.End)
	actions := []protocol.CodeAction{}
	if want(protocol.QuickFix) {
		for _, fd := range r.findings {
			if fd.File != path || fd.Offset > end || fd.EndOffset < start {
				continue
			}
			diag := r.diagnostic(fd)
			for i, fx := range fd.Fixes {
				title := fx.Message
				if !fx.Safe {
					title += " (changes behaviour)"
				}
				actions = append(actions, protocol.CodeAction{
					Title: title, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{diag},
					IsPreferred: i == 0 && fx.Safe,
					Edit:        r.workspaceEdit(fx.Edits),
				})
			}
			if fd.Rule != driver.UnusedSuppression && fd.Rule != driver.InvalidSuppression {
				at, indent := li.lineStart(fd.Offset)
				directive := "// kvlint-disable-next-line " + fd.Rule + " -- reason"
				actions = append(actions, protocol.CodeAction{
					Title: "Suppress with " + directive, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{diag},
					Edit: r.workspaceEdit([]report.Edit{{
						Location: report.Location{File: path, Offset: at, EndOffset: at},
						NewText:  indent + directive + "\n",
					}}),
				})
			}
			url := diag.CodeDescription.Href
			actions = append(actions, protocol.CodeAction{
				Title: "Show documentation for " + fd.Rule, Kind: protocol.QuickFix,
				Command: &protocol.Command{Title: "Show documentation for " + fd.Rule, Command: CommandShowDocs, Arguments: []any{string(url)}},
			})
		}
	}
	if want(sourceFixAll) {
		if edit := r.fixAll(path); edit != nil {
			actions = append(actions, protocol.CodeAction{Title: "Fix all safe kvlint problems", Kind: sourceFixAll, Edit: edit})
		}
	}
	_ = d
	return actions
}

// workspaceEdit converts a fix's edits (in the run's files).
func (r *docResult) workspaceEdit(edits []report.Edit) *protocol.WorkspaceEdit {
	changes := map[protocol.DocumentURI][]protocol.TextEdit{}
	for _, e := range edits {
		u := uri.File(e.File)
		changes[u] = append(changes[u], protocol.TextEdit{Range: r.rangeOf(e.Location), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: changes}
}

// fixAll gathers the safe fixes of the buffer's findings whose edits do
// not overlap (the first of overlapping ones wins, as with --fix; a re-lint
// offers the rest).
func (r *docResult) fixAll(path string) *protocol.WorkspaceEdit {
	var edits []report.Edit
	for _, fd := range r.findings {
		for _, fx := range fd.Fixes {
			if !fx.Safe {
				continue
			}
			ok := true
			for _, e := range fx.Edits {
				if e.File != path {
					ok = false
				}
			}
			if ok {
				edits = append(edits, fx.Edits...)
			}
			break
		}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Offset < edits[j].Offset })
	var kept []report.Edit
	last := -1
	for _, e := range edits {
		if e.Offset < last || e.Offset == last && e.EndOffset == e.Offset {
			continue
		}
		kept = append(kept, e)
		last = e.EndOffset
	}
	if len(kept) == 0 {
		return nil
	}
	return r.workspaceEdit(kept)
}

func (s *server) executeCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (any, error) {
	arg := func() string {
		if len(p.Arguments) == 0 {
			return ""
		}
		var str string
		if raw, err := json.Marshal(p.Arguments[0]); err == nil {
			_ = json.Unmarshal(raw, &str)
		}
		return str
	}
	switch p.Command {
	case CommandShowDocs:
		url := arg()
		if url == "" {
			url = strings.TrimSuffix(kvmodel.DocsBase, "#")
		}
		s.mu.Lock()
		w := s.clientCaps.Window
		s.mu.Unlock()
		if w != nil && w.ShowDocument != nil && w.ShowDocument.Support {
			var res protocol.ShowDocumentResult
			err := protocol.Call(ctx, s.conn, methodWindowShowDocument, &protocol.ShowDocumentParams{URI: uri.URI(url), External: true}, &res)
			if err == nil && res.Success {
				return nil, nil
			}
		}
		_ = s.conn.Notify(ctx, protocol.MethodWindowShowMessage, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: "kvlint documentation: " + url})
		return nil, nil
	case CommandFixAll:
		path := uriPath(protocol.DocumentURI(arg()))
		_, r := s.lintFor(ctx, path)
		if r == nil {
			return nil, nil
		}
		edit := r.fixAll(path)
		if edit == nil {
			return nil, nil
		}
		var res protocol.ApplyWorkspaceEditResponse
		err := protocol.Call(ctx, s.conn, protocol.MethodWorkspaceApplyEdit, &protocol.ApplyWorkspaceEditParams{Label: "kvlint: fix all", Edit: *edit}, &res)
		return nil, err
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "kvlint: unknown command %q", p.Command)
}
