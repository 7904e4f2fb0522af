package bench

import (
	"context"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/svcreg/ianaports/ports"
)

// The keys every benchmark draws from. They are built once per test
// binary from ports.All() (the registry compiled into ports, not a
// copied list), shuffled with a fixed-seed PCG so that no single key
// stays hot and every run sees the same order, and cut to a power of two
// so that the timed loops index them with i&mask and no key repeats.
// The names are copies (see copies): a name ports returns points into
// its tables, which a caller's key does not. Each implementation of one
// benchmark reads the same slice in the same order.

// The PCG seeds. Changing them changes the key order, not the key sets.
const seed1, seed2 = 0x1a4a_5e4e_1ce5, 0x6335

type nameKey struct {
	name  string
	proto ports.Protocol
}

type portKey struct {
	port  uint16
	proto ports.Protocol
}

type netKey struct {
	network, name string
}

type keySet struct {
	hits   []nameKey // registered (name, protocol) pairs, exact case
	misses []nameKey // mutated names and description words, verified absent
	mixed  []nameKey // hits with random case flips
	byPort []portKey // registered (port, protocol) pairs, range ends and insides

	// Before the cut.
	nHits, nMisses, nMixed, nByPort int
	missTooLong                     int // misses longer than any registered name
	missWords                       int // misses that are description words
}

// netKeySet is built apart, and only when asked for, because asking
// net.LookupPort about every registered name takes a while.
type netKeySet struct {
	keys        []netKey // names both net.LookupPort and ports.LookupPort resolve
	n           int      // before the cut
	skipped     int      // registry names net.LookupPort does not know
	disagree    []string // names on which the two answer different ports
	etcServices string   // what /etc/services looks like here
}

var (
	keysOnce    sync.Once
	theKeys     *keySet
	netKeysOnce sync.Once
	theNetKeys  *netKeySet
)

// keys returns the shared key set, building it on first use.
func keys() *keySet {
	keysOnce.Do(func() { theKeys = buildKeys() })
	return theKeys
}

// netKeys returns the LookupPort key set, building it on first use.
func netKeys() *netKeySet {
	netKeysOnce.Do(func() {
		ns := &netKeySet{etcServices: describeEtcServices()}
		var keys []netKey
		keys, ns.skipped, ns.disagree = buildNetKeys()
		ns.n = len(keys)
		r := newRand()
		r.Uint64() // a stream apart from buildKeys'
		ns.keys = cut(r, keys)
		theNetKeys = ns
	})
	return theNetKeys
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(seed1, seed2)) }

// cut shuffles xs and keeps the largest power of two of them, so that
// i&(len-1) indexes them and each key comes once per pass.
func cut[T any](r *rand.Rand, xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	return xs[:1<<(bits.Len(uint(len(xs)))-1)]
}

func isPow2(n int) bool { return n > 0 && n&(n-1) == 0 }

// registered reports whether ports knows name in any case.
func registered(name string) bool {
	for range ports.ByName(name) {
		return true
	}
	return false
}

// registeredPort reports whether a record covers k.
func registeredPort(k portKey) bool {
	for range ports.ByPort(k.port, k.proto) {
		return true
	}
	return false
}

const nameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789-"

// mutate changes name into a name near it: a letter changed, a
// character appended, inserted or dropped.
func mutate(r *rand.Rand, name string) string {
	c := nameAlphabet[r.IntN(len(nameAlphabet))]
	switch k := r.IntN(4); {
	case k == 0 || len(name) < 2: // change one character
		i := r.IntN(len(name))
		for strings.EqualFold(string(c), name[i:i+1]) {
			c = nameAlphabet[r.IntN(len(nameAlphabet))]
		}
		return name[:i] + string(c) + name[i+1:]
	case k == 1: // append
		return name + string(c)
	case k == 2: // insert
		i := r.IntN(len(name))
		return name[:i] + string(c) + name[i:]
	default: // drop one character
		i := r.IntN(len(name))
		return name[:i] + name[i+1:]
	}
}

