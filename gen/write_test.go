package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/fetch"
	"github.com/svcreg/ianaports/gen/internal/lock"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// TestMain lets a test run this generator as a separate process (to kill
// it between two renames): with GEN_TEST_AS_GEN set, the test binary is
// the generator.
func TestMain(m *testing.M) {
	if os.Getenv("GEN_TEST_AS_GEN") == "1" {
		dir, _ := os.Getwd()
		e := &env{dir: dir, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now}
		if n, err := strconv.Atoi(os.Getenv("GEN_TEST_KILL_AFTER_RENAMES")); err == nil {
			renames := 0
			e.afterRename = func(string) {
				if renames++; renames == n {
					if p, err := os.FindProcess(os.Getpid()); err == nil {
						p.Kill()
					}
				}
			}
		}
		os.Exit(run(os.Args[1:], e))
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

// runIn runs the generator in process, in directory dir.
func runIn(t *testing.T, dir string, stdin []byte, args ...string) result {
	t.Helper()
	return runEnv(t, &env{dir: dir, stdin: bytes.NewReader(stdin), now: time.Now}, args...)
}

func runEnv(t *testing.T, e *env, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e.stdout, e.stderr = &stdout, &stderr
	if e.now == nil {
		e.now = func() time.Time { panic("go generate looked at the clock") }
	}
	code := run(args, e)
	return result{code, stdout.String(), stderr.String()}
}

// registryXML builds a small valid registry: one tcp record per name,
// on ports 1000, 1001, …, with a record date so that every field kind
// is exercised.
func registryXML(date string, names ...string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n")
	b.WriteString(`<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">` + "\n")
	b.WriteString("  <title>Service Name and Transport Protocol Port Number Registry</title>\n")
	fmt.Fprintf(&b, "  <updated>%s</updated>\n", date)
	for i, n := range names {
		fmt.Fprintf(&b, "  <record date=\"2020-01-0%d\">\n    <name>%s</name>\n    <protocol>tcp</protocol>\n    <number>%d</number>\n    <description>Service %s</description>\n  </record>\n", i%9+1, n, 1000+i, n)
	}
	b.WriteString("  <record>\n    <protocol>tcp</protocol>\n    <number>2000-2999</number>\n    <description>Unassigned</description>\n  </record>\n")
	b.WriteString("  <people>\n  </people>\n</registry>\n")
	return b.Bytes()
}

var (
	smallV1 = registryXML("2026-01-10", "alpha", "beta", "gamma")
	smallV2 = registryXML("2026-02-20", "alpha", "beta", "gamma", "delta")
)

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// moduleTree lays out a throw-away copy of this module's generated
// state: go.mod, data/ holding xml, and ports/ and the pin generated from
// it, as go generate leaves them.
func moduleTree(t *testing.T, xml []byte) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), []byte("module "+modulePath+"\n\ngo 1.24\n"))
	write(t, filepath.Join(dir, dataFile), xml)
	write(t, filepath.Join(dir, pinnedOut, "doc_test.go"), []byte("package ports\n\n// A hand-written file the generator must never touch.\n"))
	if r := runIn(t, dir, nil); r.code != 0 {
		t.Fatalf("go generate in a fresh tree: exit %d: %s", r.code, r.stderr)
	}
	return dir
}

// snapshot reads every file below dir, by path relative to dir; with
// contents false it records only the names.
func snapshot(t *testing.T, dir string, contents bool) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if !contents {
			m[rel] = ""
			return nil
		}
		b, err := os.ReadFile(path)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// treeDiff names the files that differ between two snapshots.
func treeDiff(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "-"+k)
		} else if w != v {
			d = append(d, "~"+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "+"+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, " ")
}

func TestMissingXMLSaysHowToRestore(t *testing.T) {
	dir := moduleTree(t, smallV1)
	os.Remove(filepath.Join(dir, dataFile))
	before := snapshot(t, dir, true)
	r := runIn(t, dir, nil)
	want := "gen: data/service-names-port-numbers.xml is missing: restore the committed copy with git checkout -- data/service-names-port-numbers.xml, or fetch IANA's newest with go run ./gen -update\n"
	if r.code != 1 || r.stderr != want {
		t.Errorf("exit %d, stderr %q\nwant exit 1, %q", r.code, r.stderr, want)
	}
	if after := snapshot(t, dir, true); !equalTrees(before, after) {
		t.Errorf("a failed run changed the tree: %s", treeDiff(before, after))
	}
}

