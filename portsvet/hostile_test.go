package portsvet

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/svcreg/ianaports/internal/fixture"
)

// ignore takes analysistest's complaints about diagnostics no "want"
// comment expects: the test reads the diagnostics itself.
type ignore struct{}

func (ignore) Errorf(string, ...any) {}

// hugeConsts declares constants of 1 MB: a name, digits, and bidi
// controls with an escape character.
var hugeConsts = "const x = " + strconv.Quote(strings.Repeat("x", 1<<20)) +
	"\nconst nine = " + strconv.Quote(strings.Repeat("9", 1<<20)) +
	"\nconst bidi = " + strconv.Quote(strings.Repeat("\u202e\x1b", 1<<18)) + "\n\n"

// TestMessagesAreBounded hands the portsvet analyzer constants of 1 MB
// as names, networks and ports, and wants every diagnostic and fix
// message on one line of at most 300 bytes, showing at most 80 bytes of
// the constant and no character that could act on a terminal.
func TestMessagesAreBounded(t *testing.T) {
	boundedMessages(t, Analyzer, "package huge\n\nimport ports \"example.com/vettest/fakeports\"\n\n"+hugeConsts+
		"func f() {\n"+
		"\tports.Lookup(x, ports.TCP)\n\tports.ByName(bidi)\n\tports.Lookup(x+\"s\", ports.TCP)\n"+
		"\tports.LookupPort(x, \"http\")\n\tports.LookupPort(\"tcp\", x)\n\tports.LookupPort(\"tcp\", nine)\n\tports.LookupPort(bidi, \"http\")\n"+
		"}\n", 6)
}

// TestNetsvcMessagesAreBounded is TestMessagesAreBounded for netsvc, in
// addresses given to net (type-checking net takes seconds).
func TestNetsvcMessagesAreBounded(t *testing.T) {
	fixture.Long(t)
	boundedMessages(t, NetSvc, "package huge\n\nimport \"net\"\n\n"+hugeConsts+
		"func f() {\n\tnet.Dial(\"tcp\", \"host:\"+x)\n\tnet.Dial(\"tcp\", \"host:\"+bidi)\n\tnet.LookupPort(\"udp\", x)\n}\n", 3)
}

// boundedMessages runs a over a package of src and checks every message
// and fix message it reports, at least want of them.
func boundedMessages(t *testing.T, a *analysis.Analyzer, src string, want int) {
	t.Helper()
	dir := testModule(t, "mod")
	if err := os.MkdirAll(filepath.Join(dir, "huge"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "huge", "huge.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, r := range analysistest.Run(ignore{}, dir, a, "./huge") {
		for _, d := range r.Diagnostics {
			msgs = append(msgs, d.Message)
			for _, f := range d.SuggestedFixes {
				msgs = append(msgs, f.Message)
			}
		}
	}
	if len(msgs) < want {
		t.Fatalf("%s: %d messages for the hostile calls, want at least %d: %q", a.Name, len(msgs), want, msgs)
	}
	for _, m := range msgs {
		if len(m) > 300 || strings.Contains(m, strings.Repeat("x", 81)) || strings.Contains(m, strings.Repeat("9", 81)) {
			t.Errorf("%s: a message of %d bytes: %.400q", a.Name, len(m), m)
		}
		for _, r := range m {
			if !strconv.IsPrint(r) {
				t.Errorf("%s: raw %U in %.300q", a.Name, r, m)
				break
			}
		}
	}
}
