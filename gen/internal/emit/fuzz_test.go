package emit

// FuzzTables takes a registry document and an overlay, both mutated by
// the fuzzer, through the parser, the overlay reader and the emitter's
// in-memory tables, and checks every name look-up, ByName and ByPort
// answer of the Go mirror of the API (mirror.go) against slowRef, plain
// loops over the parsed records. No package is compiled per input;
// TestCorpusPackages compiles the committed corpus.
//
//	go test -run '^$' -fuzz '^FuzzTables$' -fuzztime 60s ./gen/internal/emit/

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit/overlayref"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// slowRef answers the look-ups from the records, IANA's then the local
// ones (from nReg on), by the API's documented rules written out.
type slowRef struct {
	recs []registry.Record
	nReg int
}

// newSlowRef parses a registry and an overlay as the generator does, and
// reads the overlay a second way (overlayref), which must agree. ok is
// false when the input is refused.
func newSlowRef(t *testing.T, xml, overlay []byte) (*slowRef, *registry.Registry, *Overlay, bool) {
	reg, err := registry.ParseBytes("fuzz.xml", xml)
	if err != nil {
		return nil, nil, nil, false
	}
	var ov *Overlay
	if len(overlay) > 0 {
		if ov, err = ParseOverlay("fuzz.services", overlay); err != nil {
			return nil, nil, nil, false
		}
		ref := overlayref.Read(overlay)
		if len(ref) != len(ov.Entries) {
			t.Fatalf("overlay %q: %d entries, overlayref reads %d", overlay, len(ov.Entries), len(ref))
		}
		for i, e := range ref {
			if g := ov.Entries[i]; e.Line != g.Line || e.Name != g.Name || e.Port != g.Port || e.Protocol != g.Protocol || e.Comment != g.Comment {
				t.Fatalf("overlay %q: entry %d is %+v, overlayref reads %+v", overlay, i, g, e)
			}
		}
	}
	r := &slowRef{recs: slices.Clone(reg.Records), nReg: len(reg.Records)}
	r.recs = append(r.recs, overlayref.Records(overlayref.Read(overlay))...)
	return r, reg, ov, true
}

var refProto = map[string]int{"": 0, "tcp": 1, "udp": 2, "sctp": 3, "dccp": 4}

func (r *slowRef) on(i, proto int) bool {
	p := refProto[r.recs[i].Protocol]
	return p == 0 || p == proto
}

// lookup: among the name's records on proto (or on none), a local one;
// else one with a port over one without, then the lowest port, then the
// earliest.
func (r *slowRef) lookup(name string, proto int) int {
	best := -1
	for i := range r.recs {
		c := &r.recs[i]
		if c.Name == "" || !registry.EqualFoldName(c.Name, name) || !r.on(i, proto) {
			continue
		}
		if i >= r.nReg {
			return i
		}
		if best < 0 {
			best = i
			continue
		}
		b := &r.recs[best]
		if c.HasNumber && !b.HasNumber || c.HasNumber && b.HasNumber && c.Lo < b.Lo {
			best = i
		}
	}
	return best
}

// spelling is how Name reads a name back: as its first record spells
// it. The registry spells each name one way (the parser refuses names
// that differ only in case); a local name spelled otherwise than IANA's,
// or than an earlier local one, is that name.
func (r *slowRef) spelling(name string) string {
	for i := range r.recs {
		if n := r.recs[i].Name; n != "" && registry.EqualFoldName(n, name) {
			return n
		}
	}
	return name
}

func (r *slowRef) byName(name string) []int {
	var out []int
	for i := range r.recs {
		if n := r.recs[i].Name; n != "" && registry.EqualFoldName(n, name) {
			out = append(out, i)
		}
	}
	return out
}

func (r *slowRef) byPort(port, proto int) []int {
	var out []int
	for i := range r.recs {
		if c := &r.recs[i]; c.HasNumber && c.Lo <= port && port <= c.Hi && r.on(i, proto) {
			out = append(out, i)
		}
	}
	return out
}

// portRange lists the records overlapping lo-hi on proto (0: any), by
// first port, then index.
func (r *slowRef) portRange(lo, hi, proto int) []int {
	var out []int
	for i := range r.recs {
		if c := &r.recs[i]; c.HasNumber && c.Lo <= hi && c.Hi >= lo && (proto == 0 || r.on(i, proto)) {
			out = append(out, i)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return r.recs[out[a]].Lo < r.recs[out[b]].Lo })
	return out
}

