// Package bench compares the ports package's look-ups with the obvious
// alternatives: maps, a generated switch, a sorted slice, a map by
// port, and net.LookupPort. It lives outside ports so that its baselines
// do not slow `go test ./ports`. It holds no API; see bench_test.go and
// run.sh.
//
// The generated switch (14,700 lines) is not committed: bench/run.sh
// generates it for each run from the ports package and builds it with
// -tags benchswitch, so that go vet ./... and go test ./... never
// compile it. Run the suite, with benchstat comparing implementations
// side by side:
//
//	bench/run.sh
package bench
