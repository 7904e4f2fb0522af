//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
)

// -o into a named pipe writes it in place, as it is read.
func TestExportOutputPipe(t *testing.T) {
	var want bytes.Buffer
	export.CSV(&want)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	read := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		read <- b
	}()
	mustRun(t, 0, "export", "csv", "-o", fifo)
	if got := <-read; !bytes.Equal(got, want.Bytes()) {
		t.Errorf("read %d bytes from the pipe, want the export's %d", len(got), want.Len())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v, %v", fi, err)
	}
}

func ioctl(f *os.File, req uint, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(req), uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// openPTY opens a pseudo-terminal sized cols wide and returns its
// terminal side and its controlling side, from which what is written to
// the terminal is read.
func openPTY(t *testing.T, cols uint16) (tty, master *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock, n int32
	if err := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	if err := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Skipf("ptsname: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the terminal side: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	ws := winsize{rows: 24, cols: cols}
	if err := ioctl(tty, syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		t.Fatalf("set the terminal's size: %v", err)
	}
	return tty, master
}

// The width comes from $COLUMNS or the terminal, and only for a
// terminal: files, pipes and /dev/null are written in full.
func TestTerminalWidth(t *testing.T) {
	tty, master := openPTY(t, 97)
	t.Setenv("COLUMNS", "")
	if w := terminalWidth(tty); w != 97 {
		t.Errorf("a terminal 97 wide: width %d", w)
	}
	t.Setenv("COLUMNS", "61")
	if w := terminalWidth(tty); w != 61 {
		t.Errorf("COLUMNS=61 on a terminal: width %d", w)
	}
	t.Setenv("COLUMNS", "wide")
	if w := terminalWidth(tty); w != 97 {
		t.Errorf("COLUMNS=wide on a terminal 97 wide: width %d", w)
	}

	t.Setenv("COLUMNS", "61")
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, f := range []*os.File{file, w, null} {
		if got := terminalWidth(f); got != 0 {
			t.Errorf("%s: width %d, want 0 (not a terminal, even with COLUMNS set)", f.Name(), got)
		}
	}

	// End to end: the command on the terminal cuts its lines.
	read := make(chan []byte)
	go func() {
		var b bytes.Buffer
		b.ReadFrom(master) // until the terminal side closes (EIO)
		read <- b.Bytes()
	}()
	var errOut bytes.Buffer
	code := run([]string{"1-1023"}, tty, &errOut, terminalWidth(tty))
	tty.Close()
	out := string(bytes.ReplaceAll(<-read, []byte("\r\n"), []byte("\n")))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if n := len(rows(out)); n < 100 || maxLine(out) > 61 {
		t.Errorf("ports 1-1023 on a terminal with COLUMNS=61: %d lines, the widest %d", n, maxLine(out))
	}
}
