package api

// The v1 API: iterators that hand out copies, Primary (getservbyport),
// NoProtocol as "any protocol", and LookupPort's errors worded as net's.

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	fx "github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// TestNoSliceResults: no exported function or method hands out a slice
// (which could share memory with the tables) but MarshalText, whose
// slice is fresh. Multi-valued answers are iterators.
func TestNoSliceResults(t *testing.T) { fx.NoSliceResults(t, ".") }

// TestIteratorsHandOutCopies: whatever a caller does with what an
// iterator yields, or with a slice collected from it, the next answer
// is the same.
func TestIteratorsHandOutCopies(t *testing.T) {
	before := slices.Collect(ByPort(80, TCP))
	if len(before) < 2 {
		t.Fatalf("ByPort(80, TCP) = %v: the fixture should have several records there", before)
	}
	got := slices.Collect(ByPort(80, TCP))
	got[0] = got[1]
	slices.Reverse(got)
	for s := range ByPort(80, TCP) {
		s.i = 1
	}
	byName := slices.Collect(ByName("http"))
	slices.SortFunc(byName, func(a, b Service) int { return b.Index() - a.Index() })
	if after := slices.Collect(ByPort(80, TCP)); !slices.Equal(after, before) {
		t.Errorf("ByPort(80, TCP) = %v after a caller changed its copy, was %v", after, before)
	}
	if again := slices.Collect(ByName("http")); !slices.IsSortedFunc(again, func(a, b Service) int { return a.Index() - b.Index() }) {
		t.Errorf("ByName(http) = %v after a caller sorted its copy", again)
	}
}

// TestIteratorsStop: every iterator stops when the loop breaks (the
// runtime panics if one yields again), checked on answers of two values
// or more.
func TestIteratorsStop(t *testing.T) {
	checked := map[string]bool{}
	stop := func(name string, n int, seq func(yield func() bool)) {
		if n < 2 {
			return
		}
		got := 0
		seq(func() bool { got++; return false })
		if got != 1 {
			t.Errorf("%s: %d values after the loop stopped", name, got)
		}
		checked[name] = true
	}
	services := func(seq func(func(Service) bool)) func(func() bool) {
		return func(yield func() bool) {
			for range seq {
				if !yield() {
					break
				}
			}
		}
	}
	stop("All", NumRecords, services(All()))
	stop("ByName", len(slices.Collect(ByName("x11"))), services(ByName("x11")))
	stop("ByPort", len(slices.Collect(ByPort(80, TCP))), services(ByPort(80, TCP)))
	stop("ByPort any", len(slices.Collect(ByPort(80, NoProtocol))), services(ByPort(80, NoProtocol)))
	stop("ByPortRange", NumRecords, services(ByPortRange(0, 65535, NoProtocol)))
	stop("People", len(slices.Collect(People())), func(yield func() bool) {
		for range People() {
			if !yield() {
				break
			}
		}
	})
	for p := range People() {
		stop("URIs", len(slices.Collect(p.URIs())), func(yield func() bool) {
			for range p.URIs() {
				if !yield() {
					break
				}
			}
		})
	}
	for s := range All() {
		stop("References", len(slices.Collect(s.References())), func(yield func() bool) {
			for range s.References() {
				if !yield() {
					break
				}
			}
		})
		for name, seq := range map[string]func(func(Person) bool){"Assignees": s.Assignees(), "Contacts": s.Contacts()} {
			stop(name, len(slices.Collect(seq)), func(yield func() bool) {
				for range seq {
					if !yield() {
						break
					}
				}
			})
		}
	}
	for _, name := range []string{"All", "ByName", "ByPort", "ByPort any", "ByPortRange", "People", "URIs", "References"} {
		if !checked[name] {
			t.Errorf("%s: the fixture has no answer of two values to stop", name)
		}
	}
}

// sinks keep the answers of the allocation tests alive.
var (
	sinkInt     int
	sinkSeq     func(func(Service) bool)
	sinkPersons func(func(Person) bool)
)