// TestNothingBesideInput generates from a read-only copy of the registry
// elsewhere, from a pipe and from /dev/stdin: the input's directory and
// this module's data/ and ports/ stay exactly as they were.
func TestNothingBesideInput(t *testing.T) {
	mod := moduleTree(t, smallV1)
	inDir := t.TempDir()
	in := filepath.Join(inDir, "registry.xml")
	write(t, in, smallV2)
	os.Chmod(in, 0o444)
	os.Chmod(inDir, 0o555)
	t.Cleanup(func() { os.Chmod(inDir, 0o755) })
	beforeIn, beforeMod := snapshot(t, inDir, true), snapshot(t, mod, true)

	out := filepath.Join(t.TempDir(), "q")
	for _, args := range [][]string{
		{"-in", in, "-out", out, "-pkg", "q"},
		{"-in", "-", "-out", out, "-pkg", "q"},
	} {
		r := runIn(t, mod, smallV2, args...)
		if r.code != 0 {
			t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
		}
	}
	if runtime.GOOS == "linux" {
		cmd := exec.Command(os.Args[0], "-in", "/dev/stdin", "-out", out, "-pkg", "q")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GEN_TEST_AS_GEN=1")
		cmd.Stdin = bytes.NewReader(smallV2)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("-in /dev/stdin: %v\n%s", err, b)
		}
	}
	if after := snapshot(t, inDir, true); !equalTrees(beforeIn, after) {
		t.Errorf("the input's directory changed: %s", treeDiff(beforeIn, after))
	}
	if after := snapshot(t, mod, true); !equalTrees(beforeMod, after) {
		t.Errorf("the module's data/ or ports/ changed: %s", treeDiff(beforeMod, after))
	}
	got := snapshot(t, out, true)
	if len(got) != len(emit.Files) || !strings.Contains(got["tables.go"], `RegistryUpdated = "2026-02-20"`) {
		t.Errorf("-out holds %d files, want the %d generated from the input", len(got), len(emit.Files))
	}
}

