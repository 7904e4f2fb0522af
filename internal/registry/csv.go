package registry

import (
	"bufio"
	"io"

	"github.com/svcreg/ianaports/internal/ianacsv"
)

// CSVFields returns the cells of r's row of IANA's CSV, in ianacsv.Header
// order, before quoting. There is one row per <record>, in document
// order. (internal/ianacsv/RULES.md lists the column rules.)
func (r *Record) CSVFields() []string {
	return []string{
		r.Name,
		r.PortText(),
		r.Protocol,
		r.Description.Plain(),
		Labels(r.AssigneeRefs()),
		Labels(r.ContactRefs()),
		r.Date,
		r.Updated,
		Labels(r.Refs),
		r.ServiceCode,
		r.Unauthorized.Plain(),
		r.Note.Plain(),
	}
}

// WriteCSV writes reg as IANA's CSV, byte for byte what IANA renders
// from the same XML: the header, then one row per record. It is the
// slow, obviously correct reference for the ports command's export: it
// works on the parsed model directly, one record at a time.
func (reg *Registry) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	ianacsv.WriteRow(bw, ianacsv.Header)
	for i := range reg.Records {
		ianacsv.WriteRow(bw, reg.Records[i].CSVFields())
	}
	return bw.Flush()
}
