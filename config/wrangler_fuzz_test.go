package config_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kvlint/kvlint/config"
)

// The fuzz targets below feed arbitrary bytes to the config loaders. A
// loader must never panic, and every failure must be a *config.Error that
// names the file and a line inside it (or 0: unknown). Run them with
// `make fuzz` (or go test -fuzz=FuzzWrangler ./config).

// seedFile is a fuzz seed read from a file.
type seedFile struct {
	path string
	data []byte
}

// seedFiles returns the files under the repository's testdata and example
// directories whose base name satisfies keep, in a fixed order.
func seedFiles(f *testing.F, keep func(name string) bool) []seedFile {
	f.Helper()
	var out []seedFile
	for _, root := range []string{"testdata", "../testdata", "../examples"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !keep(d.Name()) {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, seedFile{path, b})
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(out) == 0 {
		f.Fatal("no seed files found")
	}
	return out
}

// wranglerExts are the wrangler config formats, selected by a fuzz byte.
var wranglerExts = []string{".toml", ".json", ".jsonc"}

func FuzzWrangler(f *testing.F) {
	for _, s := range seedFiles(f, config.IsWranglerPath) {
		for i, ext := range wranglerExts {
			if strings.HasSuffix(s.path, ext) {
				f.Add(s.data, uint8(i))
			}
		}
	}
	// A few shapes the fixtures do not have.
	f.Add([]byte("\uFEFF{\"kv_namespaces\": [{\"binding\": \"A\"}, /* c */ {\"binding\": \"A\"},]}"), uint8(2))
	f.Add([]byte("[[kv_namespaces]]\nbinding = \"A\"\n[[env.x.kv_namespaces]]\nbinding = \"A\"\n[[env.x.kv_namespaces]]\nbinding = \"A\"\n"), uint8(0))
	f.Add([]byte("kv_namespaces = [{binding='''A'''}, {binding=\"\"\"A\"\"\"}]\r\n"), uint8(0))
	f.Add([]byte("{\"env\": {\"a\": {\"kv_namespaces\": {}}}}"), uint8(1))

	// The loader reads the file, then parses what it read: the fuzzed
	// bytes are parsed directly (config.ParseWrangler), no file written.
	dir := f.TempDir()
	var paths []string
	for _, ext := range wranglerExts {
		paths = append(paths, filepath.Join(dir, "wrangler"+ext))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		if len(data) > maxFuzzConfig {
			return // the scale tests cover big configs
		}
		path := paths[int(kind)%len(paths)]
		w, err := config.ParseWrangler(path, data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if err != nil {
			checkError(t, err, path, lines)
			return
		}
		if w == nil {
			t.Fatal("nil config and nil error")
		}
		envs := append([]config.Env{w.Top}, w.Envs...)
		for _, e := range envs {
			if e.Line < 0 || e.Line > lines {
				t.Errorf("env %q on line %d of a %d-line file", e.Name, e.Line, lines)
			}
			for _, b := range append(append([]config.Binding(nil), e.KV...), e.Other...) {
				if b.Line < 0 || b.Line > lines {
					t.Errorf("binding %q on line %d of a %d-line file", b.Name, b.Line, lines)
				}
			}
			seen := map[string]bool{}
			for _, b := range e.KV {
				if b.Name == "" || seen[b.Name] {
					t.Errorf("env %q: KV binding %q empty or declared twice without an error", e.Name, b.Name)
				}
				seen[b.Name] = true
			}
		}
		// The queries must cope with whatever was loaded.
		for name := range w.KVNames() {
			w.KindOf(name)
			w.EnvsMissingKV(name)
		}
	})
}

// checkError requires err to be a *config.Error naming path, with a line
// inside the file (0 when unknown), a column >= 0 and a message.
func checkError(t *testing.T, err error, path string, lines int) {
	t.Helper()
	var ce *config.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %T is not a *config.Error: %v", err, err)
	}
	if ce.File != path {
		t.Errorf("error names %q, want %q", ce.File, path)
	}
	if ce.Line < 0 || ce.Line > lines || ce.Col < 0 {
		t.Errorf("error at line %d col %d of a %d-line file: %v", ce.Line, ce.Col, lines, err)
	}
	if ce.Msg == "" {
		t.Errorf("error without a message at line %d", ce.Line)
	}
	_ = err.Error()
}
