// Package ianaports is IANA's Service Name and Transport Protocol Port
// Number Registry for Go, compiled into tables: name and port look-ups
// that read no file, need no network and allocate nothing. This package
// holds no API; the module's packages and commands are:
//
//   - ports (github.com/svcreg/ianaports/ports): the package to import.
//     Every record and person of the registry, look-ups by name
//     (Lookup, ByName), by port (ByPort, PortStatus) and LookupPort,
//     which answers as net.LookupPort does. It is generated: do not edit
//     it, regenerate it.
//   - ports/portsjson: the JSON form of records and people, kept out of
//     ports so that a program that links encoding/json does not keep
//     every table.
//   - cmd/ports: a command that looks names and ports up from a shell
//     and exports the registry as IANA's CSV, a services(5) file or JSON.
//   - portsvet: analyzers that check service names at vet time, in calls
//     to ports and in addresses given to net and crypto/tls; cmd/portsvet
//     runs them under go vet, go tool or go fix.
//   - gen: the generator. It compiles the registry XML committed in
//     data/ into ports/, updates data/ from IANA on request (-update),
//     reports what changed between two versions (-diff), and builds a
//     package of one's own from another registry file, with trims and
//     local names (go run github.com/svcreg/ianaports/gen -out DIR).
//
// This file carries the go:generate line that rebuilds ports/ from
// data/: go generate ./... at the module root.
package ianaports

//go:generate go run ./gen
