package main

// The slow reference: every answer of the compiled ports package is
// checked against the parsed registry XML, using only plain loops over
// the parsed records — no hashing, no packing, no shared code with the
// emitter beyond the XML parser and IANA's text rendering rules.

import (
	"errors"
	"iter"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

// dataXML is the registry ports/ is generated from, committed.
const dataXML = "../data/service-names-port-numbers.xml"

func reference(t *testing.T) *registry.Registry {
	t.Helper()
	if testing.Short() {
		// go test -race -short runs in CI after the full run: the race
		// detector makes parsing 4 MB of XML slow and adds nothing here.
		t.Skip("the full reference check runs without -short")
	}
	refReg := fixture.Registry(t, "")
	if refReg.SHA256 != ports.RegistrySHA256 {
		t.Fatalf("%s has sha256 %s but ports/ was generated from %s: run go generate ./...", dataXML, refReg.SHA256, ports.RegistrySHA256)
	}
	return refReg
}

var protoOf = map[string]ports.Protocol{"": ports.NoProtocol, "tcp": ports.TCP, "udp": ports.UDP, "sctp": ports.SCTP, "dccp": ports.DCCP}

var allProtocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

func personIDs(ps iter.Seq[ports.Person]) []string {
	var s []string
	for p := range ps {
		s = append(s, p.ID())
	}
	return s
}

func xrefIDs(xs []registry.Xref) []string {
	var s []string
	for _, x := range xs {
		s = append(s, x.Data)
	}
	return s
}

func TestReferenceRecords(t *testing.T) {
	reg := reference(t)
	all := slices.Collect(ports.All())
	if len(all) != len(reg.Records) || ports.NumRecords != len(reg.Records) {
		t.Fatalf("All() has %d records, NumRecords %d, the XML %d", len(all), ports.NumRecords, len(reg.Records))
	}
	if ports.RegistryUpdated != reg.Updated || ports.RegistryTitle != reg.Title {
		t.Errorf("registry %q %q, want %q %q", ports.RegistryUpdated, ports.RegistryTitle, reg.Updated, reg.Title)
	}
	fields := 0
	for i := range reg.Records {
		r := &reg.Records[i]
		s := all[i]
		check := func(field string, got, want any) {
			fields++
			if !equalAny(got, want) {
				t.Errorf("record %d (line %d, %s): %s = %#v, want %#v", i, r.Line, s, field, got, want)
			}
		}
		check("Index", s.Index(), i)
		check("IsZero", s.IsZero(), false)
		check("Name", s.Name(), r.Name)
		check("Protocol", s.Protocol(), protoOf[r.Protocol])
		check("HasPort", s.HasPort(), r.HasNumber)
		lo, hi := s.PortRange()
		check("PortRange", [2]int{int(lo), int(hi)}, [2]int{r.Lo, r.Hi})
		check("Port", int(s.Port()), r.Lo)
		check("Number", s.Number(), r.Number)
		check("Status", s.Status(), statusRef(r))
		check("IsLocal", s.IsLocal(), false)
		check("Description", s.Description(), r.Description.Plain())
		check("Note", s.Note(), r.Note.Plain())
		check("Unauthorized", s.Unauthorized(), r.Unauthorized.Plain())
		sc, ok := s.ServiceCode()
		gotSC := ""
		if ok {
			gotSC = itoa(int(sc))
		}
		check("ServiceCode", gotSC, r.ServiceCode)
		check("Registered", s.Registered().String(), r.Date)
		check("Modified", s.Modified().String(), r.Updated)
		check("Assignees", personIDs(s.Assignees()), xrefIDs(r.Assignee))
		check("Contacts", personIDs(s.Contacts()), xrefIDs(r.Contact))
		refs := slices.Collect(s.References())
		var got, want []registry.Xref
		for _, x := range refs {
			got = append(got, registry.Xref{Type: x.Type().String(), Data: x.Data(), Section: x.Section(), Text: x.Text()})
		}
		want = append(want, r.Refs...)
		check("References", got, want)
		for k, x := range refs {
			check("Reference.String", x.String(), r.Refs[k].Label())
		}
	}
	t.Logf("%d records, %d fields compared with %s", len(reg.Records), fields, dataXML)
}

// statusRef is a record's documented Status: Assigned with a name; else
// Unassigned when the description, without surrounding blanks, is
// "Unassigned" in any ASCII case; else Reserved.
func statusRef(r *registry.Record) ports.Status {
	switch {
	case r.Name != "":
		return ports.Assigned
	case registry.EqualFoldName(strings.Trim(r.Description.Plain(), " \t\r\n"), "unassigned"):
		return ports.Unassigned
	}
	return ports.Reserved
}

func TestReferencePeople(t *testing.T) {
	reg := reference(t)
	people := slices.Collect(ports.People())
	if len(people) < len(reg.People) {
		t.Fatalf("People() has %d entries, the XML lists %d", len(people), len(reg.People))
	}
	for i, want := range reg.People {
		p := people[i]
		if p.ID() != want.ID || p.Name() != want.Name || p.Org() != want.Org ||
			p.Updated().String() != want.Updated || !p.IsListed() ||
			strings.Join(slices.Collect(p.URIs()), "|") != strings.Join(want.URIs, "|") {
			t.Errorf("person %d = {%q %q %q %q %v %q}, want %+v", i, p.ID(), p.Name(), p.Org(), p.Updated(), p.IsListed(), slices.Collect(p.URIs()), want)
		}
		if len(want.URIs) > 0 && p.URI() != want.URIs[0] {
			t.Errorf("person %q URI %q, want %q", want.ID, p.URI(), want.URIs[0])
		}
		got, ok := ports.LookupPerson(want.ID)
		if !ok || got != p {
			t.Errorf("LookupPerson(%q) = %v, %v", want.ID, got.ID(), ok)
		}
	}
	// The entries past the list are ids cited by records but unlisted.
	listed := map[string]bool{}
	for _, p := range reg.People {
		listed[p.ID] = true
	}
	for _, p := range people[len(reg.People):] {
		if p.IsListed() || listed[p.ID()] {
			t.Errorf("extra person %q: IsListed %v, in the XML list %v", p.ID(), p.IsListed(), listed[p.ID()])
		}
	}
	if _, ok := ports.LookupPerson("No_Such_Person_Id"); ok {
		t.Error("LookupPerson found an id that does not exist")
	}
	// In any case: the exact id first, else the one id folding alike.
	ids := map[string][]string{} // folded id → ids
	for _, p := range people {
		k := registry.FoldName(p.ID())
		ids[k] = append(ids[k], p.ID())
	}
	ambiguous := 0
	for _, p := range people {
		for _, v := range []string{registry.FoldName(p.ID()), upperASCII(p.ID()), swapCase(p.ID())} {
			same := ids[registry.FoldName(v)]
			want, wok := "", false
			switch {
			case slices.Contains(same, v):
				want, wok = v, true
			case len(same) == 1:
				want, wok = same[0], true
			}
			got, ok := ports.LookupPerson(v)
			if ok != wok || got.ID() != want {
				t.Errorf("LookupPerson(%q) = %q, %v; want %q, %v", v, got.ID(), ok, want, wok)
			}
			if !wok {
				ambiguous++
			}
		}
		// String: the name, else the organisation, else the id.
		want := p.ID()
		if p.Name() != "" {
			want = p.Name()
		} else if p.Org() != "" {
			want = p.Org()
		}
		if p.String() != want {
			t.Errorf("person %q prints %q, want %q", p.ID(), p, want)
		}
	}
	// Whether two ids of the live list fold alike (SEIKO_EPSON and
	// Seiko_Epson did) is the registry's business: the generated
	// package's handling of them is checked on a fixture in
	// gen/internal/emit/api.
	t.Logf("%d people compared; %d spellings fold to several ids and find none", len(reg.People), ambiguous)
}

// naiveBest is Lookup's documented rule, written out plainly, over
// the records recs (those of one name).
func naiveBest(reg *registry.Registry, recs []int, name string, p ports.Protocol) (int, bool) {
	var cands []int
	for _, i := range recs {
		r := &reg.Records[i]
		if r.Name == "" || !registry.EqualFoldName(r.Name, name) {
			continue
		}
		if rp := protoOf[r.Protocol]; rp == p || rp == ports.NoProtocol {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return 0, false
	}
	sort.SliceStable(cands, func(a, b int) bool {
		ra, rb := &reg.Records[cands[a]], &reg.Records[cands[b]]
		if ra.HasNumber != rb.HasNumber {
			return ra.HasNumber
		}
		return ra.HasNumber && ra.Lo < rb.Lo
	})
	return cands[0], true
}

func TestReferenceNames(t *testing.T) {
	reg := reference(t)
	byName := map[string][]int{}
	for i := range reg.Records {
		if n := reg.Records[i].Name; n != "" {
			k := registry.FoldName(n)
			byName[k] = append(byName[k], i)
		}
	}
	names := 0
	for k, want := range byName {
		spelled := reg.Records[want[0]].Name
		for _, variant := range []string{spelled, k, upperASCII(spelled), swapCase(spelled)} {
			var got []int
			for s := range ports.ByName(variant) {
				got = append(got, s.Index())
			}
			if !equalAny(got, want) {
				t.Errorf("ByName(%q) = %v, want records %v", variant, got, want)
			}
			// Any protocol: the first of TCP, UDP, SCTP, DCCP that hits.
			wi, wok := -1, false
			for _, p := range allProtocols {
				if wi, wok = naiveBest(reg, want, variant, p); wok {
					break
				}
			}
			if s, ok := ports.Lookup(variant, ports.NoProtocol); ok != wok || (ok && s.Index() != wi) {
				t.Errorf("Lookup(%q, NoProtocol) = %d %v, want %d %v", variant, s.Index(), ok, wi, wok)
			}
			for _, p := range allProtocols {
				wi, wok := naiveBest(reg, want, variant, p)
				s, ok := ports.Lookup(variant, p)
				if ok != wok || (ok && s.Index() != wi) {
					t.Errorf("Lookup(%q, %v) = %d %v, want %d %v", variant, p, s.Index(), ok, wi, wok)
				}
				port, err := ports.LookupPort(p.String(), variant)
				net, fromNet := netOnly[registry.FoldName(variant)]
				switch {
				case (!wok || !reg.Records[wi].HasNumber) && fromNet && p == ports.TCP:
					if err != nil || port != net {
						t.Errorf("LookupPort(%q, %q) = %d, %v; want net's %d", p, variant, port, err, net)
					}
				case !wok:
					if !errors.Is(err, ports.ErrUnknownService) {
						t.Errorf("LookupPort(%q, %q) = %d, %v; want ErrUnknownService", p, variant, port, err)
					}
				case !reg.Records[wi].HasNumber:
					if !errors.Is(err, ports.ErrNoPort) {
						t.Errorf("LookupPort(%q, %q) = %d, %v; want ErrNoPort", p, variant, port, err)
					}
				case err != nil || port != reg.Records[wi].Lo:
					t.Errorf("LookupPort(%q, %q) = %d, %v; want %d", p, variant, port, err, reg.Records[wi].Lo)
				}
			}
		}
		names++
	}
	t.Logf("%d names, each in 4 spellings, checked on ByName, Lookup and LookupPort for 4 protocols", names)
}

// netOnly are the names of net's built-in table ($GOROOT/src/net/lookup.go)
// that the registry holds without a TCP port: LookupPort answers them
// from that table, as net.LookupPort does (ports/nettable_test.go checks
// the whole table against the installed Go's).
var netOnly = map[string]int{"imap2": 143}

// covering lists, for each protocol and port, the records keep keeps
// that cover it, in registry order, built by walking each record's
// range; a record naming no protocol covers its ports on every protocol.
func covering(reg *registry.Registry, keep func(*registry.Record) bool) *[5][65536][]int {
	var at [5][65536][]int
	for i := range reg.Records {
		r := &reg.Records[i]
		if !r.HasNumber || !keep(r) {
			continue
		}
		for _, p := range allProtocols {
			if rp := protoOf[r.Protocol]; rp != p && rp != ports.NoProtocol {
				continue
			}
			for port := r.Lo; port <= r.Hi; port++ {
				at[p][port] = append(at[p][port], i)
			}
		}
	}
	return &at
}

func TestReferencePorts(t *testing.T) {
	reg := reference(t)
	want := covering(reg, func(*registry.Record) bool { return true })
	empty := 0
	emptyOn := map[ports.Protocol]int{}
	for _, p := range allProtocols {
		for port := 0; port < 65536; port++ {
			var got []int
			for s := range ports.ByPort(uint16(port), p) {
				got = append(got, s.Index())
			}
			if !equalAny(got, want[p][port]) {
				t.Fatalf("ByPort(%d, %v) = %v, want %v", port, p, got, want[p][port])
			}
			if len(got) == 0 {
				empty++
				emptyOn[p]++
			}
		}
	}
	for s := range ports.ByPort(80, ports.Protocol(9)) {
		t.Errorf("ByPort(80, Protocol(9)) yields %v", s)
	}
	t.Logf("65536 ports × 4 protocols match; %d (port, protocol) pairs have no record", empty)

	// Any protocol: the records of every protocol, each once, in record
	// order.
	for port := 0; port < 65536; port++ {
		var all []int
		for _, p := range allProtocols {
			all = append(all, want[p][port]...)
		}
		slices.Sort(all)
		all = slices.Compact(all)
		var got []int
		for s := range ports.ByPort(uint16(port), ports.NoProtocol) {
			got = append(got, s.Index())
		}
		if !equalAny(got, all) {
			t.Fatalf("ByPort(%d, NoProtocol) = %v, want %v", port, got, all)
		}
	}

	// PortStatus, by its documented rule over the same lists.
	counts := map[ports.Protocol]map[ports.Status]int{}
	for _, p := range allProtocols {
		counts[p] = map[ports.Status]int{}
		for port := 0; port < 65536; port++ {
			status := ports.Unassigned
			if port >= 49152 {
				status = ports.Dynamic
			}
			for _, i := range want[p][port] {
				switch statusRef(&reg.Records[i]) {
				case ports.Assigned:
					status = ports.Assigned
				case ports.Reserved:
					if status != ports.Assigned {
						status = ports.Reserved
					}
				}
			}
			if got := ports.PortStatus(uint16(port), p); got != status {
				t.Fatalf("PortStatus(%d, %v) = %v, want %v", port, p, got, status)
			}
			counts[p][status]++
		}
	}
	// Any protocol: the strongest of the port's statuses, in the order
	// assigned > reserved > unassigned > dynamic.
	strength := map[ports.Status]int{ports.Assigned: 4, ports.Reserved: 3, ports.Unassigned: 2, ports.Dynamic: 1}
	mixed := 0
	for port := 0; port < 65536; port++ {
		strongest := ports.NoStatus
		for _, p := range allProtocols {
			st := ports.PortStatus(uint16(port), p)
			if strongest != ports.NoStatus && st != strongest {
				mixed++
			}
			if strength[st] > strength[strongest] {
				strongest = st
			}
		}
		if got := ports.PortStatus(uint16(port), ports.NoProtocol); got != strongest {
			t.Fatalf("PortStatus(%d, NoProtocol) = %v, want %v", port, got, strongest)
		}
	}
	t.Logf("PortStatus(port, NoProtocol) is the strongest status over the protocols; %d ports differ between protocols", mixed)
	t.Logf("PortStatus of every port: %v", counts)
	// What the ByPort doc says: thousands of ports have no row, on
	// every protocol.
	if emptyOn[ports.TCP] < 1000 || emptyOn[ports.UDP] < 1000 || emptyOn[ports.SCTP] < 1000 || emptyOn[ports.DCCP] < 1000 {
		t.Errorf("ports without a row: %v; the ByPort doc says otherwise", emptyOn)
	}
	t.Logf("ports without a row: %v", emptyOn)
}

// upperASCII upper-cases the ASCII letters only, the inverse of
// registry.FoldName.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 32
		case 'A' <= c && c <= 'Z':
			b[i] = c + 32
		}
	}
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

