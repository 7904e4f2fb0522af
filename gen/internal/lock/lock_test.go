//go:build unix

package lock

import (
	"errors"
	"os"
	"testing"
	"time"
)

func TestExclusive(t *testing.T) {
	dir := t.TempDir()
	release, err := Acquire(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waited := false
	_, err = Acquire(dir, Options{Wait: 120 * time.Millisecond, Waiting: func() { waited = true }})
	if !errors.Is(err, ErrTimeout) || !waited {
		t.Fatalf("second exclusive lock: err %v, waited %v; want ErrTimeout after saying it waits", err, waited)
	}
	if _, err := Acquire(dir, Options{Shared: true, Wait: 60 * time.Millisecond}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("a shared lock was granted while an exclusive one is held: %v", err)
	}
	release()
	r2, err := Acquire(dir, Options{Wait: time.Second})
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	r2()
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("the lock left files in the directory: %v", es)
	}
}

func TestSharedReaders(t *testing.T) {
	dir := t.TempDir()
	r1, err := Acquire(dir, Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1()
	r2, err := Acquire(dir, Options{Shared: true, Wait: 60 * time.Millisecond})
	if err != nil {
		t.Fatalf("two readers: %v", err)
	}
	r2()
	if _, err := Acquire(dir, Options{Wait: 60 * time.Millisecond}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("a writer got the lock while a reader holds it: %v", err)
	}
}

// TestWaitsThenProceeds releases the lock while another Acquire waits.
func TestWaitsThenProceeds(t *testing.T) {
	dir := t.TempDir()
	release, err := Acquire(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan struct{})
	done := make(chan error)
	go func() {
		r, err := Acquire(dir, Options{Wait: time.Minute, Waiting: func() { close(waiting) }})
		if err == nil {
			r()
		}
		done <- err
	}()
	<-waiting
	release()
	if err := <-done; err != nil {
		t.Fatalf("the waiting run failed after the release: %v", err)
	}
}

func TestMissingDir(t *testing.T) {
	if _, err := Acquire(t.TempDir()+"/nope", Options{}); err == nil {
		t.Fatal("locked a directory that does not exist")
	}
}
