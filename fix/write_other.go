//go:build !unix

package fix

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

func lockRoot([]File) func() { return func() {} }

// write replaces f's contents with data, atomically.
func write(f File, data []byte) error {
	info, err := os.Lstat(f.Path)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("not fixed: %s is a symbolic link", f.Rel)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("not fixed: %s is not a regular file", f.Rel)
	}
	current, err := os.ReadFile(f.Path)
	if err != nil {
		return err
	}
	if !bytes.Equal(current, f.Src) {
		return ErrChanged
	}
	dir := filepath.Dir(f.Path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".kvlint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), info.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return err
	}
	if got, err := os.ReadFile(f.Path); err != nil || !bytes.Equal(got, data) {
		return fmt.Errorf("not fixed: the file was replaced while it was being fixed")
	}
	return nil
}
