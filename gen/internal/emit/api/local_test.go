package api

// The API added for local names, ports and Go's conventions, against the
// fixture and its overlay: LookupPort's precedence (local, the registry,
// net's built-in table), LookupPerson's folding, Person.String,
// ByPortRange, PortStatus, All, and the text marshalling of
// Protocol, Status and Date.

import (
	"encoding/json"
	"errors"
	"flag"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/svcreg/ianaports/internal/registry"
)

// lookupPortRef is LookupPort's documented rule written plainly over the
// fixture: the record Lookup answers on the first protocol that gives a
// port, else net's built-in table, else why not.
func lookupPortRef(reg *registry.Registry, network, name string) (int, error) {
	protos, ok := map[string][]Protocol{
		"tcp": {TCP}, "tcp4": {TCP}, "tcp6": {TCP},
		"udp": {UDP}, "udp4": {UDP}, "udp6": {UDP},
		"sctp": {SCTP}, "sctp4": {SCTP}, "sctp6": {SCTP},
		"dccp": {DCCP}, "dccp4": {DCCP}, "dccp6": {DCCP},
		"": {TCP, UDP}, "ip": {TCP, UDP},
	}[network]
	if !ok {
		return 0, ErrUnknownNetwork
	}
	known := false
	for _, p := range protos {
		if b := best(reg, name, p); b >= 0 {
			known = true
			if reg.Records[b].HasNumber {
				return reg.Records[b].Lo, nil
			}
		}
	}
	for _, p := range protos {
		for _, e := range netServices {
			if e.proto == p && registry.EqualFoldName(e.name, name) {
				return int(e.port), nil
			}
		}
	}
	if known {
		return 0, ErrNoPort
	}
	return 0, ErrUnknownService
}

func TestFixtureLookupPort(t *testing.T) {
	reg := fixture(t)
	names := []string{"gopher", "GOPHER", "ssh", "imap2", "IMAP2", "domain", "ftp", "nosuch"}
	for i := range reg.Records {
		if n := reg.Records[i].Name; n != "" {
			names = append(names, variants(n)...)
		}
	}
	for _, e := range netServices {
		names = append(names, e.name, strings.ToUpper(e.name))
	}
	checked := 0
	for _, name := range names {
		for _, network := range []string{"tcp", "tcp6", "udp", "udp4", "sctp", "dccp", "", "ip", "icmp", "tcp46", "ip4"} {
			port, err := LookupPort(network, name)
			wport, werr := lookupPortRef(reg, network, name)
			if port != wport || !errors.Is(err, werr) || (err == nil) != (werr == nil) {
				t.Errorf("LookupPort(%q, %q) = %d, %v; want %d, %v", network, name, port, err, wport, werr)
			}
			checked++
		}
	}
	// The precedence, spelled out: a local name wins over IANA's port and
	// over net's table; net's table answers what IANA leaves without a
	// port (webdav is name-only at IANA, 8081/tcp locally).
	for _, c := range []struct {
		network, name string
		port          int
	}{
		{"tcp", "http", 8080}, {"udp", "http", 80}, {"tcp", "gopher", 7070}, {"tcp", "ssh", 22},
		{"tcp", "imap2", 143}, {"ip", "imap2", 143}, {"udp", "domain", 5353}, {"tcp", "domain", 53},
		{"tcp", "webdav", 8081}, {"tcp", "dicom", 11112}, {"udp", "CLEARCASE", 371},
		{"tcp", "x11", 6001}, {"udp", "x11", 6000}, {"sctp", "local-sctp", 9999},
	} {
		if port, err := LookupPort(c.network, c.name); port != c.port || err != nil {
			t.Errorf("LookupPort(%q, %q) = %d, %v; want %d", c.network, c.name, port, err, c.port)
		}
	}
	if _, err := LookupPort("udp", "ssh"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("LookupPort(udp, ssh): %v; net's table has ssh on tcp only", err)
	}
	if _, err := LookupPort("udp", "webdav"); !errors.Is(err, ErrNoPort) {
		t.Errorf("LookupPort(udp, webdav): %v; want ErrNoPort", err)
	}
	t.Logf("%d look-ups", checked)
}

