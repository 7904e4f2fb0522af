package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

// The JSON documents of the ports command (docs/json.md). Every one is an
// object with the schema version and the registry's metadata, then the
// lists of its command; records and people are in portsjson's schema
// everywhere. Tests and Go readers decode them with these types.
type (
	// Document is the common head of every document; "ports version
	// --json" writes only it.
	Document struct {
		Schema   int                `json:"schema"`
		Registry portsjson.Registry `json:"registry"`
	}

	// ExportDocument is "ports export json": every record and the people
	// list, in registry order.
	ExportDocument struct {
		Document
		Records []portsjson.Record `json:"records"`
		People  []portsjson.Person `json:"people"`
	}

	// LookupDocument is "ports --json QUERY...": the records found.
	LookupDocument struct {
		Document
		Records []portsjson.Record `json:"records"`
	}

	// StatusDocument is "ports status --json": one entry per port and
	// protocol.
	StatusDocument struct {
		Document
		Ports []PortStatus `json:"ports"`
	}

	// PersonDocument is "ports person --json": the people found, each
	// with the records they are assignee or contact of.
	PersonDocument struct {
		Document
		People []PersonRecords `json:"people"`
	}
)

// PortStatus is the registry's answer for one port on one protocol.
// Status is "assigned", "reserved", "unassigned" or "dynamic"; Services
// are the names assigned there, Records every row covering the port.
type PortStatus struct {
	Port     uint16             `json:"port"`
	Protocol string             `json:"protocol"`
	Status   string             `json:"status"`
	Services []string           `json:"services"`
	Records  []portsjson.Record `json:"records"`
}

// PersonRecords is a person and the records citing them.
type PersonRecords struct {
	portsjson.Person
	AssigneeOf []portsjson.Record `json:"assignee_of"`
	ContactOf  []portsjson.Record `json:"contact_of"`
}

// JSONWriter streams one document: the head at once, then each list an
// element at a time, one element a line, so that memory stays flat
// however long the lists and a diff of two documents shows the elements
// that changed. The first error sticks and is returned by Close.
type JSONWriter struct {
	bw       *bufio.Writer
	buf      bytes.Buffer
	enc      *json.Encoder
	err      error
	inList   bool
	nonEmpty bool // the open list has an element
}

// NewJSONWriter starts a document on w: '{', the schema version and the
// registry's metadata.
func NewJSONWriter(w io.Writer) *JSONWriter {
	j := &JSONWriter{bw: bufio.NewWriterSize(w, 64<<10)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	j.bw.WriteString("{\n\"schema\": ")
	j.value(portsjson.Schema)
	j.bw.WriteString(",\n\"registry\": ")
	j.value(portsjson.FromRegistry())
	return j
}

// value writes v as compact JSON, without HTML escaping.
func (j *JSONWriter) value(v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(v); j.err != nil {
		return
	}
	j.bw.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// List opens the list member name, closing the list before it.
func (j *JSONWriter) List(name string) {
	j.endList()
	j.bw.WriteString(",\n")
	j.value(name)
	j.bw.WriteString(": [")
	j.inList, j.nonEmpty = true, false
}

// Elem writes v as the next element of the open list.
func (j *JSONWriter) Elem(v any) {
	if j.nonEmpty {
		j.bw.WriteByte(',')
	}
	j.bw.WriteByte('\n')
	j.value(v)
	j.nonEmpty = true
}

func (j *JSONWriter) endList() {
	if j.inList {
		j.bw.WriteString("\n]")
		j.inList = false
	}
}

// Close ends the document and flushes it.
func (j *JSONWriter) Close() error {
	j.endList()
	j.bw.WriteString("\n}\n")
	if err := j.bw.Flush(); j.err == nil {
		j.err = err
	}
	return j.err
}

// JSON writes the compiled-in registry as one ExportDocument: every
// record and the people list (followed by the ids records cite that the
// list lacks, listed false), in registry order.
func JSON(w io.Writer) error {
	j := NewJSONWriter(w)
	j.List("records")
	for s := range ports.All() {
		j.Elem(portsjson.FromService(s))
	}
	j.List("people")
	for p := range ports.People() {
		j.Elem(portsjson.FromPerson(p))
	}
	return j.Close()
}
