package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/fixture"
)

// newestXML is the pinned registry, data/service-names-port-numbers.xml
// (2026-08-17); historyXML is a copy of the committed 2025-03-28 fixture.
func newestXML(t *testing.T) string  { return fixture.Pinned(t) }
func historyXML(t *testing.T) string { return fixture.Path(t, fixture.Registry20250328) }

// TestCommittedOutputIsFresh regenerates ports/ in memory from data/ and
// compares it byte for byte with what is committed.
func TestCommittedOutputIsFresh(t *testing.T) {
	reg := reference(t)
	p, err := pin.Read("../data/registry.json")
	if err != nil {
		t.Fatal(err)
	}
	if p.SHA256 != reg.SHA256 || p.Updated != reg.Updated || p.Records != len(reg.Records) || p.Size != reg.Size {
		t.Errorf("data/registry.json pins %s %s (%d records, %d bytes), data/ holds %s %s (%d records, %d bytes): run go generate ./...",
			p.Updated, p.SHA256, p.Records, p.Size, reg.Updated, reg.SHA256, len(reg.Records), reg.Size)
	}
	files, err := emit.Render(reg, emit.Config{Package: "ports", Command: "go run ./gen", SourceURL: p.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("../ports", f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("ports/%s is stale (%d bytes committed, %d generated): run go generate ./...", f.Name, len(got), len(f.Data))
		}
	}
}

// TestRenderIsDeterministic renders the same registry twice, and a copy
// parsed separately, and wants identical bytes.
func TestRenderIsDeterministic(t *testing.T) {
	var outs [][][]byte
	for i := 0; i < 2; i++ {
		c := config{in: historyXML(t), out: t.TempDir(), pkg: "ports", pinPath: ""}
		var stdout, stderr bytes.Buffer
		if err := generate(c, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		var files [][]byte
		for _, name := range emit.Files {
			b, err := os.ReadFile(filepath.Join(c.out, name))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, b)
		}
		outs = append(outs, files)
	}
	for i := range emit.Files {
		if !bytes.Equal(outs[0][i], outs[1][i]) {
			t.Errorf("%s differs between two runs on the same input", emit.Files[i])
		}
		if first, _, _ := strings.Cut(string(outs[0][i]), "\n"); !strings.HasPrefix(first, "// Code generated ") || !strings.HasSuffix(first, " DO NOT EDIT.") {
			t.Errorf("%s starts %q, want the generated-code header", emit.Files[i], first)
		}
	}
}

// overlayRun runs a command of this module against a ports package
// generated into dir, by overlaying ports/*.go with dir's files.
func overlayRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	replace := map[string]string{}
	for _, name := range emit.Files {
		replace[filepath.Join(root, "ports", name)] = filepath.Join(dir, name)
	}
	ov, _ := json.Marshal(map[string]any{"Replace": replace})
	ovPath := filepath.Join(t.TempDir(), "overlay.json")
	if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"run", "-overlay", ovPath}, args...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out)
}