// personRef is LookupPerson's rule written plainly over People.
func personRef(id string) (Person, bool) {
	var fold []Person
	for p := range People() {
		if p.ID() == id {
			return p, true
		}
		if registry.EqualFoldName(p.ID(), id) {
			fold = append(fold, p)
		}
	}
	if len(fold) == 1 {
		return fold[0], true
	}
	return Person{}, false
}

func TestLookupPersonFolds(t *testing.T) {
	reg := fixture(t)
	var ids []string
	for p := range People() {
		id := p.ID()
		ids = append(ids, id, registry.FoldName(id), strings.ToUpper(id), id+"x", id[:len(id)-1])
	}
	ids = append(ids, "", "seiko_epson", "SEIKO_EPSON", "Seiko_Epson", "seiko_EPSON", "iesg", "IeSg", "unlisted_person")
	for _, id := range ids {
		got, ok := LookupPerson(id)
		want, wok := personRef(id)
		if got != want || ok != wok {
			t.Errorf("LookupPerson(%q) = %q, %v; want %q, %v", id, got.ID(), ok, want.ID(), wok)
		}
	}
	// Two people whose ids fold alike: each by its own spelling, neither
	// by another.
	if p, ok := LookupPerson("SEIKO_EPSON"); !ok || p.ID() != "SEIKO_EPSON" {
		t.Errorf("LookupPerson(SEIKO_EPSON) = %q, %v", p.ID(), ok)
	}
	if p, ok := LookupPerson("Seiko_Epson"); !ok || p.ID() != "Seiko_Epson" {
		t.Errorf("LookupPerson(Seiko_Epson) = %q, %v", p.ID(), ok)
	}
	if p, ok := LookupPerson("seiko_epson"); ok {
		t.Errorf("LookupPerson(seiko_epson) = %q: two ids fold alike, neither may answer", p.ID())
	}
	if p, ok := LookupPerson("iesg"); !ok || p.ID() != "IESG" {
		t.Errorf("LookupPerson(iesg) = %q, %v: the one id folding alike answers", p.ID(), ok)
	}
	if len(reg.People) < 2 {
		t.Fatal("no people")
	}
}

func TestPersonString(t *testing.T) {
	reg := fixture(t)
	i := -1
	for p := range People() {
		i++
		want := p.ID()
		if i < len(reg.People) {
			if w := reg.People[i]; w.Name != "" {
				want = w.Name
			} else if w.Org != "" {
				want = w.Org
			}
		}
		if p.String() != want {
			t.Errorf("person %q prints %q, want %q", p.ID(), p, want)
		}
	}
	if s := (Person{}).String(); s != "<none>" {
		t.Errorf("the zero Person prints %q", s)
	}
	if p, _ := LookupPerson("SEIKO_EPSON"); p.String() != "SEIKO EPSON Corp." {
		t.Errorf("an organisation prints %q", p)
	}
}

// rangeRef lists, by first port then index, the records overlapping
// lo-hi on p (NoProtocol: any protocol).
func rangeRef(reg *registry.Registry, lo, hi int, p Protocol) []int {
	var out []int
	for i := range reg.Records {
		r := &reg.Records[i]
		if !r.HasNumber || r.Hi < lo || r.Lo > hi {
			continue
		}
		if p != NoProtocol && r.Protocol != "" && protoOf[r.Protocol] != p {
			continue
		}
		out = append(out, i)
	}
	sort.SliceStable(out, func(a, b int) bool { return reg.Records[out[a]].Lo < reg.Records[out[b]].Lo })
	return out
}

