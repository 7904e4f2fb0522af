// Package export writes the compiled-in registry (package ports) in the
// formats the ports command exports: IANA's own CSV, a services(5) file
// and one JSON document. It uses only the public API of package ports.
package export

import (
	"bufio"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/ianacsv"
	"github.com/svcreg/ianaports/ports"
)

// CSVFields returns the cells of s's row of IANA's CSV, in
// ianacsv.Header order, before quoting:
//
//   - the Assignee cell lists the record's assignees, or, when it has none,
//     its contacts (IANA shows a bare person reference in both columns);
//   - people are written as "[Id]" and references by their IANA label,
//     concatenated with nothing in between;
//   - dates as the registry writes them (YYYY-MM or YYYY-MM-DD);
//   - description, unauthorized-use text and note as package ports
//     stores them, already rendered the way IANA's CSV shows them.
func CSVFields(s ports.Service) []string {
	contacts := PersonLabels(s.Contacts())
	assignees := PersonLabels(s.Assignees())
	if assignees == "" {
		assignees = contacts
	}
	code := ""
	if c, ok := s.ServiceCode(); ok {
		code = strconv.FormatUint(uint64(c), 10)
	}
	// A record naming no protocol has an empty cell, as MarshalText
	// writes NoProtocol (its String is "any").
	proto, _ := s.Protocol().MarshalText()
	return []string{
		s.Name(),
		s.Number(),
		string(proto),
		s.Description(),
		assignees,
		contacts,
		s.Registered().String(),
		s.Modified().String(),
		RefLabels(s.References()),
		code,
		s.Unauthorized(),
		s.Note(),
	}
}

// PersonLabels writes people as IANA does in its CSV: "[Id]" each,
// concatenated.
func PersonLabels(ps iter.Seq[ports.Person]) string {
	var b strings.Builder
	for p := range ps {
		b.WriteString("[" + p.ID() + "]")
	}
	return b.String()
}

// RefLabels writes references by their IANA labels, concatenated.
func RefLabels(rs iter.Seq[ports.Reference]) string {
	var b strings.Builder
	for r := range rs {
		b.WriteString(r.String())
	}
	return b.String()
}

// CSV writes the compiled-in registry as IANA's CSV
// (service-names-port-numbers.csv): the header, then one row per record
// in registry order, in the format of package ianacsv (quoting, CRLF
// row ends). For the registry version it was generated from, the output equals the
// CSV IANA publishes, byte for byte: the local records of a package
// generated with -overlay are left out, since they are not IANA's.
func CSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	ianacsv.WriteRow(bw, ianacsv.Header)
	for s := range ports.All() {
		if !s.IsLocal() {
			ianacsv.WriteRow(bw, CSVFields(s))
		}
	}
	return bw.Flush()
}