// TestOutRefusals: -out never overwrites a hand-written file, never
// writes into a module root, and the pinned ports/ is built from data/
// only; -pkg names an importable package.
func TestOutRefusals(t *testing.T) {
	mod := moduleTree(t, smallV1)
	other := filepath.Join(t.TempDir(), "x.xml")
	write(t, other, smallV2)

	hand := t.TempDir()
	write(t, filepath.Join(hand, "tables.go"), []byte("package mine\n\n// Hand-written.\n"))
	modRoot := t.TempDir()
	write(t, filepath.Join(modRoot, "go.mod"), []byte("module example.com/x\n"))

	before := snapshot(t, mod, true)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-in", other, "-out", hand}, 1, filepath.Join(hand, "tables.go") + ` exists and was not generated by this tool`},
		{[]string{"-in", other, "-out", modRoot}, 1, "is a module root (it holds go.mod)"},
		{[]string{"-in", other, "-out", mod}, 1, "is a module root (it holds go.mod)"},
		{[]string{"-in", other}, 1, "ports/ is generated from data/service-names-port-numbers.xml only"},
		{[]string{"-pin", filepath.Join(hand, "p.json")}, 1, "-pin: the pin of ports/ is data/registry.json"},
		{[]string{"-pkg", ""}, 2, "-pkg: empty package name"},
		{[]string{"-pkg", "func"}, 2, `-pkg: "func" is a Go keyword`},
		{[]string{"-pkg", "_"}, 2, `-pkg: "_" cannot name a package`},
		{[]string{"-pkg", "main"}, 2, `-pkg: "main" is a command`},
		{[]string{"-pkg", "my-ports"}, 2, `-pkg: "my-ports" is not a Go identifier`},
		{[]string{"-pin", ""}, 1, "-pin: the pin of ports/ is data/registry.json"},
		{[]string{"-update", "-out", hand}, 2, "-update replaces this module's data/, ports/ and pin"},
		{[]string{"-url", "http://mirror"}, 2, "-url goes with -update only"},
		{[]string{"-force", "-check"}, 2, "-force and -check exclude each other"},
		{[]string{"-max-drop", "-1", "-update"}, 2, "-max-drop -1: want a fraction"},
		{[]string{"-format", "xml", "-diff", other, other}, 2, `-format: `},
		{[]string{"stray"}, 2, `unexpected arguments ["stray"]`},
	} {
		r := runIn(t, mod, nil, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && tc.code == 1 {
			t.Errorf("%q: exit %d, stderr %q\nwant exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	if after := snapshot(t, mod, true); !equalTrees(before, after) {
		t.Errorf("refused runs changed the module: %s", treeDiff(before, after))
	}
	if b, _ := os.ReadFile(filepath.Join(hand, "tables.go")); !strings.Contains(string(b), "Hand-written") {
		t.Error("the hand-written file was replaced")
	}
	if r := runIn(t, t.TempDir(), nil, "-in", other); r.code != 1 || !strings.Contains(r.stderr, "-out is required outside "+modulePath) {
		t.Errorf("outside the module without -out: exit %d, %q", r.code, r.stderr)
	}
}

// TestRemovesOnlyItsOwnStaleFiles: a generated file that the generator no
// longer emits goes; hand-written files and other tools' generated files
// stay; temporary files of a killed run are removed.
func TestRemovesOnlyItsOwnStaleFiles(t *testing.T) {
	mod := moduleTree(t, smallV1)
	pkg := filepath.Join(mod, pinnedOut)
	write(t, filepath.Join(pkg, "names_old.go"), []byte("// Code generated by \"go run ./gen\" from IANA's service-names-port-numbers registry. DO NOT EDIT.\n\npackage ports\n"))
	write(t, filepath.Join(pkg, "enum_string.go"), []byte("// Code generated by \"stringer -type=X\"; DO NOT EDIT.\n\npackage ports\n"))
	write(t, filepath.Join(pkg, ".tables.go.tmp12345"), []byte("half a file"))
	write(t, filepath.Join(pkg, ".notes.tmp1"), []byte("not ours"))
	if r := runIn(t, mod, nil, "-check"); r.code != 1 || !strings.Contains(r.stderr, "names_old.go: generated earlier, no longer emitted") {
		t.Errorf("-check with a stale generated file: exit %d, %q", r.code, r.stderr)
	}
	if r := runIn(t, mod, nil); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got := snapshot(t, pkg, false)
	for _, gone := range []string{"names_old.go", ".tables.go.tmp12345"} {
		if _, ok := got[gone]; ok {
			t.Errorf("%s survived", gone)
		}
	}
	for _, kept := range []string{"enum_string.go", ".notes.tmp1", "doc_test.go", "ports.go", "tables.go"} {
		if _, ok := got[kept]; !ok {
			t.Errorf("%s was removed", kept)
		}
	}
	if r := runIn(t, mod, nil, "-check"); r.code != 0 {
		t.Errorf("-check after the run: exit %d, %s", r.code, r.stderr)
	}
}

// TestCheckSaysWhatDisagrees breaks the tree in each way -check must
// notice and wants each named.
func TestCheckSaysWhatDisagrees(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(dir string)
		want   []string
	}{
		{"new XML dropped in", func(dir string) { write(t, filepath.Join(dir, dataFile), smallV2) },
			[]string{"ports/tables.go: differs from what data/service-names-port-numbers.xml generates", "data/registry.json disagrees with data/service-names-port-numbers.xml: sha256"}},
		{"edited table", func(dir string) {
			p := filepath.Join(dir, "ports/tables.go")
			b, _ := os.ReadFile(p)
			write(t, p, bytes.Replace(b, []byte("alpha"), []byte("alphx"), 1))
		}, []string{"ports/tables.go: differs"}},
		{"missing file", func(dir string) { os.Remove(filepath.Join(dir, "ports/ports.go")) }, []string{"ports/ports.go: missing"}},
		{"pin edited", func(dir string) {
			p := filepath.Join(dir, pinFile)
			b, _ := os.ReadFile(p)
			write(t, p, bytes.Replace(b, []byte(`"records": 4`), []byte(`"records": 5`), 1))
		}, []string{"data/registry.json disagrees with data/service-names-port-numbers.xml: 5 records, the XML has 4"}},
		{"pin missing", func(dir string) { os.Remove(filepath.Join(dir, pinFile)) }, []string{"data/registry.json: missing"}},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := moduleTree(t, smallV1)
			tc.break_(dir)
			before := snapshot(t, dir, true)
			r := runIn(t, dir, nil, "-check")
			if r.code != 1 {
				t.Errorf("-check: exit %d, want 1", r.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("-check says\n%s\nwithout %q", r.stderr, w)
				}
			}
			if !strings.HasSuffix(r.stderr, "run go generate ./...\n") {
				t.Errorf("-check does not say how to fix it:\n%s", r.stderr)
			}
			if after := snapshot(t, dir, true); !equalTrees(before, after) {
				t.Errorf("-check wrote: %s", treeDiff(before, after))
			}
			if r := runIn(t, dir, nil); r.code != 0 {
				t.Fatalf("go generate: exit %d: %s", r.code, r.stderr)
			}
			if r := runIn(t, dir, nil, "-check"); r.code != 0 {
				t.Errorf("-check after go generate: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestCheckCreatesNothing: -check on an -out that does not exist says
// what is missing and leaves it missing.
func TestCheckCreatesNothing(t *testing.T) {
	dir := moduleTree(t, smallV1)
	r := runIn(t, dir, nil, "-check", "-out", "new/q", "-pkg", "q")
	if r.code != 1 || !strings.Contains(r.stderr, "new/q/tables.go: missing") {
		t.Errorf("-check of a missing -out: exit %d, want 1 and the missing files named:\n%s", r.code, r.stderr)
	}
	if _, err := os.Lstat(filepath.Join(dir, "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("-check created %s (%v)", filepath.Join(dir, "new"), err)
	}
}

// TestKilledBetweenRenames kills the generator after each rename but
// the last, for a registry change by go generate (tables.go, then the
// pin) and by -update (tables.go, the XML, then the pin): whatever it
// left, -check notices, the next go generate repairs it, and nothing
// temporary remains.
func TestKilledBetweenRenames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL")
	}
	srv, _ := updateServer(t, smallV2)
	for _, tc := range []struct {
		args []string
		kill int
	}{
		{nil, 1},
		{[]string{"-update", "-url", srv.URL}, 1},
		{[]string{"-update", "-url", srv.URL}, 2},
	} {
		t.Run(fmt.Sprintf("%q_after%d", tc.args, tc.kill), func(t *testing.T) {
			dir := moduleTree(t, smallV1)
			if tc.args == nil {
				write(t, filepath.Join(dir, dataFile), smallV2)
			}
			cmd := exec.Command(os.Args[0], tc.args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GEN_TEST_AS_GEN=1", "GEN_TEST_KILL_AFTER_RENAMES="+strconv.Itoa(tc.kill))
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the generator was not killed: %v\n%s", err, out)
			}
			r := runIn(t, dir, nil, "-check")
			if r.code != 1 || !strings.Contains(r.stderr, "out of date:") {
				t.Errorf("-check after a kill: exit %d\n%s", r.code, r.stderr)
			}
			if r := runIn(t, dir, nil); r.code != 0 {
				t.Fatalf("the next run: exit %d: %s", r.code, r.stderr)
			}
			if r := runIn(t, dir, nil, "-check"); r.code != 0 {
				t.Errorf("-check after the repair: exit %d: %s", r.code, r.stderr)
			}
			for name := range snapshot(t, dir, false) {
				if strings.Contains(name, ".tmp") {
					t.Errorf("temporary file %s left", name)
				}
			}
		})
	}
}

// TestTempLeftoversAreIgnored: the names of the temporary files match
// .gitignore, so that a killed run never shows up in git status.
func TestTempLeftoversAreIgnored(t *testing.T) {
	ignore, err := os.ReadFile(filepath.Join(fixture.Root(t), ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(ignore), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, l)
		}
	}
	for _, name := range []string{".tables.go.tmp2837461", ".ports.go.tmp1", ".registry.json.tmp99", ".service-names-port-numbers.xml.tmp42", ".CHANGELOG.md.tmp7"} {
		ok := false
		for _, p := range patterns {
			if m, _ := filepath.Match(p, name); m {
				ok = true
			}
		}
		if !ok {
			t.Errorf("temporary file %s matches no .gitignore pattern %q", name, patterns)
		}
	}
}

// TestConcurrentRuns: a second run on the same -out waits for the first
// and says so, and fails clearly when the wait runs out.
func TestConcurrentRuns(t *testing.T) {
	dir := moduleTree(t, smallV1)
	release, err := lock.Acquire(filepath.Join(dir, pinnedOut), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := runEnv(t, &env{dir: dir, lockWait: 100 * time.Millisecond})
	if r.code != 1 || !strings.Contains(r.stderr, "gen: waiting for another gen run on ") || !strings.Contains(r.stderr, "another gen run has held the lock on") {
		t.Errorf("while locked: exit %d, %q", r.code, r.stderr)
	}

	write(t, filepath.Join(dir, dataFile), smallV2)
	var stderr lockedBuffer
	done := make(chan int)
	go func() {
		done <- run(nil, &env{dir: dir, stdout: io.Discard, stderr: &stderr, lockWait: time.Minute})
	}()
	for !strings.Contains(stderr.String(), "waiting for another gen run") {
		select {
		case code := <-done:
			t.Fatalf("the second run did not wait: exit %d, %q", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, pinFile)); !bytes.Contains(b, []byte("2026-01-10")) {
		t.Fatal("the waiting run wrote before it had the lock")
	}
	release()
	if code := <-done; code != 0 {
		t.Fatalf("after the release: exit %d, %s", code, stderr.String())
	}
	if r := runIn(t, dir, nil, "-check"); r.code != 0 {
		t.Errorf("-check: %s", r.stderr)
	}
}

// TestOutputDependsOnInputAndFlagsAlone: the same XML gives the same
// bytes whether it comes from data/, -in, a pipe or the embedded copy,
// and a trim changes TablesID while a package name does not.
func TestOutputDependsOnInputAndFlagsAlone(t *testing.T) {
	fixture.Long(t) // renders the full registry twice
	root := fixture.Root(t)
	var outs []map[string]string
	for _, run := range []struct {
		dir   string
		stdin []byte
		args  []string
	}{
		{root, nil, []string{"-in", fixture.Pinned(t)}},
		{t.TempDir(), nil, nil}, // another module: the embedded registry
	} {
		out := t.TempDir()
		r := runIn(t, run.dir, run.stdin, append(run.args, "-out", out)...)
		if r.code != 0 {
			t.Fatalf("%q: exit %d: %s", run.args, r.code, r.stderr)
		}
		outs = append(outs, snapshot(t, out, true))
	}
	committed := snapshot(t, filepath.Join(root, pinnedOut), true)
	for name, b := range outs[0] {
		if committed[name] != b || outs[1][name] != b {
			t.Errorf("%s differs between data/, -in and the embedded registry", name)
		}
	}
	trimmed := emit.TablesID("x", emit.Config{Trim: emit.Trim{NoText: true}})
	if trimmed == emit.TablesID("x", emit.Config{}) || emit.TablesID("x", emit.Config{Package: "q"}) != emit.TablesID("x", emit.Config{}) || emit.TablesID("y", emit.Config{}) == emit.TablesID("x", emit.Config{}) {
		t.Error("TablesID must change with the registry and the trims, and only with them")
	}
}

// TestPinnedReportFromGit: a maintainer drops a newer XML into data/ and
// runs go generate; the summary compares with the XML committed at HEAD,
// and only when HEAD's XML is the one the pin describes.
func TestPinnedReportFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git here")
	}
	dir := moduleTree(t, smallV1)
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %q: %v\n%s", args, err, b)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "v1")
	write(t, filepath.Join(dir, dataFile), smallV2)
	report := filepath.Join(t.TempDir(), "changes.md")
	r := runIn(t, dir, nil, "-report", report, "-format", "md")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "gen: registry changed: 2026-01-10 (4 records") || !strings.Contains(r.stdout, "gen: 2026-01-10 → 2026-02-20") || !strings.Contains(r.stdout, "full change report in "+report) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if b, err := os.ReadFile(report); err != nil || !bytes.Contains(b, []byte("delta")) {
		t.Errorf("report: %v\n%s", err, b)
	}
	files := snapshot(t, dir, false)
	for name := range files {
		if strings.Contains(name, "pinned") {
			t.Errorf("a copy of the XML was stashed: %s", name)
		}
	}

	// HEAD no longer holds what the pin describes: no summary.
	write(t, filepath.Join(dir, dataFile), registryXML("2026-03-01", "alpha"))
	git("add", "-A")
	git("commit", "-qm", "v3 committed without regenerating")
	write(t, filepath.Join(dir, dataFile), registryXML("2026-04-01", "alpha", "epsilon"))
	r = runIn(t, dir, nil)
	if r.code != 0 || !strings.Contains(r.stdout, "registry changed: 2026-02-20") || strings.Contains(r.stdout, "→ 2026-04-01:") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// TestHandDropOlder: an XML dated before the pin, dropped into data/ by
// hand, is refused by go generate with -update's own words and accepted
// with -force; the refusal writes nothing.
func TestHandDropOlder(t *testing.T) {
	dir := moduleTree(t, fixture.Read(t, fixture.Registry20260424))
	older := fixture.Read(t, fixture.Registry20250328)
	pinned := fixture.Registry(t, fixture.Registry20260424).Updated
	dropped := fixture.Registry(t, fixture.Registry20250328).Updated
	write(t, filepath.Join(dir, dataFile), older)
	before := snapshot(t, dir, true)
	want := "gen: " + fetch.Older(pinned, dropped).Error() + "\n"
	if want != "gen: registry is dated "+dropped+", older than the pinned "+pinned+"; use -force to accept\n" {
		t.Fatalf("fetch.Older words its refusal as %q", want)
	}
	if r := runIn(t, dir, nil); r.code != 1 || !strings.HasSuffix(r.stderr, want) || strings.Count(r.stderr, "older than") != 1 {
		t.Errorf("go generate: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
	if after := snapshot(t, dir, true); !equalTrees(before, after) {
		t.Errorf("the refusal changed: %s", treeDiff(before, after))
	}
	r := runIn(t, dir, nil, "-force")
	if r.code != 0 || !strings.Contains(r.stdout, "registry changed: "+pinned) {
		t.Fatalf("-force: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	p, err := pin.Read(filepath.Join(dir, pinFile))
	if err != nil || p.Updated != dropped || p.SHA256 != fixture.Registry(t, fixture.Registry20250328).SHA256 {
		t.Errorf("pin after -force: %+v, %v", p, err)
	}
}

// TestHandDropChecks: of -update's checks, a hand-drop meets only the
// older-than-pin one: not the future date (go generate never reads the
// clock: runIn's panics) and not -max-drop.
func TestHandDropChecks(t *testing.T) {
	for _, tc := range []struct {
		name string
		xml  []byte
		args []string
	}{
		{"dated far in the future", registryXML("2099-01-01", "alpha", "beta", "gamma"), nil},
		{"most named records gone, -max-drop 0", registryXML("2026-02-20", "alpha"), []string{"-max-drop", "0"}},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := moduleTree(t, smallV1)
			write(t, filepath.Join(dir, dataFile), tc.xml)
			if r := runIn(t, dir, nil, tc.args...); r.code != 0 {
				t.Errorf("exit %d: %s", r.code, r.stderr)
			}
			if r := runIn(t, dir, nil, "-check"); r.code != 0 {
				t.Errorf("-check: %s", r.stderr)
			}
		})
	}
}

// updateServer serves body as the registry, and no CSV.
func updateServer(t *testing.T, body []byte) (*httptest.Server, *int) {
	t.Helper()
	hits := new(int)
	return registryServer(t, body, nil, hits), hits
}

// registryServer serves xml at any path but IANA's CSV's, which it serves
// from csv (404 when nil); it counts requests in hits.
func registryServer(t *testing.T, xml, csv []byte, hits *int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*hits++
		switch {
		case path.Base(r.URL.Path) != csvName:
			w.Header().Set("Content-Type", "application/xml")
			w.Write(xml)
		case csv == nil:
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Write(csv)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestUpdateCSVWitness: -update compares IANA's CSV, fetched beside the
// XML, with the new XML rendered as CSV, and the report says what it
// found: verified (the 2026-04-24 pair IANA published), the first
// differing row first (the same CSV beside another registry), or a
// warning when there is no CSV; none of them stops the update.
func TestUpdateCSVWitness(t *testing.T) {
	csv := fixture.Read(t, fixture.CSV20260424)
	header, _, _ := strings.Cut(string(csv), "\r\n")
	for _, tc := range []struct {
		name     string
		xml, csv []byte
		first    string // the report's first line, or "" for its heading
		want     string // a line of the report
		out      string // a line of stdout or stderr
	}{
		{"equal", fixture.Read(t, fixture.Registry20260424), csv, "", "**Second witness:** verified against IANA's CSV: ", "gen: verified against IANA's CSV: "},
		// smallV2's second row is alpha's; IANA's is 0/tcp's.
		{"different", smallV2, csv, "> **IANA's CSV differs from the new XML rendered as CSV**, first at row 2: IANA's CSV has `\",0,tcp,Reserved,", "",
			"gen: warning: IANA's CSV differs from the new XML rendered as CSV, first at row 2: IANA's CSV has \",0,tcp,Reserved,"},
		{"header only", smallV2, []byte(header + "\r\n"), "> **IANA's CSV differs from the new XML rendered as CSV**, first at row 2: IANA's CSV has `\"\"`, the XML gives `\"alpha,1000,tcp,", "", ""},
		{"missing", smallV2, nil, "", "> **Warning:** not verified against IANA's CSV, which could not be fetched: `GET http://", "404 Not Found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && len(tc.xml) > len(smallV2) {
				t.Skip("renders a full registry; skipped with -short")
			}
			dir := moduleTree(t, smallV1)
			srv := registryServer(t, tc.xml, tc.csv, new(int))
			report := filepath.Join(t.TempDir(), "changes.md")
			// smallV1's names are not in the real registry: -max-drop 1.
			r := runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, "-update", "-url", srv.URL+"/a/service-names-port-numbers.xml", "-max-drop", "1", "-report", report, "-format", "md")
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, dataFile)); !bytes.Equal(got, tc.xml) {
				t.Error("the update was not made")
			}
			md, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(md), "\n")
			if tc.first == "" && !strings.HasPrefix(first, "## IANA service name") || tc.first != "" && !strings.HasPrefix(first, tc.first) {
				t.Errorf("report's first line %q, want %q", first, tc.first)
			}
			if tc.want != "" && !strings.Contains(string(md), "\n"+tc.want) {
				t.Errorf("report lacks %q:\n%.600s", tc.want, md)
			}
			if !strings.Contains(r.stdout+r.stderr, tc.out) {
				t.Errorf("output lacks %q:\n%s%s", tc.out, r.stdout, r.stderr)
			}
		})
	}
}

// today is the clock of -update in tests: fixed, and years from any date
// a real registry carries, so that no registry update can give the pinned
// registry a date these tests write down (TestNoLivePinsInTests).
var today = func() time.Time { return time.Date(2040, 6, 15, 9, 0, 0, 0, time.UTC) }

// TestUpdate: a newer registry replaces data/, ports/ and the pin
// together; the pin and the tables keep the canonical URL whatever
// mirror served it; the report is written first.
func TestUpdate(t *testing.T) {
	dir := moduleTree(t, smallV1)
	srv, _ := updateServer(t, smallV2)
	report := filepath.Join(t.TempDir(), "changes.json")
	r := runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, "-update", "-url", srv.URL+"/mirror.xml", "-report", report, "-format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, dataFile)); !bytes.Equal(got, smallV2) {
		t.Error("data/ does not hold the downloaded registry")
	}
	p, err := pin.Read(filepath.Join(dir, pinFile))
	if err != nil || p.Updated != "2026-02-20" || p.URL != pin.DefaultURL {
		t.Errorf("pin %+v (%v): want the new date and the canonical URL", p, err)
	}
	if !strings.Contains(r.stdout, "gen: updated from 2026-01-10 (4 records") || !strings.Contains(r.stdout, "gen: 2026-01-10 → 2026-02-20") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if b, err := os.ReadFile(report); err != nil || len(b) == 0 {
		t.Errorf("report: %v", err)
	}
	if r := runIn(t, dir, nil, "-check"); r.code != 0 {
		t.Errorf("-check after the update: %s", r.stderr)
	}
	// The tables are what go generate makes of the same XML elsewhere.
	out := t.TempDir()
	in := filepath.Join(t.TempDir(), "v2.xml")
	write(t, in, smallV2)
	if r := runIn(t, t.TempDir(), nil, "-in", in, "-out", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if got, want := snapshot(t, filepath.Join(dir, pinnedOut), true), snapshot(t, out, true); got["tables.go"] != want["tables.go"] || got["ports.go"] != want["ports.go"] {
		t.Error("the mirror's URL changed the generated files")
	}

	// The same registry again: nothing changes.
	before := snapshot(t, dir, true)
	r = runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, "-update", "-url", srv.URL)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing to update") {
		t.Errorf("same registry: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if after := snapshot(t, dir, true); !equalTrees(before, after) {
		t.Errorf("an update to the same registry changed: %s", treeDiff(before, after))
	}
}

