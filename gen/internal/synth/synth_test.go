package synth

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

func realModel(t testing.TB) *registry.Registry {
	t.Helper()
	reg, err := Real()
	if err != nil {
		t.Fatalf("the model registry (data/service-names-port-numbers.xml) is needed: %v", err)
	}
	return reg
}

// generate writes and re-parses a synthetic registry, failing the test
// if the parser refuses it.
func generate(t testing.TB, model *registry.Registry, factor float64, seed uint64) (*registry.Registry, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := GenerateFrom(&b, model, factor, seed); err != nil {
		t.Fatalf("GenerateFrom(%g): %v", factor, err)
	}
	reg, err := registry.ParseBytes(fmt.Sprintf("synthetic-%gx.xml", factor), b.Bytes())
	if err != nil {
		t.Fatalf("factor %g: the parser refuses the output: %v", factor, err)
	}
	return reg, b.Bytes()
}

// stats are the distributions synth promises to keep.
type stats struct {
	records, people int
	nameLen         map[int]float64 // per distinct name
	proto           map[string]float64
	nameOnly        float64 // records without a number
	nameless        float64 // Reserved and Unassigned rows
	ranges          float64 // numbered records written as ranges
	rangeLen        map[int]float64
	rangeLenQ       [3]int  // p50, p90, p99 of range lengths
	tcpUDPPair      float64 // names with both a tcp and a udp record
	descLenMean     float64
	descLenQ        [3]int
	legacy          float64 // names outside RFC 6335 syntax
}

func quantiles(xs []int) [3]int {
	sort.Ints(xs)
	var q [3]int
	for i, p := range []float64{0.5, 0.9, 0.99} {
		q[i] = xs[int(p*float64(len(xs)-1))]
	}
	return q
}

func log2Bucket(n int) int { return int(math.Log2(float64(n))) }

func measure(reg *registry.Registry) stats {
	s := stats{records: len(reg.Records), people: len(reg.People),
		nameLen: map[int]float64{}, proto: map[string]float64{}, rangeLen: map[int]float64{}}
	names := map[string]map[string]bool{}
	var numbered int
	var rl, dl []int
	var dsum float64
	for i := range reg.Records {
		r := &reg.Records[i]
		s.proto[r.Protocol]++
		if !r.HasNumber {
			s.nameOnly++
		} else {
			numbered++
			if strings.Contains(r.Number, "-") {
				s.ranges++
				n := r.Hi - r.Lo + 1
				rl = append(rl, n)
				s.rangeLen[log2Bucket(n)]++
			}
		}
		if r.Name == "" {
			s.nameless++
			continue
		}
		k := strings.ToLower(r.Name)
		if names[k] == nil {
			names[k] = map[string]bool{}
			s.nameLen[len(r.Name)]++
			if strings.ContainsAny(r.Name, "_.+/ ") {
				s.legacy++
			}
		}
		names[k][r.Protocol] = true
		d := len(r.Description.Plain())
		dl = append(dl, d)
		dsum += float64(d)
	}
	n := float64(len(reg.Records))
	for k := range s.proto {
		s.proto[k] /= n
	}
	s.nameOnly /= n
	s.nameless /= n
	s.ranges /= float64(numbered)
	for k := range s.rangeLen {
		s.rangeLen[k] /= float64(len(rl))
	}
	s.rangeLenQ = quantiles(rl)
	for _, ps := range names {
		if ps["tcp"] && ps["udp"] {
			s.tcpUDPPair++
		}
	}
	s.tcpUDPPair /= float64(len(names))
	s.legacy /= float64(len(names))
	for k := range s.nameLen {
		s.nameLen[k] /= float64(len(names))
	}
	s.descLenMean = dsum / float64(len(dl))
	s.descLenQ = quantiles(dl)
	return s
}

func fmtMix(m map[string]float64) string {
	var b strings.Builder
	for _, p := range []string{"tcp", "udp", "sctp", "dccp", ""} {
		if p == "" {
			fmt.Fprintf(&b, "none:%.4f", m[p])
		} else {
			fmt.Fprintf(&b, "%s:%.4f ", p, m[p])
		}
	}
	return b.String()
}

