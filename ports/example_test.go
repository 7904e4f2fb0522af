package ports_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/svcreg/ianaports/ports"
)

func ExampleLookup() {
	s, ok := ports.Lookup("HTTPS", ports.TCP) // names ignore ASCII case
	fmt.Println(ok, s.Name(), s.Port(), s.Description())
	// Output: true https 443 http protocol over TLS/SSL
}

func ExampleLookup_anyProtocol() {
	// NoProtocol asks for any protocol, as getservbyname(3) does with a
	// NULL protocol: TCP first, then UDP, SCTP and DCCP.
	s, ok := ports.Lookup("domain", ports.NoProtocol)
	fmt.Println(ok, s)
	// Output: true domain 53/tcp
}

func ExamplePrimary() {
	// The name getservbyport(3) gives a port: where IANA assigns several,
	// the one a services(5) file lists first, by IANA's own signals.
	for _, q := range []struct {
		port uint16
		p    ports.Protocol
	}{{80, ports.TCP}, {113, ports.TCP}, {465, ports.TCP}, {53, ports.UDP}, {21, ports.NoProtocol}} {
		s, ok := ports.Primary(q.port, q.p)
		fmt.Println(q.port, q.p, ok, s)
	}
	// Output:
	// 80 tcp true http 80/tcp
	// 113 tcp true auth 113/tcp
	// 465 tcp true submissions 465/tcp
	// 53 udp true domain 53/udp
	// 21 any true ftp 21/tcp
}

func ExampleByPort() {
	// Every row of the registry that covers 80/tcp.
	for s := range ports.ByPort(80, ports.TCP) {
		fmt.Println(s, "-", s.Description(), s.Status())
	}
	// A port no one holds has its Unassigned row; with NoProtocol, the
	// rows of every protocol come, each once.
	for s := range ports.ByPort(4, ports.NoProtocol) {
		fmt.Println(s, "-", s.Status())
	}
	// Output:
	// http 80/tcp - World Wide Web HTTP assigned
	// www 80/tcp - World Wide Web HTTP assigned
	// www-http 80/tcp - World Wide Web HTTP assigned
	// unassigned 4/tcp - unassigned
	// unassigned 4/udp - unassigned
}

func ExampleByPort_collect() {
	// The answers are iterators over copies: slices.Collect gives the
	// caller a slice of its own, to sort or change at will.
	recs := slices.Collect(ports.ByPort(80, ports.TCP))
	slices.Reverse(recs)
	fmt.Println(recs)
	fmt.Println(slices.Collect(ports.ByPort(80, ports.TCP)))
	// Output:
	// [www-http 80/tcp www 80/tcp http 80/tcp]
	// [http 80/tcp www 80/tcp www-http 80/tcp]
}

func ExampleByName() {
	for s := range ports.ByName("ftp") {
		fmt.Println(s)
	}
	// Output:
	// ftp 21/tcp
	// ftp 21/udp
	// ftp 21/sctp
}

func ExampleLookupPort() {
	port, err := ports.LookupPort("udp", "domain")
	fmt.Println(port, err)

	// The errors read as net.LookupPort's; errors.Is tells them apart.
	_, err = ports.LookupPort("tcp6", "htps")
	fmt.Println(errors.Is(err, ports.ErrUnknownService), err)
	_, err = ports.LookupPort("tcp", "70000")
	fmt.Println(errors.Is(err, ports.ErrInvalidPort), err)
	// Output:
	// 53 <nil>
	// true lookup tcp/htps: unknown port
	// true address 70000: invalid port
}

func ExampleService_References() {
	s, _ := ports.Lookup("http", ports.TCP)
	for r := range s.References() {
		fmt.Println(r.Type(), r.Data(), r)
	}
	for p := range s.Assignees() {
		fmt.Println("assignee:", p.ID(), "- org", p.Org(), p.URI())
	}
	for p := range s.Contacts() {
		fmt.Println("contact:", p.ID(), "-", p.Name(), p.URI())
	}
	fmt.Println("modified:", s.Modified())
	// Output:
	// rfc rfc9110 [RFC9110]
	// assignee: IESG - org IESG mailto:iesg&ietf.org
	// contact: IETF_Chair - IETF Chair mailto:chair&ietf.org
	// modified: 2021-10-01
}

func ExampleService_Note() {
	// Legacy names stay in the registry, with a note naming their
	// replacement, so old configurations still resolve.
	s, _ := ports.Lookup("sql*net", ports.TCP)
	fmt.Println(s.Port(), "alias of", s.AliasOf())
	w, _ := ports.Primary(s.Port(), ports.TCP)
	fmt.Println(w.Port(), w.Name(), "replaces", w.Replaces())
	fmt.Println(s.Note())
	// Output:
	// 66 alias of sql-net
	// 66 sql-net replaces sql*net
	// This entry is an alias to "sql-net".
	// This entry is now historic, not usable for use with many
	// common service discovery mechanisms.
}

