package diff

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	primaryrule "github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// This file computes what a consumer of the generated package sees change:
// names that no longer resolve, ports that no longer answer, ports that
// answer with another service. These lists lead every report.
//
// Names in these lists are folded by registry.FoldName, the rule the
// generated look-ups use, so "FOO" replaced by "foo" is no change here.

// NameProtocol is a service name (folded) on one protocol.
type NameProtocol struct {
	Name     string `json:"name"`
	Protocol string `json:"protocol"`
}

// Assignment is a named record with a protocol and a port number: the
// name folded, the number as written in the XML ("80", "6000-6063").
type Assignment struct {
	Name     string `json:"name"`
	Protocol string `json:"protocol"`
	Number   string `json:"number"`
	Lo       int    `json:"-"`
	Hi       int    `json:"-"`
}

// PrimaryChange is a run of ports of one protocol whose primary service
// (see primary) changed from Old to New. Old is never empty; New is ""
// when no named record covers the ports any more. Names are folded.
type PrimaryChange struct {
	Protocol string `json:"protocol"`
	Number   string `json:"number"` // "831" or "6000-6063"
	Lo       int    `json:"-"`
	Hi       int    `json:"-"`
	Old      string `json:"old"`
	New      string `json:"new"`
}

// primary picks the one service a port answers to on a protocol from
// recs, the records covering that port there (those with the protocol
// and those naming none), in registry order: the named record that
// internal/primary picks, the rule the services(5) export follows too.
func primary(recs []*registry.Record) *registry.Record {
	var named []*registry.Record
	var rows []primaryrule.Row
	for _, r := range recs {
		if r.Name != "" {
			named = append(named, r)
			rows = append(rows, xmlrow.FromRecord(r))
		}
	}
	if len(named) == 0 {
		return nil
	}
	return named[primaryrule.Pick(rows)]
}

// PrimaryRule is the footnote the reports print under the primary-service
// list, so that a reader knows which rule produced it.
const PrimaryRule = "primary = the name ports export services puts first for the port (internal/primary: " +
	"rows IANA marks as duplicates, aliases or conflicts, or leaves without a description, yield to the others; " +
	"then a row citing an RFC; then a single port over a range; then registry order); " +
	"records without a protocol count for every protocol, as in the generated look-ups"

// coversAny reports whether r covers ports on proto for the purposes of
// the primary service: records without a protocol count for every
// protocol, because ports.ByPort and ports.Lookup treat them so.
func coversAny(r *registry.Record, proto string) bool {
	return r.HasNumber && (r.Protocol == "" || r.Protocol == proto)
}

// primaries returns the primary service of every port of proto (its
// folded name, "" for none) as spans covering 0-65535.
func primaries(recs []registry.Record, proto string) []span[string] {
	on := func(r *registry.Record) bool { return coversAny(r, proto) }
	name := func(active []int) string {
		covering := make([]*registry.Record, len(active))
		for k, i := range active {
			covering[k] = &recs[i]
		}
		if p := primary(covering); p != nil {
			return registry.FoldName(p.Name)
		}
		return ""
	}
	return sweep(recs, on, name, func(a, b string) bool { return a == b })
}

// primaryChanges lists the runs of ports whose primary service was some
// name in old and is another name, or none, in new. A port gaining a
// primary where it had none is a new assignment, not a change.
func primaryChanges(old, new []registry.Record) []PrimaryChange {
	var out []PrimaryChange
	for _, proto := range registry.Protocols {
		zipSpans(primaries(old, proto), primaries(new, proto), func(lo, hi int, o, n string) {
			if o == "" || o == n {
				return
			}
			if k := len(out); k > 0 && out[k-1].Protocol == proto && out[k-1].Hi == lo-1 && out[k-1].Old == o && out[k-1].New == n {
				out[k-1].Hi = hi
				return
			}
			out = append(out, PrimaryChange{Protocol: proto, Lo: lo, Hi: hi, Old: o, New: n})
		})
	}
	for k := range out {
		out[k].Number = portRange(out[k].Lo, out[k].Hi)
	}
	slices.SortFunc(out, func(x, y PrimaryChange) int {
		return cmp.Or(cmp.Compare(x.Lo, y.Lo), cmp.Compare(registry.ProtocolRank(x.Protocol), registry.ProtocolRank(y.Protocol)))
	})
	return out
}

