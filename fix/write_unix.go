//go:build unix

package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lockRoot takes the run's lock: an advisory lock on the directory that
// holds every file to fix, so that two kvlint processes fixing one tree
// take turns. It returns the function that releases it.
func lockRoot(files []File) func() {
	var root string
	for _, f := range files {
		d, err := filepath.Abs(filepath.Dir(f.Path))
		if err != nil {
			return func() {}
		}
		if root == "" {
			root = d
			continue
		}
		for !within(d, root) {
			root = filepath.Dir(root)
		}
	}
	if root == "" {
		return func() {}
	}
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return func() {}
	}
	if err := flock(fd, unix.LOCK_EX); err != nil {
		unix.Close(fd)
		return func() {}
	}
	return func() { unix.Close(fd) } // closing releases the lock
}

func within(d, root string) bool {
	return d == root || strings.HasPrefix(d, root+string(filepath.Separator)) || root == string(filepath.Separator)
}

func flock(fd, how int) error {
	for {
		err := unix.Flock(fd, how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// tempMark is in the name of every temporary file kvlint writes beside a
// file it fixes: .<name>.kvlint-<pid>-tmp-<random>. A temporary file whose
// process is gone was left by a killed run; the next run removes it.
const tempMark = ".kvlint-"

// removeStale removes the temporary files a killed run left beside path.
func removeStale(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+tempMark+"*-tmp-*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), "."+filepath.Base(path)+tempMark)
		pid, err := strconv.Atoi(rest[:max(strings.Index(rest, "-"), 0)])
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := unix.Kill(pid, 0); errors.Is(err, unix.ESRCH) {
			os.Remove(m)
		}
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// write replaces f's contents with data, keeping the file's identity.
//
// The file is locked (flock) from the comparison with what was linted to
// the replacement. Its owner, group and every mode bit (setuid, setgid,
// sticky) are kept. A file with other hard links, or whose owner could not
// be given to a new file, is written in place, with a backup beside it
// that is removed once the new contents are on disk. Read-only files,
// symbolic links and files reached through a symbolically linked
// directory are refused. The content is compared again just before the
// rename and checked on disk after it: a change another writer made in
// between is put back, and reported, never lost.
func write(f File, data []byte) error {
	if err := noLinkedDir(f); err != nil {
		return err
	}
	info, err := os.Lstat(f.Path)
	if err != nil {
		return err
	}
	if info.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("not fixed: %s is a symbolic link", f.Rel)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("not fixed: %s is not a regular file", f.Rel)
	}
	if info.Mode().Perm()&0o222 == 0 || unix.Access(f.Path, unix.W_OK) != nil {
		return fmt.Errorf("not fixed: %s is read-only", f.Rel)
	}
	fd, err := unix.Open(f.Path, unix.O_RDWR|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EROFS) || errors.Is(err, unix.EPERM) {
			return fmt.Errorf("not fixed: %s is read-only", f.Rel)
		}
		return &os.PathError{Op: "open", Path: f.Path, Err: err}
	}
	defer unix.Close(fd)
	if err := flock(fd, unix.LOCK_EX); err != nil {
		return &os.PathError{Op: "lock", Path: f.Path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return fmt.Errorf("not fixed: %s is not a regular file", f.Rel)
	}
	if !samePath(f.Path, &st) {
		return ErrChanged
	}
	if cur, err := readFd(fd); err != nil || !bytes.Equal(cur, f.Src) {
		if err != nil {
			return err
		}
		return ErrChanged
	}
	removeStale(f.Path)
	if st.Nlink > 1 {
		return writeInPlace(f, fd, &st, data)
	}
	tmp, err := newTemp(f.Path, data, &st)
	if errors.Is(err, errOwner) {
		return writeInPlace(f, fd, &st, data)
	}
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // no-op once renamed
	// Compare again at the last moment: a writer may have come in while
	// the new contents were written.
	if cur, err := readFd(fd); err != nil || !bytes.Equal(cur, f.Src) || !samePath(f.Path, &st) {
		return ErrChanged
	}
	if err := os.Rename(tmp, f.Path); err != nil {
		return err
	}
	syncDir(filepath.Dir(f.Path))
	// Check. The old file must not have changed between the last
	// comparison and the rename; if it did, its contents are put back.
	if cur, err := readFd(fd); err != nil || !bytes.Equal(cur, f.Src) {
		if err == nil {
			if back, err := newTemp(f.Path, cur, &st); err == nil {
				if os.Rename(back, f.Path) != nil {
					os.Remove(back)
				}
			}
		}
		return ErrChanged
	}
	if got, err := os.ReadFile(f.Path); err != nil || !bytes.Equal(got, data) {
		return errors.New("not fixed: the file was replaced while it was being fixed")
	}
	return nil
}

var errOwner = errors.New("owner cannot be kept")

// newTemp writes data to a new temporary file beside path with st's
// owner, group and mode.
func newTemp(path string, data []byte, st *unix.Stat_t) (string, error) {
	dir := filepath.Dir(path)
	pattern := "." + filepath.Base(path) + tempMark + strconv.Itoa(os.Getpid()) + "-tmp-*"
	t, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	name := t.Name()
	fail := func(err error) (string, error) {
		t.Close()
		os.Remove(name)
		return "", err
	}
	if _, err := t.Write(data); err != nil {
		return fail(err)
	}
	// Owner first: changing it clears setuid and setgid.
	if int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid() {
		if err := t.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return fail(errOwner)
		}
	}
	if err := unix.Fchmod(int(t.Fd()), uint32(st.Mode)&0o7777); err != nil { //nolint:unconvert // uint16 on darwin
		return fail(err)
	}
	if err := t.Sync(); err != nil {
		return fail(err)
	}
	if err := t.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// writeInPlace overwrites the locked file through fd (which keeps its
// inode, so its hard links and owner), after saving a backup beside it.
func writeInPlace(f File, fd int, st *unix.Stat_t, data []byte) error {
	dir := filepath.Dir(f.Path)
	b, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+tempMark+strconv.Itoa(os.Getpid())+"-backup-*")
	if err != nil {
		return err
	}
	backup := b.Name()
	_, err = b.Write(f.Src)
	if err == nil {
		err = b.Sync()
	}
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(backup)
		return err
	}
	if cur, err := readFd(fd); err != nil || !bytes.Equal(cur, f.Src) {
		os.Remove(backup)
		return ErrChanged
	}
	if err := pwriteAll(fd, data); err != nil {
		return fmt.Errorf("writing %s failed (its contents are saved in %s): %w", f.Rel, backup, err)
	}
	if err := unix.Ftruncate(fd, int64(len(data))); err != nil {
		return fmt.Errorf("writing %s failed (its contents are saved in %s): %w", f.Rel, backup, err)
	}
	if err := unix.Fsync(fd); err != nil {
		return fmt.Errorf("writing %s failed (its contents are saved in %s): %w", f.Rel, backup, err)
	}
	if got, err := readFd(fd); err != nil || !bytes.Equal(got, data) {
		return fmt.Errorf("%s changed while it was being fixed; its contents before the fix are saved in %s", f.Rel, backup)
	}
	os.Remove(backup)
	return nil
}

func pwriteAll(fd int, data []byte) error {
	off := 0
	for off < len(data) {
		n, err := unix.Pwrite(fd, data[off:], int64(off))
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return err
		}
		off += n
	}
	return nil
}

