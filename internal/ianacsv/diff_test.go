package ianacsv_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/ianacsv"
)

// TestFirstDiff: a CSV that differs from IANA's is caught at its first
// differing row, whatever the difference: a cell, a row too many or too
// few, the line ends.
func TestFirstDiff(t *testing.T) {
	csv := fixture.Read(t, fixture.CSV20260424)
	if m := ianacsv.FirstDiff(csv, bytes.Clone(csv)); m != nil {
		t.Errorf("a CSV differs from its copy at row %d", m.Row)
	}
	rows := strings.SplitAfter(string(csv), "\r\n")
	n := len(rows) // with the empty tail after the last CRLF
	row := func(i int) string { return strings.TrimSuffix(rows[i], "\r\n") }
	edited := func(i int, r string) []byte {
		c := append([]string(nil), rows...)
		c[i] = r
		return []byte(strings.Join(c, ""))
	}
	lf := bytes.ReplaceAll(csv, []byte("\r\n"), []byte("\n"))
	for _, tc := range []struct {
		name  string
		other []byte
		row   int
		a, b  string
		rowsB int
	}{
		{"a cell", edited(3, strings.Replace(rows[3], "tcp", "udp", 1)), 4, row(3), strings.Replace(row(3), "tcp", "udp", 1), n - 1},
		{"a row missing", edited(n-2, ""), n - 1, row(n - 2), "", n - 2},
		{"a row too many", append(bytes.Clone(csv), "extra,1,tcp\r\n"...), n, "", "extra,1,tcp", n},
		// With LF line ends the whole file is one row.
		{"LF line ends", lf, 1, row(0), string(lf), 0},
		// Every row matches; IANA's has the empty tail after a final CRLF.
		{"no final line end", bytes.TrimSuffix(csv, []byte("\r\n")), n, "", "", n - 2},
	} {
		m := ianacsv.FirstDiff(csv, tc.other)
		if m == nil {
			t.Errorf("%s: no mismatch found", tc.name)
			continue
		}
		if m.Row != tc.row || m.A != tc.a || m.B != tc.b || m.RowsA != n-1 || m.RowsB != tc.rowsB {
			t.Errorf("%s: row %d of %d/%d, %.60q, %.60q; want row %d of %d/%d, %.60q, %.60q",
				tc.name, m.Row, m.RowsA, m.RowsB, m.A, m.B, tc.row, n-1, tc.rowsB, tc.a, tc.b)
		}
	}
}
