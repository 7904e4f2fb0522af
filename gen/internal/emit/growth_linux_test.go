package emit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcreg/ianaports/internal/fixture"
)

// genPeakRSS is the generator's budget of peak RSS on the pinned registry
// (issue 20), and per multiple of its size on a random registry.
const genPeakRSS = 100 << 20

// TestGeneratorGrowth builds the generator and runs it, a process a run,
// on the pinned registry and on random registries (randomRecords, as
// writeRegistry writes them) of 1 to 16 times its record count, logging
// each run's wall time and peak RSS. The pinned run must stay within
// genPeakRSS, and a random registry N times its size within N times that.
//
// GNU time measures the peak, as in docs/perf.md: the rusage of a child
// of this test would count this process's memory too, which Linux
// charges to a child from its fork until its exec.
func TestGeneratorGrowth(t *testing.T) {
	fixture.Long(t)
	if err := exec.Command("/usr/bin/time", "-f", "%M", "true").Run(); err != nil {
		t.Skipf("needs GNU time as /usr/bin/time (Debian package time): %v", err)
	}
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen")
	build := exec.Command("go", "build", "-o", gen, "github.com/svcreg/ianaports/gen")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "p")
	run := func(what, in string, records, budget int) {
		t.Helper()
		peak := filepath.Join(dir, "peak")
		cmd := exec.Command("/usr/bin/time", "-o", peak, "-f", "%M", gen, "-in", in, "-out", out, "-pkg", "p", "-max-size", fmt.Sprint(1<<30))
		start := time.Now()
		msg, err := cmd.CombinedOutput()
		wall := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, msg)
		}
		kib, err := os.ReadFile(peak)
		if err != nil {
			t.Fatal(err)
		}
		rss, err := strconv.Atoi(strings.TrimSpace(string(kib)))
		if err != nil {
			t.Fatalf("GNU time wrote %q: %v", kib, err)
		}
		rss <<= 10
		fi, err := os.Stat(in)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := os.Stat(filepath.Join(out, "tables.go"))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-8s %7d records, XML %5.1f MB: %6.2f s (%5.1f µs a record), peak RSS %6.1f MB, tables.go %5.1f MB",
			what, records, float64(fi.Size())/1e6, wall.Seconds(), float64(wall.Microseconds())/float64(records),
			float64(rss)/1e6, float64(tables.Size())/1e6)
		if rss > budget {
			t.Errorf("%s: peak RSS %.1f MB, over its budget of %.1f MB", what, float64(rss)/1e6, float64(budget)/1e6)
		}
	}
	base := fixture.Pin(t).Records
	run("pinned", fixture.Pinned(t), base, genPeakRSS)
	for _, f := range scaleFactors {
		in := filepath.Join(dir, "random.xml")
		w, err := os.Create(in)
		if err != nil {
			t.Fatal(err)
		}
		err = writeRegistry(w, randomRecords(f*base, 1))
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		run(fmt.Sprintf("random %dx", f), in, f*base, f*genPeakRSS)
	}
}
