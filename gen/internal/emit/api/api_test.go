package api

// The API against the tables of the fixture registry and its overlay of
// local names, checked with plain loops over the parsed XML and the
// overlay as overlayref reads it. The fixture holds every shape the
// tables encode: names past a slot, capitals, non-ASCII names, names that
// differ by 0x20 in a byte that is no letter, ranges, people whose names
// are and are not their ids, mailto: and other URIs, ids that differ in
// case only; the overlay holds a local name for each rule of -overlay.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit/overlayref"
	"github.com/svcreg/ianaports/internal/registry"
)

// nReg is the number of the fixture registry's records; the local
// records of the overlay follow them in fixture's Records. respelled
// counts the local names fixture spelled as IANA does.
var nReg, respelled int

// fixture returns the fixture registry with the local records of the
// overlay appended, as All lists them.
func fixture(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := registry.ParseFile("../testdata/fixture.xml", registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reg.SHA256 != RegistrySHA256 {
		t.Fatalf("tables.go was generated from another fixture: run go test ./gen/internal/emit -run TestGolden -update")
	}
	overlay, err := os.ReadFile("../testdata/fixture.services")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(overlay); hex.EncodeToString(sum[:]) != OverlaySHA256 {
		t.Fatalf("tables.go was generated from another overlay: run go test ./gen/internal/emit -run TestGolden -update")
	}
	nReg = len(reg.Records)
	reg.Records = append(reg.Records, overlayref.Records(overlayref.Read(overlay))...)
	// A name has one spelling, its first record's: a local name that
	// differs from IANA's only in case reads back as IANA's.
	spelling := map[string]string{}
	respelled = 0
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name == "" {
			continue
		}
		k := registry.FoldName(r.Name)
		if spelling[k] == "" {
			spelling[k] = r.Name
		} else if spelling[k] != r.Name {
			r.Name = spelling[k]
			respelled++
		}
	}
	return reg
}

var protoOf = map[string]Protocol{"": NoProtocol, "tcp": TCP, "udp": UDP, "sctp": SCTP, "dccp": DCCP}

// variants are spellings of a name that must find it: ASCII letters in
// other cases.
func variants(name string) []string {
	up, flip := []byte(name), []byte(name)
	for i, c := range up {
		if 'a' <= c && c <= 'z' {
			up[i] -= 0x20
		}
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			flip[i] ^= 0x20
		}
	}
	return []string{name, registry.FoldName(name), string(up), string(flip)}
}

// best is Lookup's rule written plainly: the local record of the name on
// p, else the registry's rule.
func best(reg *registry.Registry, name string, p Protocol) int {
	b := -1
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name == "" || !registry.EqualFoldName(r.Name, name) || (protoOf[r.Protocol] != p && r.Protocol != "") {
			continue
		}
		if i >= nReg {
			return i
		}
		if b < 0 || r.HasNumber && !reg.Records[b].HasNumber || r.HasNumber && reg.Records[b].HasNumber && r.Lo < reg.Records[b].Lo {
			b = i
		}
	}
	return b
}

// indices lists the Index of every record an iterator yields.
func indices(seq func(func(Service) bool)) []int {
	var out []int
	for s := range seq {
		out = append(out, s.Index())
	}
	return out
}

