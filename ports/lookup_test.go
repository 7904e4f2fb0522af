package ports_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcreg/ianaports/ports"
)

// The full cross-check of every record against the registry XML lives
// in gen/reference_test.go; these tests pin the API's edge cases.

// firstRecord returns the first record of All that ok accepts, or skips
// the test: the tests that need a record of some shape choose it from
// the registry compiled in, which the next update may change.
func firstRecord(t *testing.T, what string, ok func(ports.Service) bool) ports.Service {
	t.Helper()
	for s := range ports.All() {
		if ok(s) {
			t.Logf("a record %s: %v", what, s)
			return s
		}
	}
	t.Skipf("the registry has no record %s", what)
	return ports.Service{}
}

func TestLookupMisses(t *testing.T) {
	long := strings.Repeat("x", 1000)
	underscore := firstRecord(t, "with '_' in its name", func(s ports.Service) bool { return strings.Contains(s.Name(), "_") })
	for _, name := range []string{
		"", " ", "http ", " http", "htt", "https2", "http\x00", long,
		"ht\u0074p\u200b",             // zero-width space
		"\u212Attp",                   // KELVIN SIGN folds to k under Unicode, not ASCII
		"ſsh",                         // LONG S folds to s under Unicode only
		"h\xfftp", "\xff\xfe\xfd\xfc", // invalid UTF-8
		"http\xc0\x80",
		underscore.Name() + "\x00",
		"ft@", "FTP\x60", // '@' and '`' differ by 0x20 but are not letters
	} {
		if s, ok := ports.Lookup(name, ports.TCP); ok {
			t.Errorf("Lookup(%q) = %v, want a miss", name, s)
		}
		if got := indices(ports.ByName(name)); got != nil {
			t.Errorf("ByName(%q) = %v, want nothing", name, got)
		}
		if s, ok := ports.Lookup(name, ports.NoProtocol); ok {
			t.Errorf("Lookup(%q, NoProtocol) = %v, want a miss", name, s)
		}
	}
	for _, p := range []ports.Protocol{ports.Protocol(5), ports.Protocol(255)} {
		if _, ok := ports.Lookup("http", p); ok {
			t.Errorf("Lookup(http, %v) hit", p)
		}
	}
	// Brackets differ from braces by 0x20 too: "[" must not match "{".
	for s := range ports.All() {
		n := s.Name()
		if i := strings.IndexAny(n, "@[\\]^_"); i >= 0 {
			mangled := n[:i] + string(n[i]+0x20) + n[i+1:]
			if hits := indices(ports.ByName(mangled)); hits != nil {
				t.Errorf("ByName(%q) matched %q", mangled, n)
			}
		}
	}
}

func TestLookupCaseInsensitive(t *testing.T) {
	for _, name := range []string{"http", "HTTP", "Http", "hTtP"} {
		s, ok := ports.Lookup(name, ports.TCP)
		if !ok || s.Name() != "http" || s.Port() != 80 {
			t.Errorf("Lookup(%q, TCP) = %v, %v", name, s, ok)
		}
	}
	// Names keep the registry's own spelling, capitals and all.
	mixed := firstRecord(t, "with a name in capitals and small letters", func(s ports.Service) bool {
		n := s.Name()
		return s.Protocol() == ports.TCP && strings.ToLower(n) != n && strings.ToUpper(n) != n
	})
	for _, v := range []string{strings.ToLower(mixed.Name()), strings.ToUpper(mixed.Name())} {
		if s, ok := ports.Lookup(v, ports.TCP); !ok || s.Name() != mixed.Name() {
			t.Errorf("Lookup(%s) = %q, %v; want %q", v, s.Name(), ok, mixed.Name())
		}
	}
}

