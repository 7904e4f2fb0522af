// Package data holds the registry XML that package ports is generated
// from, and its pin, embedded so that the generator carries them: run
// from another module (go run github.com/svcreg/ianaports/gen@VERSION
// -out DIR -pkg NAME), it compiles the registry pinned in its own module
// without a clone and without a download.
//
// Programs should import package ports, not this one: the XML is 4 MB.
package data

import (
	"embed"
	"fmt"
	"io/fs"
)

// The files of this directory.
const (
	XMLName = "service-names-port-numbers.xml"
	PinName = "registry.json"
)

// files is this directory as it was when the program was built. The
// pattern matches every lower-case name rather than naming the XML, so
// that a checkout whose XML is missing still compiles and the generator
// can say how to restore it; a pattern matching no file would stop the
// build with a bare "no matching files found". It leaves out README.md
// and the ".NAME.tmp*" files of an interrupted write.
//
//go:embed [a-z]*
var files embed.FS

// XML returns the registry XML embedded at build time.
func XML() ([]byte, error) { return read(XMLName) }

// Pin returns the pin (registry.json) embedded at build time.
func Pin() ([]byte, error) { return read(PinName) }

func read(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("data/%s was not in the module when the generator was built: %w", name, fs.ErrNotExist)
	}
	return b, nil
}
