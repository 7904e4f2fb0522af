// Package ports stands in for a vendored copy of
// github.com/svcreg/ianaports/ports: the test writes the analyzer's
// TablesID over the placeholder below before it loads the module.
package ports

import "iter"

const TablesID = "@TablesID@"

type Protocol uint8

const (
	NoProtocol Protocol = iota
	TCP
	UDP
	SCTP
	DCCP
)

type Service struct{ i uint16 }

func Lookup(name string, p Protocol) (Service, bool) { return Service{}, false }

func ByName(name string) iter.Seq[Service] { return func(func(Service) bool) {} }

func LookupPort(network, service string) (int, error) { return 0, nil }
