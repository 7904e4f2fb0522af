// Command scaleprobe measures look-up speed of the ports package it is
// built against; scripts/scale.sh builds it against synthetic registries
// of several sizes with -overlay. It prints one line a benchmark:
//
//	name ns/op
//
// "hot" benchmarks repeat one key (the tables' cache lines stay warm);
// "spread" ones walk every name or every port in a shuffled order, so
// that each look-up touches cold lines once the tables outgrow the
// caches.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"github.com/svcreg/ianaports/ports"
)

var sink int

// missName is a variable so that portsvet, which checks constant names,
// does not report the miss this benchmark makes on purpose.
var missName = "no-such-service"

func main() {
	testing.Init()
	runs := flag.Int("runs", 3, "runs of each benchmark; the median is printed")
	flag.Parse()

	seen := map[string]bool{}
	var names []string
	for s := range ports.All() {
		if n := s.Name(); n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	portSeq := make([]uint16, 1<<16)
	for i := range portSeq {
		portSeq[i] = uint16(i)
	}
	rng.Shuffle(len(portSeq), func(i, j int) { portSeq[i], portSeq[j] = portSeq[j], portSeq[i] })
	// The hot name: the first 8-byte name in registry order, so that
	// registries of every size hash a name of the same length.
	hot := names[0]
	for s := range ports.All() {
		if len(s.Name()) == 8 {
			hot = s.Name()
			break
		}
	}
	hotPort := uint16(80)
	perPort := 0
	for _, p := range portSeq {
		for range ports.ByPort(p, ports.TCP) {
			perPort++
		}
	}

	benches := []struct {
		name string
		fn   func(b *testing.B)
	}{
		{"Lookup/hot", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, _ := ports.Lookup(hot, ports.TCP)
				sink += s.Index()
			}
		}},
		{"Lookup/spread", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, _ := ports.Lookup(names[i%len(names)], ports.TCP)
				sink += s.Index()
			}
		}},
		{"Lookup/miss", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_, ok := ports.Lookup(missName, ports.TCP)
				if ok {
					sink++
				}
			}
		}},
		{"ByPort/hot", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for s := range ports.ByPort(hotPort, ports.TCP) {
					sink += s.Index()
				}
			}
		}},
		{"ByPort/spread", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for s := range ports.ByPort(portSeq[i&0xFFFF], ports.TCP) {
					sink += s.Index()
				}
			}
		}},
		{"ByPort+Name/spread", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for s := range ports.ByPort(portSeq[i&0xFFFF], ports.TCP) {
					sink += len(s.Name())
				}
			}
		}},
	}
	fmt.Printf("# records %d, names %d, registry %s, hot name %q, %.2f records a port on tcp\n",
		ports.NumRecords, len(names), ports.RegistryUpdated, hot, float64(perPort)/float64(len(portSeq)))
	for _, bm := range benches {
		var ns []float64
		for r := 0; r < *runs; r++ {
			res := testing.Benchmark(bm.fn)
			if res.N == 0 {
				fmt.Fprintf(os.Stderr, "scaleprobe: %s failed\n", bm.name)
				os.Exit(1)
			}
			ns = append(ns, float64(res.T.Nanoseconds())/float64(res.N))
		}
		sort.Float64s(ns)
		fmt.Printf("%s %.1f\n", bm.name, ns[len(ns)/2])
	}
}
