// Command rounds reads the output of bench/run.sh, whose rounds run
// each implementation of each benchmark once in turn, and prints for
// every benchmark the median time of each implementation and the median
// of the per-round ratios of ports to each other implementation, with
// the load average run.sh recorded before and after.
//
// A ratio taken within a round compares runs made seconds apart, under
// the same load; the median of those ratios is what the targets of
// issue 18 are stated in, and what the table marks.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// targets are the ratios of ports to a baseline that issue 18 sets.
var targets = map[[2]string]float64{
	{"LookupHit", "floor"}:  1.25,
	{"LookupMiss", "floor"}: 1.25,
	{"ByPort", "map"}:       0.30,
	{"Primary", "map"}:      0.30,
}

// samples holds, per benchmark and implementation, ns/op in round order.
type samples struct {
	benches []string                        // in order of first appearance
	impls   map[string][]string             // per benchmark, in that order
	ns      map[string]map[string][]float64 // benchmark → impl → round → ns/op
	loads   []string                        // the loadavg: lines
}

func parse(r io.Reader) (*samples, error) {
	s := &samples{impls: map[string][]string{}, ns: map[string]map[string][]float64{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if l, ok := strings.CutPrefix(line, "loadavg: "); ok {
			s.loads = append(s.loads, l)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || f[3] != "ns/op" {
			continue
		}
		name, impl, ok := strings.Cut(strings.TrimPrefix(f[0], "Benchmark"), "/impl=")
		if !ok {
			continue
		}
		if i := strings.LastIndexByte(impl, '-'); i >= 0 {
			impl = impl[:i] // the GOMAXPROCS suffix
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", line, err)
		}
		if s.ns[name] == nil {
			s.benches = append(s.benches, name)
			s.ns[name] = map[string][]float64{}
		}
		if s.ns[name][impl] == nil {
			s.impls[name] = append(s.impls[name], impl)
		}
		s.ns[name][impl] = append(s.ns[name][impl], v)
	}
	return s, sc.Err()
}

func median(xs []float64) float64 {
	xs = slices.Sorted(slices.Values(xs))
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// ratios are ports' time over impl's, round by round, for the rounds
// that have both.
func (s *samples) ratios(bench, impl string) []float64 {
	p, b := s.ns[bench]["ports"], s.ns[bench][impl]
	var rs []float64
	for i := 0; i < len(p) && i < len(b); i++ {
		rs = append(rs, p[i]/b[i])
	}
	return rs
}

// ratio prints r with two decimals, or two significant digits below
// 0.1 (ports against net.LookupPort is some 0.0002).
func ratio(r float64) string {
	if r < 0.1 {
		return strconv.FormatFloat(r, 'g', 2, 64)
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

func report(w io.Writer, s *samples) {
	if len(s.loads) > 0 {
		fmt.Fprintf(w, "load average (1, 5, 15 min): before %s; after %s\n\n", s.loads[0], s.loads[len(s.loads)-1])
	}
	for _, bench := range s.benches {
		fmt.Fprintf(w, "%s\n", bench)
		for _, impl := range s.impls[bench] {
			xs := s.ns[bench][impl]
			fmt.Fprintf(w, "  %-8s %9.2f ns/op (median of %d rounds)", impl, median(xs), len(xs))
			if rs := s.ratios(bench, impl); impl != "ports" && len(rs) > 0 {
				m := median(rs)
				fmt.Fprintf(w, "   ports/%s %sx (rounds %s-%s)", impl, ratio(m), ratio(slices.Min(rs)), ratio(slices.Max(rs)))
				if limit, ok := targets[[2]string{bench, impl}]; ok {
					verdict := "met"
					if m > limit {
						verdict = "MISSED"
					}
					fmt.Fprintf(w, "   target <= %.2fx: %s", limit, verdict)
				}
			}
			fmt.Fprintln(w)
		}
	}
}

func main() {
	s, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rounds:", err)
		os.Exit(1)
	}
	if len(s.benches) == 0 {
		fmt.Fprintln(os.Stderr, "rounds: no benchmark lines on standard input")
		os.Exit(1)
	}
	report(os.Stdout, s)
}