func portRange(lo, hi int) string {
	s := strconv.Itoa(lo)
	if hi != lo {
		s += "-" + strconv.Itoa(hi)
	}
	return s
}

// consumerChanges fills the lists that lead the report. Their definitions
// are those of the JSON contract (see JSON): records without a protocol
// take no part in PortsLost and the assignment lists, but do keep a name
// alive (NamesRemoved) and do answer for every protocol (ProtocolsLost,
// PrimaryChanged), as they do in the generated look-ups.
func consumerChanges(r *Report, old, new []registry.Record) {
	o, n := consumerIndex(old), consumerIndex(new)
	r.NamesRemoved = missing(o.names, n.names, nil, strings.Compare)
	r.NamesAdded = missing(n.names, o.names, nil, strings.Compare)

	stillThere := func(np NameProtocol) bool { return n.names[np.Name] }
	r.PortsLost = missing(o.ported, n.ported, stillThere, byNameProtocol)
	r.ProtocolsLost = missing(o.found, n.found, stillThere, byNameProtocol)

	r.AssignmentsRemoved = missing(o.assigned, n.assigned, nil, byAssignment)
	r.AssignmentsAdded = missing(n.assigned, o.assigned, nil, byAssignment)

	r.PrimaryChanged = primaryChanges(old, new)
}

// consumerSets are what the consumer lists compare, of one registry, by
// lower-cased name.
type consumerSets struct {
	names map[string]bool
	// ported is the set of (name, protocol) with a port: what LookupPort
	// answers, by the contract's rule that protocol-less records do not
	// count.
	ported map[NameProtocol]bool
	// found is the set of (name, protocol) that ports.Lookup finds: a
	// record on the protocol, or one naming no protocol, with or without
	// a port.
	found map[NameProtocol]bool
	// assigned is the set of (name, protocol, number) of the records that
	// have all three.
	assigned map[Assignment]bool
}

func consumerIndex(recs []registry.Record) consumerSets {
	s := consumerSets{
		names:    make(map[string]bool, len(recs)),
		ported:   make(map[NameProtocol]bool, len(recs)),
		found:    make(map[NameProtocol]bool, len(recs)),
		assigned: make(map[Assignment]bool, len(recs)),
	}
	for i := range recs {
		x := &recs[i]
		if x.Name == "" {
			continue
		}
		n := registry.FoldName(x.Name)
		s.names[n] = true
		for _, p := range registry.Protocols {
			if x.Protocol == "" || x.Protocol == p {
				s.found[NameProtocol{n, p}] = true
			}
		}
		if x.Protocol != "" && x.HasNumber {
			s.ported[NameProtocol{n, x.Protocol}] = true
			s.assigned[Assignment{n, x.Protocol, x.Number, x.Lo, x.Hi}] = true
		}
	}
	return s
}

// missing returns the keys of a that b lacks and keep (if any) accepts,
// sorted by order.
func missing[K comparable](a, b map[K]bool, keep func(K) bool, order func(x, y K) int) []K {
	out := []K{}
	for k := range a {
		if !b[k] && (keep == nil || keep(k)) {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, order)
	return out
}

func byNameProtocol(x, y NameProtocol) int {
	return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(registry.ProtocolRank(x.Protocol), registry.ProtocolRank(y.Protocol)))
}

func byAssignment(x, y Assignment) int {
	return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(registry.ProtocolRank(x.Protocol), registry.ProtocolRank(y.Protocol)),
		cmp.Compare(x.Lo, y.Lo), cmp.Compare(x.Hi, y.Hi), cmp.Compare(x.Number, y.Number))
}
