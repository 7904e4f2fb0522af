package registry_test

import (
	"bytes"
	"html"
	"os"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// TestNamesWithControlsRefused is issue 19's (the other C0 controls
// are not XML characters, refused before): a service name holding a
// C0 or C1 control, DEL or a bidi control was accepted with a warning,
// then printed one record on two lines (ports --script), raw bidi and C1
// characters in tables, and a forged heading in a Markdown report. Each
// is now refused with the parser's file:line: record error, naming the
// character.
func TestNamesWithControlsRefused(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"nl&#10;name", "U+000A"},
		{"tab&#9;name", "U+0009"},
		{"cr&#13;name", "U+000D"},
		{"del\x7fname", "U+007F"},
		{"csi\u009bname", "U+009B"},
		{"nel\u0085name", "U+0085"},
		{"\u202eevil", "U+202E"},
		{"lrm\u200ename", "U+200E"},
		{"rlm\u200fname", "U+200F"},
		{"lre\u202aname", "U+202A"},
		{"fsi\u2068name", "U+2068"},
		{"pdi\u2069name", "U+2069"},
		{"alm\u061cname", "U+061C"},
	} {
		doc := "<?xml version='1.0' encoding='UTF-8'?>\n" +
			`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n" +
			"  <updated>2026-08-17</updated>\n" +
			"  <record><name>ok</name><protocol>tcp</protocol><number>1</number></record>\n" +
			"  <record>\n    <name>" + c.name + "</name>\n    <protocol>tcp</protocol>\n  </record>\n" +
			"</registry>\n"
		_, err := registry.ParseBytes("names.xml", []byte(doc))
		if err == nil {
			t.Errorf("%q: accepted", c.name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "names.xml:6: record 2 (line 5, name ") || !strings.Contains(msg, "holds the control character "+c.want) {
			t.Errorf("%q: %s\nwant names.xml:6: record 2 (line 5, name …): … holds the control character %s", c.name, msg, c.want)
		}
		if !safeText(msg) {
			t.Errorf("%q: the message holds a raw character: %q", c.name, msg)
		}
	}
}

// TestRealNamesHaveNoControls: no registry IANA published, among the
// committed ones, has a name the parser now refuses; each still parses.
// The scan reads the raw XML (each <name> element, its character
// references decoded), not the parsed names, so that it does not lean on
// the check it backs.
func TestRealNamesHaveNoControls(t *testing.T) {
	for _, name := range []string{"", fixture.Registry20250328, fixture.Registry20260424} {
		var data []byte
		if name == "" {
			b, err := os.ReadFile(fixture.Pinned(t))
			if err != nil {
				t.Fatal(err)
			}
			data = b
		} else {
			data = fixture.Read(t, name)
		}
		names := 0
		for rest := data; ; {
			i := bytes.Index(rest, []byte("<name>"))
			if i < 0 {
				break
			}
			rest = rest[i+len("<name>"):]
			j := bytes.Index(rest, []byte("</name>"))
			if j < 0 {
				t.Fatalf("%s: a <name> is not closed", name)
			}
			names++
			s := strings.TrimSpace(html.UnescapeString(string(rest[:j])))
			if clip.IndexControl(s) >= 0 {
				t.Errorf("%s: name %q holds a control character", name, s)
			}
			rest = rest[j:]
		}
		if names < 10000 {
			t.Errorf("%s: read only %d names", name, names)
		}
		fixture.Registry(t, name)
	}
}
