package ianacsv

import "strings"

// Mismatch is the first row where two renderings of the CSV differ.
type Mismatch struct {
	Row  int    // 1-based; row 1 is the header
	A, B string // the row in each, without its CRLF; "" past the end
	// RowsA and RowsB count the rows of each, the header included.
	RowsA, RowsB int
}

// FirstDiff compares two renderings of IANA's CSV, such as IANA's own and
// one written from the XML: nil when they are equal byte for byte, else
// the first row that differs. Rows are split at CRLF, which only ends
// rows (a newline inside a cell is a bare LF); what follows the final
// CRLF, empty in a well-formed file, counts as a last row, so a missing
// line end shows.
func FirstDiff(a, b []byte) *Mismatch {
	if string(a) == string(b) {
		return nil
	}
	ra := strings.Split(string(a), "\r\n")
	rb := strings.Split(string(b), "\r\n")
	m := &Mismatch{RowsA: len(ra) - 1, RowsB: len(rb) - 1}
	for i := 0; ; i++ {
		if i >= len(ra) || i >= len(rb) || ra[i] != rb[i] {
			m.Row = i + 1
			if i < len(ra) {
				m.A = ra[i]
			}
			if i < len(rb) {
				m.B = rb[i]
			}
			return m
		}
	}
}
