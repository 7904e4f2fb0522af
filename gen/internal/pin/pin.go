// Package pin reads and writes data/registry.json, the committed record
// of which registry XML the generated tables were built from.
package pin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/svcreg/ianaports/gen/internal/atomicfile"
)

// DefaultURL is where IANA publishes the registry XML.
const DefaultURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"

// Pin identifies one registry version.
type Pin struct {
	Updated string `json:"updated"` // the registry's <updated> date
	SHA256  string `json:"sha256"`  // of the exact XML bytes
	URL     string `json:"url"`     // where the XML came from
	Records int    `json:"records"` // how many <record>s it holds
	Size    int64  `json:"size"`    // bytes

	// HTTP validators from the last download, for conditional GETs.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Read loads a pin file. A missing file is reported with os.ErrNotExist.
func Read(path string) (Pin, error) {
	var p Pin
	b, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// Marshal renders p as it is committed: indented, keys in a fixed order,
// with a final newline, so the same pin is always the same bytes.
func (p Pin) Marshal() []byte {
	b, _ := json.MarshalIndent(p, "", "  ")
	return append(b, '\n')
}

// Write atomically replaces the pin file.
func Write(path string, p Pin) error {
	return atomicfile.WriteFile(path, p.Marshal(), 0o644)
}
