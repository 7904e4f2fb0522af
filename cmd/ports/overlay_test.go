package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

// localName is a name an overlay line gives, on the line's port and
// tcp, with the line's comment.
type localName struct {
	name    string
	port    uint16
	comment string
}

// overlayPorts are the ports of the registry compiled in that the
// overlay of TestOverlaidExports names: shared, an assignment alone on a
// user port of tcp, which a local name joins; free, a user port IANA
// leaves Unassigned, which a local name takes. The next update may
// withdraw, revise or assign any user port, so they are chosen at run
// time.
type overlayPorts struct {
	shared ports.Service
	free   uint16
}

// unregistered returns base, or base with a number appended, so that
// IANA registers no such name: a local name must be the overlay's alone.
func unregistered(base string) string {
	name := base
	for i := 2; len(slices.Collect(ports.ByName(name))) > 0; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// writeLocalOverlay writes the overlay of TestOverlaidExports into dir
// and returns its path and the local names it gives, in order (the ddp
// line is skipped).
func writeLocalOverlay(t *testing.T, dir string) (string, []localName, overlayPorts) {
	t.Helper()
	var op overlayPorts
	op.shared = loneUserTCP(t)
	for port := uint16(1024); port <= 49151 && op.free == 0; port++ {
		recs := slices.Collect(ports.ByPort(port, ports.TCP))
		if len(recs) == 1 && recs[0].Status() == ports.Unassigned {
			op.free = port
		}
	}
	if op.free == 0 {
		t.Skip("the registry leaves no user port Unassigned on tcp")
	}
	auth, tap := unregistered("authentication"), unregistered("tap")
	names := []localName{
		{unregistered("localdb"), op.shared.Port(), "a local name beside IANA's"},
		{auth, 113, "local names for auth"},
		{tap, 113, "local names for auth"},
		{"http-alt", 8080, "http-alt here alone"},
		{unregistered("webcache"), 8080, "http-alt here alone"},
		{unregistered("mylocal"), op.free, "a port IANA leaves unassigned"},
	}
	text := "# Local names for TestOverlaidExports.\n"
	for i := 0; i < len(names); i++ {
		n := names[i]
		line := n.name + " " + strconv.Itoa(int(n.port)) + "/tcp"
		for i+1 < len(names) && names[i+1].port == n.port {
			i++
			line += " " + names[i].name
		}
		text += line + " # " + n.comment + "\n"
	}
	text += "rtmp 1/ddp # AppleTalk: skipped\n"
	path := filepath.Join(dir, "local.services")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s:\n%s", path, text)
	return path, names, op
}

// TestOverlaidExports builds this command against a ports package
// generated with -overlay testdata/local.services and checks what the
// local names change: export csv is IANA's CSV still, export json marks
// them local, export services lists them as LookupPort answers them (as
// glibc's files backend reads the file), and the look-ups show them.
func TestOverlaidExports(t *testing.T) {
	fixture.Long(t) // builds the generator and the command
	overlayFile, localNames, op := writeLocalOverlay(t, t.TempDir())
	data, err := os.ReadFile(overlayFile)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	run := buildWith(t, "-overlay", overlayFile)

	// IANA's CSV leaves the local names out: it is this build's CSV
	// without overlay.
	var csv bytes.Buffer
	if err := export.CSV(&csv); err != nil {
		t.Fatal(err)
	}
	if got := run("export", "csv"); got != csv.String() {
		t.Errorf("export csv of the overlaid build differs from IANA's: %s", fixture.CSVDiff([]byte(got), csv.Bytes()))
	}

	// JSON: IANA's records as without overlay, then the local ones.
	var doc export.ExportDocument
	if err := strictJSON(run("export", "json"), &doc); err != nil {
		t.Fatal(err)
	}
	if m := doc.Registry; m.Records != ports.NumRecords || m.OverlaySHA256 == nil || *m.OverlaySHA256 != hex.EncodeToString(sum[:]) || m.TablesID == ports.TablesID {
		t.Errorf("registry %+v: want %d records, the overlay's sha256 and another TablesID", m, ports.NumRecords)
	}
	if len(doc.Records) != ports.NumRecords+len(localNames) {
		t.Fatalf("%d records, want %d and %d local", len(doc.Records), ports.NumRecords, len(localNames))
	}
	for i, s := range slices.Collect(ports.All()) {
		if want := portsjson.FromService(s); !reflect.DeepEqual(doc.Records[i], want) {
			t.Fatalf("record %d:\n got %+v\nwant %+v", i, doc.Records[i], want)
		}
	}
	for k, want := range localNames {
		r := doc.Records[ports.NumRecords+k]
		if !r.Local || r.Index != ports.NumRecords+k || r.Name == nil || *r.Name != want.name || r.PortLow == nil || *r.PortLow != want.port ||
			r.Protocol == nil || *r.Protocol != "tcp" || r.Status != "assigned" || r.Description == nil || *r.Description != want.comment ||
			len(r.Assignees)+len(r.Contacts)+len(r.References) != 0 || r.Registered != nil || r.Note != nil {
			t.Errorf("local record %d: %+v, want %+v", k, r, want)
		}
	}

	// services(5): the names answer by name as LookupPort does, and by
	// port the overlay's first name leads its line.
	services := run("export", "services")
	lines, err := parseServices(services)
	if err != nil {
		t.Fatal(err)
	}
	db := filesDB(lines)
	for _, want := range localNames {
		if l, ok := db.byName(want.name, "tcp"); !ok || l.port != want.port {
			t.Errorf("getservbyname(%s, tcp) = %v, %v; want port %d", want.name, l, ok, want.port)
		}
	}
	ln := func(i int) string { return localNames[i].name }
	for _, c := range []struct {
		port  uint16
		names []string // the primary first, then local names, then IANA's in registry order
		mark  string   // the end of the comment
	}{
		{op.shared.Port(), []string{ln(0), op.shared.Name()}, "a local name beside IANA's [local: " + ln(0) + "]"},
		{113, []string{ln(1), ln(2), "ident", "auth"}, "local names for auth [local: " + ln(1) + " " + ln(2) + "]"},
		{8080, []string{"http-alt", ln(4)}, "http-alt here alone [local: " + ln(4) + "]"},
		{op.free, []string{ln(5)}, "a port IANA leaves unassigned [local: " + ln(5) + "]"},
	} {
		l, ok := db.byPort(c.port, "tcp")
		if !ok || !slices.Equal(l.names(), c.names) || !strings.HasSuffix(l.comment, c.mark) {
			t.Errorf("getservbyport(%d, tcp) = %v # %s; want %v # ...%s", c.port, l, l.comment, c.names, c.mark)
		}
	}
	// http-alt moved to 8080: IANA's other ports no longer name it, and
	// say where it went.
	var httpAlt []ports.Service // IANA's records of http-alt on tcp
	for s := range ports.ByName("http-alt") {
		if s.Protocol() != ports.TCP && s.Protocol() != ports.NoProtocol {
			continue
		}
		httpAlt = append(httpAlt, s)
		if s.Port() == 8080 {
			continue
		}
		if l, ok := db.byPort(s.Port(), "tcp"); ok && slices.Contains(l.names(), "http-alt") {
			t.Errorf("getservbyport(%d, tcp) = %v: http-alt is local on 8080", s.Port(), l)
		}
		if !regexp.MustCompile(`(?m)^#?http-alt +` + strconv.Itoa(int(s.Port())) + `/tcp .*\[by name: http-alt 8080\]$`).MatchString(services) {
			t.Errorf("%d/tcp does not note http-alt's local port", s.Port())
		}
	}
	// Every name resolves, first line or last line winning, as the
	// overlaid build's LookupPort does: a local name to its local port,
	// any other as without the overlay.
	keys, _, diffs := readerDiffs(t, services, func(name string, p ports.Protocol) (int, bool) {
		for _, l := range localNames {
			if p == ports.TCP && strings.EqualFold(name, l.name) {
				return int(l.port), true
			}
		}
		return lookupPort(name, p)
	})
	reportDiffs(t, "export services with the overlay", keys, diffs)
	if !strings.Contains(services, "# With 6 local names compiled in from an overlay of sha256\n# "+hex.EncodeToString(sum[:])+":\n") {
		t.Error("the services header does not name the overlay")
	}

	// Look-ups list IANA's and the local records, the local ones marked.
	shared := portProto(op.shared)
	iana := strings.Join([]string{shared, op.shared.Name(), "assigned", firstLine(op.shared.Description()), assigneeNames(op.shared)}, "\t") + "\n"
	local := shared + "\t" + ln(0) + "\tassigned\ta local name beside IANA's\tlocal\n"
	if got, want := run("--script", shared, ln(0)), iana+local+local; got != want {
		t.Errorf("ports --script %s %s:\n%s\nwant:\n%s", shared, ln(0), got, want)
	}
	var look export.LookupDocument
	if err := strictJSON(run("--json", "http-alt/tcp"), &look); err != nil {
		t.Fatal(err)
	}
	var localPorts []string
	for _, r := range look.Records {
		if r.Local {
			localPorts = append(localPorts, *r.Number)
		}
	}
	if len(look.Records) != len(httpAlt)+1 || !slices.Equal(localPorts, []string{"8080"}) {
		t.Errorf("ports --json http-alt/tcp: %d records, local ones on %v; want IANA's %d and one local on 8080", len(look.Records), localPorts, len(httpAlt))
	}
	if v := run("version"); !strings.Contains(v, "local      6 names from an overlay of sha256 "+hex.EncodeToString(sum[:])) {
		t.Errorf("ports version:\n%s", v)
	}
	free := strconv.Itoa(int(op.free)) + "/tcp"
	if got, want := run("status", free, "--script"), free+"\tassigned\t"+ln(5)+"\n"; got != want {
		t.Errorf("ports status %s: %q, want %q", free, got, want)
	}
}
