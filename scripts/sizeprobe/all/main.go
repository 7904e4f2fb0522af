// Command all is the every-accessor probe of TestBinaryBudgets
// (bench/budget_test.go): it calls every exported function and method of ports
// over All(), People() and every reference, so that the linker keeps every
// table. It prints counts and a checksum of everything it read.
package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"

	"github.com/svcreg/ianaports/ports"
)

func main() {
	h := fnv.New64a()
	put := func(xs ...any) { fmt.Fprintln(h, xs...) }
	date := func(d ports.Date) { put(d.IsZero(), d.Year(), int(d.Month()), d.Day(), d.String()) }
	person := func(p ports.Person) {
		put(p.ID(), p.Name(), p.Org(), p.URI(), p.IsListed())
		for u := range p.URIs() {
			put(u)
		}
		date(p.Updated())
	}
	var refs, statuses [4]int
	for s := range ports.All() {
		lo, hi := s.PortRange()
		sc, hasSC := s.ServiceCode()
		put(s.Index(), s.Name(), s.Protocol().String(), s.HasPort(), s.Port(), lo, hi, s.IsRange(),
			s.Number(), s.Status().String(), s.IsAssigned(), s.Description(), s.Note(), s.Unauthorized(),
			sc, hasSC, s.String(), s.AliasOf(), s.Replaces(), s.IsLocal())
		statuses[s.Status()]++
		date(s.Registered())
		date(s.Modified())
		for p := range s.Assignees() {
			person(p)
		}
		for p := range s.Contacts() {
			person(p)
		}
		for r := range s.References() {
			put(r.Type().String(), r.Data(), r.Section(), r.Text(), r.String())
			refs[0]++
		}
		if s.HasPort() {
			for r := range ports.ByPort(s.Port(), s.Protocol()) {
				put(r.Index())
			}
			pr, ok := ports.Primary(s.Port(), s.Protocol())
			put(pr.Index(), ok, ports.PortStatus(s.Port(), s.Protocol()).String())
		}
		if s.IsAssigned() {
			l, ok := ports.Lookup(s.Name(), s.Protocol())
			put(l.Index(), ok)
			for r := range ports.ByName(s.Name()) {
				put(r.Index())
			}
		}
	}
	for r := range ports.ByPortRange(0, 65535, ports.NoProtocol) {
		put(r.Index())
	}
	people := 0
	for p := range ports.People() {
		person(p)
		q, ok := ports.LookupPerson(p.ID())
		put(q.ID(), ok)
		people++
	}
	for _, a := range append([]string{"tcp", "UDP", "sctp", "dccp", "quic"}, os.Args[1:]...) {
		p, err := ports.ParseProtocol(a)
		put(p, err)
		n, err := ports.LookupPort(a, "http")
		var pe *ports.PortError
		if errors.As(err, &pe) {
			put(pe.Error(), errors.Unwrap(pe) == ports.ErrUnknownNetwork, errors.Is(err, ports.ErrUnknownService),
				errors.Is(err, ports.ErrNoPort), errors.Is(err, ports.ErrInvalidPort), errors.Is(err, ports.ErrUnknownProtocol))
		}
		put(n)
	}
	_, _ = io.WriteString(h, ports.RegistryUpdated+ports.RegistrySHA256+ports.RegistryTitle+ports.RegistryURL)
	fmt.Printf("records %d (assigned %d, reserved %d, unassigned %d), people %d, references %d, checksum %016x\n",
		ports.NumRecords, statuses[ports.Assigned], statuses[ports.Reserved], statuses[ports.Unassigned],
		people, refs[0], h.Sum64())
}
