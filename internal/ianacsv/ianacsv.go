// Package ianacsv writes the registry in IANA's own CSV format, the file
// IANA publishes as service-names-port-numbers.csv, byte for byte.
//
// It is the slow, obviously correct reference renderer: it works on the
// parsed model directly, one record at a time, and is checked against a
// CSV IANA rendered itself (see RULES.md for the rules and their
// evidence).
package ianacsv

import (
	"bufio"
	"io"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// Header is the first row of IANA's CSV.
var Header = []string{
	"Service Name",
	"Port Number",
	"Transport Protocol",
	"Description",
	"Assignee",
	"Contact",
	"Registration Date",
	"Modification Date",
	"Reference",
	"Service Code",
	"Unauthorized Use Reported",
	"Assignment Notes",
}

// Fields returns the cells of r's row, in Header order, before quoting.
// There is one row per <record>, in document order.
func Fields(r *registry.Record) []string {
	return []string{
		r.Name,
		r.PortText(),
		r.Protocol,
		r.Description.Plain(),
		registry.Labels(r.AssigneeRefs()),
		registry.Labels(r.ContactRefs()),
		r.Date,
		r.Updated,
		registry.Labels(r.Refs),
		r.ServiceCode,
		r.Unauthorized.Plain(),
		r.Note.Plain(),
	}
}

// Write writes reg as IANA's CSV: the header, then one row per record.
// Every row, the last included, ends in CRLF; newlines inside a cell stay
// bare LF. See Quote for when a cell is quoted.
func Write(w io.Writer, reg *registry.Registry) error {
	bw := bufio.NewWriter(w)
	writeRow(bw, Header)
	for i := range reg.Records {
		writeRow(bw, Fields(&reg.Records[i]))
	}
	return bw.Flush()
}

func writeRow(w *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(Quote(f))
	}
	w.WriteString("\r\n")
}

// Quote renders one cell as IANA does. A cell holding a comma, a double
// quote, a carriage return or a line feed is wrapped in double quotes,
// each double quote inside doubled; any other cell, the empty one
// included, is written as is. Leading or trailing spaces alone do not
// cause quoting (no cell has them: Plain trims them).
func Quote(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
