// Package atomicfile writes files so that a reader, or a crash, never
// sees a half-written one, and so that a tool replaces only what it was
// asked to write.
//
// A regular file (or a path that does not exist yet) is replaced by
// rename: the new content goes to a temporary file beside the target,
// named ".NAME.tmpDIGITS", which is synced, renamed over the target, and
// the directory is synced after the rename. A symbolic link is followed,
// so the file it points at is replaced and the link stays a link; which
// file that is, Resolve asks the file system, as the kernel would. A
// special file (a terminal, /dev/stdout, a pipe, a device) cannot be
// replaced by rename, so it is written in place.
//
// A temporary file left by a process killed before its rename is removed
// by the next call that writes the same target, or by RemoveStale. A
// temporary file holds an exclusive flock(2) from its creation to its
// rename, and clean-up removes only those it can lock, so that writers
// of one target at the same time, in one process or several, never
// remove each other's: each renames a complete file, the last one wins.
// Where there is no flock (Windows), an open file cannot be removed by
// another process, which stands in for the lock while the file is
// written; it is closed just before its rename, since Windows renames no
// open file, and a clean-up in that instant can still remove it.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
)

// File is one file to write.
type File struct {
	Path string
	Data []byte
}

// Options tune WriteFiles.
type Options struct {
	// Perm is the mode of newly created files; 0 means 0o644. A replaced
	// file keeps its own mode.
	Perm fs.FileMode

	// AfterRename, if set, is called after each rename with the target's
	// path. Tests use it to stop a process between two renames.
	AfterRename func(path string)
}

// WriteFile replaces path with data.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return WriteFiles([]File{{path, data}}, Options{Perm: perm})
}

// WriteFiles replaces every file, in the order given: all of them are
// first written in full to temporary files beside their targets and
// synced; only when every write has succeeded are they renamed into
// place, one after the other, in order. A failure before the first rename
// leaves every target untouched and no temporary file behind. Callers put
// last the file whose presence says the others are complete (the pin).
func WriteFiles(files []File, opts Options) (err error) {
	perm := opts.Perm
	if perm == 0 {
		perm = 0o644
	}
	type pending struct {
		target  string
		tmp     *temp // nil for a special file, and once renamed
		special bool
	}
	var todo []pending
	defer func() {
		for _, p := range todo {
			if p.tmp != nil {
				p.tmp.discard()
			}
		}
	}()
	for _, f := range files {
		target, special, err := Resolve(f.Path)
		if err != nil {
			return err
		}
		if special {
			todo = append(todo, pending{target: target, special: true})
			continue
		}
		if err := RemoveStale(filepath.Dir(target), filepath.Base(target)); err != nil {
			return err
		}
		tmp, err := writeTemp(target, f.Data, perm)
		if err != nil {
			return err
		}
		todo = append(todo, pending{target: target, tmp: tmp})
	}
	dirs := map[string]bool{}
	for i, p := range todo {
		if p.special {
			if err := writeInPlace(p.target, files[i].Data); err != nil {
				return err
			}
			continue
		}
		err := p.tmp.publish()
		todo[i].tmp = nil
		if err != nil {
			return fmt.Errorf("rename into %s: %w", clip.Path(p.target), err)
		}
		dirs[filepath.Dir(p.target)] = true
		if opts.AfterRename != nil {
			opts.AfterRename(files[i].Path)
		}
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// maxLinks bounds the links followed, as the kernel's ELOOP does.
const maxLinks = 40

// Resolve returns the file a write to path lands on, as the kernel
// resolves it, and whether it is a special file that must be written in
// place rather than replaced by rename. Symbolic links are followed,
// chains included; a dangling link resolves to the file it names, which
// the write creates, as the shell's > does. The directory holding each
// name is resolved by the file system (filepath.EvalSymlinks), never by
// joining text: a relative link's ".." is taken from the directory the
// link really is in, which is not the one spelled when that directory is
// reached through a link. A path naming a directory is refused; one in a
// directory that does not exist resolves as ResolveDir has it, and the
// write fails there.
func Resolve(path string) (target string, special bool, err error) {
	p := path
	for range maxLinks {
		dir, base := splitLast(p)
		if base == "" || base == "." || base == ".." {
			return "", false, fmt.Errorf("%s is a directory", clip.Path(path))
		}
		realDir, err := ResolveDir(dir)
		if err != nil {
			return "", false, err
		}
		p = filepath.Join(realDir, base)
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, false, nil
		case err != nil:
			return "", false, err
		case fi.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return "", false, err
			}
			if !filepath.IsAbs(link) {
				// Not filepath.Join, which would resolve the link's ".."
				// as text: the next round asks the file system.
				link = realDir + string(filepath.Separator) + link
			}
			p = link
		case fi.Mode().IsRegular():
			return p, false, nil
		case fi.IsDir():
			return "", false, fmt.Errorf("%s is a directory", clip.Path(path))
		default:
			return p, true, nil
		}
	}
	return "", false, fmt.Errorf("%s: too many levels of symbolic links", clip.Path(path))
}

