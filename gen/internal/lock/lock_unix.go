//go:build unix

package lock

import (
	"errors"
	"os"
	"syscall"
)

type handle struct{ f *os.File }

func open(dir string) (*handle, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	return &handle{f}, nil
}

func (h *handle) try(shared bool) (bool, error) {
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	for {
		err := syscall.Flock(int(h.f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return false, err
	}
}

// close releases the lock: flock locks belong to the open file.
func (h *handle) close() { h.f.Close() }
