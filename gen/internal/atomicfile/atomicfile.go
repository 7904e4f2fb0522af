// Package atomicfile replaces files so that a reader, or a crash, never
// sees a half-written one: each file is written to a temporary file in
// the same directory, synced, and renamed over the old one.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// WriteFile atomically replaces path with data.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return WriteFiles(map[string][]byte{path: data}, perm)
}

// WriteFiles replaces every file in files. All of them are first written
// to temporary files beside their targets; only when every write has
// succeeded are they renamed into place, so a failure part-way leaves
// the old files untouched and no temporary file behind.
func WriteFiles(files map[string][]byte, perm os.FileMode) (err error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	tmps := make([]string, 0, len(paths))
	defer func() {
		if err != nil {
			for _, t := range tmps {
				os.Remove(t)
			}
		}
	}()
	for _, p := range paths {
		f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp*")
		if err != nil {
			return err
		}
		tmps = append(tmps, f.Name())
		if _, err := f.Write(files[p]); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", p, err)
		}
		if err := f.Chmod(perm); err != nil {
			f.Close()
			return err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	for i, p := range paths {
		if err := os.Rename(tmps[i], p); err != nil {
			return fmt.Errorf("rename into %s: %w", p, err)
		}
	}
	return nil
}