// TestIteratorsDoNotAllocate: ranging over an iterator directly
// allocates nothing (the wrappers inline, so their closures stay on the
// stack); storing one costs one allocation, as documented.
func TestIteratorsDoNotAllocate(t *testing.T) {
	all := slices.Collect(All())
	people := slices.Collect(People())
	var names []string
	for _, s := range all {
		if s.Name() != "" {
			names = append(names, s.Name())
		}
	}
	check := func(what string, want float64, f func()) {
		t.Helper()
		if got := testing.AllocsPerRun(5, f); got != want {
			t.Errorf("%s: %v allocations a run, want %v", what, got, want)
		}
	}
	check("All", 0, func() {
		for s := range All() {
			sinkInt += s.Index()
		}
	})
	check("ByName", 0, func() {
		for _, n := range names {
			for s := range ByName(n) {
				sinkInt += s.Index()
			}
		}
	})
	check("ByPort", 0, func() {
		for port := 0; port < 65536; port += 7 {
			for p := NoProtocol; p <= DCCP+1; p++ {
				for s := range ByPort(uint16(port), p) {
					sinkInt += s.Index()
				}
			}
		}
	})
	check("ByPortRange", 0, func() {
		for s := range ByPortRange(0, 65535, NoProtocol) {
			sinkInt += s.Index()
		}
	})
	check("People", 0, func() {
		for p := range People() {
			sinkInt += len(p.ID())
		}
	})
	check("Assignees, Contacts, References", 0, func() {
		for _, s := range all {
			for p := range s.Assignees() {
				sinkInt += len(p.ID())
			}
			for p := range s.Contacts() {
				sinkInt += len(p.ID())
			}
			for r := range s.References() {
				sinkInt += len(r.Data())
			}
		}
	})
	// URIs builds mailto: URIs, as URI does: that is all it allocates.
	var noMailto []Person
	mailto := 0
	for _, p := range people {
		n := 0
		for u := range p.URIs() {
			if strings.HasPrefix(u, "mailto:") {
				n++
			}
		}
		if n == 0 {
			noMailto = append(noMailto, p)
		}
		mailto += n
	}
	if mailto == 0 || len(noMailto) == 0 {
		t.Fatalf("%d mailto: URIs, %d people without: the fixture should have both kinds", mailto, len(noMailto))
	}
	check("URIs, no mailto:", 0, func() {
		for _, p := range noMailto {
			for u := range p.URIs() {
				sinkInt += len(u)
			}
		}
	})
	if got := testing.AllocsPerRun(5, func() {
		for _, p := range people {
			for u := range p.URIs() {
				sinkInt += len(u)
			}
		}
	}); got > float64(mailto) {
		t.Errorf("URIs: %v allocations a run, more than the %d mailto: URIs it builds", got, mailto)
	}
	check("Primary", 0, func() {
		for port := 0; port < 65536; port += 3 {
			for p := NoProtocol; p <= DCCP; p++ {
				s, _ := Primary(uint16(port), p)
				sinkInt += s.Index()
			}
		}
	})
	check("a stored ByName", 1, func() { sinkSeq = ByName("http") })
	check("a stored Assignees", 1, func() { sinkPersons = all[0].Assignees() })
}

// TestWrappersInline: the iterator functions are small enough to
// inline, which is what keeps their closures off the heap when ranged
// over. The compiler says so with -gcflags=-m.
func TestWrappersInline(t *testing.T) {
	fx.Long(t)
	out, err := exec.Command("go", "build", "-gcflags=-m", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-m: %v\n%s", err, out)
	}
	for _, fn := range []string{"All", "ByName", "ByPort", "ByPortRange", "People", "Service.Assignees", "Service.Contacts", "Service.References", "Person.URIs", "Lookup"} {
		if !strings.Contains(string(out), "can inline "+fn+" ") && !strings.Contains(string(out), "can inline "+fn+"\n") {
			t.Errorf("%s does not inline", fn)
		}
	}
}

// primaryRef is Primary's rule written plainly over the fixture's
// records and local records: of the assignments covering port on p
// (records naming no protocol count for every protocol), the first local
// one, else package primary's pick of the registry's, in registry order.
func primaryRef(reg *registry.Registry, port int, p Protocol) int {
	var idx []int
	var rows []primary.Row
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name == "" || !r.HasNumber || port < r.Lo || port > r.Hi || r.Protocol != "" && protoOf[r.Protocol] != p {
			continue
		}
		if i >= nReg {
			return i
		}
		idx, rows = append(idx, i), append(rows, xmlrow.FromRecord(r))
	}
	if b := primary.Pick(rows); b >= 0 {
		return idx[b]
	}
	return -1
}

