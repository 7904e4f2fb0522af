// Package iana stands in for a build of github.com/svcreg/ianaports/ports
// with the analyzer's own tables, generated with another -out and -pkg:
// the test writes the analyzer's TablesID over the placeholder below
// before it loads the module. Only the declarations matter to the
// analyzer, which answers from its own tables.
//
// The Protocol constants have other values than the real package's, to
// show that the analyzer matches them by name.
package iana

import "iter"

const TablesID = "@TablesID@"

type Protocol uint8

const (
	NoProtocol Protocol = 0
	TCP        Protocol = 6
	UDP        Protocol = 17
	SCTP       Protocol = 132
	DCCP       Protocol = 33
)

type Service struct{ i uint16 }

func Lookup(name string, p Protocol) (Service, bool) { return Service{}, false }

func ByName(name string) iter.Seq[Service] { return func(func(Service) bool) {} }

func LookupPort(network, service string) (int, error) { return 0, nil }