func TestByPortRange(t *testing.T) {
	reg := fixture(t)
	type window struct{ lo, hi int }
	windows := []window{{0, 65535}, {0, 0}, {65535, 65535}, {80, 80}, {79, 81}, {6001, 6003}, {6063, 6066}, {4, 5}, {7000, 7020}, {49151, 49152}}
	for i := range reg.Records {
		if r := &reg.Records[i]; r.HasNumber {
			windows = append(windows, window{r.Lo, r.Lo}, window{r.Hi, min(r.Hi+1, 65535)}, window{max(r.Lo-1, 0), r.Lo})
		}
	}
	for _, w := range windows {
		for _, p := range []Protocol{NoProtocol, TCP, UDP, SCTP, DCCP} {
			var got []int
			for s := range ByPortRange(uint16(w.lo), uint16(w.hi), p) {
				got = append(got, s.Index())
			}
			if want := rangeRef(reg, w.lo, w.hi, p); !slices.Equal(got, want) {
				t.Errorf("ByPortRange(%d, %d, %v) = %v, want %v", w.lo, w.hi, p, got, want)
			}
		}
	}
	for s := range ByPortRange(81, 80, TCP) {
		t.Errorf("ByPortRange(81, 80) yields %v", s)
	}
	for s := range ByPortRange(0, 65535, DCCP+1) {
		t.Errorf("ByPortRange on an invalid protocol yields %v", s)
	}
	// Stopping early stops.
	n := 0
	for range ByPortRange(0, 65535, NoProtocol) {
		if n++; n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("break after 3 records: %d", n)
	}
}

// portStatusRef is PortStatus's rule written plainly over the records.
func portStatusRef(reg *registry.Registry, port int, p Protocol) Status {
	reserved := false
	for i := range reg.Records {
		r := &reg.Records[i]
		if !r.HasNumber || port < r.Lo || port > r.Hi || r.Protocol != "" && protoOf[r.Protocol] != p {
			continue
		}
		if r.Name != "" {
			return Assigned
		}
		if !strings.EqualFold(strings.TrimSpace(r.Description.Plain()), "unassigned") {
			reserved = true
		}
	}
	switch {
	case reserved:
		return Reserved
	case port >= 49152:
		return Dynamic
	}
	return Unassigned
}

// strength orders the statuses as PortStatus(port, NoProtocol) ranks
// them: assigned > reserved > unassigned > dynamic.
var strength = map[Status]int{Assigned: 4, Reserved: 3, Unassigned: 2, Dynamic: 1}

func TestPortStatus(t *testing.T) {
	reg := fixture(t)
	count := map[Status]int{}
	mixed := 0
	for port := 0; port < 65536; port++ {
		strongest := NoStatus
		for _, p := range []Protocol{TCP, UDP, SCTP, DCCP} {
			got, want := PortStatus(uint16(port), p), portStatusRef(reg, port, p)
			if got != want {
				t.Fatalf("PortStatus(%d, %v) = %v, want %v", port, p, got, want)
			}
			count[got]++
			if strongest != NoStatus && got != strongest {
				mixed++
			}
			if strength[got] > strength[strongest] {
				strongest = got
			}
		}
		if got := PortStatus(uint16(port), NoProtocol); got != strongest {
			t.Fatalf("PortStatus(%d, NoProtocol) = %v, want the strongest over the protocols, %v", port, got, strongest)
		}
	}
	if mixed == 0 {
		t.Error("no port has different statuses on different protocols: NoProtocol's rule is untested")
	}
	if PortStatus(80, DCCP+1) != NoStatus {
		t.Error("PortStatus answers an invalid protocol")
	}
	for _, s := range []Status{Assigned, Reserved, Unassigned, Dynamic} {
		if count[s] == 0 {
			t.Errorf("no port is %v: the fixture does not exercise it", s)
		}
	}
	for s := range All() {
		if s.Status() == Dynamic {
			t.Errorf("record %v has status dynamic", s)
		}
	}
}