// primary is Primary: of the assignments covering port on proto, the
// first local one, else package primary's pick of the registry's.
func (r *slowRef) primary(port, proto int) int {
	var idx []int
	var rows []primary.Row
	for _, i := range r.byPort(port, proto) {
		if r.recs[i].Name == "" {
			continue
		}
		if i >= r.nReg {
			return i
		}
		idx, rows = append(idx, i), append(rows, xmlrow.FromRecord(&r.recs[i]))
	}
	if b := primary.Pick(rows); b >= 0 {
		return idx[b]
	}
	return -1
}

// status is PortStatus: assigned, else reserved, else dynamic from
// 49152, else unassigned (the API's Status numbers, Dynamic 4).
func (r *slowRef) status(port, proto int) int {
	st := statusUnassigned
	if port >= 49152 {
		st = 4
	}
	for _, i := range r.byPort(port, proto) {
		c := &r.recs[i]
		switch {
		case c.Name != "":
			return statusAssigned
		case !registry.EqualFoldName(strings.Trim(c.Description.Plain(), " \t\r\n"), "unassigned"):
			st = statusReserved
		}
	}
	return st
}

// queries are the names to look up: every name in four spellings, and
// near misses.
func (r *slowRef) queries() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add("")
	for i := range r.recs {
		n := r.recs[i].Name
		if n == "" {
			continue
		}
		up, flip := []byte(n), []byte(n)
		for j, c := range up {
			if 'a' <= c && c <= 'z' {
				up[j] -= 0x20
			}
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				flip[j] ^= 0x20
			}
		}
		add(n)
		add(registry.FoldName(n))
		add(string(up))
		add(string(flip))
		add(n + "x")
		add(n[:len(n)-1])
		add(n + "\x00")
		// A byte 0x20 away that is no letter: the hash folds it, the
		// comparison must not.
		for j := 0; j < len(n); j++ {
			if c := n[j] | 0x20; c < 'a' || c > 'z' {
				add(n[:j] + string([]byte{n[j] ^ 0x20}) + n[j+1:])
				break
			}
		}
	}
	return out
}

