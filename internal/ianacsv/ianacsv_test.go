package ianacsv

import (
	"bytes"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
)

// The oracle pair, committed under testdata/iana: IANA rendered this CSV
// from this XML.
const (
	oracleXML = fixture.Registry20260424
	oracleCSV = fixture.CSV20260424
)

func TestOracle(t *testing.T) {
	if m := Compare(fixture.Registry(t, oracleXML), fixture.Read(t, oracleCSV)); m != nil {
		t.Fatalf("CSV differs from IANA's at row %d (row 1 is the header; got %d rows, want %d)\n got: %q\nwant: %q",
			m.Row, m.OurRows, m.IANARows, m.Ours, m.IANA)
	}
}

// TestCompare: a CSV that differs from the rendering is caught at its
// first differing row, whatever the difference: a cell, a row too many
// or too few, a line end.
func TestCompare(t *testing.T) {
	reg := fixture.Registry(t, oracleXML)
	csv := fixture.Read(t, oracleCSV)
	rows := strings.SplitAfter(string(csv), "\r\n")
	edited := func(i int, row string) []byte {
		c := append([]string(nil), rows...)
		c[i] = row
		return []byte(strings.Join(c, ""))
	}
	n := len(rows) // rows counts the empty tail after the last CRLF
	lf := bytes.ReplaceAll(csv, []byte("\r\n"), []byte("\n"))
	for _, tc := range []struct {
		name       string
		csv        []byte
		row        int
		iana, ours string
	}{
		{"a cell", edited(3, strings.Replace(rows[3], "tcp", "udp", 1)), 4, strings.Replace(strings.TrimSuffix(rows[3], "\r\n"), "tcp", "udp", 1), strings.TrimSuffix(rows[3], "\r\n")},
		{"a row missing", edited(n-2, ""), n - 1, "", strings.TrimSuffix(rows[n-2], "\r\n")},
		{"a row too many", []byte(string(csv) + "extra,1,tcp\r\n"), n, "extra,1,tcp", ""},
		// With LF line ends the whole file is one row.
		{"LF line ends", lf, 1, string(lf), strings.TrimSuffix(rows[0], "\r\n")},
		// Every row matches; ours has the empty tail after a final CRLF.
		{"no final line end", bytes.TrimSuffix(csv, []byte("\r\n")), n, "", ""},
	} {
		m := Compare(reg, tc.csv)
		if m == nil {
			t.Errorf("%s: no mismatch found", tc.name)
			continue
		}
		if m.Row != tc.row || m.IANA != tc.iana || m.Ours != tc.ours {
			t.Errorf("%s: row %d, IANA %.60q, ours %.60q; want row %d, %.60q, %.60q", tc.name, m.Row, m.IANA, m.Ours, tc.row, tc.iana, tc.ours)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"tcp", "tcp"},
		{"a b", "a b"},
		// port 2/tcp note: a comma forces quotes.
		{"De-assigned on 2025-02-13, previously", `"De-assigned on 2025-02-13, previously"`},
		// www: quotes are doubled.
		{`a duplicate of the "http" service`, `"a duplicate of the ""http"" service"`},
		// whoispp: an embedded newline forces quotes and stays LF.
		{"whois++\nIANA", "\"whois++\nIANA\""},
		{"a\rb", "\"a\rb\""},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestOtherVersions renders the other snapshots, which have no CSV
// oracle, and checks the output's shape: one row per record, twelve
// fields each, CRLF row ends.
func TestOtherVersions(t *testing.T) {
	for _, name := range []string{"", fixture.Registry20250328} {
		t.Run("v"+name, func(t *testing.T) {
			reg := fixture.Registry(t, name)
			var out bytes.Buffer
			if err := Write(&out, reg); err != nil {
				t.Fatalf("Write: %v", err)
			}
			rows := splitRows(t, out.String())
			if len(rows) != len(reg.Records)+1 {
				t.Fatalf("%d rows, want %d records + header", len(rows), len(reg.Records))
			}
		})
	}
}

// splitRows is a strict reader for the CSV Write produces: it checks
// every row has twelve fields, quotes are balanced and rows end in CRLF.
func splitRows(t *testing.T, s string) [][]string {
	t.Helper()
	var rows [][]string
	var row []string
	var field strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '"' {
			i++
			for {
				if i >= len(s) {
					t.Fatalf("row %d: unterminated quote", len(rows)+1)
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						field.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				field.WriteByte(s[i])
				i++
			}
		} else {
			for i < len(s) && s[i] != ',' && s[i] != '\r' && s[i] != '\n' {
				if s[i] == '"' {
					t.Fatalf("row %d: bare quote in unquoted field", len(rows)+1)
				}
				field.WriteByte(s[i])
				i++
			}
		}
		row = append(row, field.String())
		field.Reset()
		switch {
		case i < len(s) && s[i] == ',':
			i++
		case strings.HasPrefix(s[i:], "\r\n"):
			i += 2
			if len(row) != len(Header) {
				t.Fatalf("row %d has %d fields, want %d: %q", len(rows)+1, len(row), len(Header), row)
			}
			rows = append(rows, row)
			row = nil
		default:
			t.Fatalf("row %d: field not followed by a comma or CRLF (at byte %d)", len(rows)+1, i)
		}
	}
	if row != nil {
		t.Fatalf("output does not end in CRLF")
	}
	return rows
}
