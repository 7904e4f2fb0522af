package ports_test

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/ports"
)

// The package promises that look-ups allocate nothing. These tests hold
// it to that over every real key: each AllocsPerRun call runs a loop
// over thousands of keys, so a single allocating key makes the count
// per run at least 1.

// Results go to package-level variables so that no call is optimised
// away.
var (
	allocSinkService ports.Service
	allocSinkString  string
	allocSinkInt     int
	allocSinkBool    bool
	allocSinkDate    ports.Date
)

// count counts what an iterator yields; ranging over it directly, as
// callers do, allocates nothing.
func count[T any](seq iter.Seq[T]) int {
	n := 0
	for range seq {
		n++
	}
	return n
}

const allocRuns = 3

func checkNoAllocs(t *testing.T, what string, f func()) {
	t.Helper()
	if n := testing.AllocsPerRun(allocRuns, f); n != 0 {
		t.Errorf("%s: %v allocations per run, want 0", what, n)
	}
}

type allocKey struct {
	name  string
	proto ports.Protocol
}

// allocKeys returns every registered (name, protocol) pair, the names
// with their case flipped, and the distinct names.
func allocKeys(t *testing.T) (hits, flipped []allocKey, names []string) {
	seen := map[string]bool{}
	for s := range ports.All() {
		n := s.Name()
		if n == "" {
			continue
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
		if p := s.Protocol(); p != ports.NoProtocol {
			hits = append(hits, allocKey{n, p})
			flipped = append(flipped, allocKey{flip(n), p})
		}
	}
	if len(hits) < 1000 || len(names) < 1000 {
		t.Fatalf("only %d keys and %d names from ports.All()", len(hits), len(names))
	}
	return hits, flipped, names
}

// anyProtocol is keys asking for any protocol.
func anyProtocol(keys []allocKey) []allocKey {
	out := slices.Clone(keys)
	for i := range out {
		out[i].proto = ports.NoProtocol
	}
	return out
}

func flip(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			b[i] = c ^ 0x20
		}
	}
	return string(b)
}

func TestLookupDoesNotAllocate(t *testing.T) {
	hits, flipped, _ := allocKeys(t)
	for _, set := range []struct {
		what string
		keys []allocKey
	}{{"Lookup hits", hits}, {"Lookup hits, case flipped", flipped}, {"Lookup hits, any protocol", anyProtocol(hits)}} {
		for _, k := range set.keys {
			if _, ok := ports.Lookup(k.name, k.proto); !ok {
				t.Fatalf("Lookup(%q, %v) misses", k.name, k.proto)
			}
		}
		checkNoAllocs(t, set.what, func() {
			for _, k := range set.keys {
				allocSinkService, allocSinkBool = ports.Lookup(k.name, k.proto)
			}
		})
	}
}

// lookupMisses are names near the registered ones that are not
// registered, and inputs the length check or the protocol rejects.
func lookupMisses(t *testing.T) []allocKey {
	hits, _, _ := allocKeys(t)
	var misses []allocKey
	for _, k := range hits {
		for _, m := range []string{k.name + "x", k.name + "-", "x" + k.name, k.name[:len(k.name)-1] + "~", k.name + "\x00", strings.Repeat(k.name, 2)} {
			if count(ports.ByName(m)) == 0 {
				misses = append(misses, allocKey{m, k.proto})
			}
		}
		misses = append(misses, allocKey{k.name, ports.DCCP + 1})
	}
	misses = append(misses, allocKey{"", ports.TCP}, allocKey{strings.Repeat("a", 1000), ports.TCP}, allocKey{"\xff\xfe", ports.UDP})
	for _, k := range misses {
		if _, ok := ports.Lookup(k.name, k.proto); ok {
			t.Fatalf("Lookup(%q, %v) hits", k.name, k.proto)
		}
	}
	return misses
}

func TestLookupMissDoesNotAllocate(t *testing.T) {
	misses := lookupMisses(t)
	checkNoAllocs(t, "Lookup misses", func() {
		for _, k := range misses {
			allocSinkService, allocSinkBool = ports.Lookup(k.name, k.proto)
		}
	})
	checkNoAllocs(t, "ByName misses", func() {
		for _, k := range misses {
			for s := range ports.ByName(k.name) {
				allocSinkService = s
			}
		}
	})
}

