package registry_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/svcreg/ianaports/internal/registry"
)

// safeText reports whether s can go to a terminal as it is: valid UTF-8
// of printable characters only. strconv.IsPrint rejects the C0 and C1
// controls, NUL, the bidi embeddings, overrides and isolates
// (U+202A-U+202E, U+2066-U+2069), the byte-order mark U+FEFF and the
// line and paragraph separators U+2028 and U+2029; they are named again
// below so that the test does not rest on that alone.
func safeText(s string) bool {
	for _, r := range s {
		switch {
		case r == utf8.RuneError, !strconv.IsPrint(r),
			r < 0x20, r >= 0x7f && r < 0xa0,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0xfeff, r == 0x2028, r == 0x2029:
			return false
		}
	}
	return true
}

func TestSafeText(t *testing.T) {
	for _, s := range []string{"\x00", "a\x1b[31m", "\u0085", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "\u2029", "\xff"} {
		if safeText(s) {
			t.Errorf("safeText(%q) = true", s)
		}
	}
	if !safeText(`record 2 (line 3, name "Ünïcödé"): port number "7\u2066" …`) {
		t.Error("safeText refuses printable text")
	}
}

// TestSafeMessages puts control, bidi, byte-order-mark, separator and NUL
// characters into the name, number, attributes and description of a
// malformed record, and into a person: every message must show them
// escaped, never raw.
func TestSafeMessages(t *testing.T) {
	const head = "<?xml version='1.0' encoding='UTF-8'?>\n" +
		`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
		"  <updated>2026-08-17</updated>\n" +
		"  <record><name>ok</name></record>\n"
	const tail = "</registry>\n"
	for _, c := range []struct {
		name, body string
		want       string // Error() after "safe.xml"
	}{
		{"name and number",
			"  <record><name>e\ufeffc\u2028ho</name><protocol>tcp</protocol><number>7\u2066</number></record>\n",
			`:5: record 2 (line 5, name "e\ufeffc\u2028ho", number "7\u2066", tcp): port number "7\u2066" is not a decimal number in 0-65535`},
		{"protocol",
			"  <record><name>echo</name><protocol>tcp\u2028</protocol></record>\n",
			`:5: record 2 (line 5, name "echo", "tcp\u2028"): unknown protocol "tcp\u2028" (want tcp, udp, sctp or dccp)`},
		{"date attribute",
			"  <record date=\"2025-01\u2029\"><name>echo</name></record>\n",
			`:5: record 2 (line 5): registration date "2025-01\u2029" is not a valid YYYY-MM-DD or YYYY-MM date`},
		{"attribute name",
			"  <record st\u00e4tus=\"x\"><name>echo</name></record>\n",
			`:5: record 2 (line 5): unknown attribute "stätus" on <record>`},
		{"xref attribute",
			"  <record><name>echo</name><xref type=\"rf\ufeffc\" data=\"rfc862\"/></record>\n",
			`:5: record 2 (line 5, name "echo"): xref type "rf\ufeffc" is not one of person, rfc, draft, uri, text, note`},
		{"entity in description",
			"  <record><name>echo</name><description>a &x\u202e; b</description></record>\n",
			`:5: record 2 (line 5, name "echo"): malformed XML: invalid character entity &x\u202e;`},
		{"element name in description",
			"  <record><name>echo</name><description>a <b\u2067/> b</description></record>\n",
			`:5: record 2 (line 5, name "echo"): malformed XML: invalid XML name: b\u2067`},
		{"unknown element in description",
			"  <record><name>echo</name><description>a <bö/> b</description></record>\n",
			`:5: record 2 (line 5, name "echo"): unknown element <"bö"> inside <description>`},
		{"text in record",
			"  <record><name>echo</name>\u2069stray\u202a</record>\n",
			`:5: record 2 (line 5, name "echo"): unexpected text "\u2069stray\u202a" in <record>`},
		{"NUL in description",
			"  <record><name>echo</name><description>a\x00b</description></record>\n",
			`:5: record 2 (line 5, name "echo"): character U+0000 at column 42 (byte offset 230) is not allowed in XML`},
		{"NUL reference in description",
			"  <record><name>echo</name><description>a&#0;b</description></record>\n",
			`:5: record 2 (line 5, name "echo"): malformed XML: illegal character code U+0000`},
		{"person",
			"  <people><person id=\"Jon\u202ePostel\"><updated>2006-02-29\ufeff</updated></person></people>\n",
			`:5: person 1 (line 5, id "Jon\u202ePostel"): updated date "2006-02-29\ufeff" is not a valid YYYY-MM-DD or YYYY-MM date`},
		{"directive",
			"<!DOC\u202eTYPE registry>\n",
			`:4: <!"DOC\u202eTYPE"> refused: the registry has no DOCTYPE, and entities declared in one are never expanded`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var doc string
			if strings.HasPrefix(c.body, "<!") {
				// Before the root.
				lines := strings.SplitAfterN(head, "\n", 2)
				doc = lines[0] + "\n\n" + c.body + lines[1] + tail
			} else {
				doc = head + c.body + tail
			}
			_, err := registry.ParseBytes("safe.xml", []byte(doc))
			if err == nil {
				t.Fatal("accepted")
			}
			if !safeText(err.Error()) {
				t.Errorf("message holds a raw character: %q", err.Error())
			}
			if got := strings.TrimPrefix(err.Error(), "safe.xml"); got != c.want {
				t.Errorf("Error() = %s\nwant      %s", got, c.want)
			}
		})
	}
}

// TestSafeWarnings checks the same for the warnings of an accepted
// registry: a legacy name, a white-space-padded name and a missing person,
// each with an invisible format or separator character (a name with a
// bidi control is refused: TestNamesWithControlsRefused).
func TestSafeWarnings(t *testing.T) {
	doc := "<?xml version='1.0' encoding='UTF-8'?>\n" +
		`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
		"  <updated>2026-08-17</updated>\n" +
		"  <record><name>a\ufeffb</name><xref type=\"person\" data=\"P\u2028Q\"/></record>\n" +
		"  <record><name> c\u200b </name></record>\n" +
		"</registry>\n"
	reg, err := registry.ParseBytes("safe.xml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// Warnings made while reading come before those of the final check.
	want := []string{
		`5: service name " c\u200b " has surrounding white space; trimmed`,
		`4: legacy service name "a\ufeffb" is outside RFC 6335 syntax`,
		`4: person "P\u2028Q" is not in <people>`,
		`5: legacy service name "c\u200b" is outside RFC 6335 syntax`,
	}
	var got []string
	for _, w := range reg.Warnings {
		got = append(got, strconv.Itoa(w.Line)+": "+w.Msg)
		if !safeText(w.Msg) {
			t.Errorf("warning holds a raw character: %q", w.Msg)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