// TestTextMarshal round-trips every value of Protocol, Status and Date
// through encoding/json and flag.TextVar, and refuses what is no value.
func TestTextMarshal(t *testing.T) {
	type config struct {
		P Protocol
		S Status
		D Date
	}
	var dates []Date
	for s := range All() {
		dates = append(dates, s.Registered(), s.Modified())
	}
	for p := range People() {
		dates = append(dates, p.Updated())
	}
	for _, p := range []Protocol{NoProtocol, TCP, UDP, SCTP, DCCP} {
		for _, st := range []Status{NoStatus, Assigned, Reserved, Unassigned, Dynamic} {
			for _, d := range dates {
				in := config{p, st, d}
				b, err := json.Marshal(in)
				if err != nil {
					t.Fatal(err)
				}
				var out config
				if err := json.Unmarshal(b, &out); err != nil || out != in {
					t.Fatalf("%s reads back as %+v, %v", b, out, err)
				}
				ptext := p.String()
				if p == NoProtocol {
					ptext = "" // a record with no protocol has none to write
				}
				if want := `{"P":"` + ptext + `","S":"` + st.String() + `","D":"` + d.String() + `"}`; string(b) != want {
					t.Fatalf("json.Marshal = %s, want %s", b, want)
				}
			}
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var p Protocol
	var st Status
	var d Date
	fs.TextVar(&p, "proto", TCP, "")
	fs.TextVar(&st, "status", Assigned, "")
	fs.TextVar(&d, "date", Date{}, "")
	if err := fs.Parse([]string{"-proto", "UDP", "-status", "Dynamic", "-date", "2024-02-29"}); err != nil {
		t.Fatal(err)
	}
	if p != UDP || st != Dynamic || d.String() != "2024-02-29" || d.Year() != 2024 || d.Month() != time.February || d.Day() != 29 {
		t.Errorf("flags read %v %v %v", p, st, d)
	}
	if err := fs.Parse([]string{"-date", "2007-02"}); err != nil || d.String() != "2007-02" || d.Day() != 0 {
		t.Errorf("-date 2007-02: %v, %v", d, err)
	}
	for _, bad := range []string{"2023-02-29", "2024-13-01", "2024-00", "2024-04-31", "1969-12-31", "2098-01", "24-01-01", "2024-1-1", "2024/01/01", "2024-01-01x", "+024-01", "２０２４-01"} {
		before := d
		if err := d.UnmarshalText([]byte(bad)); err == nil || d != before || strings.ContainsAny(err.Error(), "\n") {
			t.Errorf("Date.UnmarshalText(%q) = %v, %v", bad, d, err)
		}
	}
	for _, bad := range []string{"ip", "tcp4", "\u017fctp"} {
		before := p
		if err := p.UnmarshalText([]byte(bad)); !errors.Is(err, ErrUnknownProtocol) || p != before {
			t.Errorf("Protocol.UnmarshalText(%q) = %v, %v", bad, p, err)
		}
	}
	for _, bad := range []string{"", "free", "assigned ", "Status(9)"} {
		before := st
		if err := st.UnmarshalText([]byte(bad)); err == nil || st != before {
			t.Errorf("Status.UnmarshalText(%q) = %v, %v", bad, st, err)
		}
	}
	if _, err := Protocol(9).MarshalText(); err == nil {
		t.Error("Protocol(9) marshals")
	}
	if _, err := Status(9).MarshalText(); err == nil {
		t.Error("Status(9) marshals")
	}
}

// TestNewAPIDoesNotAllocate: the iterators, PortStatus, LookupPerson's
// folding and LookupPort's answers from local records and net's table
// allocate nothing.
func TestNewAPIDoesNotAllocate(t *testing.T) {
	n := 0
	check := func(what string, f func()) {
		t.Helper()
		if a := testing.AllocsPerRun(5, f); a != 0 {
			t.Errorf("%s: %v allocations a run", what, a)
		}
	}
	check("All", func() {
		for s := range All() {
			n += s.Index()
		}
	})
	check("ByPortRange", func() {
		for _, p := range []Protocol{NoProtocol, TCP} {
			for s := range ByPortRange(0, 65535, p) {
				n += s.Index()
			}
		}
	})
	check("PortStatus", func() {
		for port := 0; port < 65536; port += 3 {
			n += int(PortStatus(uint16(port), UDP))
		}
	})
	ids := []string{"iesg", "SEIKO_EPSON", "seiko_epson", "Mark_Lottor", "mark_lottor", "nobody"}
	check("LookupPerson", func() {
		for _, id := range ids {
			_, ok := LookupPerson(id)
			if ok {
				n++
			}
		}
	})
	check("LookupPort", func() {
		for _, name := range []string{"gopher", "ssh", "IMAP2", "http", "postgres", "x11-1"} {
			port, _ := LookupPort("tcp", name)
			n += port
		}
	})
	check("Service.IsLocal", func() {
		for s := range All() {
			if s.IsLocal() {
				n++
			}
		}
	})
	_ = n
}
