package diff

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// ---- hand-built registries ----

// rec builds a record. number is "" for a name-only record; protocol may
// be "".
func rec(name, protocol, number, desc string) registry.Record {
	r := registry.Record{Name: name, Protocol: protocol, Number: number}
	if desc != "" {
		r.Description = registry.Text{{Kind: registry.SegText, Text: desc}}
	}
	if number != "" {
		r.HasNumber = true
		lo, hi, ok := strings.Cut(number, "-")
		r.Lo, _ = strconv.Atoi(lo)
		r.Hi = r.Lo
		if ok {
			r.Hi, _ = strconv.Atoi(hi)
		}
	}
	return r
}

func person(id string) []registry.Xref { return []registry.Xref{{Type: "person", Data: id}} }

func reg(updated string, recs ...registry.Record) *registry.Registry {
	for i := range recs {
		recs[i].Line = 100 + i
	}
	return &registry.Registry{Updated: updated, SHA256: "sha-" + updated, Records: recs}
}

func fieldNames(fs []FieldChange) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}

// counts summarises a report's classes for exact comparisons.
func counts(r *Report) string {
	return fmt.Sprintf("added=%d removed=%d modified=%d renamed=%d reassigned=%d people=+%d-%d~%d meta=%d",
		len(r.Added), len(r.Removed), len(r.Modified), len(r.Renamed), len(r.Reassigned),
		len(r.PeopleAdded), len(r.PeopleRemoved), len(r.PeopleChanged), len(r.Meta))
}

func text(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, Text); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestIdentical(t *testing.T) {
	a := reg("2025-01-01", rec("http", "tcp", "80", "World Wide Web HTTP"), rec("", "", "81-82", "Unassigned"))
	r := Compare(a, a)
	if !r.Empty() {
		t.Fatalf("Compare(a, a) not empty: %s", counts(r))
	}
	if got, want := r.Summary(), "2025-01-01 → 2025-01-01: no changes"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if s := text(t, r); strings.Contains(s, "==") {
		t.Errorf("Write(Text) of an empty report has sections:\n%s", s)
	}
	// Same content, other bytes: not Empty, but no change classes.
	b := reg("2025-01-01", rec("http", "tcp", "80", "World Wide Web HTTP"), rec("", "", "81-82", "Unassigned"))
	b.SHA256 = "other"
	r = Compare(a, b)
	if r.Empty() || r.changes() != 0 {
		t.Errorf("digest-only difference: Empty=%v %s", r.Empty(), counts(r))
	}
	if !strings.Contains(r.Summary(), "form only") {
		t.Errorf("Summary = %q", r.Summary())
	}
}

func TestModifiedAllFields(t *testing.T) {
	o := rec("foo", "dccp", "1000", "Foo service")
	n := o
	n.Name = "FOO" // case only: the same key (RFC 6335)
	n.Description = registry.Text{{Kind: registry.SegText, Text: "Foo "}, {Kind: registry.SegXref, Xref: &registry.Xref{Type: "rfc", Data: "rfc1"}}}
	n.Assignee = person("Ada")
	o.Contact = person("Bob")
	n.Contact = person("Carol")
	o.Refs = []registry.Xref{{Type: "rfc", Data: "rfc1"}}
	n.Refs = []registry.Xref{{Type: "draft", Data: "draft-x", Section: "2"}}
	o.Date, n.Date = "2001-01", "2001-01-02"
	n.Updated = "2025-05-05"
	o.ServiceCode, n.ServiceCode = "1", "2"
	n.Unauthorized = registry.Text{{Kind: registry.SegText, Text: "squatted"}}
	o.Note = registry.Text{{Kind: registry.SegText, Text: "a  note"}}
	n.Note = registry.Text{{Kind: registry.SegText, Text: "a note"}} // white space only

	r := Compare(reg("1", o), reg("2", n))
	if got, want := counts(r), "added=0 removed=0 modified=1 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	want := []FieldChange{
		{Field: "name", Old: "foo", New: "FOO"},
		{Field: "description", Old: "Foo service", New: "Foo [rfc1]"},
		{Field: "assignee", Old: "", New: "Ada"},
		{Field: "contact", Old: "Bob", New: "Carol"},
		{Field: "refs", Old: "rfc:rfc1", New: "draft:draft-x §2"},
		{Field: "sc", Old: "1", New: "2"},
		{Field: "unauthorized", Old: "", New: "squatted"},
		{Field: "note", Old: `"a  note"`, New: `"a note"`}, // equal once collapsed: shown raw
		{Field: "date", Old: "2001-01", New: "2001-01-02"},
		{Field: "updated", Old: "", New: "2025-05-05"},
	}
	if got := r.Modified[0].Fields; !reflect.DeepEqual(got, want) {
		t.Errorf("fields:\n got %q\nwant %q", got, want)
	}
}

func TestAddedRemoved(t *testing.T) {
	old := reg("1", rec("keep", "tcp", "10", "Keep"), rec("gone", "tcp", "11", "Gone"), rec("gone-dnssd", "tcp", "", "Gone"))
	new := reg("2", rec("keep", "tcp", "10", "Keep"), rec("fresh", "udp", "", "Fresh"), rec("wide", "sctp", "12", "New on SCTP"))
	r := Compare(old, new)
	if got, want := counts(r), "added=2 removed=2 modified=0 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	// Sorted: by port, name-only records last.
	if r.Added[0].Name != "wide" || r.Added[1].Name != "fresh" {
		t.Errorf("added: %q %q", r.Added[0].Name, r.Added[1].Name)
	}
	if r.Removed[0].Name != "gone" || r.Removed[1].Name != "gone-dnssd" {
		t.Errorf("removed: %q %q", r.Removed[0].Name, r.Removed[1].Name)
	}
}