// TestSeedSlice regenerates the package from the 2025-03-28 registry and
// checks ports 4323-4377 and the people listed against IANA's own
// plain-text rendering of that registry, record by record.
func TestSeedSlice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package; skipped with -short")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-in", historyXML(t), "-out", dir, "-pin", ""}, &stdout, &stderr); code != 0 {
		t.Fatalf("gen exited %d: %s", code, stderr.String())
	}
	seed, err := fixture.Read(t, fixture.Seed20250328), error(nil)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(seed), "\r\n", "\n")
	_, table, ok := strings.Cut(text, "Service Name Port Number Transport Protocol Description Assignee Contact Registration Date Modification Date Reference Service Code Unauthorized Use Reported Assignment Notes\n")
	if !ok {
		t.Fatal("seed: no table header")
	}
	table, people, ok := strings.Cut(table, "Contact Information\n")
	if !ok {
		t.Fatal("seed: no contact list")
	}
	var ids []string
	var personLines []string
	for _, line := range strings.Split(strings.TrimSpace(people), "\n") {
		if strings.HasPrefix(line, "[") {
			id := line[1:strings.Index(line, "]")]
			ids = append(ids, id)
			personLines = append(personLines, line)
		} else if len(personLines) > 0 {
			// A person's further URIs and date continue on their own lines.
			personLines[len(personLines)-1] += " " + line
		}
	}
	out := overlayRun(t, dir, append([]string{"./gen/internal/textdump", "4323", "4377"}, ids...)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "registry 2025-03-28" {
		t.Fatalf("generated package holds %q, want registry 2025-03-28", lines[0])
	}
	lines = lines[1:]
	records, persons := lines[:len(lines)-len(ids)], lines[len(lines)-len(ids):]

	// The seed's last record is cut off mid-row: compare the stream of
	// words record by record, and the last one as a prefix.
	words := strings.Fields(table)
	for i, rec := range records {
		want := strings.Fields(rec)
		if len(words) < len(want) {
			if i != len(records)-1 || strings.Join(want[:len(words)], " ") != strings.Join(words, " ") {
				t.Fatalf("record %d %q: seed has only %q left", i, rec, strings.Join(words, " "))
			}
			words = nil
			break
		}
		if got := strings.Join(words[:len(want)], " "); got != rec {
			t.Fatalf("record %d:\n generated: %s\n IANA text: %s", i, rec, got)
		}
		words = words[len(want):]
	}
	if len(words) > 0 {
		t.Errorf("seed rows the generated package lacks: %q", strings.Join(words, " "))
	}
	for i, p := range persons {
		// The XML carries a few names as UTF-8 misread as Mac Roman
		// ("Bredenbr√∂cker"); IANA's CSV keeps those bytes, and so do
		// we, but its text page shows them repaired.
		p = macRomanRepair.Replace(p)
		if want := strings.Join(strings.Fields(personLines[i]), " "); p != want {
			t.Errorf("person %s:\n generated: %s\n IANA text: %s", ids[i], p, want)
		}
	}
	t.Logf("%d records of ports 4323-4377 and %d people match IANA's text rendering of 2025-03-28", len(records), len(persons))
}

var macRomanRepair = strings.NewReplacer("√∂", "ö", "√´", "ë", "√§", "ä", "√°", "á", "√º", "ü")

// snapshot reads every file below dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		m[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tree lays out a throw-away copy of the project's outputs: data/ with
// the pin, and ports/ with the committed generated files.
func tree(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []string{"data/registry.json", "ports/ports.go", "ports/tables.go"} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBadInputChangesNothing runs the generator on every malformed
// registry of the corpus: each must exit 1 with one message naming the
// file and a line, and leave ports/ and data/ byte-identical with no
// temporary file behind.
func TestBadInputChangesNothing(t *testing.T) {
	bad, err := filepath.Glob("../testdata/bad/*.xml")
	if err != nil || len(bad) < 25 {
		t.Fatalf("want at least 25 malformed registries in ../testdata/bad, found %d (%v)", len(bad), err)
	}
	dir := tree(t)
	before := snapshot(t, dir)
	for _, f := range bad {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-in", f, "-out", filepath.Join(dir, "ports"), "-pin", filepath.Join(dir, "data/registry.json")}, &stdout, &stderr)
		msg := strings.TrimSpace(stderr.String())
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (stderr %q)", f, code, msg)
		}
		if lines := strings.Split(msg, "\n"); len(lines) != 1 || !strings.HasPrefix(msg, "gen: "+f+":") {
			t.Errorf("%s: message %q, want one line starting %q", f, msg, "gen: "+f+":")
		}
		if after := snapshot(t, dir); !equalAny(after, before) {
			t.Fatalf("%s: the output tree changed", f)
		}
	}
	t.Logf("%d malformed registries refused, tree untouched", len(bad))
}