func TestFixtureRecords(t *testing.T) {
	reg := fixture(t)
	all := slices.Collect(All())
	if len(all) != len(reg.Records) || NumRecords != nReg || NumLocal != len(reg.Records)-nReg || NumLocal < 10 {
		t.Fatalf("%d records, NumRecords %d, NumLocal %d; the fixture has %d and %d local", len(all), NumRecords, NumLocal, nReg, len(reg.Records)-nReg)
	}
	for i := range reg.Records {
		r, s := &reg.Records[i], all[i]
		status := Assigned
		if r.Name == "" {
			status = Reserved
			if strings.TrimSpace(r.Description.Plain()) == "Unassigned" {
				status = Unassigned
			}
		}
		if s.IsLocal() != (i >= nReg) {
			t.Errorf("record %d (%v): IsLocal() = %v", i, s, s.IsLocal())
		}
		lo, hi := s.PortRange()
		if s.Index() != i || s.Name() != r.Name || s.Protocol() != protoOf[r.Protocol] || s.HasPort() != r.HasNumber ||
			int(lo) != r.Lo || int(hi) != r.Hi || s.Number() != r.Number || s.IsRange() != (r.Lo != r.Hi) ||
			s.Status() != status || s.IsZero() || s.Description() != r.Description.Plain() || s.Note() != r.Note.Plain() ||
			s.Unauthorized() != r.Unauthorized.Plain() || s.Registered().String() != r.Date || s.Modified().String() != r.Updated {
			t.Errorf("record %d (line %d) reads %v %q %v %d-%d %q %v %q %q", i, r.Line, s, s.Name(), s.Protocol(), lo, hi, s.Number(), s.Status(), s.Registered(), s.Modified())
		}
		var ids []string
		assignees := slices.Collect(s.Assignees())
		for _, p := range append(assignees, slices.Collect(s.Contacts())...) {
			ids = append(ids, p.ID())
		}
		var want []string
		for _, x := range append(slices.Clone(r.Assignee), r.Contact...) {
			want = append(want, x.Data)
		}
		if !slices.Equal(ids, want) || len(assignees) != len(r.Assignee) {
			t.Errorf("record %d: people %v, want %v", i, ids, want)
		}
		refs := slices.Collect(s.References())
		if len(refs) != len(r.Refs) {
			t.Fatalf("record %d: %d references, want %d", i, len(refs), len(r.Refs))
		}
		for k, x := range r.Refs {
			if g := refs[k]; g.Type().String() != x.Type || g.Data() != x.Data || g.Section() != x.Section || g.Text() != x.Text || g.String() != x.Label() || g.IsZero() {
				t.Errorf("record %d reference %d: %v %q %q %q %q", i, k, g.Type(), g.Data(), g.Section(), g.Text(), g)
			}
		}
		code, ok := s.ServiceCode()
		if ok != (r.ServiceCode != "") || ok && r.ServiceCode != itoa(int(code)) {
			t.Errorf("record %d: service code %d %v, want %q", i, code, ok, r.ServiceCode)
		}
	}
	if respelled == 0 {
		t.Error("no local name of the fixture is spelled otherwise than IANA's: the rule is untested")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestFixturePeople(t *testing.T) {
	reg := fixture(t)
	people := slices.Collect(People())
	for i, want := range reg.People {
		p := people[i]
		if uris := slices.Collect(p.URIs()); p.ID() != want.ID || p.Name() != want.Name || p.Org() != want.Org || p.Updated().String() != want.Updated ||
			!p.IsListed() || p.IsZero() || !slices.Equal(uris, want.URIs) {
			t.Errorf("person %d = %q %q %q %v %q, want %+v", i, p.ID(), p.Name(), p.Org(), p.Updated(), uris, want)
		}
		if u := p.URI(); len(want.URIs) > 0 && u != want.URIs[0] || len(want.URIs) == 0 && u != "" {
			t.Errorf("person %q URI %q", want.ID, u)
		}
		if q, ok := LookupPerson(want.ID); !ok || q != p {
			t.Errorf("LookupPerson(%q) = %v, %v", want.ID, q.ID(), ok)
		}
	}
	if extra := people[len(reg.People):]; len(extra) != 1 || extra[0].ID() != "Unlisted_Person" || extra[0].IsListed() || extra[0].Name() != "" {
		t.Errorf("unlisted people %v", extra)
	}
	if _, ok := LookupPerson("Nobody"); ok {
		t.Error("LookupPerson found Nobody")
	}
}

// TestFixtureNames looks every name up in several spellings, on every
// protocol, and near misses that a careless fold or hash would take for
// registered names.
func TestFixtureNames(t *testing.T) {
	reg := fixture(t)
	seen := map[string]bool{}
	long := 0
	for i := range reg.Records {
		name := reg.Records[i].Name
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if len(name) > shortNameLen {
			long++
		}
		var want []int
		for j := range reg.Records {
			if registry.EqualFoldName(reg.Records[j].Name, name) {
				want = append(want, j)
			}
		}
		for _, v := range variants(name) {
			if got := indices(ByName(v)); !slices.Equal(got, want) {
				t.Errorf("ByName(%q) = %v, want %v", v, got, want)
			}
			for p := NoProtocol; p <= DCCP+1; p++ {
				s, ok := Lookup(v, p)
				b := -1
				switch p {
				case NoProtocol:
					// Any protocol: the first that has a record.
					for q := TCP; q <= DCCP && b < 0; q++ {
						b = best(reg, v, q)
					}
				case TCP, UDP, SCTP, DCCP:
					b = best(reg, v, p)
				}
				if ok != (b >= 0) || s.Index() != b || ok && s.Name() != name {
					t.Errorf("Lookup(%q, %v) = %d %v, want %d", v, p, s.Index(), ok, b)
				}
			}
		}
		// The same name one byte longer or shorter, and with a byte
		// 0x20 away that is no letter, is no name.
		for _, m := range []string{name + "\x00", name[:len(name)-1], "\x00" + name, name + " "} {
			if !seen[m] && indices(ByName(m)) != nil && registry.FoldName(m) != registry.FoldName(name) {
				t.Errorf("ByName(%q) found %q", m, name)
			}
		}
	}
	if long < 2 {
		t.Fatalf("the fixture has %d names past a slot; the long path is untested", long)
	}
	for _, v := range []string{
		"", "kelvin", "KELVIN", "\u212aELVIN", // \u212a is no K: only A-Z fold
		"istanbul", "\u0130STANBUL", "i\u0307stanbul", // Unicode's lower case of \u0130 is "i\u0307"
		"x@Y", "X`y", "a\x7fB", "{", "[", "bomname", "bom\ufeffNAME",
		"sixteen-bytes-x", "sixteen-bytes-xyz", "fifteen-bytes-", "a-local-service-name-past-the-slo",
		"a-local-service-name-past-the-slotx", "A-LOCAL-SERVICE-NAME-PAST-THE-SLOT", strings.Repeat("x", 1000),
	} {
		want := slices.ContainsFunc(reg.Records, func(r registry.Record) bool { return r.Name != "" && registry.EqualFoldName(r.Name, v) })
		if got := indices(ByName(v)) != nil; got != want {
			t.Errorf("ByName(%q) found %v, want %v", v, got, want)
		}
	}
	if s, ok := Lookup("\u212aELVIN", TCP); !ok || s.Name() != "\u212aelvin" {
		t.Errorf("Lookup(\\u212aELVIN) = %q, %v: the ASCII letters fold", s.Name(), ok)
	}
	if s, ok := Lookup("i\u0307stanbul", TCP); ok {
		t.Errorf("Lookup found %q by its Unicode lower case", s.Name())
	}
	for _, pair := range [][2]string{{"x@y", "x`y"}, {"a^b", "a~b"}, {"[", "{"}} {
		a, _ := Lookup(pair[0], TCP)
		b, _ := Lookup(pair[1], TCP)
		if a.IsZero() || b.IsZero() || a == b {
			t.Errorf("%q and %q: %v and %v", pair[0], pair[1], a, b)
		}
	}
}

// TestFixturePorts checks ByPort on every port, on each protocol and on
// any (NoProtocol: every record covering the port, each once, in record
// order).
func TestFixturePorts(t *testing.T) {
	reg := fixture(t)
	several := 0
	for _, p := range []Protocol{NoProtocol, TCP, UDP, SCTP, DCCP} {
		for port := 0; port < 65536; port++ {
			var want []int
			protos := map[string]bool{}
			for i := range reg.Records {
				r := &reg.Records[i]
				if r.HasNumber && r.Lo <= port && port <= r.Hi && (p == NoProtocol || r.Protocol == "" || protoOf[r.Protocol] == p) {
					want = append(want, i)
					protos[r.Protocol] = true
				}
			}
			if got := indices(ByPort(uint16(port), p)); !slices.Equal(got, want) {
				t.Fatalf("ByPort(%d, %v) = %v, want %v", port, p, got, want)
			}
			if p == NoProtocol && len(protos) > 2 {
				several++
			}
		}
	}
	if several == 0 {
		t.Error("no port has records on several protocols: ByPort(port, NoProtocol) merges nothing")
	}
	for s := range ByPort(80, DCCP+1) {
		t.Errorf("ByPort(80, DCCP+1) yields %v", s)
	}
}

func TestZeroValues(t *testing.T) {
	var s Service
	if !s.IsZero() || s.Status() != NoStatus || s.IsAssigned() || s.String() != "<none>" || s.Index() != -1 ||
		s.Name() != "" || s.HasPort() || s.Description() != "" || slices.Collect(s.Assignees()) != nil || slices.Collect(s.References()) != nil {
		t.Errorf("zero Service: %v %v %q %d", s.Status(), s.IsAssigned(), s, s.Index())
	}
	if NoStatus.String() != "none" {
		t.Errorf("NoStatus prints %q", NoStatus)
	}
	miss, ok := Lookup("no-such-name", TCP)
	if ok || miss != s || miss.IsAssigned() {
		t.Errorf("a miss returned %v, %v", miss, ok)
	}
	var p Person
	var r Reference
	if !p.IsZero() || p.ID() != "" || p.IsListed() || slices.Collect(p.URIs()) != nil || !r.IsZero() || r.Type() != 0 || r.String() != "" {
		t.Error("the zero Person or Reference is not empty")
	}
}

func TestParseProtocol(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Protocol
	}{{"tcp", TCP}, {"TCP", TCP}, {"Udp", UDP}, {"sCtP", SCTP}, {"DCCP", DCCP}} {
		if got, err := ParseProtocol(c.in); got != c.want || err != nil {
			t.Errorf("ParseProtocol(%q) = %v, %v", c.in, got, err)
		}
	}
	for _, in := range []string{"", "ip", "tcp4", "\u017fctp", "tcp\n", "\u212acp", "udp\u202e"} {
		_, err := ParseProtocol(in)
		if !errors.Is(err, ErrUnknownProtocol) || strings.ContainsAny(err.Error(), "\n\r\u202e") {
			t.Errorf("ParseProtocol(%q) error %q", in, err)
		}
	}
}

func TestParseDecimalPort(t *testing.T) {
	for _, c := range []struct {
		in      string
		port    int
		numeric bool
	}{
		{"", 0, true}, {"80", 80, true}, {"+80", 80, true}, {"-0", 0, true}, {"65535", 65535, true},
		{"65536", -1, true}, {"4294967376", -1, true}, {"4294967296", -1, true}, {"18446744073709551696", -1, true},
		{"20000000000x", -1, true}, {"80x", 0, false}, {"x", 0, false},
	} {
		port, numeric := parseDecimalPort(c.in)
		if numeric != c.numeric || numeric && (port < 0 || port > 0xFFFF) != (c.port < 0) || port >= 0 && c.port >= 0 && port != c.port {
			t.Errorf("parseDecimalPort(%q) = %d, %v; want %d, %v", c.in, port, numeric, c.port, c.numeric)
		}
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	var names []string
	for s := range All() {
		if s.Name() != "" {
			names = append(names, s.Name(), strings.ToUpper(s.Name()), s.Name()+"x")
		}
	}
	n := 0
	if a := testing.AllocsPerRun(10, func() {
		for _, name := range names {
			for p := NoProtocol; p <= DCCP; p++ {
				s, _ := Lookup(name, p)
				n += len(s.Name())
			}
			for s := range ByName(name) {
				n += len(s.Name())
			}
		}
	}); a != 0 {
		t.Errorf("look-ups allocate %v times a run", a)
	}
	if n == 0 {
		t.Error("the look-ups found nothing")
	}
}