// ResolveDir returns the directory path names, as the kernel resolves
// it, for a directory that may not exist yet: the part that exists is
// resolved by the file system, a dangling link is followed to where it
// points, and the rest is appended, as MkdirAll would create it. Writers
// into a directory use it, so that a ".." after a link goes where the
// kernel takes it.
func ResolveDir(path string) (string, error) {
	return resolveDir(path, maxLinks)
}

func resolveDir(path string, links int) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return real, err
	}
	dir, base := splitLast(path)
	switch {
	case dir == path:
		return filepath.Clean(path), nil
	case base == "": // a trailing separator
		return resolveDir(dir, links)
	}
	parent, err := resolveDir(dir, links)
	if err != nil {
		return "", err
	}
	p := filepath.Join(parent, base)
	link, err := os.Readlink(p)
	if err != nil {
		return p, nil // nothing there: created by the write
	}
	if links == 0 {
		return "", fmt.Errorf("%s: too many levels of symbolic links", clip.Path(path))
	}
	if !filepath.IsAbs(link) {
		link = parent + string(filepath.Separator) + link
	}
	return resolveDir(link, links-1)
}

// splitLast splits p before its last element without cleaning it, so
// that a ".." after a link is left for the file system to resolve. The
// directory of a bare name is ".".
func splitLast(p string) (dir, base string) {
	i := len(p) - 1
	for i >= len(filepath.VolumeName(p)) && !os.IsPathSeparator(p[i]) {
		i--
	}
	dir, base = p[:i+1], p[i+1:]
	switch {
	case dir == "":
		dir = "."
	case len(dir) > len(filepath.VolumeName(p))+1:
		dir = dir[:len(dir)-1] // drop the separator, not a root's
	}
	return dir, base
}

func writeTemp(target string, data []byte, perm fs.FileMode) (*temp, error) {
	t, err := newTemp(target)
	if err != nil {
		return nil, err
	}
	if _, err := t.f.Write(data); err != nil {
		t.discard()
		return nil, fmt.Errorf("write %s: %w", clip.Path(target), err)
	}
	if err := t.seal(perm); err != nil {
		t.discard()
		return nil, fmt.Errorf("sync %s: %w", clip.Path(target), err)
	}
	return t, nil
}

// temp is a temporary file beside target that stands in for it until
// its rename. From its creation to its rename it holds an exclusive
// flock, which tells RemoveStale, in this process or another, that it is
// in use (see lockTemp for where there is none).
type temp struct {
	f      *os.File
	target string
	closed bool
}

// maxTempTries bounds the attempts at a locked temporary file: one fails
// only when a clean-up opened the new file before it was locked.
const maxTempTries = 10

// newTemp creates and locks a temporary file beside target, named as
// RemoveStale and .gitignore expect. Between the creation and the lock a
// clean-up may take the new file for a killed run's; then it is given up
// for another.
func newTemp(target string) (*temp, error) {
	for range maxTempTries {
		f, err := os.CreateTemp(filepath.Dir(target), tempPrefix(filepath.Base(target))+"*")
		if err != nil {
			return nil, err
		}
		locked, err := lockTemp(f)
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
		if locked && stillNamed(f) {
			return &temp{f: f, target: target}, nil
		}
		f.Close() // the clean-up that holds or held it removes it
	}
	return nil, fmt.Errorf("create a temporary file beside %s: clean-ups of other runs took %d in a row", clip.Path(target), maxTempTries)
}

