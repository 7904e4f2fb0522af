package main

import (
	"errors"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/ports"
)

// The protocols of the registry, in the order output lists them.
var protocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

// protoSet is a set of protocols, one bit per ports.Protocol; the empty
// set stands for every protocol.
type protoSet uint8

func setOf(ps ...ports.Protocol) protoSet {
	var s protoSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

func (s protoSet) has(p ports.Protocol) bool { return s == 0 || s&(1<<p) != 0 }

// list is the set's protocols in output order.
func (s protoSet) list() []ports.Protocol {
	if s == 0 {
		return protocols
	}
	var out []ports.Protocol
	for _, p := range protocols {
		if s.has(p) {
			out = append(out, p)
		}
	}
	return out
}

// String writes the set as --proto takes it: "tcp,udp".
func (s protoSet) String() string {
	var names []string
	for _, p := range s.list() {
		names = append(names, p.String())
	}
	return strings.Join(names, ",")
}

// parseProtoSet reads a comma-separated list of protocols: "tcp,udp".
func parseProtoSet(v string) (protoSet, error) {
	var s protoSet
	for _, name := range strings.Split(v, ",") {
		p, err := ports.ParseProtocol(strings.TrimSpace(name))
		if err != nil {
			return 0, errors.New("unknown protocol " + clip.Quote(name) + " (want tcp, udp, sctp or dccp, or a list: tcp,udp)")
		}
		s |= setOf(p)
	}
	return s, nil
}

// onProtocols reports whether record s counts for a protocol of set:
// records naming no protocol count for every protocol (as in package
// ports).
func onProtocols(s ports.Service, set protoSet) bool {
	return set == 0 || s.Protocol() == ports.NoProtocol || set.has(s.Protocol())
}

// query is one positional argument of a look-up: a port, a range of
// ports or a service name, optionally with a protocol.
type query struct {
	arg    string
	name   string // a service name, or "" for a port query
	lo, hi uint16 // the port or range of a port query
	protos protoSet
}

func (q query) isPort() bool { return q.name == "" }

// parseQuery reads PORT, LO-HI or NAME, each optionally followed by
// /PROTO, and merges the protocols of the --proto flag (flag; 0 for
// every protocol). Names may hold '/' (EtherNet/IP-1, 914c/g): a suffix
// counts as a protocol only if it is one. Digits and hyphens that are not
// a port or a range ("80-", "1-2-3") are a usage error, since no service
// name is made of those alone (RFC 6335 names hold a letter).
func parseQuery(arg string, flag protoSet) (query, error) {
	q := query{arg: arg, protos: flag}
	rest := arg
	if i := strings.LastIndexByte(arg, '/'); i >= 0 {
		head, tail := arg[:i], arg[i+1:]
		if p, err := ports.ParseProtocol(tail); err == nil {
			rest = head
			if !flag.has(p) {
				return q, usagef("%s conflicts with --proto %s", clip.Quote(arg), flag)
			}
			q.protos = setOf(p)
		} else if portLike(head) {
			return q, usagef("%s: unknown protocol %s (want tcp, udp, sctp or dccp)", clip.Quote(arg), clip.Quote(tail))
		}
	}
	if rest == "" {
		return q, usagef("%s: empty query", clip.Quote(arg))
	}
	if !portLike(rest) {
		q.name = rest
		return q, nil
	}
	lo, hi, err := parsePorts(rest)
	if err != nil {
		return q, usagef("%s: %v", clip.Quote(arg), err)
	}
	q.lo, q.hi = lo, hi
	return q, nil
}

// portLike reports whether s is made of digits and hyphens only, with a
// digit: a port or range, or a malformed one.
func portLike(s string) bool {
	return strings.Trim(s, "0123456789-") == "" && strings.ContainsAny(s, "0123456789")
}

// parsePorts reads "N" or "N-M".
func parsePorts(s string) (lo, hi uint16, err error) {
	a, b, isRange := strings.Cut(s, "-")
	if !isDigits(a) || (isRange && !isDigits(b)) {
		return 0, 0, errors.New("not a port or range: want PORT or LOW-HIGH, such as 80 or 6000-6063")
	}
	if lo, err = parsePort(a); err != nil {
		return 0, 0, err
	}
	hi = lo
	if isRange {
		if hi, err = parsePort(b); err != nil {
			return 0, 0, err
		}
		if hi < lo {
			return 0, 0, errors.New("range ends before it starts")
		}
	}
	return lo, hi, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, errors.New("port " + clip.Bare(s) + " out of range 0-65535")
	}
	return uint16(n), nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// find yields the records a look-up query matches, each once: a name's
// records in the order of ports.All; a port's or a range's ordered by
// first port, then that order (ports.ByPortRange, which walks a range
// port by port, so that memory does not grow with it).
func find(q query) iter.Seq[ports.Service] {
	return func(yield func(ports.Service) bool) {
		if !q.isPort() {
			for s := range ports.ByName(q.name) {
				if onProtocols(s, q.protos) && !yield(s) {
					return
				}
			}
			return
		}
		p := ports.NoProtocol
		if l := q.protos.list(); len(l) == 1 {
			p = l[0]
		}
		for s := range ports.ByPortRange(q.lo, q.hi, p) {
			if onProtocols(s, q.protos) && !yield(s) {
				return
			}
		}
	}
}

// portStatus is the registry's answer for one port on one protocol.
type portStatus struct {
	port     uint16
	protocol ports.Protocol
	status   ports.Status // ports.PortStatus
	records  []ports.Service
}

// services are the names assigned on the port.
func (st portStatus) services() []string {
	names := []string{}
	for _, s := range st.records {
		if s.Status() == ports.Assigned {
			names = append(names, s.Name())
		}
	}
	return names
}

// statuses yields the status of every port of q on every protocol of
// q, port by port.
func statuses(q query) iter.Seq[portStatus] {
	return func(yield func(portStatus) bool) {
		protos := q.protos.list()
		for port := int(q.lo); port <= int(q.hi); port++ {
			for _, p := range protos {
				st := portStatus{uint16(port), p, ports.PortStatus(uint16(port), p), slices.Collect(ports.ByPort(uint16(port), p))}
				if !yield(st) {
					return
				}
			}
		}
	}
}
