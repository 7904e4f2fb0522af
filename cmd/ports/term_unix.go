//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// winsize is struct winsize of <sys/ioctl.h>.
type winsize struct{ rows, cols, xpixel, ypixel uint16 }

// ttyColumns returns the width of the terminal f is, and false when f is
// not a terminal (a file, a pipe, /dev/null).
func ttyColumns(f *os.File) (int, bool) {
	var ws winsize
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws)))
	if errno != 0 {
		return 0, false
	}
	return int(ws.cols), true
}
