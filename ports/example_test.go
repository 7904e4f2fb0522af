package ports_test

import (
	"errors"
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