func TestRenamed(t *testing.T) {
	o := rec("matrix_vnet", "tcp", "3520", "Matrix VNet")
	o.Assignee = person("Matrix")
	n := o
	n.Name = "matrix-vnet"
	n.Updated = "2025-01-01"
	// Another pair at the same port whose description changed too: that
	// is a reassignment, not a rename.
	o2 := rec("pearldoc-xact", "udp", "3520", "PearlDoc XACT")
	n2 := rec("panquest-xact", "udp", "3520", "PanQuest XACT")
	r := Compare(reg("1", o, o2), reg("2", n, n2))
	if got, want := counts(r), "added=0 removed=0 modified=0 renamed=1 reassigned=1 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	c := r.Renamed[0]
	if c.Old.Name != "matrix_vnet" || c.New.Name != "matrix-vnet" {
		t.Errorf("renamed %q → %q", c.Old.Name, c.New.Name)
	}
	if got := fieldNames(c.Fields); !slices.Equal(got, []string{"name", "updated"}) {
		t.Errorf("rename fields %q", got)
	}
	g := r.Reassigned[0]
	wantPorts := []PortChange{{Protocol: "udp", Lo: 3520, Hi: 3520, Old: []string{"pearldoc-xact"}, New: []string{"panquest-xact"}}}
	if !reflect.DeepEqual(g.Ports, wantPorts) {
		t.Errorf("ports %+v", g.Ports)
	}
	if got := fieldNames(g.Fields); !slices.Equal(got, []string{"name", "description"}) {
		t.Errorf("in-place reassignment fields %q", got)
	}
}

func TestReassignedRangeSplit(t *testing.T) {
	// IANA carves port 300 out of an Unassigned range.
	old := reg("1", rec("a", "tcp", "287", "A"), rec("", "", "288-307", "Unassigned"), rec("b", "tcp", "308", "B"))
	new := reg("2", rec("a", "tcp", "287", "A"),
		rec("", "", "288-299", "Unassigned"),
		rec("tacacss", "tcp", "300", "TLS Secure Login Host Protocol (TACACSS)"),
		rec("", "udp", "300", "Reserved"),
		rec("", "", "301-307", "Unassigned"),
		rec("b", "tcp", "308", "B"))
	r := Compare(old, new)
	if got, want := counts(r), "added=0 removed=0 modified=0 renamed=0 reassigned=1 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	g := r.Reassigned[0]
	want := []PortChange{
		{Protocol: "tcp", Lo: 300, Hi: 300, Old: []string{"(Unassigned)"}, New: []string{"tacacss"}},
		{Protocol: "udp", Lo: 300, Hi: 300, Old: []string{"(Unassigned)"}, New: []string{"(Reserved)"}},
	}
	if !reflect.DeepEqual(g.Ports, want) {
		t.Errorf("ports:\n got %+v\nwant %+v", g.Ports, want)
	}
	if len(g.Old) != 1 || g.Old[0].Number != "288-307" {
		t.Errorf("old records %+v", g.Old)
	}
	var nums []string
	for _, n := range g.New {
		nums = append(nums, n.Number+"/"+n.Protocol)
	}
	if want := []string{"288-299/", "300/tcp", "300/udp", "301-307/"}; !slices.Equal(nums, want) {
		t.Errorf("new records %q, want %q", nums, want)
	}
	if g.Fields != nil {
		t.Errorf("a split has no per-field changes: %+v", g.Fields)
	}
}

func TestReassignedInPlace(t *testing.T) {
	// name → Reserved, Reserved → name, and a released range.
	o1 := rec("netconf-beep", "tcp", "831", "NETCONF over BEEP")
	o1.Refs = []registry.Xref{{Type: "rfc", Data: "rfc4744"}}
	n1 := rec("", "tcp", "831", "Reserved")
	n1.Note = registry.Text{{Kind: registry.SegText, Text: "Released by "}, {Kind: registry.SegXref, Xref: &registry.Xref{Type: "rfc", Data: "rfc9900"}}}
	o2 := rec("", "udp", "7123", "Reserved")
	n2 := rec("snif", "udp", "7123", "SNIF over QUIC")
	o3 := rec("bigsvc", "tcp", "6000-6002", "Big")
	n3 := rec("", "tcp", "6000-6002", "Unassigned")
	r := Compare(reg("1", o1, o2, o3), reg("2", n1, n2, n3))
	if got, want := counts(r), "added=0 removed=0 modified=0 renamed=0 reassigned=3 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	got := []PortChange{r.Reassigned[0].Ports[0], r.Reassigned[1].Ports[0], r.Reassigned[2].Ports[0]}
	want := []PortChange{
		{Protocol: "tcp", Lo: 831, Hi: 831, Old: []string{"netconf-beep"}, New: []string{"(Reserved)"}},
		{Protocol: "tcp", Lo: 6000, Hi: 6002, Old: []string{"bigsvc"}, New: []string{"(Unassigned)"}},
		{Protocol: "udp", Lo: 7123, Hi: 7123, Old: []string{"(Reserved)"}, New: []string{"snif"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ports (sorted by port):\n got %+v\nwant %+v", got, want)
	}
	if f := fieldNames(r.Reassigned[0].Fields); !slices.Equal(f, []string{"name", "description", "refs", "note"}) {
		t.Errorf("fields %q", f)
	}
	if n := r.Reassigned[0].Fields[3].New; n != "Released by [rfc9900]" {
		t.Errorf("note rendered %q", n)
	}
}

func TestRestructureIsNotReassignment(t *testing.T) {
	// One Unassigned range split in two: no port changes hands.
	old := reg("1", rec("", "", "100-120", "Unassigned"))
	new := reg("2", rec("", "", "100-109", "Unassigned"), rec("", "", "110-120", "Unassigned"))
	r := Compare(old, new)
	if got, want := counts(r), "added=2 removed=1 modified=0 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	// A record growing its range over Unassigned ports is a reassignment
	// of the ports it gained only.
	old = reg("1", rec("x", "tcp", "200-201", "X"), rec("", "", "202-210", "Unassigned"))
	new = reg("2", rec("x", "tcp", "200-203", "X"), rec("", "", "204-210", "Unassigned"))
	r = Compare(old, new)
	if got, want := counts(r), "added=0 removed=0 modified=0 renamed=0 reassigned=1 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	want := []PortChange{
		{Protocol: "tcp", Lo: 202, Hi: 203, Old: []string{"(Unassigned)"}, New: []string{"x"}},
		{Protocol: "udp", Lo: 202, Hi: 203, Old: []string{"(Unassigned)"}, New: nil},
	}
	if !reflect.DeepEqual(r.Reassigned[0].Ports, want) {
		t.Errorf("ports:\n got %+v\nwant %+v", r.Reassigned[0].Ports, want)
	}
}

func TestDuplicateKeys(t *testing.T) {
	// Two name-only "rdp" records (as in the real registry). The new
	// version swaps them and edits one: identical ones pair first, so
	// only the edited one is reported, against its own predecessor.
	a := rec("rdp", "", "", "Reliable Data Protocol")
	b := rec("rdp", "", "", "Windows Remote Desktop Protocol")
	b.Note = registry.Text{{Kind: registry.SegText, Text: "Defined TXT keys: None"}}
	b2 := b
	b2.Contact = person("Someone")
	r := Compare(reg("1", a, b), reg("2", b2, a))
	if got, want := counts(r), "added=0 removed=0 modified=1 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	if got := fieldNames(r.Modified[0].Fields); !slices.Equal(got, []string{"contact"}) {
		t.Errorf("fields %q", got)
	}
	// Exact duplicates: three become two, one is removed.
	x := rec("dup", "tcp", "5", "Dup")
	r = Compare(reg("1", x, x, x), reg("2", x, x))
	if got, want := counts(r), "added=0 removed=1 modified=0 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	// Same key, no identical partner: same description pairs first.
	p := rec("dup", "tcp", "5", "First")
	q := rec("dup", "tcp", "5", "Second")
	q2 := q
	q2.Updated = "2025-01-01"
	r = Compare(reg("1", p, q), reg("2", q2))
	if got, want := counts(r), "added=0 removed=1 modified=1 renamed=0 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	if plain(r.Modified[0].Old.Description) != "Second" || plain(r.Removed[0].Description) != "First" {
		t.Errorf("paired %q, removed %q", plain(r.Modified[0].Old.Description), plain(r.Removed[0].Description))
	}
}

