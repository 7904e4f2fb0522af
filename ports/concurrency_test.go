package ports_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/svcreg/ianaports/ports"
)

// TestConcurrentLookups runs every kind of look-up from many goroutines
// at once and compares with the answers of a single goroutine; under
// go test -race it also proves the tables are only ever read.
func TestConcurrentLookups(t *testing.T) {
	all := slices.Collect(ports.All())
	type answer struct {
		byName, byPort  int
		lookup, primary ports.Service
		port            int
	}
	want := make([]answer, len(all))
	for i, s := range all {
		l, _ := ports.Lookup(s.Name(), s.Protocol())
		pr, _ := ports.Primary(s.Port(), s.Protocol())
		p, _ := ports.LookupPort(s.Protocol().String(), s.Name())
		want[i] = answer{count(ports.ByName(s.Name())), count(ports.ByPort(s.Port(), s.Protocol())), l, pr, p}
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(all); i += 3 {
				s := all[i]
				l, _ := ports.Lookup(s.Name(), s.Protocol())
				pr, _ := ports.Primary(s.Port(), s.Protocol())
				p, _ := ports.LookupPort(s.Protocol().String(), s.Name())
				got := answer{count(ports.ByName(s.Name())), count(ports.ByPort(s.Port(), s.Protocol())), l, pr, p}
				if got != want[i] || s.Description() != all[i].Description() {
					t.Errorf("goroutine %d, record %d: %+v, want %+v", g, i, got, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