// boundaries are the ports where the answers can change: each record's
// first and last port and their neighbours, and the ends of the space.
func (r *slowRef) boundaries() []int {
	set := map[int]bool{0: true, 65535: true, 49151: true, 49152: true}
	for i := range r.recs {
		if c := &r.recs[i]; c.HasNumber {
			for _, p := range []int{c.Lo - 1, c.Lo, c.Hi, c.Hi + 1} {
				if p >= 0 && p <= 65535 {
					set[p] = true
				}
			}
		}
	}
	var out []int
	for p := range set {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

// checkMirror builds the tables and compares every answer of the mirror
// with the reference.
func checkMirror(t *testing.T, r *slowRef, reg *registry.Registry, ov *Overlay) {
	tb, err := build(reg, ov.records(), defaultLimits)
	if err != nil {
		// Refused by the emitter (a date it cannot pack, too many
		// people, no perfect hash): an error is the right answer.
		return
	}
	if tb.nRec != len(r.recs) || tb.nReg != r.nReg {
		t.Fatalf("tables hold %d records (%d the registry's), the reference %d (%d)", tb.nRec, tb.nReg, len(r.recs), r.nReg)
	}
	if _, err := tb.render(reg, Config{Package: "ports", Overlay: ov}); err != nil {
		t.Fatalf("tables.go: %v", err)
	}
	for _, q := range r.queries() {
		if got, want := tb.namesOf(q), r.byName(q); !slices.Equal(got, want) {
			t.Fatalf("ByName(%q) = %v, want %v", q, got, want)
		}
		for proto := 1; proto <= numProtocols; proto++ {
			got, ok := tb.lookup(q, proto)
			if want := r.lookup(q, proto); got != want || ok != (want >= 0) {
				t.Fatalf("Lookup(%q, %d) = %d, %v; want %d", q, proto, got, ok, want)
			}
		}
	}
	for _, port := range r.boundaries() {
		for proto := 1; proto <= numProtocols; proto++ {
			if got, want := tb.portsOf(port, proto), r.byPort(port, proto); !slices.Equal(got, want) {
				t.Fatalf("ByPort(%d, %d) = %v, want %v", port, proto, got, want)
			}
			if got, want := tb.primaryOf(port, proto), r.primary(port, proto); got != want {
				t.Fatalf("Primary(%d, %d) = %d, want %d", port, proto, got, want)
			}
		}
	}
}

// fuzzExcerpts cuts small registries out of a real one: its header, a
// run of consecutive records, the end tag (the people list left out, so
// their references are to unlisted ids). A fixed version, so that the
// seeds stay the same when data/ is updated.
func fuzzExcerpts(tb testing.TB) [][]byte {
	data := fixture.Read(tb, fixture.Registry20260424)
	var out [][]byte
	n := len(splitRecords(data))
	for _, at := range []struct{ from, n int }{{0, 12}, {270, 8}, {5210, 10}, {n - 10, 9}} {
		out = append(out, excerpt(data, func(i int, _ []byte) bool { return at.from <= i && i < at.from+at.n }))
	}
	return out
}

// splitRecords cuts a registry document's records out, each from
// "<record" to its "</record>", and returns them after the document's
// head (everything before the first record).
func splitRecords(data []byte) (recs [][]byte) {
	first := bytes.Index(data, []byte("<record"))
	return bytes.SplitAfter(data[first:bytes.Index(data, []byte("<people>"))], []byte("</record>"))
}

// excerpt is a registry document of data's head and the records keep
// keeps (i is a record's position), without the people list, so that
// their references are to unlisted ids.
func excerpt(data []byte, keep func(i int, record []byte) bool) []byte {
	var b bytes.Buffer
	b.Write(data[:bytes.Index(data, []byte("<record"))])
	for i, r := range splitRecords(data) {
		if keep(i, r) {
			b.Write(r)
		}
	}
	b.WriteString("\n</registry>\n")
	return b.Bytes()
}

// fuzzOverlays are overlays for the seeds: the fixture's, and a small
// one touching names every seed has or lacks.
func fuzzOverlays(tb testing.TB) [][]byte {
	fix, err := os.ReadFile(fixtureOverlay)
	if err != nil {
		tb.Fatal(err)
	}
	return [][]byte{nil, fix, []byte("http 8080/tcp www\ntcpmux 2/udp\nx 1/sctp X\n# c\ny 65535/dccp # d\n")}
}

// fuzzSeeds are FuzzTables's seeds: the registries of testdata/ok, the
// fixture and excerpts of the pinned registry, each with an overlay.
// Every one is accepted: the fuzzer starts from tables, not refusals.
func fuzzSeeds(tb testing.TB) []corpusInput {
	ok, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "ok", "*.xml"))
	if err != nil || len(ok) == 0 {
		tb.Fatalf("no testdata/ok registries: %v", err)
	}
	var seeds []corpusInput
	for _, name := range append(ok, fixtureXML) {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, corpusInput{from: name, xml: data})
	}
	for i, x := range fuzzExcerpts(tb) {
		seeds = append(seeds, corpusInput{from: fmt.Sprintf("excerpt %d of the pinned registry", i), xml: x})
	}
	overlays := fuzzOverlays(tb)
	for i := range seeds {
		seeds[i].overlay = overlays[i%len(overlays)]
		reg, err := registry.ParseBytes("seed.xml", seeds[i].xml)
		if err != nil {
			tb.Fatalf("seed %s: %v", seeds[i].from, err)
		}
		o, err := ParseOverlay("seed.services", seeds[i].overlay)
		if err != nil {
			tb.Fatalf("seed %s: %v", seeds[i].from, err)
		}
		if _, err := build(reg, o.records(), defaultLimits); err != nil {
			tb.Fatalf("seed %s: %v", seeds[i].from, err)
		}
	}
	return seeds
}

func FuzzTables(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s.xml, s.overlay)
	}
	f.Fuzz(func(t *testing.T, xml, overlay []byte) {
		if len(xml) > 1<<16 || len(overlay) > 1<<12 {
			t.Skip()
		}
		r, reg, ov, ok := newSlowRef(t, xml, overlay)
		if !ok {
			return
		}
		checkMirror(t, r, reg, ov)
	})
}
