package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// smallOverlay gives the small registries' names local ports: gamma wins
// over IANA's 1002, and the later "omega" line over the earlier one.
const smallOverlay = "# local names\n" +
	"gamma 9000/tcp gamma-alt  # a local gamma\n" +
	"omega 9001/tcp\n" +
	"omega 9002/tcp\n" +
	"zeta 1/ddp\n"

// TestOverlayRun: -overlay compiles the local names in, lists the
// conflicts with IANA and the redefinitions on standard error, one line
// each, then a summary with the counts; the header says an overlay was
// used, never where it lay; the output depends on the overlay's bytes
// only.
func TestOverlayRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "registry.xml")
	write(t, in, smallV1)
	write(t, filepath.Join(dir, "a", "local.services"), []byte(smallOverlay))
	write(t, filepath.Join(dir, "b", "other-name"), []byte(smallOverlay))
	var outs []map[string]string
	for _, ov := range []string{"a/local.services", filepath.Join(dir, "b", "other-name")} {
		out := t.TempDir()
		r := runIn(t, dir, nil, "-in", in, "-out", out, "-overlay", ov)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		want := []string{
			"gen: " + ov + ":2: gamma 9000/tcp wins over IANA's gamma 1002/tcp in Lookup and LookupPort",
			"gen: " + ov + ":4: omega 9002/tcp redefines line 3 (omega 9001/tcp): the last line for a name wins",
			"gen: " + ov + ": 3 local names from 3 lines, sha256 ",
			"; 1 line on other protocols skipped (ddp); 1 name redefined by a later line; 1 conflict with IANA's assignments",
		}
		for _, w := range want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
			}
		}
		if n := strings.Count(r.stderr, "\n"); n != 3 {
			t.Errorf("stderr has %d lines, want 3:\n%s", n, r.stderr)
		}
		outs = append(outs, snapshot(t, out, true))
	}
	if !equalTrees(outs[0], outs[1]) {
		t.Error("the overlay's path changed the output")
	}
	tables := outs[0]["tables.go"]
	first, _, _ := strings.Cut(tables, "\n")
	if !strings.HasSuffix(first, emit.OverlayHeader+". DO NOT EDIT.") || strings.Contains(tables, "local.services") || strings.Contains(outs[0]["ports.go"], "local.services") {
		t.Errorf("header %q: want the overlay noted, and no path anywhere", first)
	}
	for _, w := range []string{"const NumLocal = 3\n", "const NumRecords = 4\n", `const OverlaySHA256 = "`} {
		if !strings.Contains(tables, w) {
			t.Errorf("tables.go lacks %q", w)
		}
	}
}

// TestOverlayRefused: a bad overlay line stops the run with one message,
// FILE:LINE: what is wrong, exit 1, and nothing written.
func TestOverlayRefused(t *testing.T) {
	mod := moduleTree(t, smallV1)
	write(t, filepath.Join(mod, "local", "bad.services"), []byte("# ok\ngamma 9000/tcp\npostgres 5432/TCP\n"))
	write(t, filepath.Join(mod, "local", "ok.services"), []byte(smallOverlay))
	outside := filepath.Join(t.TempDir(), "outside.services")
	write(t, outside, []byte(smallOverlay))
	before := snapshot(t, mod, true)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-overlay", "local/bad.services"}, 1, "gen: local/bad.services:3: \"5432/TCP\": protocol \"TCP\" is not a lower-case protocol name such as tcp, udp, sctp or dccp\n"},
		{[]string{"-overlay", "local/bad.services", "-out", filepath.Join(mod, "other")}, 1, "gen: local/bad.services:3: "},
		{[]string{"-overlay", "local/missing"}, 1, "gen: -overlay: open "},
		{[]string{"-overlay", outside}, 1, "gen: -overlay " + outside + ": ports/ is generated from files of this module only; copy the overlay into the module (and commit it), or generate elsewhere with -out\n"},
		{[]string{"-overlay", ""}, 2, "gen: -overlay: empty file name\n"},
		{[]string{"-diff", "-overlay", "local/ok.services", "a", "b"}, 2, "gen: -overlay goes with generating a package, not with -diff\n"},
		{[]string{"-check", "-overlay", "local/bad.services"}, 1, "gen: local/bad.services:3: "},
	} {
		r := runIn(t, mod, nil, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") > 2 {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	if after := snapshot(t, mod, true); !equalTrees(before, after) {
		t.Errorf("refused runs changed the module: %s", treeDiff(before, after))
	}
}

