package config

import (
	"os"
	"path/filepath"
	"sync"
)

// Cache finds and loads wrangler configs for many source files: each
// directory is searched once and each config loaded once. It is safe for
// concurrent use; the zero Cache is ready to use.
type Cache struct {
	wdOnce sync.Once
	wd     string // the working directory, "" if unknown

	mu    sync.Mutex
	dirs  map[string]*dirEntry  // absolute directory → its nearest config
	files map[string]*fileEntry // absolute config path → the loaded config

	// forDir holds ForFile's answer by the directory of its path as given
	// (a *forFile): every file of a run asks, and a directory's files are
	// answered alike.
	forDir sync.Map
}

type forFile struct {
	w   *Wrangler
	err error
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
	if e, ok := c.forDir.Load(dir); ok {
		return e.(*forFile).w, e.(*forFile).err
	}
	w, err := c.forFile(path)
	c.forDir.Store(dir, &forFile{w, err})
	return w, err
}

func (c *Cache) forFile(path string) (*Wrangler, error) {
	abs, ok := c.find(c.abs(filepath.Dir(path)))
	if !ok {
		return nil, nil
	}
	f := c.file(abs)
	f.once.Do(func() {
		p := abs
		if !filepath.IsAbs(path) { // name it as Find would
			p = relToWD(abs)
		}
		f.w, f.err = LoadWrangler(p)
	})
	return f.w, f.err
}

// find returns the absolute path of the config nearest to the absolute
// directory dir: each directory on the way up is searched once per Cache.
func (c *Cache) find(dir string) (string, bool) {
	d := c.dir(dir)
	d.once.Do(func() {
		if p, ok := findIn(dir, wranglerNames); ok {
			d.path, d.ok = p, true
		} else if parent := filepath.Dir(dir); parent != dir {
			d.path, d.ok = c.find(parent)
		}
	})
	return d.path, d.ok
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

// abs is filepath.Abs with the working directory read once (filepath.Abs
// reads it, with two system calls, on every call).
func (c *Cache) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	c.wdOnce.Do(func() { c.wd, _ = os.Getwd() })
	if c.wd == "" {
		return absOr(p)
	}
	return filepath.Join(c.wd, p)
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
