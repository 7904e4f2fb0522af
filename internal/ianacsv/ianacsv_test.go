package ianacsv

import (
	"bufio"
	"strings"
	"testing"
)

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

// TestWriteRow: commas between cells, only the cells that need it
// quoted, CRLF at the end and a bare LF inside a cell.
func TestWriteRow(t *testing.T) {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	WriteRow(w, []string{"whoispp", "63", "", "whois++\nIANA", `a "b", c`})
	WriteRow(w, nil)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "whoispp,63,,\"whois++\nIANA\",\"a \"\"b\"\", c\"\r\n\r\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
