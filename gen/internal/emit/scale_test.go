package emit

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcreg/ianaports/gen/internal/synth"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

var scaleFactors = []float64{1, 4, 16}

// scaleKeys returns the lower-cased service names of a synthetic registry
// factor times the real one, in first-use order, as build hashes them.
func scaleKeys(tb testing.TB, factor float64) []string {
	tb.Helper()
	model, err := synth.Real()
	if err != nil {
		tb.Fatalf("the model registry (data/service-names-port-numbers.xml) is needed: %v", err)
	}
	reg, err := synth.Synthesize(model, factor, 1)
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[string]bool{}
	var keys []string
	for i := range reg.Records {
		if n := reg.Records[i].Name; n != "" {
			k := registry.FoldName(n)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// checkPerfect proves h places every key in its own slot, found the way
// the emitted package looks names up.
func checkPerfect(tb testing.TB, h *phash, keys []string) {
	tb.Helper()
	for i, k := range keys {
		x := hashName(k, h.seed)
		s := slotOf(x, h.disp[x>>(64-h.bucketBits)], h.slotBits)
		if h.slots[s] != i {
			tb.Fatalf("key %q (%d) hashes to slot %d, which holds key %d", k, i, s, h.slots[s])
		}
	}
}

// TestScaleBuildHash builds the perfect hash of synthetic registries of
// 1, 4 and 16 times the real one and checks it is perfect. It logs the
// time, and scripts/scale.sh holds it to the 1 s budget at 16x; the test
// itself asserts nothing about time.
func TestScaleBuildHash(t *testing.T) {
	for _, f := range scaleFactors {
		keys := scaleKeys(t, f)
		// Best of three, so that a scheduling hiccup on a shared machine
		// does not decide the budget.
		var best time.Duration
		var h *phash
		for run := 0; run < 3; run++ {
			start := time.Now()
			var fail *hashFailure
			h, fail = buildHash(keys, defaultLimits)
			d := time.Since(start)
			if fail != nil {
				t.Fatalf("%gx: %s", f, fail.describe(len(keys), defaultLimits, func(k int) string { return keys[k] }))
			}
			if run == 0 || d < best {
				best = d
			}
		}
		checkPerfect(t, h, keys)
		t.Logf("buildHash %gx: %d names, %d slots (load %.1f%%), %d buckets, seed %d, %.1f ms",
			f, len(keys), len(h.slots), 100*float64(len(keys))/float64(len(h.slots)), len(h.disp), h.seed,
			float64(best.Microseconds())/1000)
	}
}

func BenchmarkBuildHash(b *testing.B) {
	for _, f := range scaleFactors {
		b.Run(fmt.Sprintf("%gx", f), func(b *testing.B) {
			keys := scaleKeys(b, f)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, fail := buildHash(keys, defaultLimits); fail != nil {
					b.Fatal("no perfect hash")
				}
			}
			b.ReportMetric(float64(len(keys)), "names")
		})
	}
}

// BenchmarkRender times Render on the pinned registry, and the writing
// of tables.go alone (source and go/format, the tables built once).
func BenchmarkRender(b *testing.B) {
	reg, err := registry.ParseFile(fixture.Pinned(b), registry.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Render(reg, Config{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tables", func(b *testing.B) {
		tb, err := build(reg, nil, defaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := tb.render(reg, Config{Package: "ports", Command: "go run ./gen"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestScalePhases splits the generator's time into parse, build (tables
// in Go values) and render (ports.go and tables.go source) on synthetic
// registries of the sizes listed in SCALE_PHASES ("1 4"); without it the
// test is skipped. scripts/scale.sh runs it.
func TestScalePhases(t *testing.T) {
	env := os.Getenv("SCALE_PHASES")
	if env == "" {
		t.Skip("set SCALE_PHASES to the sizes to split, e.g. SCALE_PHASES='1 4'")
	}
	model, err := synth.Real()
	if err != nil {
		t.Fatal(err)
	}
	for _, fs := range strings.Fields(env) {
		f, err := strconv.ParseFloat(fs, 64)
		if err != nil {
			t.Fatalf("SCALE_PHASES: %v", err)
		}
		var xml bytes.Buffer
		if err := synth.GenerateFrom(&xml, model, f, 1); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		reg, err := registry.ParseBytes("synthetic.xml", xml.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		parse := time.Since(start)
		xml = bytes.Buffer{}
		start = time.Now()
		if _, err := build(reg, nil, defaultLimits); err != nil {
			t.Fatalf("%gx: build: %v", f, err)
		}
		buildT := time.Since(start)
		start = time.Now()
		if _, err := Render(reg, Config{Package: "ports"}); err != nil {
			t.Fatalf("%gx: Render: %v", f, err)
		}
		// Render builds the tables again; count that time once.
		render := time.Since(start) - buildT
		t.Logf("phases %gx: %d records: parse %.2f s, build %.2f s, render %.2f s",
			f, len(reg.Records), parse.Seconds(), buildT.Seconds(), render.Seconds())
	}
}
