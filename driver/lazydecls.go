package driver

import (
	"strings"

	"github.com/kvlint/kvlint/parser"
)

// loadDecls reads the declarations of the lazy files (context files only
// scanned, see parser.ScanLazy) that the type layer can reach. It looks
// declarations up by name alone (kvtypes' lookup: a name as written, with
// each namespace around where it is written, until one is declared, then
// the last part of a qualified name), so a declaration can change what it
// says only when a chain of names leads to it: from the text of a parsed
// file (any name written in it, see parser.Names), or from the types of a
// declaration reached (every declaration of a file that is not lazy, and
// those the chains lead to). A lazy file is read when it may declare one
// of those names (parser.File.MayDeclare); its declarations are then
// reached only when their own names are. A file named in a project that
// vendors megabytes of libraries so reads the declarations of the few
// library files its types lead to. src gives a lazy file's text; the
// files of each round are read on up to jobs goroutines.
func loadDecls(files []*parser.File, src func(*parser.File) []byte, jobs int) {
	l := &lazyDecls{
		byLast:   map[string][]*parser.File{},
		declared: map[string]bool{},
		wanted:   map[string]bool{},
		reading:  map[*parser.File]bool{},
		pending:  map[string][]*parser.TypeDecl{},
	}
	for _, f := range files {
		if !f.Lazy() {
			for i := range f.Decls {
				l.declared[f.Decls[i].Name] = true
			}
			continue
		}
		names, all := f.LazyNames()
		if all {
			l.any = append(l.any, f)
			l.read(f)
			continue
		}
		for _, n := range names {
			l.byLast[n] = append(l.byLast[n], f)
		}
	}
	if len(l.byLast) == 0 && len(l.toRead) == 0 {
		return
	}
	for _, f := range files {
		switch {
		case f.Parsed():
			for _, n := range f.Names() {
				l.want(n)
			}
		case !f.Lazy():
			for i := range f.Decls {
				l.queue = append(l.queue, &f.Decls[i])
			}
		}
	}
	for {
		l.drain()
		if len(l.toRead) == 0 {
			return
		}
		batch := l.toRead
		l.toRead = nil
		parallel(len(batch), jobs, func(i int) { batch[i].LoadDecls(src(batch[i])) })
		for _, f := range batch {
			delete(l.reading, f)
			for i := range f.Decls {
				d := &f.Decls[i]
				l.declared[d.Name] = true
				if l.wanted[d.Name] {
					l.queue = append(l.queue, d)
				} else {
					l.pending[d.Name] = append(l.pending[d.Name], d)
				}
			}
		}
		parked := l.parked
		l.parked = nil
		for _, c := range parked {
			l.follow(c)
		}
	}
}

type lazyDecls struct {
	byLast   map[string][]*parser.File     // lazy files by the last parts of the names they may declare
	declared map[string]bool               // names of the declarations read
	wanted   map[string]bool               // names looked up
	pending  map[string][]*parser.TypeDecl // read, not reached, by name
	queue    []*parser.TypeDecl            // reached, their names to follow
	toRead   []*parser.File                // to read in the next round
	reading  map[*parser.File]bool         // in toRead
	parked   []*lookupChain                // waiting for the files of the round
	any      []*parser.File                // lazy files that may declare any name
}

// lookupChain is the names one lookup tries, in order, until one is
// declared.
type lookupChain struct {
	keys []string
	next int
}

// want records a name looked up: every file that may declare it is read
// (in the next round), and its declarations of that name are reached. It
// reports whether the files that may declare it are all read.
func (l *lazyDecls) want(name string) (known bool) {
	last := name
	if j := strings.LastIndexByte(name, '.'); j >= 0 {
		last = name[j+1:]
	}
	if !l.wanted[name] {
		l.wanted[name] = true
		for _, f := range l.byLast[last] {
			if f.Lazy() && f.MayDeclare(name) {
				l.read(f)
			}
		}
		l.queue = append(l.queue, l.pending[name]...)
		delete(l.pending, name)
	}
	for _, f := range l.byLast[last] {
		if l.reading[f] && f.MayDeclare(name) {
			return false
		}
	}
	for _, f := range l.any {
		if l.reading[f] {
			return false
		}
	}
	return true
}

func (l *lazyDecls) read(f *parser.File) {
	if !l.reading[f] {
		l.reading[f] = true
		l.toRead = append(l.toRead, f)
	}
}

// drain follows the names the reached declarations' types refer to, as
// kvtypes' lookup tries them: with each namespace around the declaration
// until one is declared, alone, and the last part of a qualified name. A
// generic parameter of the declaration is not looked up.
func (l *lazyDecls) drain() {
	for len(l.queue) > 0 {
		d := l.queue[len(l.queue)-1]
		l.queue = l.queue[:len(l.queue)-1]
		ns := ""
		if j := strings.LastIndexByte(d.Name, '.'); j >= 0 {
			ns = d.Name[:j]
		}
		parser.TypeNames(d, func(name string) {
			if !strings.Contains(name, ".") {
				for _, p := range d.Params {
					if p.Name == name {
						return
					}
				}
			}
			c := &lookupChain{}
			for n := ns; n != ""; {
				c.keys = append(c.keys, n+"."+name)
				j := strings.LastIndexByte(n, '.')
				if j < 0 {
					break
				}
				n = n[:j]
			}
			c.keys = append(c.keys, name)
			if j := strings.LastIndexByte(name, '.'); j >= 0 {
				c.keys = append(c.keys, name[j+1:])
			}
			l.follow(c)
		})
	}
}

// follow tries a chain's names until one is declared, parking it while
// the files that may declare the next one are still to be read.
func (l *lazyDecls) follow(c *lookupChain) {
	for ; c.next < len(c.keys); c.next++ {
		key := c.keys[c.next]
		if !l.want(key) {
			l.parked = append(l.parked, c)
			return
		}
		if l.declared[key] {
			return
		}
	}
}