// TestZeroValues: the zero Service, which Lookup returns on a miss, is no
// record, and says so; the zero Person and Reference likewise.
func TestZeroValues(t *testing.T) {
	var s ports.Service
	if !s.IsZero() || s.Index() != -1 || s.Name() != "" || s.HasPort() || s.Description() != "" || count(s.Assignees()) != 0 {
		t.Errorf("zero Service is not empty: %d %q %v", s.Index(), s.Name(), s.HasPort())
	}
	if s.Status() != ports.NoStatus || s.IsAssigned() || s.String() != "<none>" || s.Status().String() != "none" {
		t.Errorf("zero Service: Status %v, IsAssigned %v, String %q", s.Status(), s.IsAssigned(), s)
	}
	miss, ok := ports.Lookup("no-such-service", ports.TCP)
	if ok || !miss.IsZero() || miss.IsAssigned() || fmt.Sprintf("%v", miss) != "<none>" {
		t.Errorf("a miss returned %v, %v", miss, ok)
	}
	for r := range ports.All() {
		if r.IsZero() || r.Status() == ports.NoStatus {
			t.Fatalf("record %d reads as no record", r.Index())
		}
	}
	var p ports.Person
	if !p.IsZero() || p.ID() != "" || p.IsListed() || count(p.URIs()) != 0 || slices.ContainsFunc(slices.Collect(ports.People()), ports.Person.IsZero) {
		t.Errorf("zero Person is not empty: %q %v", p.ID(), p.IsListed())
	}
	var r ports.Reference
	if !r.IsZero() || r.Type() != 0 || r.String() != "" || r.Data() != "" {
		t.Errorf("zero Reference is not empty: %v %q", r.Type(), r)
	}
	if !(ports.Date{}).IsZero() || (ports.Date{}).String() != "" {
		t.Error("zero Date is not zero")
	}
}

func TestParseProtocol(t *testing.T) {
	for _, p := range []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP} {
		for _, s := range []string{p.String(), strings.ToUpper(p.String())} {
			if got, err := ports.ParseProtocol(s); err != nil || got != p {
				t.Errorf("ParseProtocol(%q) = %v, %v", s, got, err)
			}
		}
	}
	// Only ASCII letters fold: U+017F LONG S and U+212A KELVIN SIGN,
	// which Unicode folds to s and k, are not letters of a protocol.
	for _, s := range []string{"", "ip", "tcp4", "icmp", "\u017fctp", "\u017fCTP", "dccp\n", "udp\u202e"} {
		_, err := ports.ParseProtocol(s)
		if !errors.Is(err, ports.ErrUnknownProtocol) || strings.ContainsAny(err.Error(), "\n\r\u202e") {
			t.Errorf("ParseProtocol(%q) err = %q, want one line wrapping ErrUnknownProtocol", s, err)
		}
	}
}

