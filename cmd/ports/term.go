package main

import (
	"os"
	"strconv"
)

// terminalWidth is the width to fit the output to: 0 (never cut) unless
// f is a terminal, then $COLUMNS when it holds a positive number, else the
// terminal's own width.
func terminalWidth(f *os.File) int {
	cols, ok := ttyColumns(f)
	if !ok {
		return 0
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return cols
}
