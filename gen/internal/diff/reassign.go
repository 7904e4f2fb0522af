package diff

import (
	"cmp"
	"slices"

	"github.com/svcreg/ianaports/internal/registry"
)

const maxPort = 65535

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

// span is a stretch of ports of one protocol in one state.
type span[S any] struct {
	lo, hi int
	state  S
}

// sweep returns the state of every port 0-65535 as spans, neighbours in
// the same state merged. The state of a port is state(active): the
// indexes into recs, in registry order, of the records that cover it
// (on reports which do), recomputed only where that set changes.
func sweep[S any](recs []registry.Record, on func(*registry.Record) bool, state func(active []int) S, same func(a, b S) bool) []span[S] {
	type event struct{ pos, idx int } // idx ≥ 0 starts record idx, ^idx ends it
	var evs []event
	for i := range recs {
		if on(&recs[i]) {
			evs = append(evs, event{recs[i].Lo, i}, event{recs[i].Hi + 1, ^i})
		}
	}
	slices.SortStableFunc(evs, func(a, b event) int { return cmp.Compare(a.pos, b.pos) })
	var out []span[S]
	add := func(lo, hi int, st S) {
		if n := len(out); n > 0 && same(out[n-1].state, st) {
			out[n-1].hi = hi
			return
		}
		out = append(out, span[S]{lo, hi, st})
	}
	var active []int
	cur, st := 0, state(nil)
	for i := 0; i < len(evs); {
		pos := evs[i].pos
		for ; i < len(evs) && evs[i].pos == pos; i++ {
			if idx := evs[i].idx; idx >= 0 {
				at, _ := slices.BinarySearch(active, idx)
				active = slices.Insert(active, at, idx)
			} else if at, ok := slices.BinarySearch(active, ^idx); ok {
				active = slices.Delete(active, at, at+1)
			}
		}
		if pos > cur {
			add(cur, pos-1, st)
		}
		cur = pos
		st = state(active)
	}
	if cur <= maxPort {
		add(cur, maxPort, st)
	}
	return out
}

// zipSpans walks two span lists that both cover 0-65535 and calls f for
// each stretch lo-hi on which neither changes state.
func zipSpans[S any](a, b []span[S], f func(lo, hi int, x, y S)) {
	lo := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		hi := min(a[i].hi, b[j].hi)
		f(lo, hi, a[i].state, b[j].state)
		lo = hi + 1
		if a[i].hi == hi {
			i++
		}
		if b[j].hi == hi {
			j++
		}
	}
}

// portStates maps every port of proto to the labels of the records
// listing it (sorted, each once; nil: not listed), as spans covering
// 0-65535.
func portStates(recs []registry.Record, proto string) []span[[]string] {
	on := func(r *registry.Record) bool { return covers(r, proto) }
	labels := func(active []int) []string {
		if len(active) == 0 {
			return nil
		}
		ls := make([]string, len(active))
		for k, i := range active {
			ls[k] = label(&recs[i])
		}
		slices.SortFunc(ls, func(a, b string) int {
			return cmp.Or(cmp.Compare(registry.FoldName(a), registry.FoldName(b)), cmp.Compare(a, b))
		})
		return slices.Compact(ls)
	}
	return sweep(recs, on, labels, slices.Equal[[]string])
}

// sameAssignment compares label lists under registry.FoldName (RFC 6335).
func sameAssignment(a, b []string) bool {
	return slices.EqualFunc(a, b, registry.EqualFoldName)
}

// portChanges lists the runs of proto whose labels differ between two
// state maps.
func portChanges(proto string, a, b []span[[]string]) []PortChange {
	var out []PortChange
	zipSpans(a, b, func(lo, hi int, x, y []string) {
		if sameAssignment(x, y) {
			return
		}
		if n := len(out); n > 0 && out[n-1].Hi == lo-1 && slices.Equal(out[n-1].Old, x) && slices.Equal(out[n-1].New, y) {
			out[n-1].Hi = hi
			return
		}
		out = append(out, PortChange{Protocol: proto, Lo: lo, Hi: hi, Old: x, New: y})
	})
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
	find := func(x int) int {
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
	for _, proto := range registry.Protocols {
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
			for _, proto := range registry.Protocols {
				changes[proto] = portChanges(proto, portStates(m.old, proto), portStates(m.new, proto))
			}
		}
		var g Reassignment
		for _, proto := range registry.Protocols {
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
			return cmp.Or(cmp.Compare(a.Lo, b.Lo), cmp.Compare(registry.ProtocolRank(a.Protocol), registry.ProtocolRank(b.Protocol)))
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
