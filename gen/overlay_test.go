package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/emit/overlayref"
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

// TestOverlayNetReader: where net.LookupPort's reader would read a file
// otherwise than the tables, the run says so. A name written with
// capitals that net never finds is skipped with a line naming it; a
// line past net's 64 KiB buffer, where net stops reading, and a name
// longer than net looks up refuse the file with one line, writing no
// file.
func TestOverlayNetReader(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "registry.xml")
	write(t, in, smallV1)
	write(t, filepath.Join(dir, "case.services"), []byte("foo 1000/tcp\nFoo 2000/tcp\n"))
	out := filepath.Join(dir, "out")
	r := runIn(t, dir, nil, "-in", in, "-out", out, "-overlay", "case.services")
	want := "gen: case.services:2: Foo 2000/tcp skipped: net.LookupPort lower-cases the name it looks up and never finds one written with capitals; write it as \"foo\", or add that alias to the line\n"
	if r.code != 0 || !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, "; 1 name written with capitals skipped;") {
		t.Errorf("exit %d, stderr:\n%s\nwant first:\n%s", r.code, r.stderr, want)
	}

	long := "before 4000/tcp\n" + "long 4001/tcp #" + strings.Repeat("x", 64<<10-15) + "\nafter 4002/tcp\n"
	for _, c := range []struct{ file, data, want string }{
		{"long.services", long, "gen: long.services:2: the line is 65536 bytes long: net.LookupPort's reader of /etc/services stops at a line of 64 KiB or more and reads nothing after it\n"},
		{"name.services", "ok 1/tcp\n" + strings.Repeat("n", 26) + " 2/tcp\n", "gen: name.services:2: name \"" + strings.Repeat("n", 26) + "\" is 26 bytes long, more than 25\n"},
	} {
		write(t, filepath.Join(dir, c.file), []byte(c.data))
		out := filepath.Join(dir, "refused")
		r := runIn(t, dir, nil, "-in", in, "-out", out, "-overlay", c.file)
		if r.code != 1 || r.stderr != c.want {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", c.file, r.code, r.stderr, c.want)
		}
		// The run takes its lock on -out, creating it, before it reads
		// the inputs: an empty directory may stay, no file.
		if _, err := os.Stat(out); err == nil {
			if files := snapshot(t, out, false); len(files) > 0 {
				t.Errorf("%s: the refused run wrote %v", c.file, files)
			}
		}
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
	names := overlayref.Names(data)
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

// corpusProgram prints, for the package given by index as its argument
// and each name on standard input, on tcp and udp: net.LookupPort's
// answer, that package's, and p0's, the build without overlay.
const corpusProgram = `package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
%s)

var lookupPort = []func(string, string) (int, error){%s}

func main() {
	k, _ := strconv.Atoi(os.Args[1])
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		for _, network := range []string{"tcp", "udp"} {
			name := sc.Text()
			np, nerr := net.LookupPort(network, name)
			pp, perr := lookupPort[k](network, name)
			bp, berr := lookupPort[0](network, name)
			fmt.Printf("%%s\t%%d\t%%t\t%%d\t%%t\t%%d\t%%t\t%%s\n", network, np, nerr == nil, pp, perr == nil, bp, berr == nil, name)
		}
	}
}
`

// TestOverlayCorpusNet checks the overlay corpus against net itself:
// each file is bind-mounted over /etc/services in a private mount
// namespace (unshare), and a program asks net.LookupPort, with the pure-Go
// resolver, every name and alias of the file on tcp and udp. Net's
// answers must be NetRead's, for every file (refused ones too: that is
// what makes NetRead a faithful reference); for each file the generator
// accepts, the package generated with it as -overlay answers as net
// wherever net answers, and as the build without overlay elsewhere.
func TestOverlayCorpusNet(t *testing.T) {
	fixture.Long(t)
	if out, err := exec.Command("unshare", "-rm", "true").CombinedOutput(); err != nil {
		t.Skipf("no private mount namespace to show net another /etc/services (unshare -rm: %v %s)", err, bytes.TrimSpace(out))
	}
	goTable := fixture.GoServices(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "registry.xml")
	write(t, in, []byte(overlayref.CorpusRegistry))
	write(t, filepath.Join(dir, "go.mod"), []byte("module example.com/corpus\n\ngo 1.24\n"))
	if r := runIn(t, dir, nil, "-in", in, "-out", "p0", "-pkg", "p0"); r.code != 0 {
		t.Fatalf("gen without overlay: exit %d: %s", r.code, r.stderr)
	}
	corpus := overlayref.Corpus()
	index := make([]int, len(corpus)) // the package of each accepted file
	imports, funcs := "\t\"example.com/corpus/p0\"\n", "p0.LookupPort"
	for i, f := range corpus {
		file := filepath.Join(dir, "corpus", f.Name)
		write(t, file, f.Data)
		if f.RefusedAt > 0 {
			continue
		}
		pkg := "p" + strconv.Itoa(i+1)
		if r := runIn(t, dir, nil, "-in", in, "-out", pkg, "-pkg", pkg, "-overlay", file); r.code != 0 {
			t.Fatalf("gen -overlay %s: exit %d: %s", f.Name, r.code, r.stderr)
		}
		index[i] = strings.Count(funcs, ",") + 1
		imports += "\t\"example.com/corpus/" + pkg + "\"\n"
		funcs += ", " + pkg + ".LookupPort"
	}
	write(t, filepath.Join(dir, "main.go"), []byte(fmt.Sprintf(corpusProgram, imports, funcs)))
	bin := filepath.Join(t.TempDir(), "lookup")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	netAnswers, compared := 0, 0
	for i, f := range corpus {
		names := overlayref.Names(f.Data)
		var stdin strings.Builder
		for _, n := range names {
			fmt.Fprintf(&stdin, "%s\n%s\n%s\n", n, strings.ToLower(n), strings.ToUpper(n))
		}
		cmd := exec.Command("unshare", "-rm", "sh", "-c", `mount --bind "$1" /etc/services && exec "$2" "$3"`,
			"sh", filepath.Join(dir, "corpus", f.Name), bin, strconv.Itoa(index[i]))
		cmd.Env = append(os.Environ(), "GODEBUG=netdns=go")
		cmd.Stdin = strings.NewReader(stdin.String())
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		ref := fixture.NetRead(f.Data, goTable)
		for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
			if line == "" {
				continue
			}
			fld := strings.SplitN(line, "\t", 8)
			if len(fld) != 8 {
				t.Fatalf("%s: program printed %q", f.Name, line)
			}
			network, name := fld[0], fld[7]
			np, _ := strconv.Atoi(fld[1])
			pp, _ := strconv.Atoi(fld[3])
			bp, _ := strconv.Atoi(fld[5])
			nok, pok, bok := fld[2] == "true", fld[4] == "true", fld[6] == "true"
			if rp, rok := ref.LookupPort(network, name); rp != np && rok || rok != nok {
				t.Errorf("%s: net.LookupPort(%q, %q) = %d, %v; NetRead says %d, %v", f.Name, network, name, np, nok, rp, rok)
			}
			if nok {
				netAnswers++
			}
			if f.RefusedAt > 0 {
				continue
			}
			compared++
			switch {
			case nok && (!pok || pp != np):
				t.Errorf("%s: LookupPort(%q, %q) = %d, %v; net.LookupPort = %d", f.Name, network, name, pp, pok, np)
			case !nok && (pok != bok || pp != bp):
				t.Errorf("%s: LookupPort(%q, %q) = %d, %v where net has none; the build without overlay says %d, %v", f.Name, network, name, pp, pok, bp, bok)
			}
		}
	}
	if netAnswers == 0 || compared == 0 {
		t.Fatalf("net answered %d look-ups, %d compared with the tables: the namespace did not take the file", netAnswers, compared)
	}
	t.Logf("%d files, %d answers of net.LookupPort, %d look-ups compared with the generated packages", len(corpus), netAnswers, compared)
}
