package driver

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on Linux (x86-64,
// arm64 with 4 KB pages).
const hugePage = 2 << 20

// newSlab returns a block of slabSize bytes aligned to a huge page and
// advised to be backed by huge pages (MADV_HUGEPAGE: honoured when the
// system's transparent huge pages are enabled or left to madvise, as they
// commonly are; otherwise a no-op).
func newSlab() []byte {
	b := make([]byte, slabSize+hugePage)
	off := int((hugePage - uintptr(unsafe.Pointer(&b[0]))%hugePage) % hugePage)
	b = b[off : off+slabSize : off+slabSize]
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	return b
}
