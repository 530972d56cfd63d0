//go:build unix

package driver

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A source file swapped for a named pipe (or a device) after discovery is
// reported as unreadable, at once; the read never waits for a writer.
func TestReadSwappedForFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "a.ts")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{fifo, "/dev/zero"} {
		done := make(chan loaded, 1)
		go func() { done <- read(Input{Path: p, Rel: "a.ts"}, &slabs{}) }()
		select {
		case out := <-done:
			if out.err == nil || !strings.Contains(out.err.Message, "not a regular file") {
				t.Errorf("%s: %+v", p, out)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("reading %s blocks", p)
		}
	}
	_ = os.Remove(fifo)
}
