package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/svcreg/ianaports/ports"
)

// Meta is the registry's metadata as compiled into package ports.
type Meta struct {
	Title   string `json:"title"`
	Updated string `json:"updated"`
	SHA256  string `json:"sha256"`
	URL     string `json:"url"`
	Records int    `json:"records"`
}

// Registry returns the compiled-in registry's metadata.
func Registry() Meta {
	return Meta{
		Title:   ports.RegistryTitle,
		Updated: ports.RegistryUpdated,
		SHA256:  ports.RegistrySHA256,
		URL:     ports.RegistryURL,
		Records: ports.NumRecords,
	}
}

// Person is an entry of the registry's people list. Updated is "" when
// the registry records no date; Listed is false for ids that records
// cite but the people list lacks.
type Person struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Org     string   `json:"org"`
	URIs    []string `json:"uris"`
	Updated string   `json:"updated"`
	Listed  bool     `json:"listed"`
}

// NewPerson converts p.
func NewPerson(p ports.Person) Person {
	uris := p.URIs()
	if uris == nil {
		uris = []string{}
	}
	return Person{
		ID:      p.ID(),
		Name:    p.Name(),
		Org:     p.Org(),
		URIs:    uris,
		Updated: p.Updated().String(),
		Listed:  p.Listed(),
	}
}

// Reference is one reference of a record. Type is "rfc", "draft", "uri",
// "text" or "note"; Label is how IANA prints it, e.g. "[RFC6335]".
type Reference struct {
	Type    string `json:"type"`
	Data    string `json:"data"`
	Section string `json:"section"`
	Text    string `json:"text"`
	Label   string `json:"label"`
}

// Record is every field of one registry record. Assignees and Contacts
// are person ids (see the people list, or DetailedRecord). Number is the
// port column as IANA writes it ("80", "6000-6063", or "" for a
// name-only record); PortLow and PortHigh are its bounds (equal for a
// single port, both 0 without a port). Protocol is "" when the record
// names none. Status is "assigned", "reserved" or "unassigned".
// Registered and Modified are "YYYY-MM-DD", "YYYY-MM" or "".
// ServiceCode is the DCCP service code, or null.
type Record struct {
	Index        int         `json:"index"`
	Name         string      `json:"name"`
	Number       string      `json:"number"`
	HasPort      bool        `json:"has_port"`
	PortLow      uint16      `json:"port_low"`
	PortHigh     uint16      `json:"port_high"`
	Protocol     string      `json:"protocol"`
	Status       string      `json:"status"`
	Description  string      `json:"description"`
	Assignees    []string    `json:"assignees"`
	Contacts     []string    `json:"contacts"`
	Registered   string      `json:"registered"`
	Modified     string      `json:"modified"`
	References   []Reference `json:"references"`
	ServiceCode  *uint32     `json:"service_code"`
	Unauthorized string      `json:"unauthorized"`
	Note         string      `json:"note"`
}

// NewRecord converts s.
func NewRecord(s ports.Service) Record {
	lo, hi := s.PortRange()
	r := Record{
		Index:        s.Index(),
		Name:         s.Name(),
		Number:       s.Number(),
		HasPort:      s.HasPort(),
		PortLow:      lo,
		PortHigh:     hi,
		Protocol:     s.Protocol().String(),
		Status:       s.Status().String(),
		Description:  s.Description(),
		Assignees:    personIDs(s.Assignees()),
		Contacts:     personIDs(s.Contacts()),
		Registered:   s.Registered().String(),
		Modified:     s.Modified().String(),
		References:   []Reference{},
		Unauthorized: s.Unauthorized(),
		Note:         s.Note(),
	}
	for _, ref := range s.References() {
		r.References = append(r.References, Reference{
			Type:    ref.Type().String(),
			Data:    ref.Data(),
			Section: ref.Section(),
			Text:    ref.Text(),
			Label:   ref.String(),
		})
	}
	if c, ok := s.ServiceCode(); ok {
		r.ServiceCode = &c
	}
	return r
}

func personIDs(ps []ports.Person) []string {
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID())
	}
	return ids
}

// DetailedRecord is a Record whose assignees and contacts are spelled
// out as Person objects instead of ids: the look-up output of --json.
type DetailedRecord struct {
	Record
	Assignees []Person `json:"assignees"`
	Contacts  []Person `json:"contacts"`
}

// NewDetailedRecord converts s.
func NewDetailedRecord(s ports.Service) DetailedRecord {
	return DetailedRecord{
		Record:    NewRecord(s),
		Assignees: people(s.Assignees()),
		Contacts:  people(s.Contacts()),
	}
}

func people(ps []ports.Person) []Person {
	out := make([]Person, 0, len(ps))
	for _, p := range ps {
		out = append(out, NewPerson(p))
	}
	return out
}

// Document is the JSON export: the registry's metadata, every record in
// registry order and the people list in registry order (followed by the
// ids records cite that the list lacks, with listed false).
type Document struct {
	Registry Meta     `json:"registry"`
	Records  []Record `json:"records"`
	People   []Person `json:"people"`
}

// jsonLines writes the elements of an array one a line, so that a diff
// of two exports shows the records that changed.
func jsonLines[T any](bw *bufio.Writer, items []T, conv func(T) any) error {
	for i, it := range items {
		b, err := marshal(conv(it))
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(b)
	}
	return nil
}

// JSON writes the compiled-in registry as one JSON Document. The output
// is deterministic: fields in a fixed order, records and people in
// registry order, one record or person per line, empty lists as [] and
// absent text as "". HTML characters are not escaped.
func JSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	meta, err := marshal(Registry())
	if err != nil {
		return err
	}
	bw.WriteString("{\n\"registry\": ")
	bw.Write(meta)
	bw.WriteString(",\n\"records\": [")
	if err := jsonLines(bw, ports.All(), func(s ports.Service) any { return NewRecord(s) }); err != nil {
		return err
	}
	bw.WriteString("\n],\n\"people\": [")
	if err := jsonLines(bw, ports.People(), func(p ports.Person) any { return NewPerson(p) }); err != nil {
		return err
	}
	bw.WriteString("\n]\n}\n")
	return bw.Flush()
}

// marshal is json.Marshal without HTML escaping and without the
// trailing newline an Encoder adds.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
