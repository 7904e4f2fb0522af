package registry_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/ianacsv"
)

// The oracle pair, committed under testdata/iana: IANA rendered this CSV
// from this XML.
const (
	oracleXML = fixture.Registry20260424
	oracleCSV = fixture.CSV20260424
)

// TestCSVOracle: WriteCSV of the oracle XML is IANA's CSV, byte for byte.
func TestCSVOracle(t *testing.T) {
	want := fixture.Read(t, oracleCSV)
	reg := fixture.Registry(t, oracleXML)
	var got bytes.Buffer
	if err := reg.WriteCSV(&got); err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("WriteCSV differs from IANA's CSV: %s", fixture.CSVDiff(got.Bytes(), want))
	}
}

// TestCSVOtherVersions renders the other snapshots, which have no CSV
// oracle, and checks the output's shape: one row per record, twelve
// fields each, CRLF row ends.
func TestCSVOtherVersions(t *testing.T) {
	for _, name := range []string{"", fixture.Registry20250328} {
		t.Run("v"+name, func(t *testing.T) {
			reg := fixture.Registry(t, name)
			var out bytes.Buffer
			if err := reg.WriteCSV(&out); err != nil {
				t.Fatalf("WriteCSV: %v", err)
			}
			rows := splitRows(t, out.String())
			if len(rows) != len(reg.Records)+1 {
				t.Fatalf("%d rows, want %d records + header", len(rows), len(reg.Records))
			}
		})
	}
}

// splitRows is a strict reader for the CSV WriteCSV produces: it checks
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
			if len(row) != len(ianacsv.Header) {
				t.Fatalf("row %d has %d fields, want %d: %q", len(rows)+1, len(row), len(ianacsv.Header), row)
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