// readFd reads the whole file from its start.
func readFd(fd int) ([]byte, error) {
	var out []byte
	buf := make([]byte, 64<<10)
	for off := int64(0); ; {
		n, err := unix.Pread(fd, buf, off)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return out, nil
		}
		out = append(out, buf[:n]...)
		off += int64(n)
	}
}

// samePath reports whether path still names the file st describes.
func samePath(path string, st *unix.Stat_t) bool {
	var now unix.Stat_t
	return unix.Lstat(path, &now) == nil && now.Ino == st.Ino && now.Dev == st.Dev
}

func syncDir(dir string) {
	if fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err == nil {
		_ = unix.Fsync(fd) // best effort: the rename is done
		unix.Close(fd)
	}
}

// noLinkedDir refuses a file whose path, below the directory it is named
// relative to, goes through a symbolic link to a directory: the walk
// never follows those, and --fix never writes through them.
func noLinkedDir(f File) error {
	rel := filepath.Clean(filepath.FromSlash(f.Rel))
	if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	dir := filepath.Dir(f.Path)
	for r := filepath.Dir(rel); r != "." && r != string(filepath.Separator); r = filepath.Dir(r) {
		if info, err := os.Lstat(dir); err == nil && info.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("not fixed: %s is reached through a symbolic link (%s)", f.Rel, filepath.ToSlash(r))
		}
		dir = filepath.Dir(dir)
	}
	return nil
}
