//go:build unix

package driver

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"github.com/kvlint/kvlint/internal/safefile"
)

// fileMode converts the file type bits of a stat.
func fileMode(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	}
	return fs.ModeIrregular
}

// readFile reads a file of at most maxFileSize bytes whole; a bigger one
// is not read, only its size returned.
//
// A run reads thousands of files, so this goes straight to the system
// calls: open, fstat, one read that finds the end (the buffer is a byte
// longer than the file), close. os.Open would also register each file with
// the runtime's poller, tripling the calls for nothing: a regular file
// never blocks.
func readFile(path string, bufs *slabs) (src []byte, size int64, err error) {
	// O_NONBLOCK: a file swapped for a named pipe after discovery would
	// otherwise block the open until a writer came.
	fd, err := retry(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	})
	if err != nil {
		return nil, 0, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, 0, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		return nil, 0, &os.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	default: // a FIFO, a device (/dev/zero), a socket
		return nil, 0, &safefile.NotRegularError{Path: path, Mode: fileMode(uint32(st.Mode))} //nolint:unconvert // uint16 on darwin
	}
	if size = st.Size; size > maxFileSize {
		return nil, size, nil
	}
	buf := bufs.alloc(int(size) + 1)
	n := 0
	for {
		m, err := retry(func() (int, error) { return syscall.Read(fd, buf[n:]) })
		if err != nil {
			return nil, 0, &os.PathError{Op: "read", Path: path, Err: err}
		}
		n += m
		if m == 0 || n < len(buf) {
			return buf[:n], int64(n), nil
		}
		// The file grew since fstat.
		if int64(n) > maxFileSize {
			return nil, int64(n), nil
		}
		buf = append(buf, make([]byte, len(buf))...)
	}
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