func TestPeopleAndMeta(t *testing.T) {
	old := reg("2025-01-01")
	new := reg("2025-02-01")
	old.Expert = "Joe Touch,\n  Eliot Lear"
	new.Expert = "Joe Touch, Eliot Lear"
	old.People = []registry.Person{{ID: "A", Name: "Ann"}, {ID: "B", Name: "Bob", URIs: []string{"mailto:b&x"}}}
	new.People = []registry.Person{{ID: "C", Org: "Cee"}, {ID: "B", Name: "Bob", URIs: []string{"mailto:b&y"}, Updated: "2025-02-01"}}
	r := Compare(old, new)
	if got, want := counts(r), "added=0 removed=0 modified=0 renamed=0 reassigned=0 people=+1-1~1 meta=1"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	if r.PeopleAdded[0].ID != "C" || r.PeopleRemoved[0].ID != "A" {
		t.Errorf("people added %q removed %q", r.PeopleAdded[0].ID, r.PeopleRemoved[0].ID)
	}
	want := []FieldChange{{Field: "uri", Old: "mailto:b&x", New: "mailto:b&y"}, {Field: "updated", New: "2025-02-01"}}
	if !reflect.DeepEqual(r.PeopleChanged[0].Fields, want) {
		t.Errorf("person fields %q", r.PeopleChanged[0].Fields)
	}
	if want := (FieldChange{Field: "expert", Old: strconv.Quote(old.Expert), New: strconv.Quote(new.Expert)}); !reflect.DeepEqual(r.Meta[0], want) {
		t.Errorf("meta %q", r.Meta[0])
	}
	if got, want := r.Summary(), "2025-01-01 → 2025-02-01: breaking: none; new: none; people: +1 −1 ~1; registry fields: 1 changed"; got != want {
		t.Errorf("Summary\n got %q\nwant %q", got, want)
	}
}

func TestNilAndOrderIndependence(t *testing.T) {
	recs := []registry.Record{
		rec("a", "tcp", "1", "A"), rec("a", "udp", "1", "A"), rec("", "", "2-9", "Unassigned"),
		rec("z", "", "", "Z"), rec("b", "sctp", "10", "B"),
	}
	r := Compare(nil, reg("1", slices.Clone(recs)...))
	if len(r.Added) != len(recs) || r.Old.Records != 0 {
		t.Fatalf("nil old: %s", counts(r))
	}
	want := text(t, r)
	rev := slices.Clone(recs)
	slices.Reverse(rev)
	if got := text(t, Compare(nil, reg("1", rev...))); got != want {
		t.Errorf("output depends on input order:\n%s\n----\n%s", got, want)
	}
	if got := text(t, Compare(reg("1", slices.Clone(recs)...), nil)); !strings.Contains(got, "== Removed records (5) ==") {
		t.Errorf("nil new:\n%s", got)
	}
}

// TestFixtureText runs the XML fixtures end to end and pins the whole
// report text, checked by hand against testdata/{old,new}.xml.
func TestFixtureText(t *testing.T) {
	old := mustParse(t, "testdata/old.xml")
	new := mustParse(t, "testdata/new.xml")
	want := `Service Name and Transport Protocol Port Number Registry: changes
old: 2025-01-01  sha256 ` + fileSHA(t, "testdata/old.xml") + `  5 records, 1 people
new: 2025-02-01  sha256 ` + fileSHA(t, "testdata/new.xml") + `  8 records, 2 people
2025-01-01 → 2025-02-01: breaking: 2 names removed, 1 primary service changed, 1 port assignment removed; new: 2 port assignments, 3 names; detail: 1 record modified, 1 port change, 1 record renamed, 1 record added, 1 record removed; people: +1 −0 ~1

== Breaking: Names removed (2) ==
(no record has the name any more: ports.Lookup and LookupPort fail)
- gone
- old_svc — had 20/tcp

== Breaking: Primary service changed (1) ==
(the port now answers to another service, or to none; the primary service is chosen as the note at the end says)
~ 20/tcp: old_svc → old-svc

== Breaking: Port assignments removed (1) ==
(the (name, protocol, port) is gone: the name moved, was renamed, or lost the port)
- old_svc 20/tcp

== New: Port assignments added (2) ==
(a (name, protocol, port) that was not in the registry)
+ newsvc 10/tcp
+ old-svc 20/tcp

== New: Names added (3) ==
(names no record had; their port assignments, if any, are listed above)
  fresh, newsvc, old-svc

== Port changes (1) ==
(records over the same ports in which some port/protocol changed hands: old → new; then the records, - old, + new)
* 10/tcp, 10/udp
    10/tcp: (Unassigned) → newsvc
    10/udp: (Unassigned) → (Reserved)
  - 8-19 (Unassigned)
  + 8-9 (Unassigned)
  + newsvc 10/tcp: New Service | assignee Ada | contact Ada | date 2025-02-01
  + 10/udp (Reserved)
  + 11-19 (Unassigned)

== Renamed services (1) ==
~ old_svc → old-svc 20/tcp
    name: old_svc → old-svc
    updated: (none) → 2025-02-01

== Modified records (1) ==
~ echo 7/tcp
    refs: (none) → rfc:rfc862
    updated: (none) → 2025-02-01

== Added records (1) ==
+ fresh (no port)/tcp: Fresh DNS-SD service | contact Ada | note Defined TXT keys: None | date 2025-02-01

== Removed records (1) ==
- gone (no port): Gone service

== People added (1) ==
+ Ada | name Ada Lovelace | uri mailto:ada&example.org | updated 2025-02-01

== People changed (1) ==
~ Jon_Postel
    updated: (none) → 2025-02-01

Note: ` + PrimaryRule + ".\n"
	if got := text(t, Compare(old, new)); got != want {
		t.Errorf("Write(Text):\n%s\nwant:\n%s", got, want)
	}
}