// TestUpdateRefusals: each refusal leaves the tree byte for byte as it
// was.
func TestUpdateRefusals(t *testing.T) {
	lost := registryXML("2026-02-20", "alpha", "beta")
	for _, tc := range []struct {
		name  string
		serve []byte
		args  []string
		want  string
	}{
		{"older registry", registryXML("2025-12-01", "alpha", "beta", "gamma"), nil, "registry is dated 2025-12-01, older than the pinned 2026-01-10; use -force to accept"},
		{"dated in the future", registryXML("2040-06-18", "alpha", "beta", "gamma"), []string{"-force"}, "more than 48h0m0s after today (2040-06-15)"},
		{"one named record gone, -max-drop 0", lost, []string{"-max-drop", "0"}, "1 of the pinned registry's 3 named records (33.33%) are gone"},
		{"unwritable report", smallV2, []string{"-report", "/nonexistent/dir/report.txt"}, "-report: "},
		{"not XML", []byte("<!DOCTYPE html><html><body>rate limited</body></html>"), nil, "server sent an HTML page"},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			dir := moduleTree(t, smallV1)
			srv, _ := updateServer(t, tc.serve)
			before := snapshot(t, dir, true)
			r := runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, append([]string{"-update", "-url", srv.URL}, tc.args...)...)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q\nwant exit 1 and one line with %q", r.code, r.stderr, tc.want)
			}
			if after := snapshot(t, dir, true); !equalTrees(before, after) {
				t.Errorf("a refused update changed: %s", treeDiff(before, after))
			}
		})
	}
}

