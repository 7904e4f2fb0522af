package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// The budgets of docs/perf.md: how much ports may add to a stripped
// binary, in bytes, over a baseline program of the same shape. Issue 18
// sets 310,000 and 1,100,000; these keep about 40 KB of room for the
// registry to grow in (measured: 258,048 and 1,060,864 on 2026-08-17's).
const (
	lookupBudget = 300_000   // Lookup, ByPort, Name and Port
	allBudget    = 1_100_000 // every accessor over every record and person
)

// TestBinaryBudgets builds the size probes of scripts/sizeprobe/ stripped, holds
// each probe's growth over its baseline to its budget, and checks that
// the stripped binaries still answer and carry the version banner: the
// linker drops the tables a program does not reach, and these show it
// keeps the ones it does.
func TestBinaryBudgets(t *testing.T) {
	fixture.Long(t)
	root, dir := fixture.Root(t), t.TempDir()
	build := func(probe string) (string, int64) {
		t.Helper()
		bin := filepath.Join(dir, probe)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./scripts/sizeprobe/"+probe)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build ./scripts/sizeprobe/%s: %v\n%s", probe, err, out)
		}
		fi, err := os.Stat(bin)
		if err != nil {
			t.Fatal(err)
		}
		return bin, fi.Size()
	}
	run := func(bin string, args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("%s %s: %v", filepath.Base(bin), strings.Join(args, " "), err)
		}
		return string(out)
	}
	bins := map[string]string{}
	for _, c := range []struct {
		probe, base string
		budget      int64
	}{
		{"lookup", "base", lookupBudget},
		// encoding/json reaches every method of what it marshals: a
		// MarshalJSON on ports.Service would keep every table here.
		{"lookupjson", "basejson", lookupBudget},
		{"all", "allbase", allBudget},
	} {
		bin, size := build(c.probe)
		_, base := build(c.base)
		bins[c.probe] = bin
		growth := size - base
		t.Logf("%s: %d B - %s %d B = %d B growth (budget %d B)", c.probe, size, c.base, base, growth, c.budget)
		if growth > c.budget {
			t.Errorf("%s grows a stripped binary by %d bytes, over its budget of %d", c.probe, growth, c.budget)
		}
	}

	// http/tcp is port 80 in every registry version.
	if out := run(bins["lookup"], "http", "80"); !slices.Contains(strings.Split(out, "\n"), "http 80") {
		t.Errorf("lookup http 80 answered %q, want a line \"http 80\"", out)
	}
	if out := run(bins["lookupjson"], "http"); !slices.Contains(strings.Split(out, "\n"), `{"name":"http","port":80}`) {
		t.Errorf("lookupjson http answered %q", out)
	}
	if out, want := run(bins["all"]), "records "+strconv.Itoa(ports.NumRecords)+" "; !strings.HasPrefix(out, want) {
		t.Errorf("all answered %q, want it to start %q", out, want)
	}
	b, err := os.ReadFile(bins["lookup"])
	if err != nil {
		t.Fatal(err)
	}
	banner := "IANA service-names-port-numbers " + ports.RegistryUpdated + " sha256:" + ports.RegistrySHA256
	if !bytes.Contains(b, []byte(banner)) {
		t.Errorf("the stripped lookup binary lacks the version banner %q", banner)
	}
}
