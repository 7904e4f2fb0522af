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
	date := func(d ports.Date) { put(d.IsZero(), d.Year(), d.Month(), d.Day(), d.String()) }
	person := func(p ports.Person) {
		put(p.ID(), p.Name(), p.Org(), p.URI(), p.URIs(), p.Listed())
		date(p.Updated())
	}
	var refs, statuses [4]int
	for _, s := range ports.All() {
		lo, hi := s.PortRange()
		sc, hasSC := s.ServiceCode()
		put(s.Index(), s.Name(), s.Protocol().String(), s.HasPort(), s.Port(), lo, hi, s.IsRange(),
			s.Number(), s.Status().String(), s.IsAssigned(), s.Description(), s.Note(), s.Unauthorized(),
			sc, hasSC, s.String(), s.AliasOf(), s.Replaces())
		statuses[s.Status()]++
		date(s.Registered())
		date(s.Modified())
		for _, p := range s.Assignees() {
			person(p)
		}
		for _, p := range s.Contacts() {
			person(p)
		}
		for _, r := range s.References() {
			put(r.Type().String(), r.Data(), r.Section(), r.Text(), r.String())
			refs[0]++
		}
		if s.HasPort() {
			put(len(ports.ByPort(s.Port(), s.Protocol())))
		}
		if s.IsAssigned() {
			l, ok := ports.Lookup(s.Name(), s.Protocol())
			put(l.Index(), ok, len(ports.ByName(s.Name())))
		}
	}
	for _, p := range ports.People() {
		person(p)
		q, ok := ports.LookupPerson(p.ID())
		put(q.ID(), ok)
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
		len(ports.People()), refs[0], h.Sum64())
}