func mustParse(t *testing.T, path string) *registry.Registry {
	t.Helper()
	r, err := registry.ParseFile(path, registry.Options{})
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return r
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ---- the real registry versions ----

// loadReal returns the committed registries of 2025-03-28 and
// 2026-04-24, as bytes and parsed: fixed versions, so that the spot
// checks below hold whatever registry data/ pins.
func loadReal(t *testing.T) (oldData, newData []byte, old, new *registry.Registry) {
	t.Helper()
	oldData = fixture.Read(t, fixture.Registry20250328)
	newData = fixture.Read(t, fixture.Registry20260424)
	var err error
	if old, err = registry.ParseBytes(fixture.Registry20250328, oldData); err != nil {
		t.Fatal(err)
	}
	if new, err = registry.ParseBytes(fixture.Registry20260424, newData); err != nil {
		t.Fatal(err)
	}
	return oldData, newData, old, new
}

// naiveFP is the test's own encoding of a record's content (all fields
// but the line).
func naiveFP(r registry.Record) string {
	r.Line = 0
	b, err := json.Marshal(r) // follows the cross-reference pointers
	if err != nil {
		panic(err)
	}
	return string(b)
}

// naiveFlat flattens mixed content independently of the package.
func naiveFlat(t registry.Text) string {
	var parts []string
	for _, s := range t {
		switch s.Kind {
		case registry.SegText:
			parts = append(parts, s.Text)
		case registry.SegXref:
			parts = append(parts, s.Xref.Data)
		}
	}
	return registry.FoldName(strings.Join(strings.Fields(strings.Join(parts, " ")), " "))
}

// naiveKey is the record key of the brief, computed independently.
func naiveKey(r registry.Record) string {
	if r.Name == "" {
		return fmt.Sprintf("unnamed %s %s %s", r.Protocol, r.Number, naiveFlat(r.Description))
	}
	if !r.HasNumber {
		return fmt.Sprintf("nameonly %s %s", registry.FoldName(r.Name), r.Protocol)
	}
	return fmt.Sprintf("named %s %s %s", registry.FoldName(r.Name), r.Protocol, r.Number)
}

type multiset map[string]int

func (m multiset) take(t *testing.T, what string, r registry.Record) {
	t.Helper()
	k := naiveFP(r)
	if m[k] == 0 {
		t.Errorf("%s: record %q %s/%s (line %d) is not in the registry, or is reported twice", what, r.Name, r.Number, r.Protocol, r.Line)
		return
	}
	m[k]--
	if m[k] == 0 {
		delete(m, k)
	}
}

func TestRealVersions(t *testing.T) {
	fixture.Long(t)
	oldData, newData, old, new := loadReal(t)
	r := Compare(old, new)

	// Versions, checked against the files themselves.
	for _, c := range []struct {
		v    Version
		data []byte
	}{{r.Old, oldData}, {r.New, newData}} {
		sum := sha256.Sum256(c.data)
		if c.v.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("sha256 %s, want %x", c.v.SHA256, sum)
		}
		if n := bytes.Count(c.data, []byte("<record")); c.v.Records != n {
			t.Errorf("records %d, the file has %d <record> tags", c.v.Records, n)
		}
	}
	if r.Old.Updated != "2025-03-28" || r.New.Updated != "2026-04-24" {
		t.Errorf("updated %s → %s", r.Old.Updated, r.New.Updated)
	}

	// 1. Accounting: old − removed − (old sides) must equal
	// new − added − (new sides), record for record, and every reported
	// record must exist on its side exactly as often as reported.
	oldSet, newSet := multiset{}, multiset{}
	for _, x := range old.Records {
		oldSet[naiveFP(x)]++
	}
	for _, x := range new.Records {
		newSet[naiveFP(x)]++
	}
	for _, x := range r.Removed {
		oldSet.take(t, "removed", x)
	}
	for _, x := range r.Added {
		newSet.take(t, "added", x)
	}
	for _, c := range append(slices.Clone(r.Modified), r.Renamed...) {
		oldSet.take(t, "modified/renamed old", c.Old)
		newSet.take(t, "modified/renamed new", c.New)
	}
	for _, g := range r.Reassigned {
		for _, x := range g.Old {
			oldSet.take(t, "reassigned old", x)
		}
		for _, x := range g.New {
			newSet.take(t, "reassigned new", x)
		}
	}
	if !reflect.DeepEqual(oldSet, newSet) {
		t.Errorf("unchanged records differ: %d kinds left of old, %d of new", len(oldSet), len(newSet))
	}
	oldN := len(old.Records) - len(r.Removed)
	newN := len(new.Records) - len(r.Added)
	oldN -= len(r.Modified) + len(r.Renamed)
	newN -= len(r.Modified) + len(r.Renamed)
	for _, g := range r.Reassigned {
		oldN -= len(g.Old)
		newN -= len(g.New)
	}
	if oldN != newN || oldN <= 0 {
		t.Errorf("unchanged count: %d from old, %d from new", oldN, newN)
	}

	// 2. A naive key computation: keys found on one side only must be
	// accounted for as additions/removals (or in a rename or
	// reassignment); keys found once on each side with different content
	// must be Modified; identical ones must not be reported.
	oldByKey, newByKey := map[string][]registry.Record{}, map[string][]registry.Record{}
	for _, x := range old.Records {
		oldByKey[naiveKey(x)] = append(oldByKey[naiveKey(x)], x)
	}
	for _, x := range new.Records {
		newByKey[naiveKey(x)] = append(newByKey[naiveKey(x)], x)
	}
	reportedNew, reportedOld, modNew := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, x := range r.Added {
		reportedNew[naiveFP(x)] = true
	}
	for _, x := range r.Removed {
		reportedOld[naiveFP(x)] = true
	}
	for _, c := range r.Renamed {
		reportedOld[naiveFP(c.Old)], reportedNew[naiveFP(c.New)] = true, true
	}
	for _, g := range r.Reassigned {
		for _, x := range g.Old {
			reportedOld[naiveFP(x)] = true
		}
		for _, x := range g.New {
			reportedNew[naiveFP(x)] = true
		}
	}
	for _, c := range r.Modified {
		modNew[naiveFP(c.New)] = true
		if naiveKey(c.Old) != naiveKey(c.New) {
			t.Errorf("modified pair with different keys: %q / %q", naiveKey(c.Old), naiveKey(c.New))
		}
	}
	var onlyNew, onlyOld, changed int
	for k, ns := range newByKey {
		os := oldByKey[k]
		switch {
		case len(os) == 0:
			onlyNew++
			for _, x := range ns {
				if !reportedNew[naiveFP(x)] {
					t.Errorf("new-only key %q not reported as added/renamed/reassigned", k)
				}
			}
		case len(os) == 1 && len(ns) == 1 && naiveFP(os[0]) != naiveFP(ns[0]):
			changed++
			if !modNew[naiveFP(ns[0])] {
				t.Errorf("key %q changed but is not reported as modified", k)
			}
		case len(os) == 1 && len(ns) == 1:
			if fp := naiveFP(ns[0]); reportedNew[fp] || modNew[fp] {
				t.Errorf("unchanged key %q is reported", k)
			}
		}
	}
	for k, os := range oldByKey {
		if len(newByKey[k]) == 0 {
			onlyOld++
			for _, x := range os {
				if !reportedOld[naiveFP(x)] {
					t.Errorf("old-only key %q not reported as removed/renamed/reassigned", k)
				}
			}
		}
	}
	if changed != len(r.Modified) {
		t.Errorf("naive count of changed keys %d, report has %d modified", changed, len(r.Modified))
	}
	t.Logf("naive keys: %d only in new, %d only in old, %d changed", onlyNew, onlyOld, changed)

	// 3. Ports: compute every port/protocol's labels naively and check
	// that each reported port change is real, and that each real change
	// lies under a reported port change or under a record reported as
	// added, removed or renamed.
	type pp struct {
		proto string
		port  int
	}
	naivePorts := func(recs []registry.Record) map[pp]string {
		sets := map[pp][]string{}
		for _, x := range recs {
			if !x.HasNumber {
				continue
			}
			protos := []string{x.Protocol}
			if x.Protocol == "" {
				protos = []string{"tcp", "udp"}
			}
			l := x.Name
			if l == "" {
				l = "(" + strings.Join(strings.Fields(naiveFlatCase(x.Description)), " ") + ")"
			}
			for _, p := range protos {
				for n := x.Lo; n <= x.Hi; n++ {
					sets[pp{p, n}] = append(sets[pp{p, n}], registry.FoldName(l))
				}
			}
		}
		out := map[pp]string{}
		for k, v := range sets {
			slices.Sort(v)
			out[k] = strings.Join(slices.Compact(v), "+")
		}
		return out
	}
	op, np := naivePorts(old.Records), naivePorts(new.Records)
	explained := map[pp]bool{}
	lower := func(ls []string) string {
		var v []string
		for _, l := range ls {
			v = append(v, registry.FoldName(l))
		}
		slices.Sort(v)
		return strings.Join(v, "+")
	}
	for _, g := range r.Reassigned {
		for _, pc := range g.Ports {
			for n := pc.Lo; n <= pc.Hi; n++ {
				k := pp{pc.Protocol, n}
				if op[k] == np[k] {
					t.Errorf("reported %d/%s changed, but it is %q in both", n, pc.Protocol, op[k])
				}
				if op[k] != lower(pc.Old) || np[k] != lower(pc.New) {
					t.Errorf("%d/%s: reported %q → %q, naive %q → %q", n, pc.Protocol, pc.Old, pc.New, op[k], np[k])
				}
				explained[k] = true
			}
		}
	}
	mark := func(x registry.Record) {
		if !x.HasNumber {
			return
		}
		for _, p := range []string{"tcp", "udp", "sctp", "dccp"} {
			if x.Protocol == p || x.Protocol == "" && (p == "tcp" || p == "udp") {
				for n := x.Lo; n <= x.Hi; n++ {
					explained[pp{p, n}] = true
				}
			}
		}
	}
	for _, x := range append(slices.Clone(r.Added), r.Removed...) {
		mark(x)
	}
	for _, c := range r.Renamed {
		mark(c.Old)
	}
	var changedPorts int
	for _, m := range []map[pp]string{op, np} {
		for k := range m {
			if op[k] != np[k] {
				changedPorts++
				if !explained[k] {
					t.Errorf("%d/%s changed %q → %q but the report does not say so", k.port, k.proto, op[k], np[k])
				}
			}
		}
	}
	if changedPorts == 0 {
		t.Error("no port changed between the versions: the naive port check is vacuous")
	}

	// 4. Spot checks, each verified by grepping the XML files.
	mustContain := func(data []byte, s string, want bool) {
		t.Helper()
		if bytes.Contains(data, []byte(s)) != want {
			t.Fatalf("premise: file contains %q = %v", s, !want)
		}
	}
	// tacacss (300/tcp) is new, carved out of Unassigned 288-307.
	mustContain(oldData, "<name>tacacss</name>", false)
	mustContain(newData, "<name>tacacss</name>", true)
	mustContain(oldData, "<number>288-307</number>", true)
	if g := findReassigned(r, "tcp", 300); g == nil {
		t.Error("300/tcp (tacacss) is not reported as reassigned")
	} else if pc := portAt(g, "tcp", 300); !slices.Equal(pc.Old, []string{"(Unassigned)"}) || !slices.Equal(pc.New, []string{"tacacss"}) {
		t.Errorf("300/tcp: %q → %q", pc.Old, pc.New)
	}
	// radicle-node (a DNS-SD name without a port or protocol) is new.
	mustContain(oldData, "<name>radicle-node</name>", false)
	mustContain(newData, "<name>radicle-node</name>", true)
	var rn []string
	for _, x := range r.Added {
		if x.Name == "radicle-node" {
			rn = append(rn, x.Protocol)
		}
	}
	if !slices.Equal(rn, []string{""}) {
		t.Errorf("radicle-node added for %q, want one record without protocol", rn)
	}
	// netconf-beep was released: 831/tcp is Reserved now.
	mustContain(newData, "Previously assigned to NETCONF over BEEP but released by", true)
	if g := findReassigned(r, "tcp", 831); g == nil {
		t.Error("831/tcp (netconf-beep → Reserved) is not reported as reassigned")
	} else if pc := portAt(g, "tcp", 831); !slices.Equal(pc.Old, []string{"netconf-beep"}) || !slices.Equal(pc.New, []string{"(Reserved)"}) {
		t.Errorf("831/tcp: %q → %q", pc.Old, pc.New)
	}
	// SMTP's reference moved from RFC 5321 to the rfc5321bis draft.
	mustContain(oldData, "RFC-ietf-emailcore-rfc5321bis-43", false)
	mustContain(newData, "RFC-ietf-emailcore-rfc5321bis-43", true)
	found := false
	for _, c := range r.Modified {
		if c.New.Name == "smtp" && c.New.Protocol == "tcp" {
			found = true
			want := []FieldChange{{Field: "refs", Old: "rfc:rfc5321", New: "draft:RFC-ietf-emailcore-rfc5321bis-43"}}
			if !reflect.DeepEqual(c.Fields, want) {
				t.Errorf("smtp 25/tcp fields %q", c.Fields)
			}
		}
	}
	if !found {
		t.Error("smtp 25/tcp is not reported as modified")
	}
	// People.
	mustContain(oldData, `person id="Andrew_Draper"`, true)
	mustContain(newData, `person id="Andrew_Draper"`, false)
	mustContain(oldData, `person id="Ahmed_Kasttet"`, false)
	mustContain(newData, `person id="Ahmed_Kasttet"`, true)
	if !slices.ContainsFunc(r.PeopleRemoved, func(p registry.Person) bool { return p.ID == "Andrew_Draper" }) {
		t.Error("Andrew_Draper is not reported as removed")
	}
	if !slices.ContainsFunc(r.PeopleAdded, func(p registry.Person) bool { return p.ID == "Ahmed_Kasttet" }) {
		t.Error("Ahmed_Kasttet is not reported as added")
	}
	// People, naively by id.
	ids := func(ps []registry.Person) map[string]registry.Person {
		m := map[string]registry.Person{}
		for _, p := range ps {
			m[p.ID] = p
		}
		return m
	}
	oi, ni := ids(old.People), ids(new.People)
	var pa, pr, pc int
	for id, p := range ni {
		if q, ok := oi[id]; !ok {
			pa++
		} else if !reflect.DeepEqual(stripLine(p), stripLine(q)) {
			pc++
		}
	}
	for id := range oi {
		if _, ok := ni[id]; !ok {
			pr++
		}
	}
	if pa != len(r.PeopleAdded) || pr != len(r.PeopleRemoved) || pc != len(r.PeopleChanged) {
		t.Errorf("people: naive +%d −%d ~%d, report +%d −%d ~%d", pa, pr, pc,
			len(r.PeopleAdded), len(r.PeopleRemoved), len(r.PeopleChanged))
	}

	// 5. The text agrees with the lists, and is stable. The summary's
	// lead is the issue's: breaking changes first, with its counts.
	out := text(t, r)
	if !strings.Contains(out, "\n"+r.Summary()+"\n") {
		t.Error("the text lacks the summary line")
	}
	if want := "2025-03-28 → 2026-04-24: breaking: 5 names removed, 3 names lost a port, "; !strings.HasPrefix(r.Summary(), want) {
		t.Errorf("Summary %q, want prefix %q", r.Summary(), want)
	}
	sections := map[string]int{}
	var cur string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "== ") {
			cur = line[3:strings.Index(line, " (")]
			n, _ := strconv.Atoi(line[strings.Index(line, " (")+2 : strings.Index(line, ") ==")])
			sections[cur+" header"] = n
			continue
		}
		if strings.HasPrefix(line, "Note: ") {
			cur = ""
		}
		if line != "" && line[0] != ' ' && line[0] != '(' && cur != "" {
			sections[cur]++
		}
	}
	for name, n := range map[string]int{
		"Port changes": len(r.Reassigned), "Renamed services": len(r.Renamed), "Modified records": len(r.Modified),
		"Added records": len(r.Added), "Removed records": len(r.Removed), "People added": len(r.PeopleAdded),
		"People removed": len(r.PeopleRemoved), "People changed": len(r.PeopleChanged),
		"Breaking: Names removed": len(r.NamesRemoved), "Breaking: Port assignments removed": -len(r.AssignmentsRemoved),
		"Breaking: Primary service changed": -len(r.PrimaryChanged), "New: Port assignments added": -len(r.AssignmentsAdded),
	} {
		// n < 0: the entries group several items; only the header counts them.
		if n >= 0 && sections[name] != n || n != 0 && sections[name+" header"] != max(n, -n) {
			t.Errorf("section %s: %d entries, header says %d, report has %d", name, sections[name], sections[name+" header"], max(n, -n))
		}
	}
	// Headers: every breaking one, then every new one, then the detail.
	rank, last := 0, 0
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "== Breaking: "):
			rank = 0
		case strings.HasPrefix(line, "== New: "):
			rank = 1
		case strings.HasPrefix(line, "== "):
			rank = 2
		default:
			continue
		}
		if rank < last {
			t.Errorf("header %q after a later group: the text does not lead with breaking changes, then new ones, then the detail", line)
		}
		last = rank
	}
	if last != 2 {
		t.Error("the text has no detail section")
	}
	_, _, old2, new2 := loadReal(t)
	if again := text(t, Compare(old2, new2)); again != out {
		t.Error("the text differs between two runs on the same inputs")
	}

	// 6. Sorted by port, then protocol, then name.
	prev := registry.Record{}
	for i, x := range r.Added {
		if i > 0 && sortTuple(x) < sortTuple(prev) {
			t.Errorf("added out of order: %q after %q", sortTuple(x), sortTuple(prev))
		}
		prev = x
	}

	// 7. The reverse comparison mirrors this one.
	back := Compare(new, old)
	if len(back.Added) != len(r.Removed) || len(back.Removed) != len(r.Added) || len(back.Modified) != len(r.Modified) ||
		len(back.Reassigned) != len(r.Reassigned) || len(back.Renamed) != len(r.Renamed) ||
		len(back.PeopleAdded) != len(r.PeopleRemoved) || len(back.PeopleRemoved) != len(r.PeopleAdded) {
		t.Errorf("reverse comparison is not a mirror: %s vs %s", counts(back), counts(r))
	}

	t.Log(r.Summary())
}