// equalAny is reflect.DeepEqual that treats nil and empty slices alike.
func equalAny(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() == reflect.Slice && vb.Kind() == reflect.Slice && va.Len() == 0 && vb.Len() == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// TestReferenceAliases checks the legacy-name links both ways: every
// alias points at a registered well-formed name on the same port and
// protocol whose Replaces names it back, and the reverse.
func TestReferenceAliases(t *testing.T) {
	reference(t)
	aliases, replaces := 0, 0
	for s := range ports.All() {
		if a := s.AliasOf(); a != "" {
			aliases++
			// A name may hold several ports (udt_os: 1382 and 3900), so
			// look for the twin on the same port and protocol.
			twin := false
			for w := range ports.ByName(a) {
				if w.Protocol() == s.Protocol() && w.Port() == s.Port() && strings.EqualFold(w.Replaces(), s.Name()) {
					twin = true
				}
			}
			if !twin {
				t.Errorf("%v is an alias of %q, which has no record on the same port replacing it", s, a)
			}
		}
		if r := s.Replaces(); r != "" {
			replaces++
			for old := range ports.ByName(r) {
				if old.AliasOf() != "" && !strings.EqualFold(old.AliasOf(), s.Name()) {
					t.Errorf("%v replaces %q, whose record %v is an alias of %q", s, r, old, old.AliasOf())
				}
			}
		}
	}
	if aliases == 0 || replaces == 0 {
		t.Errorf("found %d aliases and %d replacements; the registry has both", aliases, replaces)
	}
	t.Logf("%d alias records, %d replacement records", aliases, replaces)
}

// TestReferencePortRange walks the whole port space and windows around
// every range with ByPortRange, on each protocol and on all of them,
// against the records sorted plainly.
func TestReferencePortRange(t *testing.T) {
	reg := reference(t)
	ref := func(lo, hi int, p ports.Protocol) []int {
		var out []int
		for i := range reg.Records {
			r := &reg.Records[i]
			if r.HasNumber && r.Lo <= hi && r.Hi >= lo && (p == ports.NoProtocol || r.Protocol == "" || protoOf[r.Protocol] == p) {
				out = append(out, i)
			}
		}
		sort.SliceStable(out, func(a, b int) bool { return reg.Records[out[a]].Lo < reg.Records[out[b]].Lo })
		return out
	}
	windows := [][2]int{{0, 65535}}
	for i := range reg.Records {
		if r := &reg.Records[i]; r.Lo != r.Hi {
			windows = append(windows, [2]int{r.Lo + 1, r.Lo + 2}, [2]int{max(r.Lo-1, 0), r.Lo}, [2]int{r.Hi, min(r.Hi+1, 65535)})
		}
	}
	for _, w := range windows {
		for _, p := range append([]ports.Protocol{ports.NoProtocol}, allProtocols...) {
			var got []int
			for s := range ports.ByPortRange(uint16(w[0]), uint16(w[1]), p) {
				got = append(got, s.Index())
			}
			if want := ref(w[0], w[1], p); !equalAny(got, want) {
				t.Fatalf("ByPortRange(%d, %d, %v): %d records, want %d (first difference near %v)", w[0], w[1], p, len(got), len(want), firstDiff(got, want))
			}
		}
	}
	t.Logf("%d windows × 5 protocol choices match", len(windows))
}

func firstDiff(a, b []int) [2]int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return [2]int{a[i], b[i]}
		}
	}
	return [2]int{-1, -1}
}

