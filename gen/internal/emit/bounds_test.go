package emit

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

// renderAlloc parses records and renders them, and returns the bytes
// parse and Render allocated and Render's error.
func renderAlloc(t *testing.T, records string) (uint64, error) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Render(registryOf(t, records), Config{})
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// TestPortIndexBounds: the port index stores, per segment and protocol,
// the records covering it, so overlapping ranges multiply. Before its
// bounds, 2,000 random overlapping udp ranges took 1.48 GB and wrote a
// 35 MB tables.go, and 8,000 ran the generator out of memory. Now a
// registry that would pass maxPortCover or maxPortPool is refused, in
// work bounded by the bounds and the input (checked by bytes allocated,
// not by time), naming the record that starts last among those covering
// the segment where the bound is passed.
func TestPortIndexBounds(t *testing.T) {
	record := func(b *strings.Builder, name, proto string, lo, hi int) {
		number := fmt.Sprint(lo)
		if hi > lo {
			number += fmt.Sprintf("-%d", hi)
		}
		fmt.Fprintf(b, "<record><name>%s</name><protocol>%s</protocol><number>%s</number></record>\n", name, proto, number)
	}
	refusal := func(t *testing.T, err error, want string) {
		t.Helper()
		var re *registry.Error
		if !errors.As(err, &re) || !errorForm.MatchString(err.Error()) || !regexp.MustCompile(want).MatchString(err.Error()) {
			t.Fatalf("error %v, want the form file:line: record ...: and %q", err, want)
		}
		t.Log(err)
	}

	t.Run("8000 random udp ranges", func(t *testing.T) {
		var b strings.Builder
		r := rand.New(rand.NewPCG(19, 2))
		for i := range 8000 {
			lo, hi := r.IntN(65536), r.IntN(65536)
			record(&b, fmt.Sprintf("r%d", i), "udp", min(lo, hi), max(lo, hi))
		}
		alloc, err := renderAlloc(t, b.String())
		t.Logf("%d MB allocated", alloc>>20)
		// Parsing and the name and record tables take most of it; the
		// port index stops at the first port past the bound.
		if alloc > 64<<20 {
			t.Errorf("%d MB allocated to refuse 8,000 ranges, want at most 64 MB", alloc>>20)
		}
		// Ranges may start together: the count that passes the bound
		// may pass it by more than one.
		refusal(t, err, fmt.Sprintf(`: 2(5[6-9]|[6-9]\d) records cover ports \d+-\d+/udp, more than the %d the port index holds \(maxPortCover\)$`, maxPortCover))
	})

	t.Run("cover", func(t *testing.T) {
		// maxPortCover ranges over every port fit; one more does not,
		// and the last of them is named.
		var b strings.Builder
		for i := range maxPortCover {
			record(&b, fmt.Sprintf("r%d", i), "tcp", 0, 65535)
		}
		if _, err := Render(registryOf(t, b.String()), Config{}); err != nil {
			t.Fatalf("%d records covering one port: %v", maxPortCover, err)
		}
		record(&b, "last", "tcp", 0, 65535)
		_, err := Render(registryOf(t, b.String()), Config{})
		refusal(t, err, fmt.Sprintf(`: record %d \(line \d+, name "last", number 0-65535, tcp\): %d records cover ports 0-65535/tcp`, maxPortCover+1, maxPortCover+1))
	})

	t.Run("pool", func(t *testing.T) {
		// 250 ranges over every port and single ports one apart: each
		// single port adds a distinct run of 251 records, 4.3 million
		// entries in all, and the run that passes maxPortPool is the one
		// of the single port named.
		var b strings.Builder
		for i := range 250 {
			record(&b, fmt.Sprintf("r%d", i), "tcp", 0, 65535)
		}
		for i := range 17000 {
			record(&b, fmt.Sprintf("s%d", i), "tcp", 2*i+1, 2*i+1)
		}
		alloc, err := renderAlloc(t, b.String())
		t.Logf("%d MB allocated", alloc>>20)
		// The pool itself, 8-byte entries doubled up to the bound (about
		// 100 MB), its 4-byte keys, and the parse.
		if alloc > 192<<20 {
			t.Errorf("%d MB allocated to refuse the pool, want at most 192 MB", alloc>>20)
		}
		refusal(t, err, fmt.Sprintf(`: record \d+ \(line \d+, name "s\d+", number \d+, tcp\): the port index would pass %d entries \(maxPortPool\) at ports \d+-\d+/tcp, covered by 251 records`, maxPortPool))
	})
}