// flipCase flips the case of each ASCII letter with probability 1/2,
// and of one letter more if that left the name unchanged.
func flipCase(r *rand.Rand, name string) string {
	b := []byte(name)
	var letters []int
	for i, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			letters = append(letters, i)
			if r.IntN(2) == 0 {
				b[i] ^= 0x20
			}
		}
	}
	if string(b) == name && len(letters) > 0 {
		b[letters[r.IntN(len(letters))]] ^= 0x20
	}
	return string(b)
}

func buildKeys() *keySet {
	r := newRand()
	ks := &keySet{}
	maxLen := 0

	// Hits: every distinct (name, protocol) a record registers, as the
	// registry spells the name. Name-only records (NoProtocol) are left
	// out: the keys ask about one protocol each.
	seen := map[nameKey]bool{}
	var hits []nameKey
	for s := range ports.All() {
		if n := s.Name(); n != "" {
			maxLen = max(maxLen, len(n))
		}
		k := nameKey{s.Name(), s.Protocol()}
		if k.name == "" || k.proto == ports.NoProtocol || seen[k] {
			continue
		}
		seen[k] = true
		hits = append(hits, k)
	}
	ks.nHits = len(hits)

	// Misses and mixed case: one per hit, so they share its protocol
	// and length distribution; the misses are near misses, a name with
	// one character changed, appended, inserted or dropped. Then, for
	// every third hit, a miss of another kind: a word of the registry's
	// descriptions that is no name ("server", "Protocol", "ISO-TSAP"),
	// on the protocol of a random hit.
	var misses, mixed []nameKey
	for _, k := range hits {
		m := mutate(r, k.name)
		for registered(m) || m == "" {
			m = mutate(r, m)
		}
		misses = append(misses, nameKey{m, k.proto})
		mixed = append(mixed, nameKey{flipCase(r, k.name), k.proto})
	}
	words := descriptionWords()
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	words = words[:min(len(words), len(hits)/3)]
	for _, w := range words {
		misses = append(misses, nameKey{w, hits[r.IntN(len(hits))].proto})
	}
	for _, k := range misses {
		if len(k.name) > maxLen {
			ks.missTooLong++
		}
	}
	ks.nMisses, ks.nMixed, ks.missWords = len(misses), len(mixed), len(words)

	// Ports: every registered (port, protocol), and for ranges also the
	// last port and one port inside; rows that name no protocol (most
	// Unassigned ranges) on a random protocol.
	seenPort := map[portKey]bool{}
	var byPort []portKey
	addPort := func(port uint16, p ports.Protocol) {
		k := portKey{port, p}
		if !seenPort[k] {
			seenPort[k] = true
			byPort = append(byPort, k)
		}
	}
	for s := range ports.All() {
		if !s.HasPort() {
			continue
		}
		p := s.Protocol()
		if p == ports.NoProtocol {
			p = ports.Protocol(1 + r.IntN(4))
		}
		lo, hi := s.PortRange()
		addPort(lo, p)
		if hi != lo {
			addPort(hi, p)
			addPort(lo+uint16(r.IntN(int(hi-lo)+1)), p)
		}
	}
	ks.nByPort = len(byPort)

	ks.hits = cut(r, copies(hits))
	ks.misses = cut(r, copies(misses))
	ks.mixed = cut(r, copies(mixed))
	ks.byPort = cut(r, byPort)
	return ks
}

// copies gives each key a copy of its name, allocated in the order of
// keys, before they are shuffled: the key sets then lie in memory alike
// (a name ports returns would point into its tables, a miss would lie
// among the attempts discarded while making it), as names a program has
// read, one allocation each.
func copies(keys []nameKey) []nameKey {
	for i := range keys {
		keys[i].name = strings.Clone(keys[i].name)
	}
	return keys
}

