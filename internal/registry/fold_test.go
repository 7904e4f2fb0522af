package registry_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

// foldByte is the folding rule written out once more, byte by byte, as
// the slow reference: RFC 6335 names compare case-insensitively over the
// ASCII letters, and over nothing else.
func foldByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// TestFoldNameBytes checks FoldName and EqualFoldName against foldByte on
// every byte and every pair of bytes, in names of one and of three bytes.
func TestFoldNameBytes(t *testing.T) {
	for a := 0; a < 256; a++ {
		s := string([]byte{byte(a)})
		if got, want := registry.FoldName(s), string([]byte{foldByte(byte(a))}); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", s, got, want)
		}
		for b := 0; b < 256; b++ {
			x, y := "x"+s+"Y", "X"+string([]byte{byte(b)})+"y"
			want := foldByte(byte(a)) == foldByte(byte(b))
			if got := registry.EqualFoldName(x, y); got != want {
				t.Errorf("EqualFoldName(%q, %q) = %v, want %v", x, y, got, want)
			}
			if got := registry.FoldName(x) == registry.FoldName(y); got != want {
				t.Errorf("FoldName(%q) == FoldName(%q) is %v, want %v", x, y, got, want)
			}
		}
	}
}

const foldHead = "<?xml version='1.0' encoding='UTF-8'?>\n" +
	`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
	"  <updated>2026-08-17</updated>\n"

// twoNames is a registry whose records on lines 4 and 5 are named a and b.
func twoNames(a, b string) []byte {
	return []byte(foldHead +
		"  <record><name>" + a + "</name><protocol>tcp</protocol><number>80</number></record>\n" +
		"  <record><name>" + b + "</name><protocol>udp</protocol><number>80</number></record>\n" +
		"</registry>\n")
}

// TestDistinctNames: names that differ by the bit 0x20 outside the ASCII
// letters, or that Unicode folding would equate, are distinct services
// and are accepted.
func TestDistinctNames(t *testing.T) {
	for _, c := range [][2]string{
		{"x@y", "x`y"},
		{"a[b", "a{b"},
		{"a]b", "a}b"},
		{"a^b", "a~b"},
		{`a\b`, "a|b"},
		// U+007F, an XML 1.0 Char, is refused in a name:
		// TestNamesWithControlsRefused.
		{"İstanbul", "istanbul"},
		{"İstanbul", "Istanbul"},
		{"\u212aerberos", "kerberos"}, // Kelvin sign
		{"\u212aerberos", "Kerberos"},
		{"\u017fsh", "ssh"}, // long s
		{"stra\u00dfe", "STRASSE"},
		{"http", "http"}, // the same name on two protocols
	} {
		reg, err := registry.ParseBytes("f.xml", twoNames(c[0], c[1]))
		if err != nil {
			t.Errorf("%q and %q: %v", c[0], c[1], err)
			continue
		}
		if got := []string{reg.Records[0].Name, reg.Records[1].Name}; got[0] != c[0] || got[1] != c[1] {
			t.Errorf("%q and %q: names read as %q", c[0], c[1], got)
		}
	}
}

// TestCaseDuplicateNames: names equal under FoldName but spelled
// differently are refused, with the line and label of the second record
// and the line of the first.
func TestCaseDuplicateNames(t *testing.T) {
	for _, c := range [][2]string{{"HTTP", "http"}, {"Http", "hTTP"}, {"x-Y@1", "X-y@1"}} {
		_, err := registry.ParseBytes("f.xml", twoNames(c[0], c[1]))
		want := fmt.Sprintf(`f.xml:5: record 2 (line 5, name %q, number 80, udp): service name %q differs only by case from %q (line 4); RFC 6335 names are case-insensitive`, c[1], c[1], c[0])
		if err == nil || err.Error() != want {
			t.Errorf("%q and %q: error %v\nwant %s", c[0], c[1], err, want)
		}
	}
}

// TestCaseBitPairs runs every pair of printable ASCII characters that
// differ by the bit 0x20 (0x40-0x5f against 0x60-0x7f) through the parser:
// only letter pairs are the same name.
func TestCaseBitPairs(t *testing.T) {
	for c := byte(0x40); c <= 0x5f; c++ {
		a, b := "a"+string(c)+"b", "a"+string(c|0x20)+"b"
		_, err := registry.ParseBytes("f.xml", twoNames(a, b))
		letter := 'A' <= c && c <= 'Z'
		switch {
		case letter && (err == nil || !strings.Contains(err.Error(), "differs only by case")):
			t.Errorf("%q and %q: error %v, want the case-duplicate refusal", a, b, err)
		case c|0x20 == 0x7f: // DEL
			if err == nil || !strings.Contains(err.Error(), "control character U+007F") {
				t.Errorf("%q and %q: error %v, want DEL refused", a, b, err)
			}
		case !letter && err != nil:
			t.Errorf("%q and %q: %v", a, b, err)
		}
	}
}
