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

// localOverlay is testdata/local.services, and localNames what it
// gives, read by hand: each name and alias on its line's port and
// protocol, with the line's comment (the ddp line is skipped).
const localOverlay = "testdata/local.services"

var localNames = []struct {
	name    string
	port    uint16
	comment string
}{
	{"postgres", 5432, "PostgreSQL database"},
	{"authentication", 113, "local names for auth"},
	{"tap", 113, "local names for auth"},
	{"http-alt", 8080, "IANA also has 591 and 8008"},
	{"webcache", 8080, "IANA also has 591 and 8008"},
	{"mylocal", 4338, "a port IANA leaves unassigned"},
}

// TestOverlaidExports builds this command against a ports package
// generated with -overlay testdata/local.services and checks what the
// local names change: export csv is IANA's CSV still, export json marks
// them local, export services lists them as LookupPort answers them (as
// glibc's files backend reads the file), and the look-ups show them.
func TestOverlaidExports(t *testing.T) {
	fixture.Long(t) // builds the generator and the command
	root := moduleRoot(t)
	overlayFile := filepath.Join(root, "cmd", "ports", localOverlay)
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
	for _, c := range []struct {
		port  uint16
		names []string // the primary first, then local names, then IANA's in registry order
		mark  string   // the end of the comment
	}{
		{5432, []string{"postgres", "postgresql"}, "PostgreSQL database [local: postgres]"},
		{113, []string{"authentication", "tap", "ident", "auth"}, "local names for auth [local: authentication tap]"},
		{8080, []string{"http-alt", "webcache"}, "IANA also has 591 and 8008 [local: webcache]"},
		{4338, []string{"mylocal"}, "a port IANA leaves unassigned [local: mylocal]"},
	} {
		l, ok := db.byPort(c.port, "tcp")
		if !ok || !slices.Equal(l.names(), c.names) || !strings.HasSuffix(l.comment, c.mark) {
			t.Errorf("getservbyport(%d, tcp) = %v # %s; want %v # ...%s", c.port, l, l.comment, c.names, c.mark)
		}
	}
	// http-alt moved to 8080: IANA's 591 and 8008 no longer name it, and
	// say where it went.
	for _, port := range []uint16{591, 8008} {
		if l, ok := db.byPort(port, "tcp"); ok && slices.Contains(l.names(), "http-alt") {
			t.Errorf("getservbyport(%d, tcp) = %v: http-alt is local on 8080", port, l)
		}
		if !regexp.MustCompile(`(?m)^#?http-alt +` + strconv.Itoa(int(port)) + `/tcp .*\[by name: http-alt 8080\]$`).MatchString(services) {
			t.Errorf("%d/tcp does not note http-alt's local port", port)
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
	if got, want := run("--script", "5432/tcp", "postgres"), "5432/tcp\tpostgresql\tassigned\tPostgreSQL Database\tTom Lane\n5432/tcp\tpostgres\tassigned\tPostgreSQL database\tlocal\n5432/tcp\tpostgres\tassigned\tPostgreSQL database\tlocal\n"; got != want {
		t.Errorf("ports --script 5432/tcp postgres:\n%s\nwant:\n%s", got, want)
	}
	var look export.LookupDocument
	if err := strictJSON(run("--json", "http-alt/tcp"), &look); err != nil {
		t.Fatal(err)
	}
	var local []string
	for _, r := range look.Records {
		if r.Local {
			local = append(local, *r.Number)
		}
	}
	if len(look.Records) != 4 || !slices.Equal(local, []string{"8080"}) {
		t.Errorf("ports --json http-alt/tcp: %d records, local ones on %v", len(look.Records), local)
	}
	if v := run("version"); !strings.Contains(v, "local      6 names from an overlay of sha256 "+hex.EncodeToString(sum[:])) {
		t.Errorf("ports version:\n%s", v)
	}
	if got := run("status", "4338/tcp", "--script"); got != "4338/tcp\tassigned\tmylocal\n" {
		t.Errorf("ports status 4338/tcp: %q", got)
	}
}
