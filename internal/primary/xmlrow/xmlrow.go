// Package xmlrow summarises the records of the parsed registry XML as
// rows of package primary. It is apart from primary so that code over
// package ports (the ports command) applies the rule without linking the
// XML parser.
package xmlrow

import (
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/registry"
)

// FromRecord summarises a record of the parsed XML, its description and
// note rendered as IANA's CSV renders them (as package ports stores
// them), so that a rule applied to the XML and one applied to the
// compiled tables agree.
func FromRecord(r *registry.Record) primary.Row {
	row := primary.Row{Name: r.Name, Description: r.Description.Plain(), Note: r.Note.Plain(), IsRange: r.Lo != r.Hi}
	for _, x := range r.Refs {
		if x.Type == "rfc" {
			row.HasRFC = true
			break
		}
	}
	return row
}
