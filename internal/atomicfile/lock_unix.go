//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// renameOpen: a temporary file is renamed while open, so that it keeps
// its lock up to its rename.
const renameOpen = true

// lockTemp takes f's exclusive flock without waiting, and reports
// whether it got it. The lock lasts until f is closed.
func lockTemp(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case !errors.Is(err, syscall.EINTR):
			return false, err
		}
	}
}

// inUse reports whether a removal failed because another process has
// the file open; with flock that is never the reason.
func inUse(error) bool { return false }