func naiveFlatCase(t registry.Text) string {
	var parts []string
	for _, s := range t {
		switch s.Kind {
		case registry.SegText:
			parts = append(parts, s.Text)
		case registry.SegXref:
			parts = append(parts, "["+s.Xref.Data+"]")
		}
	}
	return strings.Join(parts, " ")
}

func stripLine(p registry.Person) registry.Person {
	p.Line = 0
	return p
}

func sortTuple(x registry.Record) string {
	port := 99999
	if x.HasNumber {
		port = x.Lo
	}
	rank := map[string]int{"": 0, "tcp": 1, "udp": 2, "sctp": 3, "dccp": 4}[x.Protocol]
	return fmt.Sprintf("%06d %d %s", port, rank, registry.FoldName(x.Name))
}

func findReassigned(r *Report, proto string, port int) *Reassignment {
	for i := range r.Reassigned {
		for _, pc := range r.Reassigned[i].Ports {
			if pc.Protocol == proto && pc.Lo <= port && port <= pc.Hi {
				return &r.Reassigned[i]
			}
		}
	}
	return nil
}

func portAt(g *Reassignment, proto string, port int) PortChange {
	for _, pc := range g.Ports {
		if pc.Protocol == proto && pc.Lo <= port && port <= pc.Hi {
			return pc
		}
	}
	return PortChange{}
}

