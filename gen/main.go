// Command gen compiles IANA's Service Name and Transport Protocol Port
// Number Registry XML into the Go package ports. Run it as
// `go generate ./...` from the module root; `go run ./gen -h` lists flags.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	os.Exit(run(os.Args[1:], &env{
		dir:    dir,
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		now:    time.Now,
	}))
}
