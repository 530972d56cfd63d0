package main

import (
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/kvlint/kvlint/config"
	"github.com/kvlint/kvlint/driver"
)

// --cache: results kept between runs in a file under the cache directory,
// keyed per file by the driver (driver.Options.Reuse: a file's text and
// everything its findings depend on) and as a whole by what changes every
// finding: kvlint's build, kvlint.toml, the rules and severities in force,
// the flags that choose the files, and the working directory (findings
// name files relative to it). A run re-lints only the files whose keys
// changed, the others' results read back, like ESLint's
// --cache-strategy content.

// resultCache is the --cache state of a run; nil when --cache is off.
type resultCache struct {
	path  string
	stamp string
	old   map[string]cachedFile // rel -> results of the last run
}

type cachedFile struct {
	Key    string
	Result driver.FileResult
}

type cacheFile struct {
	Stamp string
	Files map[string]cachedFile
}

// cacheFormat changes when the layout of cacheFile changes.
const cacheFormat = "kvlint-cache-1"

func openResultCache(o options, tools []*config.Tool, analyzers []driver.Analyzer, cwd string, stderr io.Writer) *resultCache {
	if !o.cache || o.parseOnly || o.parseAll {
		return nil
	}
	dir := o.cacheLocation
	if dir == "" {
		dir = ".kvlint-cache"
		if fi, err := os.Stat("node_modules"); err == nil && fi.IsDir() {
			dir = filepath.Join("node_modules", ".cache", "kvlint")
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00tests=%v\x00stdin=%v\x00", cacheFormat, buildStamp(), cwd, o.tests, o.stdin)
	var paths []string
	for _, t := range tools {
		if t != nil {
			paths = append(paths, t.Path)
		}
	}
	sort.Strings(paths)
	for _, p := range paths { // every kvlint.toml in force, by content
		fmt.Fprintf(h, "tool %s\x00", p)
		if src, err := os.ReadFile(p); err == nil {
			h.Write(src)
		}
	}
	for _, a := range analyzers {
		fmt.Fprintf(h, "\x00%s=%s", a.Analyzer.Name, a.Severity)
	}
	c := &resultCache{path: filepath.Join(dir, "results.gob"), stamp: fmt.Sprintf("%x", h.Sum(nil)), old: map[string]cachedFile{}}
	if f, err := os.Open(c.path); err == nil {
		var cf cacheFile
		if gob.NewDecoder(f).Decode(&cf) == nil && cf.Stamp == c.stamp {
			c.old = cf.Files
		}
		f.Close()
	}
	return c
}

// buildStamp identifies the kvlint binary: its version, and for a
// development build its executable's size and time as well.
func buildStamp() string {
	s := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range bi.Settings {
			if kv.Key == "vcs.revision" || kv.Key == "vcs.modified" {
				s += " " + kv.Value
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			s += fmt.Sprintf(" %d %d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return s
}

func (c *resultCache) reuse() func(rel, key string) (driver.FileResult, bool) {
	if c == nil {
		return nil
	}
	return func(rel, key string) (driver.FileResult, bool) {
		e, ok := c.old[rel]
		if !ok || e.Key != key {
			return driver.FileResult{}, false
		}
		return e.Result, true
	}
}

// save writes the run's results, unless it failed inside kvlint.
func (c *resultCache) save(res *driver.Result, stderr io.Writer) {
	if c == nil || len(res.Internal) > 0 {
		return
	}
	files := make(map[string]cachedFile, len(res.Keys))
	for rel, key := range res.Keys {
		files[rel] = cachedFile{Key: key}
	}
	for _, f := range res.Findings {
		if e, ok := files[f.File]; ok {
			e.Result.Findings = append(e.Result.Findings, f)
			files[f.File] = e
		}
	}
	for _, fe := range res.Errors {
		if e, ok := files[fe.File]; ok {
			e.Result.Errors = append(e.Result.Errors, fe)
			files[fe.File] = e
		}
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		fmt.Fprintf(stderr, "kvlint: --cache: %v\n", err)
		return
	}
	tmp := c.path + ".tmp"
	f, err := os.Create(tmp)
	if err == nil {
		err = gob.NewEncoder(f).Encode(cacheFile{Stamp: c.stamp, Files: files})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, c.path)
	}
	if err != nil {
		os.Remove(tmp)
		fmt.Fprintf(stderr, "kvlint: --cache: %v\n", err)
		return
	}
	c.old = files
}
