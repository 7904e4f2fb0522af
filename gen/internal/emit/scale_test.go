package emit

// The emitter at scale, modelled by random names and ports and nothing
// else: BenchmarkScale builds the perfect hash and the port index of N
// random records, N from 1 to 16 times the pinned registry's record
// count; TestGeneratorGrowth (IANAPORTS_LONG=1, growth_linux_test.go)
// writes the same records as registry XML and runs the generator on them.
//
//	go test -run '^$' -bench '^BenchmarkScale$' -benchmem ./gen/internal/emit/
//	IANAPORTS_LONG=1 go test -run '^TestGeneratorGrowth$' -v ./gen/internal/emit/

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// scaleFactors are the sizes measured, in multiples of the pinned
// registry's record count.
var scaleFactors = []int{1, 2, 4, 8, 16}

// randomRecords returns n records shaped as the registry's mostly are:
// two to a name, TCP and UDP on one port. Every 8th name is a name-only
// row (as DNS-SD names are), every 16th covers a range of 2 to 64 ports.
// Names are 3 to 14 random lower-case letters and digits, ports are
// uniform over 0-65535, so records share ports as they would if the
// registry grew at random. The same n and seed give the same records.
func randomRecords(n int, seed uint64) []registry.Record {
	r := rand.New(rand.NewPCG(seed, 0))
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	seen := map[string]bool{}
	recs := make([]registry.Record, 0, n)
	for k := 0; len(recs) < n; k++ {
		b := []byte{alnum[r.IntN(26)]}
		for range 2 + r.IntN(12) {
			b = append(b, alnum[r.IntN(len(alnum))])
		}
		name := string(b)
		if seen[name] {
			continue
		}
		seen[name] = true
		if k%8 == 7 {
			recs = append(recs, registry.Record{Name: name})
			continue
		}
		lo := r.IntN(65536)
		hi := lo
		if k%16 == 5 {
			hi = min(lo+1+r.IntN(63), 65535)
		}
		number := strconv.Itoa(lo)
		if hi > lo {
			number += "-" + strconv.Itoa(hi)
		}
		for _, p := range []string{"tcp", "udp"}[:min(2, n-len(recs))] {
			recs = append(recs, registry.Record{Name: name, Protocol: p, Number: number, HasNumber: true, Lo: lo, Hi: hi})
		}
	}
	return recs
}

// writeRegistry writes recs as a registry document. Each record gets a
// description, a date and a contact, one person for every 8 records, so
// that a record takes about as many bytes as the pinned registry's.
func writeRegistry(w io.Writer, recs []registry.Record) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "<?xml version='1.0' encoding='UTF-8'?>\n"+
		`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">`+"\n"+
		"  <title>Service Name and Transport Protocol Port Number Registry</title>\n  <updated>2026-01-01</updated>\n")
	for i, r := range recs {
		fmt.Fprintf(bw, "  <record date=\"2026-01-01\">\n    <name>%s</name>\n", r.Name)
		if r.Protocol != "" {
			fmt.Fprintf(bw, "    <protocol>%s</protocol>\n", r.Protocol)
		}
		fmt.Fprintf(bw, "    <description>Random service %d, %s</description>\n", i, r.Name)
		fmt.Fprintf(bw, "    <xref type=\"person\" data=\"Person_%d\"/>\n", i/8)
		if r.HasNumber {
			fmt.Fprintf(bw, "    <number>%s</number>\n", r.Number)
		}
		fmt.Fprint(bw, "  </record>\n")
	}
	fmt.Fprint(bw, "  <people>\n")
	for p := range (len(recs) + 7) / 8 {
		fmt.Fprintf(bw, "    <person id=\"Person_%d\">\n      <name>Person %d</name>\n      <uri>mailto:person%d&amp;example.com</uri>\n      <updated>2026-01-01</updated>\n    </person>\n", p, p, p)
	}
	fmt.Fprint(bw, "  </people>\n</registry>\n")
	return bw.Flush()
}

// BenchmarkScale builds the perfect hash (hash/Nx) and the port index
// (ports/Nx) of randomRecords at each of scaleFactors, and reports the
// names hashed, the byPortPool entries and the most records covering
// one port on one protocol.
func BenchmarkScale(b *testing.B) {
	base := fixture.Pin(b).Records
	for _, f := range scaleFactors {
		reg := &registry.Registry{File: "random.xml", Records: randomRecords(f*base, 1)}
		var keys []string
		for i, r := range reg.Records {
			if i == 0 || r.Name != reg.Records[i-1].Name {
				keys = append(keys, r.Name)
			}
		}
		b.Run(fmt.Sprintf("hash/%dx", f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fail := buildHash(keys, defaultLimits); fail != nil {
					b.Fatal(fail.describe(len(keys), defaultLimits, func(k int) string { return keys[k] }))
				}
			}
			b.ReportMetric(float64(len(keys)), "names")
		})
		b.Run(fmt.Sprintf("ports/%dx", f), func(b *testing.B) {
			b.ReportAllocs()
			var t *tables
			for b.Loop() {
				t = &tables{}
				if err := t.buildPorts(reg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(t.byPort)), "pool")
			b.ReportMetric(float64(t.segMaxCount), "maxcover")
		})
	}
}
