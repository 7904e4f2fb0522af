package bench

import (
	"iter"
	"sort"
	"sync"

	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

// The baselines. Each answers what ports answers for the same question
// (the tests in bench_test.go prove it over every key), built once from
// ports.All() and ports.Lookup before any timer starts.

type exactKey struct {
	name  string
	proto ports.Protocol
}

type baselineSet struct {
	// exact maps (name as registered, protocol) to what ports.Lookup
	// returns, for every name on every protocol Lookup finds it on. It
	// cannot fold case: "HTTP" misses.
	exact map[exactKey]ports.Service

	// fold maps a lower-cased name to its record on each protocol
	// (index protocol-1; the zero Service where there is none).
	fold map[string][4]ports.Service

	// sorted holds the lower-cased names in order, sortedRecs their
	// records as in fold.
	sorted     []string
	sortedRecs [][4]ports.Service

	// portKeys maps port<<8|protocol to the Index of each record
	// ports.ByPort(port, protocol) yields, for the (port, protocol)
	// pairs the benchmark asks about only.
	portKeys map[uint32][]int32

	// primary maps port<<8|protocol to the Index of the record
	// ports.Primary answers, for the pairs the benchmark asks about that
	// have one.
	primary map[uint32]int32

	maxLen int // the longest registered name
}

var (
	baseOnce     sync.Once
	theBase      *baselineSet
	portFullOnce sync.Once
	thePortFull  map[uint32][]int32
	primFullOnce sync.Once
	thePrimFull  map[uint32]int32
)

func baselines() *baselineSet {
	baseOnce.Do(func() { theBase = buildBaselines() })
	return theBase
}

func buildBaselines() *baselineSet {
	bs := &baselineSet{
		exact:    map[exactKey]ports.Service{},
		fold:     map[string][4]ports.Service{},
		portKeys: map[uint32][]int32{},
		primary:  map[uint32]int32{},
	}
	for s := range ports.All() {
		n := s.Name()
		if n == "" {
			continue
		}
		bs.maxLen = max(bs.maxLen, len(n))
		l := registry.FoldName(n)
		var recs [4]ports.Service
		for p := ports.TCP; p <= ports.DCCP; p++ {
			if r, ok := ports.Lookup(n, p); ok {
				bs.exact[exactKey{n, p}] = r
				recs[p-1] = r
			}
		}
		bs.fold[l] = recs
	}
	for l := range bs.fold {
		bs.sorted = append(bs.sorted, l)
	}
	sort.Strings(bs.sorted)
	for _, l := range bs.sorted {
		bs.sortedRecs = append(bs.sortedRecs, bs.fold[l])
	}
	for _, k := range keys().byPort {
		bs.portKeys[portMapKey(k.port, k.proto)] = indexes(ports.ByPort(k.port, k.proto))
		if s, ok := ports.Primary(k.port, k.proto); ok {
			bs.primary[portMapKey(k.port, k.proto)] = int32(s.Index())
		}
	}
	return bs
}

// indexes collects the Index of every record seq yields.
func indexes(seq iter.Seq[ports.Service]) []int32 {
	var xs []int32
	for s := range seq {
		xs = append(xs, int32(s.Index()))
	}
	return xs
}

// portFull is portKeys for every port on every protocol (262144
// entries), as a map would have to hold to answer any question ByPort
// answers. It is built on first use only, so that it is not on the heap
// while the name benchmarks run.
func portFull() map[uint32][]int32 {
	portFullOnce.Do(func() {
		m := make(map[uint32][]int32, 4<<16)
		for port := 0; port <= 0xFFFF; port++ {
			for p := ports.TCP; p <= ports.DCCP; p++ {
				m[portMapKey(uint16(port), p)] = indexes(ports.ByPort(uint16(port), p))
			}
		}
		thePortFull = m
	})
	return thePortFull
}

// primaryFull maps port<<8|protocol to the Index of Primary's answer for
// every port and protocol that has one, as a map answering any question
// Primary answers must. Built on first use only.
func primaryFull() map[uint32]int32 {
	primFullOnce.Do(func() {
		m := map[uint32]int32{}
		for port := 0; port <= 0xFFFF; port++ {
			for p := ports.TCP; p <= ports.DCCP; p++ {
				if s, ok := ports.Primary(uint16(port), p); ok {
					m[portMapKey(uint16(port), p)] = int32(s.Index())
				}
			}
		}
		thePrimFull = m
	})
	return thePrimFull
}

func portMapKey(port uint16, p ports.Protocol) uint32 { return uint32(port)<<8 | uint32(p) }

func (bs *baselineSet) exactLookup(name string, p ports.Protocol) (ports.Service, bool) {
	s, ok := bs.exact[exactKey{name, p}]
	return s, ok
}

// lowerInto writes name, ASCII-lower-cased, to the start of buf; the
// caller has checked that it fits.
func lowerInto(buf *[64]byte, name string) {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
}

// foldLookup lower-cases name into a stack buffer and indexes the map
// with string(buf[:n]), which Go does not allocate for.
func (bs *baselineSet) foldLookup(name string, p ports.Protocol) (ports.Service, bool) {
	var buf [64]byte
	if len(name) > bs.maxLen || len(name) > len(buf) || uint(p)-1 >= 4 {
		return ports.Service{}, false
	}
	lowerInto(&buf, name)
	recs, ok := bs.fold[string(buf[:len(name)])]
	if !ok {
		return ports.Service{}, false
	}
	s := recs[p-1]
	return s, s != ports.Service{}
}

// sortLookup lower-cases name into a stack buffer and binary-searches
// the sorted names with sort.Search.
func (bs *baselineSet) sortLookup(name string, p ports.Protocol) (ports.Service, bool) {
	var buf [64]byte
	if len(name) > bs.maxLen || len(name) > len(buf) || uint(p)-1 >= 4 {
		return ports.Service{}, false
	}
	lowerInto(&buf, name)
	key := buf[:len(name)]
	names := bs.sorted
	i := sort.Search(len(names), func(i int) bool { return names[i] >= string(key) })
	if i == len(names) || names[i] != string(key) {
		return ports.Service{}, false
	}
	s := bs.sortedRecs[i][p-1]
	return s, s != ports.Service{}
}