// TestFoldIsASCIIOnly: the generated tables tell "\u212Aerberos" (Kelvin
// sign) from "kerberos", so the report must not pair them as one record
// whose name only changed case; Unicode folding (strings.EqualFold) would.
func TestFoldIsASCIIOnly(t *testing.T) {
	old := reg("1", rec("\u212Aerberos", "tcp", "88", "Kerberos"), rec("MiXed", "udp", "89", "M"))
	new := reg("2", rec("kerberos", "tcp", "88", "Kerberos"), rec("mixed", "udp", "89", "M"))
	r := Compare(old, new)
	if got, want := counts(r), "added=0 removed=0 modified=1 renamed=1 reassigned=0 people=+0-0~0 meta=0"; got != want {
		t.Fatalf("counts: %s, want %s", got, want)
	}
	if c := r.Modified[0]; c.Old.Name != "MiXed" || c.New.Name != "mixed" {
		t.Errorf("modified %q → %q, want the ASCII case change MiXed → mixed", c.Old.Name, c.New.Name)
	}
	if c := r.Renamed[0]; c.Old.Name != "\u212Aerberos" || c.New.Name != "kerberos" {
		t.Errorf("renamed %q → %q", c.Old.Name, c.New.Name)
	}
}

// TestConsumerLists pins the edges of the definitions the JSON contract
// gives, on a registry small enough to check by reading it.
func TestConsumerLists(t *testing.T) {
	old := reg("1",
		rec("gone", "tcp", "10", "Gone"),               // name removed
		rec("gone", "udp", "10", "Gone"),               //
		rec("unported", "tcp", "11", "U"),              // loses its port, kept by a protocol-less record
		rec("unported", "udp", "11", "U"),              //
		rec("shrunk", "tcp", "12", "S"),                // loses udp (port and protocol), keeps tcp
		rec("shrunk", "udp", "12", "S"),                //
		rec("Case", "tcp", "13", "C"),                  // case only: no change anywhere
		rec("first", "tcp", "14", "F"),                 // primary of 14/tcp until "second" goes first
		rec("second", "tcp", "14", "S2"),               //
		rec("", "", "15-19", "Unassigned"),             // 16/tcp gets a new assignment: not a primary change
		rec("legacy", "", "20-21", "No protocol"),      // counts for sctp too: 20-21/sctp primary
		rec("dnssd", "", "", "Name only, no protocol"), // removed: a name, but no record list entry
	)
	new := reg("2",
		rec("unported", "", "", "U"),
		rec("shrunk", "tcp", "12", "S"),
		rec("", "udp", "12", "Reserved"),
		rec("case", "tcp", "13", "C"),
		rec("second", "tcp", "14", "S2"),
		rec("first", "tcp", "14", "F"),
		rec("", "", "15", "Unassigned"),
		rec("fresh", "tcp", "16", "Fresh"),
		rec("", "", "17-19", "Unassigned"),
		rec("legacy", "tcp", "20-21", "Now on TCP"),
		rec("", "udp", "20-21", "Reserved"),
	)
	r := Compare(old, new)
	if got, want := r.NamesRemoved, []string{"dnssd", "gone"}; !slices.Equal(got, want) {
		t.Errorf("NamesRemoved %q, want %q", got, want)
	}
	if got, want := r.NamesAdded, []string{"fresh"}; !slices.Equal(got, want) {
		t.Errorf("NamesAdded %q, want %q", got, want)
	}
	np := func(n, p string) NameProtocol { return NameProtocol{n, p} }
	if got, want := r.PortsLost, []NameProtocol{np("shrunk", "udp"), np("unported", "tcp"), np("unported", "udp")}; !slices.Equal(got, want) {
		t.Errorf("PortsLost %v, want %v", got, want)
	}
	// unported keeps every protocol through its protocol-less record;
	// legacy loses udp, sctp and dccp, which its protocol-less record
	// answered for.
	if got, want := r.ProtocolsLost, []NameProtocol{np("legacy", "udp"), np("legacy", "sctp"), np("legacy", "dccp"), np("shrunk", "udp")}; !slices.Equal(got, want) {
		t.Errorf("ProtocolsLost %v, want %v", got, want)
	}
	as := func(n, p, num string, lo, hi int) Assignment { return Assignment{n, p, num, lo, hi} }
	if got, want := r.AssignmentsRemoved, []Assignment{as("gone", "tcp", "10", 10, 10), as("gone", "udp", "10", 10, 10),
		as("shrunk", "udp", "12", 12, 12), as("unported", "tcp", "11", 11, 11), as("unported", "udp", "11", 11, 11)}; !slices.Equal(got, want) {
		t.Errorf("AssignmentsRemoved %v, want %v", got, want)
	}
	if got, want := r.AssignmentsAdded, []Assignment{as("fresh", "tcp", "16", 16, 16), as("legacy", "tcp", "20-21", 20, 21)}; !slices.Equal(got, want) {
		t.Errorf("AssignmentsAdded %v, want %v", got, want)
	}
	pc := func(p string, lo, hi int, o, n string) PrimaryChange {
		return PrimaryChange{Protocol: p, Number: portRange(lo, hi), Lo: lo, Hi: hi, Old: o, New: n}
	}
	want := []PrimaryChange{
		pc("tcp", 10, 10, "gone", ""), pc("udp", 10, 10, "gone", ""),
		pc("tcp", 11, 11, "unported", ""), pc("udp", 11, 11, "unported", ""),
		pc("udp", 12, 12, "shrunk", ""),
		pc("tcp", 14, 14, "first", "second"),
		pc("udp", 20, 21, "legacy", ""), pc("sctp", 20, 21, "legacy", ""), pc("dccp", 20, 21, "legacy", ""),
	}
	if got := r.PrimaryChanged; !slices.Equal(got, want) {
		t.Errorf("PrimaryChanged:\n got %v\nwant %v", got, want)
	}
}

