package emit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit/overlayref"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

func TestParseOverlay(t *testing.T) {
	src := "# local names\n" +
		"\n" +
		"postgres\t5432/tcp\tpostgresql  # PostgreSQL\tdatabase \r\n" +
		"kdc 88/udp\n" +
		"kerberos4 750/udp kerberos-iv KDC kdc # the later kdc wins\n" +
		"rtmp 1/ddp\n" +
		"nbp 2/ddp # AppleTalk\n" +
		"clearcase 371/udp Clearcase clearcase\n" +
		"   \t\n" +
		"x 9/sctp y\n" +
		"z 080/dccp\n" +
		"same 1/tcp\n" +
		"same 1/tcp # the same port again: no redefinition\n" +
		"Same 2/tcp X # capitals without the lower-case spelling: skipped\n"
	o, err := ParseOverlay("local", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(o.Entries))
	for i, e := range o.Entries {
		got[i] = fmt.Sprintf("%d:%s %d/%s %q", e.Line, e.Name, e.Port, e.Protocol, e.Comment)
	}
	want := []string{
		`3:postgres 5432/tcp "PostgreSQL database"`,
		`3:postgresql 5432/tcp "PostgreSQL database"`,
		`5:kerberos4 750/udp "the later kdc wins"`,
		`5:kerberos-iv 750/udp "the later kdc wins"`,
		`5:KDC 750/udp "the later kdc wins"`,
		`8:clearcase 371/udp ""`,
		`10:x 9/sctp ""`,
		`10:y 9/sctp ""`,
		`11:z 80/dccp ""`,
		`13:same 1/tcp "the same port again: no redefinition"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(o.Redefined) != 1 || o.Redefined[0].Old.Line != 4 || o.Redefined[0].New.Line != 5 || o.Redefined[0].New.Name != "KDC" {
		t.Errorf("redefinitions %+v, want kdc line 4 by KDC line 5", o.Redefined)
	}
	var capitalized []string
	for _, c := range o.Capitalized {
		capitalized = append(capitalized, c.String())
	}
	if want := []string{
		`Same 2/tcp skipped: net.LookupPort lower-cases the name it looks up and never finds one written with capitals; write it as "same", or add that alias to the line`,
		`X 2/tcp skipped: net.LookupPort lower-cases the name it looks up and never finds one written with capitals; write it as "x", or add that alias to the line`,
	}; !slices.Equal(capitalized, want) || o.Capitalized[0].Line != 14 {
		t.Errorf("capitalized:\n%s\nwant on line 14:\n%s", strings.Join(capitalized, "\n"), strings.Join(want, "\n"))
	}
	if o.Skipped["ddp"] != 2 || len(o.Skipped) != 1 || o.Lines != 9 {
		t.Errorf("skipped %v, lines %d", o.Skipped, o.Lines)
	}
	if sum := sha256.Sum256([]byte(src)); o.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %q", o.SHA256)
	}
	// The reference reads the same entries.
	ref := overlayref.Read([]byte(src))
	if len(ref) != len(o.Entries) {
		t.Fatalf("overlayref reads %d entries, ParseOverlay %d", len(ref), len(o.Entries))
	}
	for i, e := range ref {
		g := o.Entries[i]
		if e.Line != g.Line || e.Name != g.Name || e.Port != g.Port || e.Protocol != g.Protocol || e.Comment != g.Comment {
			t.Errorf("entry %d: overlayref %+v, ParseOverlay %+v", i, e, g)
		}
	}
	if s := o.Summary(3); s != "local: 10 local names from 9 lines, sha256 "+o.SHA256[:12]+"; 2 lines on other protocols skipped (ddp); 1 name redefined by a later line; 2 names written with capitals skipped; 3 conflicts with IANA's assignments" {
		t.Errorf("summary %q", s)
	}
}

// TestOverlayRefusals: each bad line is refused as FILE:LINE: message,
// one line, naming what is wrong.
func TestOverlayRefusals(t *testing.T) {
	form := regexp.MustCompile(`^local:\d+: [^\n]+$`)
	for _, c := range []struct{ line, want string }{
		{"postgres", `want "name port/protocol [alias ...]", found only "postgres"`},
		{"postgres 5432", `"5432": want port/protocol, such as 80/tcp`},
		{"postgres tcp/5432", `"tcp/5432": the port is not a decimal number`},
		{"postgres /tcp", `"/tcp": the port is not a decimal number`},
		{"postgres +5432/tcp", `the port is not a decimal number`},
		{"postgres 0x10/tcp", `the port is not a decimal number`},
		{"postgres 0/tcp", `"0/tcp": port 0 is outside 1-65535`},
		{"postgres 65536/tcp", `port 65536 is outside 1-65535`},
		{"postgres 99999999999999999999999/tcp", `the port is not a decimal number`},
		{"postgres 5432/TCP", `protocol "TCP" is not a lower-case protocol name`},
		{"postgres 5432/", `protocol "" is not a lower-case protocol name`},
		{"postgres 5432/tcp/udp", `protocol "tcp/udp" is not`},
		{"8080 8080/tcp", `name "8080" reads as a port number`},
		{"web +8080/tcp", `the port is not a decimal number`},
		{"web 8080/tcp -1", `name "-1" reads as a port number`},
		{"web 8080/tcp +", `name "+" reads as a port number`},
		{"caf\xc3\xa9 80/tcp", `name "café" holds the byte 0xc3`},
		{"a\x00b 80/tcp", `name "a\x00b" holds the byte 0x0`},
		{"a\vb 80/tcp", `holds the byte 0xb`},
		{strings.Repeat("n", 26) + " 80/tcp", `is 26 bytes long, more than 25`},
		{"web 80/tcp " + strings.Repeat("a", 26), `is 26 bytes long, more than 25`},
		{"web 80/tcp #" + strings.Repeat("c", 64<<10-12), `the line is 65536 bytes long: net.LookupPort's reader of /etc/services stops at a line of 64 KiB or more`},
		{"web 80/tcp #" + strings.Repeat("c", 64<<10-13) + "\r", `the line is 65536 bytes long`},
		{"web 80/tcp # caf\xe9", `the comment is not valid UTF-8`},
		{"web 80/tcp # a\x1bb", `the comment holds the control character U+001B`},
	} {
		src := "# first line\nok 1/tcp\n" + c.line + "\nlater 2/tcp\n"
		_, err := ParseOverlay("local", []byte(src))
		var oe *OverlayError
		if !errors.As(err, &oe) || oe.Line != 3 || !form.MatchString(err.Error()) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want local:3: ...%s", c.line, err, c.want)
		}
	}
	// What services(5) files carry is accepted: tabs, CR LF, other
	// protocols' lines, a name made of digits and letters, 15-byte names.
	for _, ok := range []string{"a\t1/tcp", "a 1/tcp\r", "rtmp 1/ddp", "3com-tsmux 106/tcp", "9pfs 564/tcp", "kerberos-master 751/udp", "x 65535/udp", "#", "  # x",
		strings.Repeat("n", 25) + " 1/tcp", "web 80/tcp #" + strings.Repeat("c", 64<<10-13)} {
		if _, err := ParseOverlay("local", []byte(ok+"\n")); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
}

