package driver

import "sync"

// slabs hands out the buffers a run reads its files into, carved from
// blocks of slabSize bytes that the system backs with huge pages where it
// can (see newSlab): a project vendoring 26 MB of libraries in 4,600 files
// otherwise takes a page fault per 4 KB of their text, 6,400 of a named
// file's 16,000. A block is freed only once none of its files is
// referenced, so only files whose text is mostly dropped with their run
// use slabs (Run: the context files of a run without a Cache); a nil
// *slabs allocates each buffer alone.
type slabs struct {
	mu   sync.Mutex
	free []byte
}

const (
	slabSize = 8 << 20
	// A file bigger than this gets a buffer of its own: it wastes less of
	// a block's end.
	slabMaxFile = slabSize / 8
)

// alloc returns a buffer of n zero bytes.
func (s *slabs) alloc(n int) []byte {
	if s == nil || n > slabMaxFile {
		return make([]byte, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.free) < n {
		s.free = newSlab()
	}
	buf := s.free[:n:n]
	s.free = s.free[n:]
	return buf
}
