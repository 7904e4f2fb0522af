// Package bench compares the ports package's look-ups with the obvious
// alternatives: maps, a generated switch, a sorted slice, a map by
// port, and net.LookupPort. It lives outside ports so that its heavy
// baselines (the generated switch takes seconds to compile) do not slow
// `go test ./ports`. It holds no API; see bench_test.go and run.sh.
//
// Run the suite, with benchstat comparing implementations side by side:
//
//	bench/run.sh
package bench

//go:generate go run ./internal/genswitch -o switch_gen.go
