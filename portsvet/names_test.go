package portsvet

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

// editDistances computes, by breadth-first search over single edits,
// the distance from every string over alphabet of up to maxLen bytes
// to every string of up to maxLen+2 bytes: the definition of the
// Damerau-Levenshtein distance (fewest insertions, deletions,
// substitutions and adjacent transpositions), with nothing of the
// dynamic programming it is checked against.
func editDistances(alphabet string, maxLen int) map[[2]string]int {
	limit := maxLen + 2 // room for detours through longer strings
	var all []string
	var grow func(s string)
	grow = func(s string) {
		all = append(all, s)
		if len(s) < limit {
			for _, c := range []byte(alphabet) {
				grow(s + string(c))
			}
		}
	}
	grow("")
	neighbours := func(s string) []string {
		var out []string
		for i := 0; i <= len(s); i++ {
			for _, c := range []byte(alphabet) {
				if len(s) < limit {
					out = append(out, s[:i]+string(c)+s[i:]) // insertion
				}
				if i < len(s) && s[i] != c {
					out = append(out, s[:i]+string(c)+s[i+1:]) // substitution
				}
			}
			if i < len(s) {
				out = append(out, s[:i]+s[i+1:]) // deletion
			}
			if i+1 < len(s) {
				out = append(out, s[:i]+s[i+1:i+2]+s[i:i+1]+s[i+2:]) // transposition
			}
		}
		return out
	}
	dist := make(map[[2]string]int)
	for _, src := range all {
		if len(src) > maxLen {
			continue
		}
		seen := map[string]int{src: 0}
		queue := []string{src}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, n := range neighbours(s) {
				if _, ok := seen[n]; !ok {
					seen[n] = seen[s] + 1
					queue = append(queue, n)
				}
			}
		}
		for dst, d := range seen {
			if len(dst) <= maxLen {
				dist[[2]string{src, dst}] = d
			}
		}
	}
	return dist
}

func TestDamerauLevenshteinAgainstSearch(t *testing.T) {
	maxLen := 4
	if testing.Short() {
		maxLen = 3
	}
	dist := editDistances("abc", maxLen)
	for pair, want := range dist {
		if got := damerauLevenshtein(pair[0], pair[1]); got != want {
			t.Errorf("damerauLevenshtein(%q, %q) = %d, want %d", pair[0], pair[1], got, want)
		}
	}
	// The pair that tells the unrestricted distance from optimal string
	// alignment, which would say 3.
	if dist[[2]string{"ca", "abc"}] != 2 || damerauLevenshtein("ca", "abc") != 2 {
		t.Errorf(`distance("ca", "abc"): search %d, damerauLevenshtein %d, want 2`, dist[[2]string{"ca", "abc"}], damerauLevenshtein("ca", "abc"))
	}
}

// slowNearest is nearestNames written plainly: every name's distance,
// kept when within the bound, the smallest first, registry order within.
func slowNearest(name string) []string {
	type cand struct {
		name     string
		d, order int
	}
	bound := 2
	if len(name) <= 4 {
		bound = 1
	}
	var cands []cand
	seen := map[string]bool{}
	for s := range ports.All() {
		n := strings.ToLower(s.Name())
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if d := damerauLevenshtein(strings.ToLower(name), n); d <= bound {
			cands = append(cands, cand{n, d, len(seen)})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.d - b.d })
	var out []string
	for _, c := range cands {
		if c.d == cands[0].d && len(out) < 3 {
			out = append(out, c.name)
		}
	}
	return out
}

func TestNearestNames(t *testing.T) {
	// Names whose answer was worked out independently of this package
	// (a separate script over data/'s XML): registry order among ties,
	// the bound of 1 for names of 4 bytes, none beyond the bound. The
	// names answered are well-known (0-1023) and come first in registry
	// order, so that no update of the user ports changes the answers.
	for _, c := range []struct {
		name string
		want []string
	}{
		{"xftp", []string{"ftp", "tftp", "sftp"}},
		{"XFTP", []string{"ftp", "tftp", "sftp"}},
		{"microsft-ds", []string{"microsoft-ds"}},
		{"sislog", []string{"syslog"}},
		{"pmap", []string{"epmap", "imap", "pdap"}},
		{"Kerbros", []string{"kerberos"}},
		{"zzzzzzzzqqq", nil},
	} {
		if got := nearestNames(c.name); !slices.Equal(got, c.want) {
			t.Errorf("nearestNames(%q) = %q, want %q", c.name, got, c.want)
		}
	}

	// Every registered name, mangled by one transposition, deletion and
	// insertion, against the plain reference.
	// The reference costs a distance per registered name and probe:
	// sample the names.
	step := 997
	if os.Getenv(fixture.LongEnv) == "1" {
		step = 97
	}
	names := registeredNames()
	if len(names) < 1000 {
		t.Fatalf("registeredNames: %d names", len(names))
	}
	for i := 0; i < len(names); i += step {
		n := names[i]
		var probes []string
		if len(n) >= 3 {
			probes = append(probes, n[:1]+n[2:3]+n[1:2]+n[3:], n[1:])
		}
		probes = append(probes, n+"x", "q"+n)
		for _, q := range probes {
			if registered(q) {
				continue
			}
			if got, want := nearestNames(q), slowNearest(q); !slices.Equal(got, want) {
				t.Errorf("nearestNames(%q) = %q, want %q", q, got, want)
			}
		}
	}
}

func TestRegisteredNames(t *testing.T) {
	names := registeredNames()
	seen := map[string]bool{}
	for _, n := range names {
		if n != registry.FoldName(n) || seen[n] || !registered(n) {
			t.Errorf("registeredNames holds %q: not lower-case, repeated or not registered", n)
		}
		seen[n] = true
	}
	for s := range ports.All() {
		if s.Name() != "" && !seen[registry.FoldName(s.Name())] {
			t.Errorf("registeredNames lacks %q", s.Name())
		}
	}
}

func TestIsDecimal(t *testing.T) {
	// Each agrees with ports.LookupPort, which documents net's rule: a
	// number is read for any network, a name fails on an invalid one.
	for _, s := range []string{"", "0", "80", "+80", "-1", "+", "-", "70000", "99999999999", "8o", "http", "++1", "1-", " 80"} {
		_, err := ports.LookupPort("no-such-network", s)
		if got, want := isDecimal(s), err == nil || errors.Is(err, ports.ErrInvalidPort); got != want {
			t.Errorf("isDecimal(%q) = %v; LookupPort on an unknown network says %v", s, got, err)
		}
	}
}
