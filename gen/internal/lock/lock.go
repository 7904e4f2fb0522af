// Package lock makes generator runs on one output directory take turns,
// so that two concurrent runs cannot interleave their renames.
//
// On Unix the lock is flock(2) on the directory itself: nothing is
// created in it, and the kernel releases the lock when the process ends,
// however it ends. On Windows it is a file in the temporary directory,
// named after the output directory, opened without sharing and deleted
// when its handle closes (also when the process is killed). Elsewhere
// there is no lock.
package lock

import (
	"errors"
	"fmt"
	"time"

	"github.com/svcreg/ianaports/internal/clip"
)

// ErrTimeout is wrapped by Acquire's error when the lock stayed held.
var ErrTimeout = errors.New("still locked")

// Options tune Acquire.
type Options struct {
	// Shared takes a shared lock, for a run that only reads (-check):
	// readers go together, a writer waits for them and they for it.
	Shared bool
	// Wait bounds how long Acquire waits for another run; 0 means
	// DefaultWait.
	Wait time.Duration
	// Waiting, if set, is called once when the lock is found held, so
	// the caller can say why it pauses.
	Waiting func()
}

// DefaultWait is how long a run waits for another one on the same
// directory. A generator run takes a few seconds.
const DefaultWait = 2 * time.Minute

// poll is the interval between attempts while the lock is held.
const poll = 50 * time.Millisecond

// Acquire locks dir (which must exist) and returns the function that
// releases it.
func Acquire(dir string, opts Options) (release func(), err error) {
	h, err := open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", clip.Path(dir), err)
	}
	wait := opts.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	deadline := time.Now().Add(wait)
	told := false
	for {
		ok, err := h.try(opts.Shared)
		if err != nil {
			h.close()
			return nil, fmt.Errorf("lock %s: %w", clip.Path(dir), err)
		}
		if ok {
			return h.close, nil
		}
		if !told && opts.Waiting != nil {
			opts.Waiting()
		}
		told = true
		if time.Now().After(deadline) {
			h.close()
			return nil, fmt.Errorf("another gen run has held the lock on %s for %v: %w", clip.Path(dir), wait, ErrTimeout)
		}
		time.Sleep(poll)
	}
}
