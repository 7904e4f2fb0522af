package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/ports"
)

// The protocols of the registry, in the order output lists them.
var protocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

// Dynamic and/or Private Ports (RFC 6335, section 6): never assigned.
const (
	dynamicLo = 49152
	dynamicHi = 65535
)

// query is one positional argument of a look-up: a port, a range of
// ports or a service name, optionally with a protocol.
type query struct {
	arg    string
	name   string // a service name, or "" for a port query
	lo, hi uint16 // the port or range of a port query
	proto  ports.Protocol
}

func (q query) isPort() bool { return q.name == "" }

// parseQuery reads PORT, LO-HI or NAME, each optionally followed by
// /PROTO, and merges the protocol of the --proto flag (flagProto, or
// NoProtocol). Names may hold '/' (EtherNet/IP-1, 914c/g): a suffix
// counts as a protocol only if it is one.
func parseQuery(arg string, flagProto ports.Protocol) (query, error) {
	q := query{arg: arg}
	rest := arg
	if i := strings.LastIndexByte(arg, '/'); i >= 0 {
		head, tail := arg[:i], arg[i+1:]
		if p, err := ports.ParseProtocol(tail); err == nil {
			rest, q.proto = head, p
		} else if isDigits(strings.ReplaceAll(head, "-", "")) && head != "" {
			return q, usagef("%q: unknown protocol %q (want tcp, udp, sctp or dccp)", arg, tail)
		}
	}
	if flagProto != ports.NoProtocol {
		if q.proto != ports.NoProtocol && q.proto != flagProto {
			return q, usagef("%q conflicts with --proto %s", arg, flagProto)
		}
		q.proto = flagProto
	}
	if rest == "" {
		return q, usagef("%q: empty query", arg)
	}
	if lo, hi, ok, err := parsePorts(rest); ok {
		if err != nil {
			return q, usagef("%q: %v", arg, err)
		}
		q.lo, q.hi = lo, hi
		return q, nil
	}
	q.name = rest
	return q, nil
}

// parsePorts reads "N" or "N-M". ok reports whether s has that shape
// (digits, optionally a hyphen and digits); err whether the numbers are
// out of range or the range is backwards.
func parsePorts(s string) (lo, hi uint16, ok bool, err error) {
	a, b, isRange := strings.Cut(s, "-")
	if !isDigits(a) || (isRange && !isDigits(b)) {
		return 0, 0, false, nil
	}
	l, err := parsePort(a)
	if err != nil {
		return 0, 0, true, err
	}
	h := l
	if isRange {
		if h, err = parsePort(b); err != nil {
			return 0, 0, true, err
		}
		if h < l {
			return 0, 0, true, errors.New("range ends before it starts")
		}
	}
	return l, h, true, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, errors.New("port " + s + " out of range 0-65535")
	}
	return uint16(n), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// protocolsOf is the protocols a query asks about.
func protocolsOf(p ports.Protocol) []ports.Protocol {
	if p == ports.NoProtocol {
		return protocols
	}
	return []ports.Protocol{p}
}

// onProtocol reports whether record s is on protocol p: p itself, any
// protocol when p is NoProtocol, and records naming no protocol count
// for every protocol (as in package ports).
func onProtocol(s ports.Service, p ports.Protocol) bool {
	return p == ports.NoProtocol || s.Protocol() == p || s.Protocol() == ports.NoProtocol
}

// find answers a look-up query: the records it matches, ordered by port
// (then registry order), each once.
func find(q query) []ports.Service {
	if !q.isPort() {
		var out []ports.Service
		for _, s := range ports.ByName(q.name) {
			if onProtocol(s, q.proto) {
				out = append(out, s)
			}
		}
		return out
	}
	if q.lo == q.hi {
		// A single port: ByPort, merged over the protocols asked for.
		seen := map[int]bool{}
		var out []ports.Service
		for _, p := range protocolsOf(q.proto) {
			for _, s := range ports.ByPort(q.lo, p) {
				if !seen[s.Index()] {
					seen[s.Index()] = true
					out = append(out, s)
				}
			}
		}
		sortByPort(out)
		return out
	}
	// A range: every record overlapping it, in one pass over the
	// registry.
	var out []ports.Service
	for _, s := range ports.All() {
		if !s.HasPort() || !onProtocol(s, q.proto) {
			continue
		}
		if lo, hi := s.PortRange(); lo <= q.hi && hi >= q.lo {
			out = append(out, s)
		}
	}
	sortByPort(out)
	return out
}

// portStatus is the registry status of one port on one protocol.
type portStatus struct {
	Port     uint16
	Protocol ports.Protocol
	Status   string // assigned, reserved, unassigned or dynamic
	Services []string
	Records  []ports.Service
}

// statusOf classifies port on p: assigned if a record assigns a name on
// it; else reserved if a Reserved row covers it; else dynamic in
// 49152-65535; else unassigned (an Unassigned row, or no row at all).
func statusOf(port uint16, p ports.Protocol) portStatus {
	st := portStatus{Port: port, Protocol: p, Records: ports.ByPort(port, p)}
	reserved := false
	for _, s := range st.Records {
		switch s.Status() {
		case ports.Assigned:
			st.Services = append(st.Services, s.Name())
		case ports.Reserved:
			reserved = true
		}
	}
	switch {
	case len(st.Services) > 0:
		st.Status = "assigned"
	case reserved:
		st.Status = "reserved"
	case port >= dynamicLo:
		st.Status = "dynamic"
	default:
		st.Status = "unassigned"
	}
	return st
}
