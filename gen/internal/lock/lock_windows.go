//go:build windows

package lock

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

type handle struct {
	name string
	h    syscall.Handle
}

// open names the lock file after the absolute output directory, in the
// temporary directory, so that nothing is ever written into the user's
// directory.
func open(dir string) (*handle, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(filepath.Clean(abs)))
	name := filepath.Join(os.TempDir(), "ianaports-gen-"+hex.EncodeToString(sum[:8])+".lock")
	return &handle{name: name, h: syscall.InvalidHandle}, nil
}

const errorSharingViolation syscall.Errno = 32

// try opens the lock file without sharing: a second open fails until the
// first handle closes, and FILE_FLAG_DELETE_ON_CLOSE removes the file
// then. Windows has no shared mode here: readers also take turns.
func (h *handle) try(bool) (bool, error) {
	p, err := syscall.UTF16PtrFromString(h.name)
	if err != nil {
		return false, err
	}
	const (
		attributeTemporary = 0x100
		deleteOnClose      = 0x04000000
	)
	fh, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, attributeTemporary|deleteOnClose, 0)
	if errors.Is(err, errorSharingViolation) || errors.Is(err, syscall.ERROR_ACCESS_DENIED) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	h.h = fh
	return true, nil
}

func (h *handle) close() {
	if h.h != syscall.InvalidHandle {
		syscall.CloseHandle(h.h)
		h.h = syscall.InvalidHandle
	}
}
