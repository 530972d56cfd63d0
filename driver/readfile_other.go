//go:build !unix

package driver

import (
	"io"
	"os"

	"github.com/kvlint/kvlint/internal/safefile"
)

// readFile reads a file of at most maxFileSize bytes whole; a bigger one
// is not read, only its size returned.
func readFile(path string, bufs *slabs) (src []byte, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, &safefile.NotRegularError{Path: path, Mode: fi.Mode()}
	}
	if size = fi.Size(); size > maxFileSize {
		return nil, size, nil
	}
	// One byte more than the size: a read that fills less has met the end.
	buf := bufs.alloc(int(size) + 1)
	n := 0
	for {
		m, err := f.Read(buf[n:])
		n += m
		if err == io.EOF || err == nil && m > 0 && n < len(buf) {
			return buf[:n], int64(n), nil
		}
		if err != nil {
			return nil, 0, err
		}
		if n == len(buf) { // the file grew since Stat
			if int64(len(buf)) > maxFileSize {
				return nil, int64(n), nil
			}
			buf = append(buf, make([]byte, len(buf))...)
		}
	}
}
