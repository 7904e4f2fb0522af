package main

import (
	"strings"
	"testing"
)

// The input has three rounds. In the first two ports and the floor slow
// down together (a load that came and went): the ratio is 1.1 in both.
// In the third, load hit the floor's run alone: its ratio is 0.29, the
// median of the ratios stays 1.1, where the ratio of the medians would
// be 11/20 = 0.55. Lines of other shapes and a benchmark without an
// impl are left out, and the map, missing from round 3, has two ratios.
const input = `loadavg: 0.50 0.40 0.30 1/200 1
goos: linux
BenchmarkLookupHit/impl=ports-2   	100	        11.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkLookupHit/impl=floor-2   	100	        10.0 ns/op
BenchmarkLookupHit/impl=map-2     	100	        40.0 ns/op
BenchmarkLookupHit/impl=ports-2   	100	        22.0 ns/op
BenchmarkLookupHit/impl=floor-2   	100	        20.0 ns/op
BenchmarkLookupHit/impl=map-2     	100	        20.0 ns/op
BenchmarkOther-2                  	100	         1.0 ns/op
BenchmarkLookupHit/impl=ports-2   	100	         8.8 ns/op
BenchmarkLookupHit/impl=floor-2   	100	        30.0 ns/op
PASS
loadavg: 2.50 1.40 0.90 3/200 9
`

func TestMedianOfRoundRatios(t *testing.T) {
	s, err := parse(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ratios("LookupHit", "floor"); len(got) != 3 || median(got) != 1.1 {
		t.Errorf("ports/floor ratios %v, want three of median 1.1", got)
	}
	if got := s.ratios("LookupHit", "map"); len(got) != 2 {
		t.Errorf("ports/map ratios %v, want the two rounds that have both", got)
	}
	var b strings.Builder
	report(&b, s)
	out := b.String()
	for _, want := range []string{
		"before 0.50 0.40 0.30 1/200 1; after 2.50 1.40 0.90 3/200 9",
		"target <= 1.25x: met",
		"floor        20.00 ns/op (median of 3 rounds)   ports/floor 1.10x (rounds 0.29-1.10)",
		"ports/map 0.69x (rounds 0.28-1.10)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Other") {
		t.Errorf("report shows a benchmark without an impl:\n%s", out)
	}
}

func TestSmallRatios(t *testing.T) {
	for r, want := range map[float64]string{0.00022: "0.00022", 0.064: "0.064", 0.1: "0.10", 1.253: "1.25"} {
		if got := ratio(r); got != want {
			t.Errorf("ratio(%v) = %q, want %q", r, got, want)
		}
	}
}

func TestTargetMissed(t *testing.T) {
	s, err := parse(strings.NewReader("BenchmarkByPort/impl=ports 1 4 ns/op\nBenchmarkByPort/impl=map 1 10 ns/op\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	report(&b, s)
	if !strings.Contains(b.String(), "ports/map 0.40x (rounds 0.40-0.40)   target <= 0.30x: MISSED") {
		t.Errorf("a ratio over its target is not marked:\n%s", b.String())
	}
}