func TestByNameDoesNotAllocate(t *testing.T) {
	_, _, names := allocKeys(t)
	flipped := make([]string, len(names))
	for i, n := range names {
		flipped[i] = flip(n)
		if count(ports.ByName(n)) == 0 || count(ports.ByName(flipped[i])) == 0 {
			t.Fatalf("ByName(%q) is empty", n)
		}
	}
	checkNoAllocs(t, "ByName", func() {
		for _, n := range names {
			for s := range ports.ByName(n) {
				allocSinkInt += s.Index()
			}
		}
		for _, n := range flipped {
			allocSinkInt += count(ports.ByName(n))
		}
	})
}

func TestByPortDoesNotAllocate(t *testing.T) {
	// Every port on every protocol: 262144 look-ups per run.
	checkNoAllocs(t, "ByPort, every port", func() {
		for port := 0; port <= 0xFFFF; port++ {
			for p := ports.NoProtocol; p <= ports.DCCP; p++ {
				for s := range ports.ByPort(uint16(port), p) {
					allocSinkInt += s.Index()
				}
			}
		}
	})
	// Misses: the protocols ByPort rejects.
	for _, p := range []ports.Protocol{ports.DCCP + 1, 255} {
		if n := count(ports.ByPort(80, p)); n != 0 {
			t.Fatalf("ByPort(80, %v) yields %d records, want none", p, n)
		}
	}
	checkNoAllocs(t, "ByPort misses", func() {
		for port := 0; port <= 0xFFFF; port += 7 {
			for _, p := range []ports.Protocol{ports.DCCP + 1, 255} {
				allocSinkInt += count(ports.ByPort(uint16(port), p))
			}
		}
	})
}

func TestLookupPortDoesNotAllocate(t *testing.T) {
	type q struct{ network, service string }
	var hits []q
	for s := range ports.All() {
		if s.Name() == "" || !s.HasPort() {
			continue
		}
		switch s.Protocol() {
		case ports.TCP:
			hits = append(hits, q{"tcp", s.Name()}, q{"tcp6", flip(s.Name())}, q{"", s.Name()})
		case ports.UDP:
			hits = append(hits, q{"udp", s.Name()}, q{"udp4", s.Name()})
		case ports.SCTP:
			hits = append(hits, q{"sctp", s.Name()})
		case ports.DCCP:
			hits = append(hits, q{"dccp", s.Name()})
		}
	}
	for port := 0; port <= 0xFFFF; port += 13 {
		hits = append(hits, q{"tcp", strconv.Itoa(port)})
	}
	hits = append(hits, q{"udp", ""}, q{"ip", "+443"})
	for _, h := range hits {
		if _, err := ports.LookupPort(h.network, h.service); err != nil {
			t.Fatalf("LookupPort(%q, %q): %v", h.network, h.service, err)
		}
	}
	checkNoAllocs(t, "LookupPort hits", func() {
		for _, h := range hits {
			allocSinkInt, _ = ports.LookupPort(h.network, h.service)
		}
	})
}

// TestAccessorsDoNotAllocate covers the accessors that read the tables
// (Number, String, Person.Name, Person.URI and Person.URIs build strings
// and are documented or bound to allocate; Date.String builds one too).
func TestAccessorsDoNotAllocate(t *testing.T) {
	all := slices.Collect(ports.All())
	checkNoAllocs(t, "All", func() { allocSinkInt += count(ports.All()) })
	checkNoAllocs(t, "Service accessors", func() {
		for _, s := range all {
			allocSinkString = s.Name()
			allocSinkString = s.Description()
			allocSinkString = s.Note()
			allocSinkString = s.Unauthorized()
			allocSinkInt += count(s.Assignees()) + count(s.Contacts()) + count(s.References())
			allocSinkBool = s.IsLocal()
			allocSinkInt = int(s.Port()) + int(s.Protocol()) + s.Index() + int(s.Status())
			lo, hi := s.PortRange()
			sc, ok := s.ServiceCode()
			allocSinkInt += int(lo) + int(hi) + int(sc)
			allocSinkBool = ok || s.HasPort() || s.IsRange() || s.IsAssigned()
			allocSinkDate = s.Registered()
			allocSinkDate = s.Modified()
		}
	})
	// The zero Service is documented to return zero values.
	checkNoAllocs(t, "zero Service accessors", func() {
		var s ports.Service
		allocSinkString = s.Name()
		allocSinkString = s.Description()
		allocSinkInt = count(s.Assignees()) + count(s.References())
		allocSinkInt += int(s.Port()) + s.Index()
	})
	// Person.Name and URI are documented to allocate for the names the
	// tables derive from the id and for mailto: URIs, which they store
	// without the scheme: that saves about 90 KB of text.
	people := slices.Collect(ports.People())
	checkNoAllocs(t, "Person accessors", func() {
		for _, p := range people {
			allocSinkString = p.ID()
			allocSinkString = p.Org()
			allocSinkBool = p.IsListed() || p.IsZero()
			allocSinkDate = p.Updated()
		}
		for _, s := range all {
			for p := range s.Assignees() {
				allocSinkString = p.ID()
			}
			for p := range s.Contacts() {
				allocSinkString = p.Org()
			}
		}
	})
	checkNoAllocs(t, "LookupPerson", func() {
		for _, p := range people {
			_, allocSinkBool = ports.LookupPerson(p.ID())
		}
	})
	checkNoAllocs(t, "Reference accessors", func() {
		for _, s := range all {
			for r := range s.References() {
				allocSinkString = r.Data()
				allocSinkString = r.Section()
				allocSinkString = r.Text()
				allocSinkString = r.String()
				allocSinkInt = int(r.Type())
			}
		}
	})
	checkNoAllocs(t, "Date accessors", func() {
		for _, s := range all {
			d := s.Modified()
			allocSinkInt = d.Year() + int(d.Month()) + d.Day()
			allocSinkBool = d.IsZero()
		}
	})
}

