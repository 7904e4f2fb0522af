// Package pin reads and writes data/registry.json, the committed record
// of which registry XML the generated tables were built from.
//
// The pin describes the XML and nothing else: its date, SHA-256, size,
// record count and the canonical URL IANA publishes it at. It keeps no
// trace of how a copy was fetched (a mirror, HTTP validators), so the
// same XML always gives the same pin, byte for byte.
package pin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
)

// DefaultURL is where IANA publishes the registry XML: the canonical URL
// every pin records, whatever mirror a copy came from.
const DefaultURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"

// Pin identifies one registry version.
type Pin struct {
	Updated string `json:"updated"` // the registry's <updated> date
	SHA256  string `json:"sha256"`  // of the exact XML bytes
	URL     string `json:"url"`     // the canonical URL, DefaultURL
	Records int    `json:"records"` // how many <record>s it holds
	Size    int64  `json:"size"`    // bytes
}

// Of is the pin of a parsed registry.
func Of(reg *registry.Registry) Pin {
	return Pin{Updated: reg.Updated, SHA256: reg.SHA256, URL: DefaultURL, Records: len(reg.Records), Size: reg.Size}
}

// Read loads a pin file. A missing file is reported with os.ErrNotExist.
func Read(path string) (Pin, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Pin{}, err
	}
	return Parse(path, b)
}

// Parse decodes a pin; name is used in messages. Unknown fields are
// refused, so that a pin is never silently half-understood.
func Parse(name string, b []byte) (Pin, error) {
	var p Pin
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		// encoding/json quotes an unknown field whole.
		return Pin{}, fmt.Errorf("%s: %s", clip.Path(name), clip.Foreign(err.Error()))
	}
	return p, nil
}

// Marshal renders p as it is committed: indented, keys in a fixed order,
// with a final newline, so the same pin is always the same bytes.
func (p Pin) Marshal() []byte {
	b, _ := json.MarshalIndent(p, "", "  ")
	return append(b, '\n')
}

// Describes reports whether p describes reg exactly, and if not, which
// fields disagree.
func (p Pin) Describes(reg *registry.Registry) (bool, string) {
	want := Of(reg)
	var diffs []string
	if p.SHA256 != want.SHA256 {
		diffs = append(diffs, fmt.Sprintf("sha256 %s, the XML's is %s", clip.Bare(p.SHA256), want.SHA256))
	}
	if p.Updated != want.Updated {
		diffs = append(diffs, fmt.Sprintf("date %s, the XML's is %s", clip.Bare(p.Updated), want.Updated))
	}
	if p.Records != want.Records {
		diffs = append(diffs, fmt.Sprintf("%d records, the XML has %d", p.Records, want.Records))
	}
	if p.Size != want.Size {
		diffs = append(diffs, fmt.Sprintf("size %d, the XML's is %d", p.Size, want.Size))
	}
	if p.URL != want.URL {
		diffs = append(diffs, fmt.Sprintf("url %s, want the canonical %q", clip.Quote(p.URL), want.URL))
	}
	if len(diffs) == 0 {
		return true, ""
	}
	return false, strings.Join(diffs, "; ")
}