// descriptionWords returns, in order of first use, the distinct words
// of 2 to 24 letters, digits and hyphens in the records' descriptions
// that are no registered name in any case.
func descriptionWords() []string {
	seen := map[string]bool{}
	var words []string
	for s := range ports.All() {
		for _, w := range strings.FieldsFunc(s.Description(), func(c rune) bool {
			return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-')
		}) {
			if len(w) < 2 || len(w) > 24 || seen[w] || registered(w) {
				continue
			}
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// buildNetKeys asks net.LookupPort (which reads /etc/services, through
// the C library or Go's own parser) about every registered name on its
// registered TCP or UDP protocol, and keeps the names both resolve.
func buildNetKeys() (keys []netKey, skipped int, disagree []string) {
	seen := map[netKey]bool{}
	for s := range ports.All() {
		if s.Name() == "" || !s.HasPort() || (s.Protocol() != ports.TCP && s.Protocol() != ports.UDP) {
			continue
		}
		k := netKey{s.Protocol().String(), s.Name()}
		if seen[k] {
			continue
		}
		seen[k] = true
		want, err := ports.LookupPort(k.network, k.name)
		if err != nil {
			continue
		}
		got, err := net.LookupPort(k.network, k.name)
		if err != nil {
			skipped++
			continue
		}
		if got != want {
			disagree = append(disagree, fmt.Sprintf("%s/%s: registry %d, net %d", k.name, k.network, want, got))
		}
		keys = append(keys, k)
	}
	sort.Strings(disagree)
	return keys, skipped, disagree
}

func describeEtcServices() string {
	b, err := os.ReadFile("/etc/services")
	if err != nil {
		return fmt.Sprintf("/etc/services: %v (apt-get install netbase provides it)", err)
	}
	entries := 0
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if len(strings.Fields(line)) >= 2 {
			entries++
		}
	}
	return fmt.Sprintf("/etc/services: %d bytes, %d entries", len(b), entries)
}

// netGo is a resolver that skips the C library, so that the benchmark
// can show Go's own /etc/services parser next to whichever
// net.LookupPort picks on this machine.
var netGo = &net.Resolver{PreferGo: true}

func netGoLookupPort(network, service string) (int, error) {
	return netGo.LookupPort(context.Background(), network, service)
}

// TestKeys checks the key sets and logs what they hold.
func TestKeys(t *testing.T) {
	ks := keys()
	ns := netKeys()
	for name, n := range map[string]int{
		"hits": len(ks.hits), "misses": len(ks.misses), "mixed": len(ks.mixed),
		"byPort": len(ks.byPort), "netKeys": len(ns.keys),
	} {
		if name == "netKeys" && n == 0 {
			t.Logf("no name is known to both net.LookupPort and ports; %s", ns.etcServices)
			continue
		}
		if !isPow2(n) {
			t.Errorf("%s: %d keys, not a power of two", name, n)
		}
	}
	if ks.nHits < 10000 || ks.nByPort < 10000 {
		t.Errorf("too few keys from ports.All(): %d hits, %d ports", ks.nHits, ks.nByPort)
	}
	for _, k := range ks.hits {
		s, ok := ports.Lookup(k.name, k.proto)
		if !ok {
			t.Fatalf("hit %q/%v: ports.Lookup misses", k.name, k.proto)
		}
		// A key that pointed into the tables would find its bytes in
		// the cache lines the look-up reads anyway.
		if unsafe.StringData(k.name) == unsafe.StringData(s.Name()) {
			t.Fatalf("hit %q is the table's string, not a copy", k.name)
		}
	}
	for _, k := range ks.misses {
		if registered(k.name) {
			t.Fatalf("miss %q is registered", k.name)
		}
	}
	for _, k := range ks.mixed {
		if _, ok := ports.Lookup(k.name, k.proto); !ok {
			t.Fatalf("mixed %q/%v: ports.Lookup misses", k.name, k.proto)
		}
	}
	for _, k := range ks.byPort {
		if !registeredPort(k) {
			t.Fatalf("ByPort(%d, %v) is empty", k.port, k.proto)
		}
	}
	t.Logf("distinct keys: %d hits, %d misses (%d description words, %d longer than any name), %d mixed-case, %d (port, protocol), %d LookupPort names",
		ks.nHits, ks.nMisses, ks.missWords, ks.missTooLong, ks.nMixed, ks.nByPort, ns.n)
	t.Logf("cut to: %d hits, %d misses, %d mixed-case, %d (port, protocol), %d LookupPort names",
		len(ks.hits), len(ks.misses), len(ks.mixed), len(ks.byPort), len(ns.keys))
	t.Logf("%s; net.LookupPort knows %d of the registry's TCP/UDP names, does not know %d, disagrees on %d",
		ns.etcServices, ns.n, ns.skipped, len(ns.disagree))
	for _, d := range ns.disagree {
		t.Logf("  %s", d)
	}
}
