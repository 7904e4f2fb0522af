//go:build unix

package atomicfile

import "os"

// syncDir makes the renames into dir durable: a rename is an update of
// the directory, which fsync of the file does not cover.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