// TestReportThroughLinksAndPipes: -report writes through a symbolic
// link (which stays a link) and into a named pipe.
func TestReportThroughLinksAndPipes(t *testing.T) {
	old := filepath.Join(t.TempDir(), "old.xml")
	new := filepath.Join(t.TempDir(), "new.xml")
	write(t, old, smallV1)
	write(t, new, smallV2)
	dir := t.TempDir()
	target := filepath.Join(dir, "report.txt")
	link := filepath.Join(dir, "latest.txt")
	write(t, target, []byte("old report"))
	if err := os.Symlink("report.txt", link); err != nil {
		t.Skip(err)
	}
	if r := runIn(t, dir, nil, "-diff", old, new, "-report", link); r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); !bytes.Contains(b, []byte("delta")) {
		t.Errorf("the link's target holds %q", b)
	}
	fifo := filepath.Join(dir, "pipe")
	fixture.Mkfifo(t, fifo)
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	if r := runIn(t, dir, nil, "-diff", old, new, "-report", fifo); r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if b := <-got; !bytes.Contains(b, []byte("delta")) {
		t.Errorf("the pipe's reader got %q", b)
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}
}

// TestDiffExitStatus: like diff(1), 0 for the same registry, 1 for a
// change, 2 on trouble.
func TestDiffExitStatus(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.xml")
	write(t, a, smallV1)
	write(t, b, smallV2)
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"-diff", a, a}, 0},
		{[]string{"-diff", a, b}, 1},
		{[]string{"-diff", b, a, "-format", "json"}, 1},
		{[]string{"-diff", a, filepath.Join(dir, "missing.xml")}, 2},
		{[]string{"-diff", a}, 2},
	} {
		if r := runIn(t, dir, nil, tc.args...); r.code != tc.code {
			t.Errorf("%q: exit %d, want %d (%s)", tc.args, r.code, tc.code, r.stderr)
		}
	}
}

