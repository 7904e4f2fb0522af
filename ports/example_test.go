package ports_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/svcreg/ianaports/ports"
)

func ExampleLookup() {
	s, ok := ports.Lookup("HTTPS", ports.TCP) // names ignore ASCII case
	fmt.Println(ok, s.Name(), s.Port(), s.Description())
	// Output: true https 443 http protocol over TLS/SSL
}

func ExampleByPort() {
	// Every row of the registry that covers 4369/tcp.
	for _, s := range ports.ByPort(4369, ports.TCP) {
		fmt.Println(s, "-", s.Description(), s.Status())
	}
	// A port inside an unassigned range gets the range's row.
	for _, s := range ports.ByPort(4338, ports.UDP) {
		fmt.Println(s, "-", s.Status())
	}
	// Output:
	// epmd 4369/tcp - Erlang Port Mapper Daemon assigned
	// unassigned 4337-4339 - unassigned
}

func ExampleByName() {
	for _, s := range ports.ByName("ftp") {
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

	_, err = ports.LookupPort("tcp", "no-such-service")
	fmt.Println(errors.Is(err, ports.ErrUnknownService), err)
	// Output:
	// 53 <nil>
	// true ports: lookup tcp/no-such-service: unknown service
}

func ExampleService_References() {
	s, _ := ports.Lookup("http", ports.TCP)
	for _, r := range s.References() {
		fmt.Println(r.Type(), r.Data(), r)
	}
	for _, p := range s.Assignees() {
		fmt.Println("assignee:", p.ID(), "- org", p.Org(), p.URI())
	}
	for _, p := range s.Contacts() {
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
	s, _ := ports.Lookup("matrix_vnet", ports.TCP)
	fmt.Println(s.Port(), "alias of", s.AliasOf())
	w, _ := ports.Lookup(s.AliasOf(), ports.TCP)
	fmt.Println(w.Port(), w.Name(), "replaces", w.Replaces())
	fmt.Println(s.Note())
	// Output:
	// 4360 alias of matrix-vnet
	// 4360 matrix-vnet replaces matrix_vnet
	// This entry is an alias to "matrix-vnet".
	// This entry is now historic, not usable for use with many
	// common service discovery mechanisms.
}

func Example_version() {
	// The registry version compiled in, for logs and audits.
	fmt.Println("IANA registry", ports.RegistryUpdated, "sha256", ports.RegistrySHA256[:12], "records", ports.NumRecords)
}

func ExampleRecords() {
	// Count the registry's unassigned rows.
	n := 0
	for s := range ports.Records() {
		if s.Status() == ports.Unassigned {
			n++
		}
	}
	fmt.Println(n > 0, n < ports.NumRecords)
	// Output: true true
}

func ExampleByPortRange() {
	// Every TCP row overlapping 4338-4342, by first port: the row of the
	// unassigned range 4337-4339 comes first, once; rows naming no
	// protocol count for TCP.
	for s := range ports.ByPortRange(4338, 4342, ports.TCP) {
		fmt.Println(s, "-", s.Status())
	}
	// Output:
	// unassigned 4337-4339 - unassigned
	// gaia 4340/tcp - assigned
	// reserved 4341/tcp - reserved
	// reserved 4342/tcp - reserved
}

func ExamplePortStatus() {
	for _, port := range []uint16{22, 1023, 4338, 50000} {
		fmt.Println(port, ports.PortStatus(port, ports.TCP))
	}
	// SCTP lists only its assignments: no row covers 1023/sctp.
	fmt.Println(1023, ports.PortStatus(1023, ports.SCTP), "on sctp")
	// Output:
	// 22 assigned
	// 1023 reserved
	// 4338 unassigned
	// 50000 dynamic
	// 1023 unassigned on sctp
}

func ExampleLookupPerson() {
	// Any case finds an id, when only one id folds alike.
	p, ok := ports.LookupPerson("iesg")
	fmt.Println(p.ID(), ok)
	// SEIKO_EPSON and Seiko_Epson are two people: only the exact
	// spelling finds either.
	_, ok = ports.LookupPerson("seiko_epson")
	q, _ := ports.LookupPerson("Seiko_Epson")
	fmt.Println(ok, q.ID())
	// Output:
	// IESG true
	// false Seiko_Epson
}

func ExamplePerson_String() {
	for _, id := range []string{"Mark_Lottor", "_3GPP_2"} {
		p, _ := ports.LookupPerson(id)
		fmt.Printf("%s: %v\n", p.ID(), p) // a name, else the organisation
	}
	// Output:
	// Mark_Lottor: Mark Lottor
	// _3GPP_2: 3GPP2
}

func ExampleService_Local() {
	// Without -overlay, every record is IANA's.
	local := 0
	for _, s := range ports.All() {
		if s.Local() {
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

func ExampleStatus_UnmarshalText() {
	var s ports.Status
	err := s.UnmarshalText([]byte("Dynamic"))
	fmt.Println(s, err, s == ports.PortStatus(60000, ports.UDP))
	// Output: dynamic <nil> true
}
