package ianacsv

import (
	"bytes"
	"fmt"
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
	want := fixture.Read(t, oracleCSV)
	reg := fixture.Registry(t, oracleXML)
	var got bytes.Buffer
	if err := Write(&got, reg); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if bytes.Equal(got.Bytes(), want) {
		return
	}
	t.Fatal(firstDiff(got.Bytes(), want))
}

// firstDiff describes the first row where got and want differ. Rows are
// split on CRLF, which only ends rows (newlines inside cells are bare LF).
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\r\n")
	w := strings.Split(string(want), "\r\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gr, wr string
		if i < len(g) {
			gr = g[i]
		}
		if i < len(w) {
			wr = w[i]
		}
		if i >= len(g) || i >= len(w) || gr != wr {
			// Row 1 is the header; the last "row" is what follows the
			// final CRLF, empty when the file ends in one.
			return fmt.Sprintf("CSV differs from IANA's at row %d (row 1 is the header; got %d rows, want %d)\n got: %q\nwant: %q",
				i+1, len(g)-1, len(w)-1, gr, wr)
		}
	}
	return "CSV differs from IANA's, but no row does (line ends?)"
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
