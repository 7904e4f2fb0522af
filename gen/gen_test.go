package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/emit"
	"github.com/svcreg/ianaports/gen/internal/pin"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// historyXML is a copy of the committed 2025-03-28 fixture.
func historyXML(t *testing.T) string { return fixture.Path(t, fixture.Registry20250328) }

// TestCommittedOutputIsFresh runs go run ./gen -check in the module:
// ports/ must be what data/ generates, byte for byte, and the pin must
// describe data/'s XML.
func TestCommittedOutputIsFresh(t *testing.T) {
	fixture.Long(t) // renders the full registry; .ci/run runs go run ./gen -check as a step of its own
	r := runIn(t, fixture.Root(t), nil, "-check")
	if r.code != 0 {
		t.Fatalf("go run ./gen -check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestPinDescribesCommittedXML: the committed XML, the pin and the
// compiled-in constants name the same registry.
func TestPinDescribesCommittedXML(t *testing.T) {
	xml, err := os.ReadFile(fixture.Pinned(t))
	if err != nil {
		t.Fatal(err)
	}
	p, err := pin.Read(filepath.Join(fixture.Root(t), pinFile))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(xml)
	if got := hex.EncodeToString(sum[:]); got != p.SHA256 || got != ports.RegistrySHA256 {
		t.Errorf("SHA-256: data XML %s, pin %s, ports.RegistrySHA256 %s", got, p.SHA256, ports.RegistrySHA256)
	}
	if int64(len(xml)) != p.Size {
		t.Errorf("size: data XML %d bytes, pin %d", len(xml), p.Size)
	}
	// Counted and dated with plain string scans, not the parser.
	records := bytes.Count(xml, []byte("<record>")) + bytes.Count(xml, []byte("<record "))
	if records != p.Records || records != ports.NumRecords {
		t.Errorf("records: data XML %d, pin %d, ports.NumRecords %d", records, p.Records, ports.NumRecords)
	}
	_, rest, _ := bytes.Cut(xml, []byte("<updated>"))
	date, _, _ := bytes.Cut(rest, []byte("</updated>"))
	if string(date) != p.Updated || p.Updated != ports.RegistryUpdated {
		t.Errorf("date: data XML %s, pin %s, ports.RegistryUpdated %s", date, p.Updated, ports.RegistryUpdated)
	}
	if p.URL != pin.DefaultURL || ports.RegistryURL != pin.DefaultURL {
		t.Errorf("URL: pin %q, ports.RegistryURL %q, want the canonical %q", p.URL, ports.RegistryURL, pin.DefaultURL)
	}
	if want := emit.TablesID(p.SHA256, emit.Config{}); ports.TablesID != want {
		t.Errorf("ports.TablesID %s, want %s for the untrimmed registry %s", ports.TablesID, want, p.SHA256)
	}
}

// TestRenderIsDeterministic generates a small registry twice, in two
// directories, and wants identical bytes with the generated header. CI
// runs go generate ./... twice on the full registry and wants a clean
// tree: this is the quick check of the same property.
func TestRenderIsDeterministic(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("internal", "emit", "testdata", "fixture.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var outs []map[string]string
	for i := 0; i < 2; i++ {
		out := t.TempDir()
		if r := runIn(t, t.TempDir(), nil, "-in", src, "-out", out); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		outs = append(outs, snapshot(t, out, true))
	}
	if len(outs[0]) == 0 || !equalTrees(outs[0], outs[1]) {
		t.Fatalf("two runs on the same input differ (%d and %d files)", len(outs[0]), len(outs[1]))
	}
	for name, b := range outs[0] {
		if first, _, _ := strings.Cut(b, "\n"); !strings.HasPrefix(first, "// Code generated ") || !strings.HasSuffix(first, " DO NOT EDIT.") {
			t.Errorf("%s starts %q, want the generated-code header", name, first)
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
	fixture.Long(t) // renders a full registry and builds a program on it
	dir := t.TempDir()
	if r := runIn(t, t.TempDir(), nil, "-in", historyXML(t), "-out", dir); r.code != 0 {
		t.Fatalf("gen exited %d: %s", r.code, r.stderr)
	}
	seed := fixture.Read(t, fixture.Seed20250328)
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
	out := overlayRun(t, dir, append([]string{"./gen/testdata/textdump", "4323", "4377"}, ids...)...)
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

// TestPortsIsSelfContained checks what vendoring products rely on: the
// generated package imports the standard library only, and a program
// importing it runs no init work of it.
func TestPortsIsSelfContained(t *testing.T) {
	fixture.Long(t) // runs go list and go build
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
	build := exec.Command("go", "build", "-o", bin, "./gen/testdata/textdump")
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
