//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "os"

// ttyColumns reports no terminal: without the TIOCGWINSZ ioctl this
// command cannot tell one from a file, and full text is the safe choice
// for a file.
func ttyColumns(*os.File) (int, bool) { return 0, false }
