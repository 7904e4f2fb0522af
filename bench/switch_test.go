//go:build benchswitch

package bench

import "testing"

// The generated switch (switch_gen.go, written by bench/run.sh with
// go run ./bench/internal/genswitch and passed to go test with -overlay)
// joins the name benchmarks and the agreement tests.
func init() {
	switchImpl = &nameImpl{"switch", switchLookup}
	switchBench = func(b *testing.B, keys []nameKey) {
		mask := len(keys) - 1
		n := 0
		for i := 0; i < b.N; i++ {
			k := keys[i&mask]
			if port, ok := switchLookup(k.name, k.proto); ok {
				n += int(port) + 1
			}
		}
		sink = n
	}
}

// TestSwitchSize checks the switch holds every registered name.
func TestSwitchSize(t *testing.T) {
	if switchNames != len(baselines().sorted) {
		t.Fatalf("switch has %d names, the registry %d", switchNames, len(baselines().sorted))
	}
}