// TestBadInputChangesNothing runs the generator on every malformed
// registry of the corpus: each must exit 1 with one message naming the
// file and a line, and leave the output and the pin byte-identical with
// no temporary file behind.
func TestBadInputChangesNothing(t *testing.T) {
	bad, err := filepath.Glob(filepath.Join(fixture.Root(t), "testdata", "bad", "*.xml"))
	if err != nil || len(bad) < 25 {
		t.Fatalf("want at least 25 malformed registries in testdata/bad, found %d (%v)", len(bad), err)
	}
	mod := moduleTree(t, smallV1)
	before := snapshot(t, mod, true)
	line := regexp.MustCompile(`^gen: (.+?):(\d+): `)
	for _, f := range bad {
		// Named relative to its directory: a message clips a long path.
		r := runIn(t, filepath.Dir(f), nil, "-in", filepath.Base(f), "-out", filepath.Join(mod, pinnedOut+"2"), "-pin", filepath.Join(mod, pinFile))
		msg := strings.TrimSpace(r.stderr)
		if r.code != 1 {
			t.Errorf("%s: exit %d, want 1 (stderr %q)", f, r.code, msg)
		}
		if m := line.FindStringSubmatch(msg); strings.Count(msg, "\n") != 0 || m == nil || m[1] != filepath.Base(f) {
			t.Errorf("%s: message %q, want one line starting \"gen: %s:LINE: \"", f, msg, f)
		}
		if after := snapshot(t, mod, true); !equalTrees(after, before) {
			t.Fatalf("%s: the tree changed: %s", f, treeDiff(before, after))
		}
		// The input is refused before -out is made: not even an empty
		// directory is left behind.
		if _, err := os.Lstat(filepath.Join(mod, pinnedOut+"2")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s: a refused run left -out behind (%v)", f, err)
		}
	}
	t.Logf("%d malformed registries refused, tree untouched", len(bad))
}