func TestLookupPortLikeNet(t *testing.T) {
	// A name with one record, on sctp, as the registry compiled in has
	// it.
	only := func(name string, ok func(ports.Service) bool) bool {
		n := 0
		for s := range ports.ByName(name) {
			if !ok(s) {
				return false
			}
			n++
		}
		return n > 0
	}
	sctp := firstRecord(t, "of a name registered on sctp alone", func(s ports.Service) bool {
		return s.Protocol() == ports.SCTP && s.HasPort() && !s.IsRange() && only(s.Name(), func(r ports.Service) bool { return r == s })
	})
	for _, c := range []struct {
		network, service string
		port             int
		err              error
	}{
		{"tcp", "http", 80, nil},
		{"tcp6", "HTTPS", 443, nil},
		{"udp", "domain", 53, nil},
		{"sctp", sctp.Name(), int(sctp.Port()), nil},
		{"", "ssh", 22, nil},
		{"ip", "ssh", 22, nil},
		{"tcp", "80", 80, nil},
		{"anything", "80", 80, nil}, // numbers are not looked up, like net
		{"tcp", "", 0, nil},
		{"tcp", "+443", 443, nil},
		{"tcp", "65536", 0, ports.ErrInvalidPort},
		{"tcp", "-1", 0, ports.ErrInvalidPort},
		{"tcp", "99999999999999999999999", 0, ports.ErrInvalidPort},
		// 2^32+80 and 2^64+80: a 32-bit or 64-bit wrap would give 80.
		{"tcp", "4294967376", 0, ports.ErrInvalidPort},
		{"tcp", "18446744073709551696", 0, ports.ErrInvalidPort},
		{"tcp", "no-such-service", 0, ports.ErrUnknownService},
		{"icmp", "http", 0, ports.ErrUnknownNetwork},
	} {
		port, err := ports.LookupPort(c.network, c.service)
		if port != c.port || !errors.Is(err, c.err) {
			t.Errorf("LookupPort(%q, %q) = %d, %v; want %d, %v", c.network, c.service, port, err, c.port, c.err)
		}
		var pe *ports.PortError
		if c.err != nil && (!errors.As(err, &pe) || pe.Service != c.service || pe.Network != c.network) {
			t.Errorf("LookupPort(%q, %q) error %#v is not a *PortError naming the input", c.network, c.service, err)
		}
	}

	// A DNS-SD name, registered without a port on any protocol, that
	// net's built-in table does not answer for either.
	t.Run("no port", func(t *testing.T) {
		table := netTable(t)
		s := firstRecord(t, "of a name without a port", func(s ports.Service) bool {
			_, inNet := table[ports.TCP][strings.ToLower(s.Name())]
			return s.Name() != "" && !inNet && only(s.Name(), func(r ports.Service) bool { return !r.HasPort() })
		})
		port, err := ports.LookupPort("tcp", s.Name())
		var pe *ports.PortError
		if port != 0 || !errors.Is(err, ports.ErrNoPort) || !errors.As(err, &pe) || pe.Service != s.Name() || pe.Network != "tcp" {
			t.Errorf("LookupPort(tcp, %q) = %d, %#v; want 0 and a *PortError naming the input, ErrNoPort", s.Name(), port, err)
		}
	})
}

func TestByPortRanges(t *testing.T) {
	// Every port of a range finds its row, which reads as the range.
	ranges := 0
	for s := range ports.All() {
		if !s.IsRange() {
			continue
		}
		ranges++
		lo, hi := s.PortRange()
		for _, port := range []uint16{lo, lo + (hi-lo)/2, hi} {
			if !slices.Contains(slices.Collect(ports.ByPort(port, s.Protocol())), s) {
				t.Fatalf("ByPort(%d, %v) lacks %v", port, s.Protocol(), s)
			}
		}
		if s.Number() != strconv.Itoa(int(lo))+"-"+strconv.Itoa(int(hi)) {
			t.Errorf("%v: range %d-%d, Number %q", s, lo, hi, s.Number())
		}
	}
	if ranges == 0 {
		t.Fatal("no record is a range")
	}
	// What a caller does with the records it collected changes nothing.
	got := slices.Collect(ports.ByPort(80, ports.TCP))
	want := slices.Clone(got)
	got[0] = ports.Service{}
	_ = append(got[:1], ports.Service{})
	if again := slices.Collect(ports.ByPort(80, ports.TCP)); !slices.Equal(again, want) {
		t.Errorf("ByPort(80, TCP) = %v after a caller changed its copy, was %v", again, want)
	}
}

// TestDates: month-only dates read back as the registry writes them.
func TestDates(t *testing.T) {
	n := 0
	for s := range ports.All() {
		for _, d := range []ports.Date{s.Registered(), s.Modified()} {
			if d.IsZero() {
				continue
			}
			want := fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month()))
			if d.Day() != 0 {
				want += fmt.Sprintf("-%02d", d.Day())
			} else {
				n++
			}
			if d.String() != want || d.Month() < time.January || d.Month() > time.December {
				t.Fatalf("%v: date %q reads %d, %v, %d", s, d, d.Year(), d.Month(), d.Day())
			}
		}
	}
	if n == 0 {
		t.Error("no record has a month-only date")
	}
}
