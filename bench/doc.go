// Package bench compares the ports package's look-ups with the obvious
// alternatives: maps, a sorted slice, a map by port, and net.LookupPort.
// It lives outside ports so that its baselines do not slow `go test
// ./ports`. It holds no API; see bench_test.go and run.sh. Run the suite,
// with benchstat comparing implementations side by side:
//
//	bench/run.sh
//
// budget_test.go holds ports to its binary-size budgets with the
// programs of scripts/sizeprobe/ (with IANAPORTS_LONG=1: it builds six
// binaries).
package bench
