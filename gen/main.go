// Command gen compiles IANA's Service Name and Transport Protocol Port
// Number Registry XML into the Go package ports. Run it as
// `go generate ./...` from the module root; `go run ./gen -h` lists flags.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