// TestReferencePrimary checks Primary on every port and protocol against
// the rule of package primary applied to the parsed XML: of the records
// assigning a name on the port and protocol (a range on each of its
// ports; a record naming no protocol on every protocol), in registry
// order, the row primary.Pick picks. Nothing here reads the tables'
// choice: the reference walks the records itself.
func TestReferencePrimary(t *testing.T) {
	reg := reference(t)
	want := covering(reg, func(r *registry.Record) bool { return r.Name != "" })
	answered, notFirst, inRange := 0, 0, 0
	for port := 0; port < 65536; port++ {
		anyWant := -1
		for _, p := range allProtocols {
			cands := want[p][port]
			var rows []primary.Row
			for _, i := range cands {
				rows = append(rows, xmlrow.FromRecord(&reg.Records[i]))
			}
			w := -1
			if b := primary.Pick(rows); b >= 0 {
				w = cands[b]
			}
			s, ok := ports.Primary(uint16(port), p)
			if ok != (w >= 0) || s.Index() != w {
				t.Fatalf("Primary(%d, %v) = %v (record %d), %v; want record %d of %v", port, p, s, s.Index(), ok, w, cands)
			}
			if anyWant < 0 {
				anyWant = w
			}
			if ok {
				answered++
				if w != cands[0] {
					notFirst++
				}
				if lo, _ := s.PortRange(); s.IsRange() && int(lo) != port {
					inRange++
				}
			}
		}
		if s, ok := ports.Primary(uint16(port), ports.NoProtocol); ok != (anyWant >= 0) || s.Index() != anyWant {
			t.Fatalf("Primary(%d, NoProtocol) = %v, %v; want record %d, the first answer of tcp, udp, sctp, dccp", port, s, ok, anyWant)
		}
	}
	if notFirst == 0 || inRange == 0 {
		t.Errorf("%d answers, %d not the first assignment, %d inside ranges: the rule is not exercised", answered, notFirst, inRange)
	}
	t.Logf("Primary: %d (port, protocol) answers match package primary over the XML; %d are not the first assignment, %d are inside a range", answered, notFirst, inRange)
}