// TestIteratorsDoNotAllocate walks every record and every port range
// through the iterators, which are meant for the look-up path too.
func TestIteratorsDoNotAllocate(t *testing.T) {
	n := 0
	checkNoAllocs(t, "All", func() {
		for s := range ports.All() {
			n += s.Index()
		}
	})
	checkNoAllocs(t, "People", func() {
		for p := range ports.People() {
			n += len(p.ID())
		}
	})
	for _, p := range []ports.Protocol{ports.NoProtocol, ports.TCP, ports.SCTP} {
		checkNoAllocs(t, "ByPortRange(0, 65535, "+p.String()+")", func() {
			for s := range ports.ByPortRange(0, 65535, p) {
				n += s.Index()
			}
		})
	}
	checkNoAllocs(t, "ByPortRange, early break", func() {
		for s := range ports.ByPortRange(6000, 6100, ports.UDP) {
			n += s.Index()
			break
		}
	})
	if n == 0 {
		t.Fatal("the iterators yielded nothing")
	}
}

func TestPortStatusDoesNotAllocate(t *testing.T) {
	checkNoAllocs(t, "PortStatus, every port", func() {
		for port := 0; port <= 0xFFFF; port++ {
			for p := ports.NoProtocol; p <= ports.DCCP+1; p++ {
				allocSinkInt += int(ports.PortStatus(uint16(port), p))
			}
		}
	})
}

func TestPrimaryDoesNotAllocate(t *testing.T) {
	checkNoAllocs(t, "Primary, every port", func() {
		for port := 0; port <= 0xFFFF; port++ {
			for p := ports.NoProtocol; p <= ports.DCCP+1; p++ {
				allocSinkService, allocSinkBool = ports.Primary(uint16(port), p)
			}
		}
	})
}

// TestLookupPersonFoldDoesNotAllocate: a look-up in another case than the
// registry's finds the person without building a folded copy.
func TestLookupPersonFoldDoesNotAllocate(t *testing.T) {
	var ids []string
	for p := range ports.People() {
		ids = append(ids, flip(p.ID()))
	}
	checkNoAllocs(t, "LookupPerson, case flipped", func() {
		for _, id := range ids {
			_, allocSinkBool = ports.LookupPerson(id)
		}
	})
}

// TestLookupPortNetTableDoesNotAllocate: the answers from net's built-in
// table, the last fallback, allocate nothing either.
func TestLookupPortNetTableDoesNotAllocate(t *testing.T) {
	names := []string{"imap2", "IMAP2", "Imap2", "gopher", "ssh"}
	for _, n := range names {
		if _, err := ports.LookupPort("tcp", n); err != nil {
			t.Fatal(err)
		}
	}
	checkNoAllocs(t, "LookupPort, net's table", func() {
		for _, n := range names {
			allocSinkInt, _ = ports.LookupPort("ip", n)
		}
	})
	checkNoAllocs(t, "Service.IsLocal", func() {
		for s := range ports.All() {
			allocSinkBool = s.IsLocal()
		}
	})
}