// TestOverlayPinned: the pinned ports/ takes an overlay of the module;
// -check then covers the overlay too, and says so when the overlay is
// missing from its command line, changed, or given to a package built
// without one; -update refuses to drop it.
func TestOverlayPinned(t *testing.T) {
	mod := moduleTree(t, smallV1)
	ov := filepath.Join(mod, "local", "services")
	write(t, ov, []byte(smallOverlay))
	if r := runIn(t, mod, nil, "-overlay", "local/services"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r := runIn(t, mod, nil, "-check", "-overlay", "local/services"); r.code != 0 {
		t.Errorf("-check with the overlay: exit %d: %s", r.code, r.stderr)
	}
	r := runIn(t, mod, nil, "-check")
	if r.code != 1 || !strings.Contains(r.stderr, "ports/tables.go: differs from what data/service-names-port-numbers.xml generates: it holds local names from an overlay of sha256 ") || !strings.Contains(r.stderr, "pass the -overlay FILE it was generated with") {
		t.Errorf("-check without the overlay: exit %d\n%s", r.code, r.stderr)
	}
	write(t, ov, []byte(smallOverlay+"kappa 9100/udp\n"))
	r = runIn(t, mod, nil, "-check", "-overlay", "local/services")
	if r.code != 1 || !regexp.MustCompile(`ports/tables.go: differs from what data/service-names-port-numbers.xml and local/services generate: its overlay has sha256 [0-9a-f]{12}, -overlay local/services has [0-9a-f]{12}`).MatchString(r.stderr) {
		t.Errorf("-check after the overlay changed: exit %d\n%s", r.code, r.stderr)
	}

	// -update must not drop the local names.
	srv, _ := updateServer(t, smallV2)
	before := snapshot(t, mod, true)
	r = runEnv(t, &env{dir: mod, client: srv.Client(), now: today}, "-update", "-url", srv.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "ports/tables.go: it holds local names from an overlay of sha256 ") || !strings.Contains(r.stderr, "(-update -overlay FILE)") {
		t.Errorf("-update without the overlay: exit %d\n%s", r.code, r.stderr)
	}
	if after := snapshot(t, mod, true); !equalTrees(before, after) {
		t.Errorf("the refused -update changed: %s", treeDiff(before, after))
	}
	r = runEnv(t, &env{dir: mod, client: srv.Client(), now: today}, "-update", "-url", srv.URL, "-overlay", "local/services")
	if r.code != 0 {
		t.Fatalf("-update -overlay: exit %d: %s", r.code, r.stderr)
	}
	if r := runIn(t, mod, nil, "-check", "-overlay", "local/services"); r.code != 0 {
		t.Errorf("-check after -update -overlay: exit %d: %s", r.code, r.stderr)
	}

	// Regenerated without it, the package holds no local names, and
	// -check with an overlay says so.
	if r := runIn(t, mod, nil); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	r = runIn(t, mod, nil, "-check", "-overlay", "local/services")
	if r.code != 1 || !strings.Contains(r.stderr, "it holds no local names, and this run has -overlay local/services") {
		t.Errorf("-check with an overlay the package lacks: exit %d\n%s", r.code, r.stderr)
	}
}

// servicesNames lists every name and alias of a services(5) file, each
// once, in file order: what net.LookupPort's reader would be asked.
func servicesNames(data []byte) []string {
	seen := map[string]bool{}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		for i, n := range f {
			if i != 1 && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names
}

// lookupProgram prints, for each name on standard input, on tcp and udp,
// net.LookupPort's answer and the generated package's.
const lookupProgram = `package main

import (
	"bufio"
	"fmt"
	"net"
	"os"

	"example.com/overlaid/ports"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		for _, network := range []string{"tcp", "udp"} {
			name := sc.Text()
			np, nerr := net.LookupPort(network, name)
			pp, perr := ports.LookupPort(network, name)
			fmt.Printf("%s\t%d\t%t\t%d\t%t\t%s\n", network, np, nerr == nil, pp, perr == nil, name)
		}
	}
}
`

// TestOverlayEtcServices generates the package with -overlay
// /etc/services into a module of its own, builds a program there, and
// asks it every name and alias of the file on tcp and udp: wherever
// net.LookupPort (the pure-Go resolver, which reads /etc/services) has an
// answer, LookupPort gives the same port. Where net has none (a name the
// file lists on the other protocol only, or only on ddp), LookupPort
// answers as the build without overlay does, from IANA's registry.
func TestOverlayEtcServices(t *testing.T) {
	fixture.Long(t) // renders the registry and builds a program on it in another module
	const etc = "/etc/services"
	data, err := os.ReadFile(etc)
	if err != nil {
		t.Skipf("no %s to compare with: %v", etc, err)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), []byte("module example.com/overlaid\n\ngo 1.24\n"))
	write(t, filepath.Join(dir, "main.go"), []byte(lookupProgram))
	r := runIn(t, dir, nil, "-out", "ports", "-overlay", etc)
	if r.code != 0 {
		t.Fatalf("gen -overlay %s: exit %d: %s", etc, r.code, r.stderr)
	}
	t.Logf("gen -overlay %s:\n%s", etc, r.stderr)
	bin := filepath.Join(t.TempDir(), "lookup")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	names := servicesNames(data)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "GODEBUG=netdns=go")
	cmd.Stdin = strings.NewReader(strings.Join(names, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	agree, bothFail, fromIANA := 0, 0, 0
	for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		f := strings.SplitN(line, "\t", 6)
		if len(f) != 6 {
			t.Fatalf("program printed %q", line)
		}
		network, name := f[0], f[5]
		np, _ := strconv.Atoi(f[1])
		pp, _ := strconv.Atoi(f[3])
		nok, pok := f[2] == "true", f[4] == "true"
		switch {
		case nok:
			if !pok || pp != np {
				t.Errorf("LookupPort(%q, %q) = %d (ok %v); net.LookupPort = %d", network, name, pp, pok, np)
			}
			agree++
		case !pok:
			bothFail++
		default:
			// The build without overlay (this test's own ports) answers
			// the same from the registry.
			if want, err := ports.LookupPort(network, name); err != nil || want != pp {
				t.Errorf("LookupPort(%q, %q) = %d where net has none, but the registry says %d, %v", network, name, pp, want, err)
			}
			fromIANA++
		}
	}
	if agree < 300 {
		t.Errorf("only %d answers of net.LookupPort compared", agree)
	}
	t.Logf("%d names and aliases of %s × tcp, udp: %d answers of net.LookupPort matched, %d missing in both, %d answered from IANA's registry where %s has no line on that protocol",
		len(names), etc, agree, bothFail, fromIANA, etc)
}