func Example_version() {
	// The registry version compiled in, for logs and audits: its date
	// and the SHA-256 of the XML it was generated from.
	_, err := time.Parse(time.DateOnly, ports.RegistryUpdated)
	fmt.Println(err == nil, len(ports.RegistrySHA256), ports.NumRecords > 0)
	// Output: true 64 true
}

func ExampleAll() {
	// Count the registry's unassigned rows.
	n := 0
	for s := range ports.All() {
		if s.Status() == ports.Unassigned {
			n++
		}
	}
	fmt.Println(n > 0, n < ports.NumRecords)
	// Output: true true
}

func ExampleByPortRange() {
	// Every TCP row overlapping 270-281, by first port: rows naming no
	// protocol (the Unassigned range 272-279) count for TCP.
	for s := range ports.ByPortRange(270, 281, ports.TCP) {
		fmt.Println(s, "-", s.Status())
	}
	// Output:
	// reserved 270/tcp - reserved
	// pt-tls 271/tcp - assigned
	// unassigned 272-279 - unassigned
	// http-mgmt 280/tcp - assigned
	// personal-link 281/tcp - assigned
}

func ExamplePortStatus() {
	for _, port := range []uint16{22, 1023, 4, 50000} {
		fmt.Println(port, ports.PortStatus(port, ports.TCP))
	}
	// SCTP lists only its assignments: no row covers 1023/sctp.
	fmt.Println(1023, ports.PortStatus(1023, ports.SCTP), "on sctp")
	// Any protocol: the strongest status of the port.
	fmt.Println(1023, ports.PortStatus(1023, ports.NoProtocol), "on any")
	// Output:
	// 22 assigned
	// 1023 reserved
	// 4 unassigned
	// 50000 dynamic
	// 1023 unassigned on sctp
	// 1023 reserved on any
}

func ExampleLookupPerson() {
	// Any case finds an id, when only one id folds alike.
	s, _ := ports.Lookup("http", ports.TCP)
	for a := range s.Assignees() {
		p, ok := ports.LookupPerson("iesg")
		fmt.Println(p.ID(), ok, p == a)
	}
	// Output: IESG true true
}

func ExamplePerson_String() {
	// A person is shown by name, else by organisation, else by id.
	s, _ := ports.Lookup("http", ports.TCP)
	for _, people := range []iter.Seq[ports.Person]{s.Assignees(), s.Contacts()} {
		for p := range people {
			fmt.Printf("%s: name %q, org %q: %v\n", p.ID(), p.Name(), p.Org(), p)
		}
	}
	// Output:
	// IESG: name "", org "IESG": IESG
	// IETF_Chair: name "IETF Chair", org "IETF": IETF Chair
}

func ExampleService_IsLocal() {
	// This build holds no local names: every record is IANA's.
	local := 0
	for s := range ports.All() {
		if s.IsLocal() {
			local++
		}
	}
	fmt.Println(local, ports.NumLocal, ports.OverlaySHA256 == "")
	// Output: 0 0 true
}

func ExampleProtocol_UnmarshalText() {
	// Protocol is a flag.TextVar, and a field of JSON or YAML
	// configuration.
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	var proto ports.Protocol
	fs.TextVar(&proto, "proto", ports.TCP, "transport protocol")
	fs.Parse([]string{"-proto", "UDP"})
	fmt.Println(proto)

	var cfg struct{ Proto ports.Protocol }
	err := json.Unmarshal([]byte(`{"Proto":"sctp"}`), &cfg)
	fmt.Println(cfg.Proto, err)
	// Output:
	// udp
	// sctp <nil>
}

func ExampleProtocol_String() {
	// NoProtocol prints "any", its meaning as an argument; as the
	// protocol of a record that names none, it marshals as "".
	b, _ := ports.NoProtocol.MarshalText()
	fmt.Printf("%v %q\n", ports.NoProtocol, b)
	// Output: any ""
}

func ExampleDate_MarshalText() {
	s, _ := ports.Lookup("http", ports.TCP)
	b, _ := json.Marshal(struct {
		Protocol ports.Protocol
		Status   ports.Status
		Modified ports.Date
	}{s.Protocol(), s.Status(), s.Modified()})
	fmt.Println(string(b))
	// Output: {"Protocol":"tcp","Status":"assigned","Modified":"2021-10-01"}
}

func ExampleDate_Month() {
	s, _ := ports.Lookup("http", ports.TCP)
	d := s.Modified()
	fmt.Println(d.Year(), d.Month(), d.Day())
	// Output: 2021 October 1
}

func ExampleStatus_UnmarshalText() {
	var s ports.Status
	err := s.UnmarshalText([]byte("Dynamic"))
	fmt.Println(s, err, s == ports.PortStatus(60000, ports.UDP))
	// Output: dynamic <nil> true
}