// TestAnyPackageName generates the package under another name into a
// module of its own, from outside this module (the embedded registry),
// and vets it there: the output needs nothing from this repository.
func TestAnyPackageName(t *testing.T) {
	fixture.Long(t) // renders the registry and runs go vet on it in another module
	dir := t.TempDir()
	r := runIn(t, dir, nil, "-out", filepath.Join(dir, "iana"), "-pkg", "iana", "-protocols", "tcp,udp", "-no-people")
	if r.code != 0 {
		t.Fatalf("gen exited %d: %s", r.code, r.stderr)
	}
	write(t, filepath.Join(dir, "go.mod"), []byte("module example.com/vendored\n\ngo 1.24\n"))
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the package generated as iana: %v\n%s", err, out)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "iana", "ports.go"))
	if !strings.Contains(string(src), "\npackage iana\n") {
		t.Error("ports.go does not declare package iana")
	}
	tables, _ := os.ReadFile(filepath.Join(dir, "iana", "tables.go"))
	if want := emit.TablesID(ports.RegistrySHA256, emit.Config{Trim: emit.Trim{Protocols: []string{"tcp", "udp"}, NoPeople: true}}); !bytes.Contains(tables, []byte(want)) {
		t.Errorf("tables.go lacks the trimmed build's TablesID %s", want)
	}
}

