package diff

import (
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

// forge is registry text that tries to start a line of its own ("FORGED",
// a Markdown heading, a rule) and to act on a terminal.
const forge = "x\n## FORGED\n---\r\n\x1b[31m\u009b\u202eFORGED\u2028FORGED"

// TestReportsKeepRegistryTextOnItsLine: whatever a description, a note,
// a name, a person or the title holds, the text and Markdown reports
// show it on the line it belongs to, escaped: FORGED never starts a
// line (a heading, a list item, a rule), and no character that could
// act on a terminal is left raw.
func TestReportsKeepRegistryTextOnItsLine(t *testing.T) {
	withNote := rec("noted", "tcp", "2", "plain")
	withNote.Note = registry.Text{{Kind: registry.SegText, Text: forge}}
	withNote.Unauthorized = withNote.Note
	old := reg("2026-01-01",
		rec("kept", "tcp", "1", "old description"),
		rec("gone", "udp", "3", forge),
		rec("", "tcp", "4", "Unassigned"),
	)
	old.People = []registry.Person{{ID: "Jo", Name: "Jo Smith"}, {ID: "Al", Name: "Al"}}
	new := reg("2026-02-01",
		rec("kept", "tcp", "1", forge),
		withNote,
		rec("ev\nFORGED", "tcp", "4", "added name"),
		rec("", "udp", "5", forge),
	)
	new.People = []registry.Person{{ID: "Jo", Name: forge, Org: forge}, {ID: "New\nFORGED", Name: forge}}
	new.Title = forge
	r := Compare(old, new)
	for _, f := range []Format{Text, Markdown} {
		out := render(t, r, f)
		if n := strings.Count(out, "FORGED"); n < 10 {
			t.Errorf("%v: the hostile text shows %d times; the test does not reach the renderers", f, n)
		}
		for _, line := range strings.Split(out, "\n") {
			if rest := strings.TrimLeft(line, " #-+~*>\\"); strings.HasPrefix(rest, "FORGED") {
				t.Errorf("%v: a line starts with the registry's text: %q", f, line)
			}
		}
		for _, r := range out {
			if r != '\n' && !strconv.IsPrint(r) {
				t.Errorf("%v: raw %U in the report", f, r)
				break
			}
		}
	}
}