// TestUpdate serves registries over HTTP: a failing server changes
// nothing, a newer registry replaces data/, the pin and ports/ together
// and reports what changed.
func TestUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("parses two full registries; skipped with -short")
	}
	newest, _ := os.ReadFile(newestXML(t))
	history, _ := os.ReadFile(historyXML(t))
	status := http.StatusInternalServerError
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != http.StatusOK {
			http.Error(w, "boom", status)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Write(newest)
	}))
	defer srv.Close()

	dir := tree(t)
	data := filepath.Join(dir, "data/service-names-port-numbers.xml")
	if err := os.WriteFile(data, history, 0o644); err != nil {
		t.Fatal(err)
	}
	// Start from the older registry, generated and pinned.
	args := []string{"-in", data, "-out", filepath.Join(dir, "ports"), "-pin", filepath.Join(dir, "data/registry.json")}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr.String())
	}
	before := snapshot(t, dir)

	stdout.Reset()
	stderr.Reset()
	upd := append([]string{"-update", "-url", srv.URL, "-report", filepath.Join(t.TempDir(), "report.txt")}, args...)
	if code := run(upd, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "500 Internal Server Error") {
		t.Errorf("update from a failing server: exit %d, stderr %q", code, stderr.String())
	}
	if !equalAny(snapshot(t, dir), before) {
		t.Fatal("a failed update changed the tree")
	}

	status = http.StatusOK
	stdout.Reset()
	stderr.Reset()
	if code := run(upd, &stdout, &stderr); code != 0 {
		t.Fatalf("update: exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(data)
	p, _ := pin.Read(filepath.Join(dir, "data/registry.json"))
	if !bytes.Equal(got, newest) || p.Updated != "2026-08-17" || p.URL != srv.URL {
		t.Errorf("after update: data %d bytes, pin %+v", len(got), p)
	}
	tables, _ := os.ReadFile(filepath.Join(dir, "ports/tables.go"))
	if !strings.Contains(string(tables), `RegistryUpdated = "2026-08-17"`) {
		t.Error("ports/tables.go was not regenerated by the update")
	}
	if !strings.Contains(stdout.String(), "2025-03-28 → 2026-08-17: +") {
		t.Errorf("update printed no change summary:\n%s", stdout.String())
	}
	t.Logf("update output:\n%s", stdout.String())
}

// TestPortsIsSelfContained checks what vendoring products rely on: the
// generated package imports the standard library only, and a program
// importing it runs no init work of it.
func TestPortsIsSelfContained(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./ports")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Fields(string(out)); len(got) != 1 || got[0] != "github.com/svcreg/ianaports/ports" {
		t.Errorf("ports depends on non-standard packages: %v", got)
	}
	bin := filepath.Join(t.TempDir(), "textdump")
	build := exec.Command("go", "build", "-o", bin, "./gen/internal/textdump")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	run := exec.Command(bin, "80", "80")
	run.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	run.Stderr = &stderr
	if err := run.Run(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "init runtime") {
		t.Fatalf("inittrace printed nothing: %q", stderr.String())
	}
	if strings.Contains(stderr.String(), "ianaports/ports") {
		t.Errorf("ports runs init work:\n%s", stderr.String())
	}
}

// TestAnyPackageName generates the package under another name into a
// directory of its own module, and builds and vets it there: the output
// needs nothing from this repository.
func TestAnyPackageName(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	reference(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-in", dataXML, "-out", filepath.Join(dir, "iana"), "-pkg", "iana", "-pin", ""}, &stdout, &stderr); code != 0 {
		t.Fatalf("gen exited %d: %s", code, stderr.String())
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/vendored\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
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
}

// TestGenerateReportsChange replaces the data file with a newer registry
// and runs the plain generator, as a maintainer does: it reports the
// change against the copy it kept of the pinned XML.
func TestGenerateReportsChange(t *testing.T) {
	if testing.Short() {
		t.Skip("parses two full registries; skipped with -short")
	}
	dir := tree(t)
	data := filepath.Join(dir, "data/service-names-port-numbers.xml")
	history, _ := os.ReadFile(historyXML(t))
	newest, _ := os.ReadFile(newestXML(t))
	if err := os.WriteFile(data, history, 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "changes.txt")
	args := []string{"-in", data, "-out", filepath.Join(dir, "ports"), "-pin", filepath.Join(dir, "data/registry.json"), "-report", report}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if err := os.WriteFile(data, newest, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "2025-03-28 → 2026-08-17: +22 records") {
		t.Errorf("no change summary:\n%s", stdout.String())
	}
	if b, err := os.ReadFile(report); err != nil || !strings.Contains(string(b), "tacacss") {
		t.Errorf("report %s: %v, %d bytes", report, err, len(b))
	}
	kept, _ := os.ReadFile(pinnedCopy(data))
	if !bytes.Equal(kept, newest) {
		t.Error("the kept copy is not the newly pinned XML")
	}
	t.Logf("generate output:\n%s", stdout.String())
}