func TestItemDiff(t *testing.T) {
	for _, c := range []struct {
		a, b           string
		removed, added string
	}{
		{"a b c", "a b c", "", ""},
		{"a b c", "a c", "b", ""},
		{"a c", "a b c", "", "b"},
		{"a b c", "c a b", "c", "c"}, // a move is a removal and an addition
		{"", "x y", "", "x y"},
		{"a a b", "a b b", "a", "b"},
	} {
		removed, added := itemDiff(strings.Fields(c.a), strings.Fields(c.b))
		if strings.Join(removed, " ") != c.removed || strings.Join(added, " ") != c.added {
			t.Errorf("itemDiff(%q, %q) = -%q +%q, want -%q +%q", c.a, c.b, removed, added, c.removed, c.added)
		}
	}
}

func TestListFieldsByItem(t *testing.T) {
	// The expert fields of 2025-03-28 and 2026-08-17, as written.
	oldExpert := "TCP/UDP: Joe Touch; Eliot Lear, Kumiko Ono, Wes Eddy, Brian Trammell, \nJana Iyengar, and Michael Scharf\nSCTP: Michael Tuexen\nDCCP: Eddie Kohler and Yoshifumi Nishida"
	newExpert := "TCP/UDP: Joe Touch; Eliot Lear, Kumiko Ono, Wes Eddy, Brian Trammell,\nand Michael Scharf\nSCTP: Michael Tuexen\nDCCP: Eddie Kohler and Yoshifumi Nishida"
	wantItems := []string{"TCP/UDP: Joe Touch", "TCP/UDP: Eliot Lear", "TCP/UDP: Kumiko Ono", "TCP/UDP: Wes Eddy",
		"TCP/UDP: Brian Trammell", "TCP/UDP: Michael Scharf", "SCTP: Michael Tuexen", "DCCP: Eddie Kohler", "DCCP: Yoshifumi Nishida"}
	if got := expertItems(newExpert); !slices.Equal(got, wantItems) {
		t.Errorf("expertItems:\n got %q\nwant %q", got, wantItems)
	}
	old, new := reg("1"), reg("2")
	old.Expert, new.Expert = oldExpert, newExpert
	f := Compare(old, new).Meta[0]
	if f.Field != "expert" || !slices.Equal(f.Removed, []string{"TCP/UDP: Jana Iyengar"}) || len(f.Added) != 0 {
		t.Errorf("expert change: %+v", f)
	}
	out := text(t, Compare(old, new))
	if !strings.Contains(out, "\n    - TCP/UDP: Jana Iyengar\n") || strings.Contains(out, "Kumiko Ono") {
		t.Errorf("the text does not show the expert list item by item:\n%s", out)
	}

	// References sharing an item: only the new one is shown.
	o := rec("netconf-beep", "", "", "NETCONF over BEEP")
	o.Refs = []registry.Xref{{Type: "rfc", Data: "rfc4744"}}
	n := o
	n.Refs = []registry.Xref{{Type: "rfc", Data: "rfc4744"}, {Type: "rfc", Data: "rfc9900"}}
	want := FieldChange{Field: "refs", Old: "rfc:rfc4744", New: "rfc:rfc4744, rfc:rfc9900", Added: []string{"rfc:rfc9900"}}
	if got := Compare(reg("1", o), reg("2", n)).Modified[0].Fields; !reflect.DeepEqual(got, []FieldChange{want}) {
		t.Errorf("refs change %+v, want %+v", got, want)
	}
	// Nothing shared: old → new, no items.
	n.Refs = []registry.Xref{{Type: "rfc", Data: "rfc9900"}}
	if got := Compare(reg("1", o), reg("2", n)).Modified[0].Fields[0]; got.Removed != nil || got.Added != nil {
		t.Errorf("disjoint refs diffed by item: %+v", got)
	}
}
