package diff

import (
	"cmp"
	"slices"

	"github.com/svcreg/ianaports/internal/registry"
)

const maxPort = 65535

// portProtocols are the protocols a port assignment is tracked for.
var portProtocols = [...]string{"tcp", "udp", "sctp", "dccp"}

// covers reports whether r lists its ports for proto. The registry writes
// Unassigned ranges (and a few old assignments) without a protocol; those
// stand for TCP and UDP, the protocols the port space was shared by.
func covers(r *registry.Record, proto string) bool {
	if !r.HasNumber {
		return false
	}
	if r.Protocol == "" {
		return proto == "tcp" || proto == "udp"
	}
	return r.Protocol == proto
}

// label names what a record assigns its ports to.
func label(r *registry.Record) string {
	if r.Name != "" {
		return r.Name
	}
	d := plain(r.Description)
	if d == "" {
		d = "unnamed"
	}
	return "(" + d + ")"
}

// run is a stretch of ports of one protocol with the same labels.
type run struct {
	lo, hi int
	labels []string // sorted; nil: not listed
}

// portStates maps every port of proto to the labels of the records
// listing it, as runs covering 0-65535.
func portStates(recs []registry.Record, proto string) []run {
	type event struct {
		pos   int
		label string
		delta int
	}
	var evs []event
	for i := range recs {
		r := &recs[i]
		if covers(r, proto) {
			l := label(r)
			evs = append(evs, event{r.Lo, l, 1}, event{r.Hi + 1, l, -1})
		}
	}
	slices.SortStableFunc(evs, func(a, b event) int { return cmp.Compare(a.pos, b.pos) })
	var out []run
	emit := func(lo, hi int, labels []string) {
		if n := len(out); n > 0 && slices.Equal(out[n-1].labels, labels) {
			out[n-1].hi = hi
			return
		}
		out = append(out, run{lo, hi, labels})
	}
	active := map[string]int{}
	cur := 0
	var state []string
	for i := 0; i < len(evs); {
		pos := evs[i].pos
		for ; i < len(evs) && evs[i].pos == pos; i++ {
			e := evs[i]
			if active[e.label] += e.delta; active[e.label] == 0 {
				delete(active, e.label)
			}
		}
		if pos > cur {
			emit(cur, pos-1, state)
		}
		cur = pos
		state = sortedLabels(active)
	}
	if cur <= maxPort {
		emit(cur, maxPort, state)
	}
	return out
}

func sortedLabels(m map[string]int) []string {
	if len(m) == 0 {
		return nil
	}
	ls := make([]string, 0, len(m))
	for l := range m {
		ls = append(ls, l)
	}
	slices.SortFunc(ls, func(a, b string) int {
		return cmp.Or(cmp.Compare(registry.FoldName(a), registry.FoldName(b)), cmp.Compare(a, b))
	})
	return ls
}

// sameAssignment compares label lists under registry.FoldName (RFC 6335).
func sameAssignment(a, b []string) bool {
	return slices.EqualFunc(a, b, registry.EqualFoldName)
}

// portChanges lists the runs of proto whose labels differ between two
// state maps.
func portChanges(proto string, a, b []run) []PortChange {
	var out []PortChange
	lo := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		hi := min(a[i].hi, b[j].hi)
		if !sameAssignment(a[i].labels, b[j].labels) {
			if n := len(out); n > 0 && out[n-1].Hi == lo-1 &&
				slices.Equal(out[n-1].Old, a[i].labels) && slices.Equal(out[n-1].New, b[j].labels) {
				out[n-1].Hi = hi
			} else {
				out = append(out, PortChange{Protocol: proto, Lo: lo, Hi: hi, Old: a[i].labels, New: b[j].labels})
			}
		}
		lo = hi + 1
		if a[i].hi == hi {
			i++
		}
		if b[j].hi == hi {
			j++
		}
	}
	return out
}

