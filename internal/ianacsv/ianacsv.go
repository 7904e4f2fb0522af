// Package ianacsv is the file format of IANA's own CSV, the file IANA
// publishes as service-names-port-numbers.csv: its header, its quoting
// and its row ends (RULES.md lists the rules and their evidence).
//
// It is the one place both CSV writers take the format from: the ports
// command's export, and the slow reference renderer over the parsed XML,
// registry.WriteCSV. Both are checked against a CSV IANA rendered
// itself. It imports nothing of the module, so the command does not link
// the XML parser for it.
package ianacsv

import (
	"bufio"
	"strings"
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

// WriteRow writes one row: the cells quoted as Quote does, separated by
// commas, ending in CRLF (the last row too). A newline inside a cell
// stays a bare LF.
func WriteRow(w *bufio.Writer, cells []string) {
	for i, c := range cells {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(Quote(c))
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