// tv is the total variation distance between two distributions.
func tv[K comparable](a, b map[K]float64) float64 {
	d := 0.0
	for k, v := range a {
		d += math.Abs(v - b[k])
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			d += v
		}
	}
	return d / 2
}

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s: synthetic %.4f, real %.4f (tolerance %.4f)", what, got, want, tol)
	}
}

func withinRel(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s: synthetic %.4f, real %.4f (tolerance %.0f%%)", what, got, want, 100*rel)
	}
}

func TestDistributions(t *testing.T) {
	model := realModel(t)
	want := measure(model)
	factors := []float64{1, 2.5, 4}
	if !testing.Short() {
		factors = append(factors, 16)
	}
	for _, f := range factors {
		t.Run(fmt.Sprintf("%gx", f), func(t *testing.T) {
			reg, _ := generate(t, model, f, 1)
			got := measure(reg)
			withinRel(t, "records", float64(got.records), f*float64(want.records), 0.02)
			withinRel(t, "people", float64(got.people), f*float64(want.people), 0.15)
			if d := tv(got.nameLen, want.nameLen); d > 0.02 {
				t.Errorf("name lengths: total variation distance %.4f > 0.02\nsynthetic %v\nreal      %v", d, got.nameLen, want.nameLen)
			}
			if d := tv(got.proto, want.proto); d > 0.01 {
				t.Errorf("protocol mix: total variation distance %.4f > 0.01\nsynthetic %v\nreal      %v", d, got.proto, want.proto)
			}
			within(t, "name-only record fraction", got.nameOnly, want.nameOnly, 0.005)
			within(t, "nameless (Reserved/Unassigned) fraction", got.nameless, want.nameless, 0.005)
			within(t, "range fraction of numbered records", got.ranges, want.ranges, 0.005)
			if d := tv(got.rangeLen, want.rangeLen); d > 0.03 {
				t.Errorf("range lengths (log2 buckets): total variation distance %.4f > 0.03\nsynthetic %v\nreal      %v", d, got.rangeLen, want.rangeLen)
			}
			for i, p := range []string{"p50", "p90", "p99"} {
				withinRel(t, "range length "+p, float64(got.rangeLenQ[i]), float64(want.rangeLenQ[i]), 0.25)
				withinRel(t, "description length "+p, float64(got.descLenQ[i]), float64(want.descLenQ[i]), 0.1)
			}
			within(t, "names with a tcp/udp pair", got.tcpUDPPair, want.tcpUDPPair, 0.01)
			withinRel(t, "mean description length", got.descLenMean, want.descLenMean, 0.03)
			within(t, "legacy-syntax name fraction", got.legacy, want.legacy, 0.005)

			l := Measure(reg)
			if err := l.Check(); err != nil {
				t.Errorf("the synthetic registry exceeds an emitter limit: %v", err)
			}
			// More records on the same 65536 ports: ports are shared by
			// more names, but the real registry's spread is kept.
			if f >= 4 && l.MaxPortCover <= Measure(model).MaxPortCover {
				t.Errorf("max records covering one port %d: want more than the real registry's at %gx", l.MaxPortCover, f)
			}
			t.Logf("%gx vs real: ranges %.4f/%.4f, range length p50/p90/p99 %v/%v, name-only %.4f/%.4f, tcp+udp names %.4f/%.4f, protocols %s/%s, description length mean %.1f/%.1f",
				f, got.ranges, want.ranges, got.rangeLenQ, want.rangeLenQ, got.nameOnly, want.nameOnly, got.tcpUDPPair, want.tcpUDPPair,
				fmtMix(got.proto), fmtMix(want.proto), got.descLenMean, want.descLenMean)
			t.Logf("%gx: %d records, %d names, %d people, max %d records a name, max %d covering one port/protocol, %d segments",
				f, l.Records, l.Names, got.people, l.MaxNameRecords, l.MaxPortCover, l.Segments)
		})
	}
}