// reassign groups the still unmatched records with a port by overlap and
// turns each group that has records on both sides and changes some port's
// assignment into a Reassignment.
func reassign(r *Report, m *matcher) {
	// Nodes: unmatched numbered old records, then new ones.
	type node struct {
		new bool
		idx int
	}
	var nodes []node
	for i := range m.old {
		if !m.oldM[i] && m.old[i].HasNumber {
			nodes = append(nodes, node{false, i})
		}
	}
	for j := range m.new {
		if !m.newM[j] && m.new[j].HasNumber {
			nodes = append(nodes, node{true, j})
		}
	}
	if len(nodes) == 0 {
		return
	}
	rec := func(n node) *registry.Record {
		if n.new {
			return &m.new[n.idx]
		}
		return &m.old[n.idx]
	}

	parent := make([]int, len(nodes))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	type interval struct{ lo, hi, node int }
	for _, proto := range portProtocols {
		var ivs []interval
		for k, n := range nodes {
			if r := rec(n); covers(r, proto) {
				ivs = append(ivs, interval{r.Lo, r.Hi, k})
			}
		}
		slices.SortFunc(ivs, func(a, b interval) int {
			return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi), cmp.Compare(a.node, b.node))
		})
		curHi, curNode := -1, -1
		for _, iv := range ivs {
			if iv.lo <= curHi {
				union(iv.node, curNode)
				curHi = max(curHi, iv.hi)
			} else {
				curHi, curNode = iv.hi, iv.node
			}
		}
	}

	groups := map[int][]int{}
	var roots []int
	for k := range nodes {
		root := find(k)
		if _, ok := groups[root]; !ok {
			roots = append(roots, root)
		}
		groups[root] = append(groups[root], k)
	}

	var changes map[string][]PortChange // by protocol, computed on first need
	for _, root := range roots {
		members := groups[root]
		var hasOld, hasNew bool
		for _, k := range members {
			if nodes[k].new {
				hasNew = true
			} else {
				hasOld = true
			}
		}
		if !hasOld || !hasNew {
			continue // a plain addition or removal
		}
		if changes == nil {
			changes = map[string][]PortChange{}
			for _, proto := range portProtocols {
				changes[proto] = portChanges(proto, portStates(m.old, proto), portStates(m.new, proto))
			}
		}
		var g Reassignment
		for _, proto := range portProtocols {
			var ivs []interval
			for _, k := range members {
				if r := rec(nodes[k]); covers(r, proto) {
					ivs = append(ivs, interval{r.Lo, r.Hi, k})
				}
			}
			slices.SortFunc(ivs, func(a, b interval) int { return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi)) })
			// Merge the group's coverage and clip this protocol's
			// changes to it.
			pcs := changes[proto]
			for x := 0; x < len(ivs); {
				lo, hi := ivs[x].lo, ivs[x].hi
				for x++; x < len(ivs) && ivs[x].lo <= hi+1; x++ {
					hi = max(hi, ivs[x].hi)
				}
				first, _ := slices.BinarySearchFunc(pcs, lo, func(pc PortChange, lo int) int {
					if pc.Hi < lo {
						return -1
					}
					return 1
				})
				for _, pc := range pcs[first:] {
					if pc.Lo > hi {
						break
					}
					pc.Lo, pc.Hi = max(pc.Lo, lo), min(pc.Hi, hi)
					g.Ports = append(g.Ports, pc)
				}
			}
		}
		if len(g.Ports) == 0 {
			continue // records restructured, no port changed hands
		}
		slices.SortStableFunc(g.Ports, func(a, b PortChange) int {
			return cmp.Or(cmp.Compare(a.Lo, b.Lo), cmp.Compare(protoRank(a.Protocol), protoRank(b.Protocol)))
		})
		for _, k := range members {
			n := nodes[k]
			if n.new {
				m.newM[n.idx] = true
				g.New = append(g.New, m.new[n.idx])
			} else {
				m.oldM[n.idx] = true
				g.Old = append(g.Old, m.old[n.idx])
			}
		}
		byPort := func(a, b registry.Record) int { return recordCmp(&a, &b) }
		slices.SortStableFunc(g.Old, byPort)
		slices.SortStableFunc(g.New, byPort)
		if len(g.Old) == 1 && len(g.New) == 1 && g.Old[0].Protocol == g.New[0].Protocol && g.Old[0].Number == g.New[0].Number {
			g.Fields = recordFields(&g.Old[0], &g.New[0])
		}
		r.Reassigned = append(r.Reassigned, g)
	}
}
