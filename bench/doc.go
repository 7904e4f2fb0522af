// Package bench compares the ports package's look-ups with the floor of
// a name look-up (floor_test.go) and with the obvious alternatives:
// maps, a sorted slice, maps by port, and net.LookupPort. It lives
// outside ports so that its baselines do not slow `go test ./ports`. It
// holds no API; see bench_test.go and run.sh, which runs the
// implementations in rounds and prints the median of the per-round
// ratios (bench/internal/rounds):
//
//	bench/run.sh
//
// budget_test.go holds ports to its binary-size budgets with the
// programs of scripts/sizeprobe/ (with IANAPORTS_LONG=1: it builds six
// binaries).
package bench
