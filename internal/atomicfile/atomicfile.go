// Package atomicfile writes files so that a reader, or a crash, never
// sees a half-written one, and so that a tool replaces only what it was
// asked to write.
//
// A regular file (or a path that does not exist yet) is replaced by
// rename: the new content goes to a temporary file beside the target,
// named ".NAME.tmpDIGITS", which is synced, renamed over the target, and
// the directory is synced after the rename. A symbolic link is followed,
// so the file it points at is replaced and the link stays a link. A
// special file (a terminal, /dev/stdout, a pipe, a device) cannot be
// replaced by rename, so it is written in place.
//
// A temporary file left by a process killed before its rename is removed
// by the next call that writes the same target, or by RemoveStale.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
		target, tmp string
		special     bool
	}
	var todo []pending
	defer func() {
		if err != nil {
			for _, p := range todo {
				if p.tmp != "" {
					os.Remove(p.tmp)
				}
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
		if err := os.Rename(p.tmp, p.target); err != nil {
			return fmt.Errorf("rename into %s: %w", p.target, err)
		}
		todo[i].tmp = ""
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
// reached through a link. A path naming a directory is refused.
func Resolve(path string) (target string, special bool, err error) {
	p := path
	for range maxLinks {
		dir, base := splitLast(p)
		if base == "" || base == "." || base == ".." {
			return "", false, fmt.Errorf("%s is a directory", path)
		}
		realDir, err := filepath.EvalSymlinks(dir)
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
			return "", false, fmt.Errorf("%s is a directory", path)
		default:
			return p, true, nil
		}
	}
	return "", false, fmt.Errorf("%s: too many levels of symbolic links", path)
}

// ResolveDir returns the directory path names, as the kernel resolves
// it, for a directory that may not exist yet: the part that exists is
// resolved by the file system, the rest is appended, as MkdirAll would
// create it. Writers into a directory use it, so that a ".." after a
// link goes where the kernel takes it.
func ResolveDir(path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return real, err
	}
	dir, base := splitLast(path)
	if dir == path || base == "" {
		return filepath.Clean(path), nil
	}
	parent, err := ResolveDir(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(parent, base), nil
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

func writeTemp(target string, data []byte, perm fs.FileMode) (string, error) {
	f, err := createTemp(target)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", target, err)
	}
	if err := seal(f, target, perm); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("sync %s: %w", target, err)
	}
	return f.Name(), nil
}

// createTemp opens a new temporary file beside target, named as
// RemoveStale and .gitignore expect.
func createTemp(target string) (*os.File, error) {
	return os.CreateTemp(filepath.Dir(target), tempPrefix(filepath.Base(target))+"*")
}

// seal gives the temporary file f the mode of the target it will replace
// (perm for a new target), flushes it to disk and closes it, so that the
// rename that follows publishes complete content.
func seal(f *os.File, target string, perm fs.FileMode) error {
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm()
	}
	err := f.Chmod(perm)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// tempPrefix is the name of the temporary files that stand in for base
// until their rename, without the random digits: ".base.tmp". .gitignore
// matches it with ".*.tmp*".
func tempPrefix(base string) string { return "." + base + ".tmp" }

// RemoveStale removes the temporary files that a process killed before
// its renames left in dir for the targets named by bases. Only names of
// the exact form ".BASE.tmpDIGITS" are touched.
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
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
			}
		}
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
	f, err := createTemp(target)
	if err != nil {
		return nil, err
	}
	return &Writer{f: f, target: target, tmp: f.Name()}, nil
}

// Writer is an output file opened by Create.
type Writer struct {
	f           *os.File
	target, tmp string
	done        bool
}

var _ io.Writer = (*Writer)(nil)

func (w *Writer) Write(b []byte) (int, error) { return w.f.Write(b) }

// Commit makes the output visible under its name.
func (w *Writer) Commit() error {
	if w.done {
		return errors.New("atomicfile: Commit after Commit or Abort")
	}
	w.done = true
	if w.tmp == "" {
		return w.f.Close()
	}
	err := seal(w.f, w.target, 0o644)
	if err == nil {
		err = os.Rename(w.tmp, w.target)
	}
	if err != nil {
		os.Remove(w.tmp)
		return fmt.Errorf("write %s: %w", w.target, err)
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
	w.f.Close()
	if w.tmp != "" {
		os.Remove(w.tmp)
	}
}
