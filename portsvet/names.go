package portsvet

import (
	"slices"
	"sync"

	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

// The thresholds of the typo suggestions: a short name is one edit from
// too many others ("htps" is two edits from dozens of names), so it gets
// a tighter bound.
const (
	maxSuggestions = 3
	maxDistance    = 2
	shortName      = 4 // bytes; names this short or shorter get maxShortDist
	maxShortDist   = 1
)

// registeredNames lists every service name of the analyzer's own ports
// package once, lower-cased, in the order of the record that first names
// it: the order ties between suggestions are broken in.
var registeredNames = sync.OnceValue(func() []string {
	var names []string
	seen := make(map[string]bool)
	for s := range ports.All() {
		n := registry.FoldName(s.Name())
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		names = append(names, n)
	}
	return names
})

// nearestNames returns up to maxSuggestions registered names at the
// smallest Damerau-Levenshtein distance from name, provided that distance
// is within the bound for name's length; nil when none is that close.
// Names compare as the registry compares them, ignoring ASCII case.
func nearestNames(name string) []string {
	q := registry.FoldName(name)
	best := maxDistance
	if len(q) <= shortName {
		best = maxShortDist
	}
	var out []string
	for _, n := range registeredNames() {
		// The distance is at least the difference in length: most names
		// are rejected here without computing it.
		if d := len(n) - len(q); d > best || -d > best {
			continue
		}
		d := damerauLevenshtein(q, n)
		if d > best {
			continue
		}
		if d < best {
			best, out = d, out[:0]
		}
		if len(out) < maxSuggestions {
			out = append(out, n)
		}
	}
	return out
}

// damerauLevenshtein is the unrestricted Damerau-Levenshtein distance
// between two byte strings: the fewest insertions, deletions,
// substitutions and transpositions of adjacent bytes that turn a into b
// (Lowrance and Wagner's algorithm). Unlike the restricted "optimal
// string alignment" distance it lets an edit touch a transposed pair, so
// "ca" is 2 from "abc", not 3.
func damerauLevenshtein(a, b string) int {
	// d is the (len(a)+2) × (len(b)+2) table of the algorithm; row and
	// column 0 hold the "infinity" sentinel, so d(i, j) is at
	// d[(i+1)*w+j+1].
	w := len(b) + 2
	d := make([]int, (len(a)+2)*w)
	inf := len(a) + len(b)
	at := func(i, j int) *int { return &d[(i+1)*w+j+1] }
	*at(-1, -1) = inf
	for i := 0; i <= len(a); i++ {
		*at(i, -1) = inf
		*at(i, 0) = i
	}
	for j := 0; j <= len(b); j++ {
		*at(-1, j) = inf
		*at(0, j) = j
	}
	// lastRow[c] is the last row (1-based position in a) holding byte c.
	var lastRow [256]int
	for i := 1; i <= len(a); i++ {
		lastCol := 0 // last column in this row where a[i-1] matched
		for j := 1; j <= len(b); j++ {
			k, l := lastRow[b[j-1]], lastCol
			cost := 1
			if a[i-1] == b[j-1] {
				cost, lastCol = 0, j
			}
			*at(i, j) = min(
				*at(i-1, j-1)+cost, // substitution or match
				*at(i, j-1)+1,      // insertion
				*at(i-1, j)+1,      // deletion
				*at(k-1, l-1)+(i-k-1)+1+(j-l-1), // transposition
			)
		}
		lastRow[a[i-1]] = i
	}
	return *at(len(a), len(b))
}

// registered reports whether the registry has name, in any case.
func registered(name string) bool {
	for range ports.ByName(name) {
		return true
	}
	return false
}

// protocolsOf lists the protocols the name has records on, in protocol
// order; name-only records, which count for every protocol, add none.
func protocolsOf(name string) []ports.Protocol {
	var has [ports.DCCP + 1]bool
	for s := range ports.ByName(name) {
		has[s.Protocol()] = true
	}
	var out []ports.Protocol
	for _, p := range allProtocols {
		if has[p] {
			out = append(out, p)
		}
	}
	return out
}

// allProtocols are the registry's protocols in the order messages list them.
var allProtocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

// ianaPorts lists, ascending and once each, the ports the registry
// assigns the name on p: its records on p and those on no protocol,
// which count for every protocol as in Lookup. A range counts as its
// first port, the one LookupPort answers for it.
func ianaPorts(name string, p ports.Protocol) []uint16 {
	var out []uint16
	for s := range ports.ByName(name) {
		if s.HasPort() && (s.Protocol() == p || s.Protocol() == ports.NoProtocol) {
			out = append(out, s.Port())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