// lockedBuffer is a bytes.Buffer safe for one writer and one reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunFromAnotherModule runs the generator the way a vendor does, from
// a module of its own that requires this one (here through a replace
// directive to this checkout): it compiles the registry embedded from
// this module's data/, trimmed, and writes nothing but -out.
func TestRunFromAnotherModule(t *testing.T) {
	fixture.Long(t) // builds the generator in another module
	root := fixture.Root(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), []byte("module example.com/firewall\n\ngo 1.24\n\nrequire "+modulePath+" v0.0.0\n\nreplace "+modulePath+" => "+root+"\n"))
	// go.sum: the replaced module needs none, its requirements do.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "go.sum"), sum)
	before := snapshot(t, root, false)
	cmd := exec.Command("go", "run", modulePath+"/gen", "-out", "internal/iana", "-pkg", "iana", "-protocols", "tcp,udp")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run %s/gen from another module: %v\n%s", modulePath, err, out)
	}
	got := snapshot(t, filepath.Join(dir, "internal", "iana"), true)
	want := emit.TablesID(ports.RegistrySHA256, emit.Config{Trim: emit.Trim{Protocols: []string{"tcp", "udp"}}})
	if !strings.Contains(got["tables.go"], want) || !strings.Contains(got["ports.go"], "\npackage iana\n") {
		t.Errorf("the generated package is not the trimmed build of the pinned registry (TablesID %s)", want)
	}
	if after := snapshot(t, root, false); !equalTrees(before, after) {
		t.Errorf("running from another module touched this one: %s", treeDiff(before, after))
	}
	build := exec.Command("go", "vet", "./...")
	build.Dir = dir
	build.Env = cmd.Env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go vet in the other module: %v\n%s", err, out)
	}
}

// TestUpdateRealPair updates a tree at the 2025-03-28 registry to the
// 2026-04-24 one, served over HTTP, as the README shows: the summary
// leads with what breaks consumers, the Markdown report is written, and
// data/, the pin and ports/ end up as go generate makes them from the
// served XML. Both versions are fixed fixtures: the pinned one changes
// with every update.
func TestUpdateRealPair(t *testing.T) {
	fixture.Long(t)
	newest := fixture.Read(t, fixture.Registry20260424)
	dir := moduleTree(t, fixture.Read(t, fixture.Registry20250328))
	srv, _ := updateServer(t, newest)
	report := filepath.Join(t.TempDir(), "changes.md")
	r := runEnv(t, &env{dir: dir, client: srv.Client(), now: today}, "-update", "-url", srv.URL, "-report", report, "-format", "md")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"gen: updated from 2025-03-28 (14474 records, sha256 9e9f0d2d3424) to 2026-04-24 (14512 records, sha256 ed3f49dbf3f4)\n",
		"gen: 2025-03-28 → 2026-04-24: breaking: 5 names removed, 3 names lost a port, ",
		"gen: full change report in " + report + "\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	md, err := os.ReadFile(report)
	if err != nil || !bytes.HasPrefix(md, []byte("## IANA service name and port number registry: 2025-03-28 → 2026-04-24")) || !bytes.Contains(md, []byte("`pmcdproxy`")) {
		t.Errorf("Markdown report (%v):\n%.400s", err, md)
	}
	if got, err := os.ReadFile(filepath.Join(dir, dataFile)); err != nil || !bytes.Equal(got, newest) {
		t.Errorf("%s after the update is not the served XML (%v)", dataFile, err)
	}
	// go generate in a tree holding the served XML writes the same files.
	gen := moduleTree(t, newest)
	want := snapshot(t, filepath.Join(gen, pinnedOut), true)
	for name, b := range snapshot(t, filepath.Join(dir, pinnedOut), true) {
		if want[name] != b {
			t.Errorf("ports/%s after the update differs from what go generate makes of the served XML", name)
		}
	}
	if a, b := snapshot(t, filepath.Join(gen, "data"), true)[filepath.Base(pinFile)], snapshot(t, filepath.Join(dir, "data"), true)[filepath.Base(pinFile)]; a != b || a == "" {
		t.Errorf("the pin after the update:\n%s\nwant what go generate writes:\n%s", b, a)
	}
	t.Logf("go run ./gen -update -report changes.md -format md:\n%s", r.stdout)
}

// TestFormatFailureSavesSource: when go/format refuses what the emitter
// wrote, the run says so in one line and saves the source where it says.
func TestFormatFailureSavesSource(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	src := []byte("// Code generated … DO NOT EDIT.\n\npackage ports\n\nvar x = [...]uint16{1, 2,,\n")
	err := saveUnformatted(fmt.Errorf("render: %w", &emit.FormatError{Name: "tables.go", Source: src, Err: errors.New("tables.go:5:25: expected operand, found ','\nand a second line")}))
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "tables.go: go/format: tables.go:5:25: expected operand, found ',' …; the unformatted source is in "+tmp+"/") {
		t.Fatalf("message %q", msg)
	}
	saved := msg[strings.LastIndex(msg, " ")+1:]
	if b, err := os.ReadFile(saved); err != nil || !bytes.Equal(b, src) {
		t.Errorf("saved file %s: %v, %q", saved, err, b)
	}
	plain := errors.New("some other failure")
	if saveUnformatted(plain) != plain {
		t.Error("an error that is not a format failure was changed")
	}
}
