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
	"bytes"
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

// Mismatch is the first row where a CSV differs from the registry's
// rendering.
type Mismatch struct {
	Row  int    // 1-based; row 1 is the header
	IANA string // the CSV's row, without its CRLF; "" past its end
	Ours string // the rendered row, likewise
	// Rows counts the rows of each, the header included.
	IANARows, OurRows int
}

// Compare renders reg and compares it with csv, IANA's rendering of the
// same registry: nil when they are equal byte for byte, else the first
// row that differs. Rows are split at CRLF, which only ends rows (a
// newline inside a cell is a bare LF); what follows the final CRLF, empty
// in a well-formed file, counts as a last row, so a missing line end
// shows.
func Compare(reg *registry.Registry, csv []byte) *Mismatch {
	var b bytes.Buffer
	if err := Write(&b, reg); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	if bytes.Equal(b.Bytes(), csv) {
		return nil
	}
	ours := strings.Split(b.String(), "\r\n")
	iana := strings.Split(string(csv), "\r\n")
	m := &Mismatch{IANARows: len(iana) - 1, OurRows: len(ours) - 1}
	for i := 0; ; i++ {
		if i >= len(iana) || i >= len(ours) || iana[i] != ours[i] {
			m.Row = i + 1
			if i < len(iana) {
				m.IANA = iana[i]
			}
			if i < len(ours) {
				m.Ours = ours[i]
			}
			return m
		}
	}
}
