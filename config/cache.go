package config

import (
	"path/filepath"
	"sync"
)

// Cache finds and loads wrangler configs for many source files: each
// directory is searched once and each config loaded once. It is safe for
// concurrent use; the zero Cache is ready to use.
type Cache struct {
	mu    sync.Mutex
	dirs  map[string]*dirEntry  // absolute directory → its nearest config
	files map[string]*fileEntry // absolute config path → the loaded config
}

type dirEntry struct {
	once sync.Once
	path string
	ok   bool
}

type fileEntry struct {
	once sync.Once
	w    *Wrangler
	err  error
}

// ForFile returns the wrangler config nearest to the source file at path
// (see Find), or nil and no error when there is none. A config that cannot
// be loaded returns the same error for every file under it.
func (c *Cache) ForFile(path string) (*Wrangler, error) {
	dir := filepath.Dir(path)
	d := c.dir(absOr(dir))
	d.once.Do(func() { d.path, d.ok = Find(dir) })
	if !d.ok {
		return nil, nil
	}
	f := c.file(absOr(d.path))
	f.once.Do(func() { f.w, f.err = LoadWrangler(d.path) })
	return f.w, f.err
}

func (c *Cache) dir(key string) *dirEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dirs == nil {
		c.dirs = map[string]*dirEntry{}
	}
	e := c.dirs[key]
	if e == nil {
		e = &dirEntry{}
		c.dirs[key] = e
	}
	return e
}

func (c *Cache) file(key string) *fileEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]*fileEntry{}
	}
	e := c.files[key]
	if e == nil {
		e = &fileEntry{}
		c.files[key] = e
	}
	return e
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