// stillNamed reports whether f's name still names f: a clean-up may have
// removed it before it was locked.
func stillNamed(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	li, err := os.Lstat(f.Name())
	return err == nil && os.SameFile(fi, li)
}

// seal gives the temporary file the mode of the target it will replace
// (perm for a new target) and flushes it to disk, so that the rename
// that follows publishes complete content. It stays open, and locked,
// where a file can be renamed while open.
func (t *temp) seal(perm fs.FileMode) error {
	if fi, err := os.Stat(t.target); err == nil {
		perm = fi.Mode().Perm()
	}
	err := t.f.Chmod(perm)
	if err == nil {
		err = t.f.Sync()
	}
	if !renameOpen {
		t.closed = true
		if cerr := t.f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// publish renames the temporary file over its target, then closes it,
// which releases its lock; on failure it is discarded.
func (t *temp) publish() error {
	if err := os.Rename(t.f.Name(), t.target); err != nil {
		t.discard()
		return err
	}
	if !t.closed {
		t.closed = true
		return t.f.Close()
	}
	return nil
}

// discard removes the temporary file while it is still locked, then
// closes it.
func (t *temp) discard() {
	os.Remove(t.f.Name())
	if !t.closed {
		t.closed = true
		t.f.Close()
	}
}

func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", clip.Path(path), err)
	}
	return f.Close()
}

// tempPrefix is the name of the temporary files that stand in for base
// until their rename, without the random digits: ".base.tmp". .gitignore
// matches it with ".*.tmp*".
func tempPrefix(base string) string { return "." + base + ".tmp" }

// RemoveStale removes the temporary files that a process killed before
// its renames left in dir for the targets named by bases. Only names of
// the exact form ".BASE.tmpDIGITS" are touched, and only those no run is
// writing: a temporary file in use holds its lock until its rename, and
// one that cannot be locked (or, where there are no locks, removed) is
// left alone.
func RemoveStale(dir string, bases ...string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		for _, b := range bases {
			rest, ok := strings.CutPrefix(e.Name(), tempPrefix(b))
			if ok && rest != "" && strings.Trim(rest, "0123456789") == "" && e.Type().IsRegular() {
				if err := removeUnlocked(filepath.Join(dir, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// removeUnlocked removes the temporary file at path if it can take its
// lock, holding the lock while it removes it. A file it cannot open is
// not its own to judge, and is left.
func removeUnlocked(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	locked, err := lockTemp(f)
	if err != nil || !locked || !stillNamed(f) {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) && !inUse(err) {
		return err
	}
	return nil
}

// Create opens path for streaming output that Commit makes visible at
// once: a regular file (or a new one) is written to a temporary file and
// renamed into place by Commit; a special file such as /dev/stdout or a
// pipe is written directly. Abort discards what was written to a
// temporary file. One of the two must be called.
func Create(path string) (*Writer, error) {
	target, special, err := Resolve(path)
	if err != nil {
		return nil, err
	}
	if special {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &Writer{f: f, target: target}, nil
	}
	if err := RemoveStale(filepath.Dir(target), filepath.Base(target)); err != nil {
		return nil, err
	}
	t, err := newTemp(target)
	if err != nil {
		return nil, err
	}
	return &Writer{f: t.f, target: target, tmp: t}, nil
}

// Writer is an output file opened by Create.
type Writer struct {
	f      *os.File // the temporary file, or the special file itself
	target string
	tmp    *temp // nil for a special file
	done   bool
}

var _ io.Writer = (*Writer)(nil)

func (w *Writer) Write(b []byte) (int, error) { return w.f.Write(b) }

// Commit makes the output visible under its name.
func (w *Writer) Commit() error {
	if w.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	w.done = true
	if w.tmp == nil {
		return w.f.Close()
	}
	if err := w.tmp.seal(0o644); err != nil {
		w.tmp.discard()
		return fmt.Errorf("write %s: %w", clip.Path(w.target), err)
	}
	if err := w.tmp.publish(); err != nil {
		return fmt.Errorf("write %s: %w", clip.Path(w.target), err)
	}
	return syncDir(filepath.Dir(w.target))
}

// Abort discards the output; the target keeps its old content. After
// Commit it does nothing, so it can be deferred.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	if w.tmp == nil {
		w.f.Close()
		return
	}
	w.tmp.discard()
}