// TestOverlayPrecedence builds tables from a registry and an overlay and
// checks the mirror's look-ups: a local record wins Lookup on its
// protocol, ByName and ByPort list both, in record order, and the
// conflicts are the local names IANA assigns another port.
func TestOverlayPrecedence(t *testing.T) {
	reg := registryOf(t, `
  <record><name>http</name><protocol>tcp</protocol><number>80</number><description>HTTP</description></record>
  <record><name>http</name><protocol>udp</protocol><number>80</number><description>HTTP</description></record>
  <record><name>dicom</name><protocol>tcp</protocol><number>104</number><description>DICOM</description></record>
  <record><name>x11</name><protocol>tcp</protocol><number>6000-6063</number><description>X</description></record>
  <record><name>webdav</name><description>name only</description></record>
  <record><name>domain</name><number>53</number><description>DNS</description></record>`)
	o, err := ParseOverlay("local", []byte("http 8080/tcp www\ndicom 11112/tcp\nx11 6000/tcp x11-0\nwebdav 8081/tcp\ndomain 5353/udp\nhttp 80/udp\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := build(reg, o.records(), defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	nReg := len(reg.Records)
	for _, c := range []struct {
		name  string
		proto int
		want  int // record index
	}{
		{"http", 1, nReg + 0}, {"HTTP", 2, nReg + 7}, {"www", 1, nReg + 1}, {"dicom", 1, nReg + 2},
		{"x11", 1, nReg + 3}, {"webdav", 1, nReg + 5}, {"webdav", 2, 4}, {"domain", 2, nReg + 6}, {"domain", 1, 5},
	} {
		if got, ok := tb.lookup(c.name, c.proto); !ok || got != c.want {
			t.Errorf("lookup(%q, %d) = %d, %v; want %d", c.name, c.proto, got, ok, c.want)
		}
	}
	if got := tb.namesOf("http"); !slices.Equal(got, []int{0, 1, nReg, nReg + 7}) {
		t.Errorf("namesOf(http) = %v", got)
	}
	if got := tb.portsOf(6000, 1); !slices.Equal(got, []int{3, nReg + 3, nReg + 4}) {
		t.Errorf("portsOf(6000, tcp) = %v", got)
	}
	if got := tb.portsOf(80, 2); !slices.Equal(got, []int{1, nReg + 7}) {
		t.Errorf("portsOf(80, udp) = %v", got)
	}
	var conflicts []string
	for _, c := range o.Conflicts(reg) {
		conflicts = append(conflicts, c.String())
	}
	want := []string{
		"http 8080/tcp wins over IANA's http 80/tcp in Lookup and LookupPort",
		"dicom 11112/tcp wins over IANA's dicom 104/tcp in Lookup and LookupPort",
		"domain 5353/udp wins over IANA's domain 53/udp in Lookup and LookupPort",
	}
	if !slices.Equal(conflicts, want) {
		t.Errorf("conflicts:\n%s\nwant:\n%s", strings.Join(conflicts, "\n"), strings.Join(want, "\n"))
	}
}

// TestOverlayTrimsAndID: the trims apply to local records too, and the
// overlay's SHA-256 is in TablesID, OverlaySHA256 and (as a fact, not a
// path) the header.
func TestOverlayTrimsAndID(t *testing.T) {
	reg := parseFixture(t)
	o := parseOverlayFile(t, fixtureOverlay)
	local := Trim{Protocols: []string{"udp"}, NoText: true}.applyLocal(o.records())
	if len(local) == 0 {
		t.Fatal("the fixture overlay has no udp names")
	}
	for _, r := range local {
		if r.Protocol != "udp" || !r.Description.IsEmpty() {
			t.Errorf("trimmed local record %+v", r)
		}
	}
	plain, err := Render(reg, Config{})
	if err != nil {
		t.Fatal(err)
	}
	over, err := Render(reg, Config{Overlay: o})
	if err != nil {
		t.Fatal(err)
	}
	if TablesID(reg.SHA256, Config{Overlay: o}) == TablesID(reg.SHA256, Config{}) {
		t.Error("the overlay does not change TablesID")
	}
	for i, f := range over {
		first, _, _ := strings.Cut(string(f.Data), "\n")
		plainFirst, _, _ := strings.Cut(string(plain[i].Data), "\n")
		if !strings.HasSuffix(first, OverlayHeader+". DO NOT EDIT.") || strings.Contains(plainFirst, OverlayHeader) || strings.Contains(first, fixtureOverlay) {
			t.Errorf("%s headers: %q and %q", f.Name, first, plainFirst)
		}
	}
	tables := string(over[1].Data)
	if !strings.Contains(tables, `const OverlaySHA256 = "`+o.SHA256+`"`) || !strings.Contains(tables, `const TablesID = "`+TablesID(reg.SHA256, Config{Overlay: o})+`"`) {
		t.Error("tables.go lacks the overlay's SHA-256 or its TablesID")
	}
	if !strings.Contains(string(plain[1].Data), `const OverlaySHA256 = ""`) || !strings.Contains(string(plain[1].Data), "const NumLocal = 0\n") {
		t.Error("a build without overlay does not say so")
	}
	if !strings.Contains(string(over[0].Data), "This build holds local names") || strings.Contains(string(plain[0].Data), "This build holds local names") {
		t.Error("the package doc does not say whether the build holds local names")
	}
}

// TestStatusFoldsASCII: a nameless row is Unassigned when its
// description is "Unassigned" in any ASCII case, with blanks around it;
// Unicode folding (U+017F LONG S for s) does not count.
func TestStatusFoldsASCII(t *testing.T) {
	for _, c := range []struct {
		desc string
		want int
	}{{"Unassigned", statusUnassigned}, {" UNASSIGNED\n", statusUnassigned}, {"unassigned", statusUnassigned},
		{"Una\u017f\u017figned", statusReserved}, {"Unassigned\u00a0", statusReserved}, {"Reserved", statusReserved}} {
		r := registry.Record{Description: text(c.desc)}
		if got := statusOf(&r); got != c.want {
			t.Errorf("description %q: status %d, want %d", c.desc, got, c.want)
		}
	}
}

// corpusNames lists what TestOverlayNetParity asks of a services(5)
// file: its names and aliases as written, lower-cased and upper-cased;
// the corpus registry's names; and Go's built-in names.
func corpusNames(data []byte, goTable map[string]map[string]int) []string {
	var names []string
	for _, f := range overlayref.Names(data) {
		names = append(names, f, strings.ToLower(f), strings.ToUpper(f))
	}
	names = append(names, "ssh", "http", "www", "dicom", "clearcase", "foo", "camel", "baz", "webdav", "domain")
	for _, m := range goTable {
		for n := range m {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// mirrorLookupPort is the API's LookupPort for tcp (1) or udp (2) over
// tables built from recs: the record Lookup answers, if it has a port,
// else net's built-in table.
func mirrorLookupPort(tb *tables, recs []registry.Record, proto int, name string, goTable map[string]map[string]int) (int, bool) {
	if i, ok := tb.lookup(name, proto); ok && recs[i].HasNumber {
		return recs[i].Lo, true
	}
	port, ok := goTable[[]string{1: "tcp", 2: "udp"}[proto]][registry.FoldName(name)]
	return port, ok
}

// TestOverlayNetParity builds the tables from each file of the overlay
// corpus and asks every name and alias on tcp and udp, comparing with
// net.LookupPort's reader (fixture.NetRead, written from net's
// sources): wherever net answers, LookupPort gives the same port; where
// net has none, LookupPort answers as the build without the overlay
// does. The files where the two could not agree are refused, each at
// its line, with one bounded line.
func TestOverlayNetParity(t *testing.T) {
	goTable := fixture.GoServices(t)
	reg, err := registry.ParseBytes("corpus.xml", []byte(overlayref.CorpusRegistry))
	if err != nil {
		t.Fatal(err)
	}
	base, err := build(reg, nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	accepted, compared := 0, 0
	for _, f := range overlayref.Corpus() {
		o, err := ParseOverlay(f.Name, f.Data)
		if f.RefusedAt > 0 {
			var oe *OverlayError
			if !errors.As(err, &oe) || oe.Line != f.RefusedAt || strings.Contains(err.Error(), "\n") || len(err.Error()) > 300 {
				t.Errorf("%s: error %.300v; want it refused at line %d, in one line of at most 300 bytes", f.Name, err, f.RefusedAt)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		accepted++
		local := o.records()
		over, err := build(reg, local, defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		recs := append(slices.Clip(reg.Records), local...)
		net := fixture.NetRead(f.Data, goTable)
		for _, name := range corpusNames(f.Data, goTable) {
			for proto, network := range []string{1: "tcp", 2: "udp"} {
				if proto == 0 {
					continue
				}
				got, ok := mirrorLookupPort(over, recs, proto, name, goTable)
				want, wantOK := net.LookupPort(network, name)
				from := "net.LookupPort"
				if !wantOK {
					want, wantOK = mirrorLookupPort(base, reg.Records, proto, name, goTable)
					from = "the build without overlay"
				}
				if got != want || ok != wantOK {
					t.Errorf("%s: LookupPort(%q, %q) = %d, %v; %s says %d, %v", f.Name, network, name, got, ok, from, want, wantOK)
				}
				compared++
			}
		}
	}
	if accepted < 10 {
		t.Errorf("only %d files of the corpus accepted", accepted)
	}
	t.Logf("%d files accepted, %d look-ups compared", accepted, compared)
}