func TestPrimary(t *testing.T) {
	reg := fixture(t)
	answered, local, notFirst := 0, 0, 0
	for port := 0; port < 65536; port++ {
		anyWant := -1
		for _, p := range []Protocol{TCP, UDP, SCTP, DCCP} {
			want := primaryRef(reg, port, p)
			s, ok := Primary(uint16(port), p)
			if ok != (want >= 0) || s.Index() != want {
				t.Fatalf("Primary(%d, %v) = %v (%d), %v; want record %d", port, p, s, s.Index(), ok, want)
			}
			if anyWant < 0 {
				anyWant = want
			}
			if !ok {
				continue
			}
			answered++
			if s.IsLocal() {
				local++
			}
			for c := range ByPort(uint16(port), p) {
				if c.IsAssigned() {
					if c != s {
						notFirst++
					}
					break
				}
			}
		}
		if s, ok := Primary(uint16(port), NoProtocol); ok != (anyWant >= 0) || s.Index() != anyWant {
			t.Fatalf("Primary(%d, NoProtocol) = %v, %v; want record %d, the first of tcp, udp, sctp, dccp", port, s, ok, anyWant)
		}
	}
	if local == 0 || notFirst == local {
		t.Errorf("%d answers, %d local, %d not the first assignment: the fixture leaves the rule untested", answered, local, notFirst)
	}
	if s, ok := Primary(80, DCCP+1); ok || !s.IsZero() {
		t.Errorf("Primary(80, DCCP+1) = %v, %v", s, ok)
	}
	t.Logf("%d (port, protocol) answers, %d of them local, %d not the first assignment on the port", answered, local, notFirst)
}

// TestNoProtocolText: NoProtocol prints "any" but marshals as "", the
// protocol of a record that names none.
func TestNoProtocolText(t *testing.T) {
	if s := NoProtocol.String(); s != "any" {
		t.Errorf("NoProtocol.String() = %q", s)
	}
	if b, err := NoProtocol.MarshalText(); string(b) != "" || err != nil {
		t.Errorf("NoProtocol.MarshalText() = %q, %v", b, err)
	}
	var p Protocol = TCP
	if err := p.UnmarshalText(nil); p != NoProtocol || err != nil {
		t.Errorf(`UnmarshalText("") = %v, %v`, p, err)
	}
	for s := range All() {
		if s.Protocol() == NoProtocol && (strings.Contains(s.String(), "any") || s.String() == "") {
			t.Errorf("a record naming no protocol prints %q", s)
		}
	}
}

// TestLookupPortErrorText: the shapes of net.LookupPort's errors (Go
// 1.26, $GOROOT/src/net/lookup.go: a *DNSError "lookup NET/NAME: unknown
// port" with tcp4 and tcp6 written tcp and "" written ip, a *AddrError
// "address ADDR: unknown network" or "address ADDR: invalid port"), and
// errors.Is telling the causes apart. ports/ checks the same texts
// against net itself.
func TestLookupPortErrorText(t *testing.T) {
	for _, c := range []struct {
		network, service, text string
		err                    error
	}{
		{"tcp", "htps", "lookup tcp/htps: unknown port", ErrUnknownService},
		{"tcp4", "htps", "lookup tcp/htps: unknown port", ErrUnknownService},
		{"tcp6", "HTPS", "lookup tcp/HTPS: unknown port", ErrUnknownService},
		{"udp6", "htps", "lookup udp/htps: unknown port", ErrUnknownService},
		{"", "htps", "lookup ip/htps: unknown port", ErrUnknownService},
		{"ip", "htps", "lookup ip/htps: unknown port", ErrUnknownService},
		{"sctp4", "htps", "lookup sctp/htps: unknown port", ErrUnknownService},
		{"dccp", "htps", "lookup dccp/htps: unknown port", ErrUnknownService},
		{"udp", "webdav", "lookup udp/webdav: unknown port", ErrNoPort},
		{"ip", "webdav", "", nil}, // 8081/tcp locally
		{"foo", "http", "address foo: unknown network", ErrUnknownNetwork},
		{"tcp46", "http", "address tcp46: unknown network", ErrUnknownNetwork},
		{"tcp", "70000", "address 70000: invalid port", ErrInvalidPort},
		{"foo", "-1", "address -1: invalid port", ErrInvalidPort},
	} {
		_, err := LookupPort(c.network, c.service)
		if c.err == nil {
			if err != nil {
				t.Errorf("LookupPort(%q, %q): %v", c.network, c.service, err)
			}
			continue
		}
		if err == nil || err.Error() != c.text {
			t.Errorf("LookupPort(%q, %q) error %q, want %q", c.network, c.service, err, c.text)
			continue
		}
		for _, e := range []error{ErrUnknownService, ErrNoPort, ErrUnknownNetwork, ErrInvalidPort} {
			if errors.Is(err, e) != (e == c.err) {
				t.Errorf("LookupPort(%q, %q): errors.Is(err, %q) = %v", c.network, c.service, e, errors.Is(err, e))
			}
		}
		var pe *PortError
		if !errors.As(err, &pe) || pe.Network != c.network || pe.Service != c.service {
			t.Errorf("LookupPort(%q, %q) error %#v is not a *PortError naming the input", c.network, c.service, err)
		}
	}
}