// TestRoundTrip checks that Write's XML reads back as Synthesize built it.
func TestRoundTrip(t *testing.T) {
	model := realModel(t)
	mem, err := Synthesize(model, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := generate(t, model, 2, 3)
	if len(parsed.Records) != len(mem.Records) || len(parsed.People) != len(mem.People) {
		t.Fatalf("parsed %d records, %d people; built %d, %d", len(parsed.Records), len(parsed.People), len(mem.Records), len(mem.People))
	}
	for i := range mem.Records {
		a, b := &mem.Records[i], &parsed.Records[i]
		if a.Name != b.Name || a.Protocol != b.Protocol || a.Number != b.Number || a.Lo != b.Lo || a.Hi != b.Hi ||
			a.HasNumber != b.HasNumber || a.Date != b.Date || a.Updated != b.Updated || a.ServiceCode != b.ServiceCode ||
			a.Description.Plain() != b.Description.Plain() || a.Note.Plain() != b.Note.Plain() ||
			a.Unauthorized.Plain() != b.Unauthorized.Plain() ||
			fmt.Sprint(a.Assignee, a.Contact) != fmt.Sprint(b.Assignee, b.Contact) || len(a.Refs) != len(b.Refs) {
			t.Fatalf("record %d differs:\nbuilt  %+v\nparsed %+v", i, *a, *b)
		}
		for j := range a.Refs {
			if a.Refs[j] != b.Refs[j] {
				t.Fatalf("record %d reference %d: built %+v, parsed %+v", i, j, a.Refs[j], b.Refs[j])
			}
		}
	}
	for i := range mem.People {
		a, b := mem.People[i], parsed.People[i]
		a.Line, b.Line = 0, 0
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("person %d: built %+v, parsed %+v", i, a, b)
		}
	}
	for _, w := range parsed.Warnings {
		if !strings.HasPrefix(w.Msg, "legacy service name") && !strings.Contains(w.Msg, "is not in <people>") {
			t.Errorf("unexpected parser warning on line %d: %s", w.Line, w.Msg)
		}
	}
}

func TestDeterministic(t *testing.T) {
	model := realModel(t)
	sum := func(seed uint64) [32]byte {
		var b bytes.Buffer
		if err := GenerateFrom(&b, model, 1.5, seed); err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b.Bytes())
	}
	if sum(9) != sum(9) {
		t.Error("the same seed gave different output")
	}
	if sum(9) == sum(10) {
		t.Error("different seeds gave the same output")
	}
}

func TestSmallFactorAndErrors(t *testing.T) {
	model := realModel(t)
	reg, _ := generate(t, model, 0.25, 1)
	withinRel(t, "records at 0.25x", float64(len(reg.Records)), 0.25*float64(len(model.Records)), 0.1)
	for _, f := range []float64{0, -1, math.NaN(), math.Inf(1), 2000} {
		if err := GenerateFrom(&bytes.Buffer{}, model, f, 1); err == nil {
			t.Errorf("factor %v accepted", f)
		}
	}
	if err := GenerateFrom(&bytes.Buffer{}, &registry.Registry{}, 1, 1); err == nil {
		t.Error("an empty model accepted")
	}
}

// TestNamesUnique checks the case-folded uniqueness the parser enforces
// also holds for Synthesize's in-memory output, and that the names keep
// the model's syntax (only letters and digits are replaced).
func TestNamesUnique(t *testing.T) {
	model := realModel(t)
	reg, err := Synthesize(model, 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, r := range reg.Records {
		if r.Name == "" {
			continue
		}
		k := strings.ToLower(r.Name)
		if n, ok := first[k]; ok && n != r.Name {
			t.Fatalf("names %q and %q differ only by case", n, r.Name)
		}
		first[k] = r.Name
		if len(r.Name) > 63 {
			t.Fatalf("name %q is longer than the emitter's 63 bytes", r.Name)
		}
	}
}
