package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/ianacsv"
	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

func moduleRoot(t *testing.T) string { return fixture.Root(t) }

func goTool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the oracle pipeline: %v", err)
	}
	return path
}

// goCmd runs the go command in the module root and returns its standard
// output; it fails the test with the standard error on failure.
func goCmd(t *testing.T, root string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(goTool(t), args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// writeOverlay writes a go -overlay file replacing (or adding) files.
func writeOverlay(t *testing.T, dir string, replace map[string]string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExportCSVOracle is the end-to-end check against IANA: generate a
// ports package from the oracle XML with the generator, build this
// command against it (go run -overlay swaps ports/ports.go and
// ports/tables.go), and compare "ports export csv" with the CSV IANA
// rendered from that XML, byte for byte.
func TestExportCSVOracle(t *testing.T) {
	fixture.Long(t) // builds the generator and the command
	root := moduleRoot(t)
	xmlPath := fixture.Path(t, fixture.Registry20260424)
	want := fixture.Read(t, fixture.CSV20260424)
	tmp := t.TempDir()
	goCmd(t, root, "run", "./gen", "-in", xmlPath, "-out", tmp, "-pin", "")
	overlay := writeOverlay(t, tmp, map[string]string{
		filepath.Join(root, "ports", "ports.go"):  filepath.Join(tmp, "ports.go"),
		filepath.Join(root, "ports", "tables.go"): filepath.Join(tmp, "tables.go"),
	})
	// One build, two runs: version proves the overlay took effect.
	bin := filepath.Join(tmp, "ports")
	goCmd(t, root, "build", "-overlay", overlay, "-o", bin, "./cmd/ports")
	ver, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("ports version: %v", err)
	}
	var doc export.Document
	if err := json.Unmarshal(ver, &doc); err != nil {
		t.Fatal(err)
	}
	if m := doc.Registry; m.Updated != "2026-04-24" || m.Records != 14512 {
		t.Fatalf("the overlay build holds registry %s with %d records, want the oracle's 2026-04-24 with 14512", doc.Registry.Updated, doc.Registry.Records)
	}
	got, err := exec.Command(bin, "export", "csv").Output()
	if err != nil {
		t.Fatalf("ports export csv: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ports export csv differs from IANA's CSV of 2026-04-24: %s", fixture.CSVDiff(got, want))
	}
	t.Logf("ports export csv of the 2026-04-24 registry equals IANA's CSV: %d bytes, %d rows", len(got), bytes.Count(got, []byte("\r\n")))
}

// TestExportCSVReference checks the compiled-in export against the
// reference writer (registry.WriteCSV, checked against IANA's CSV by its
// own oracle test) run on the very XML the tables were generated from:
// the pinned registry, not only the oracle's.
func TestExportCSVReference(t *testing.T) {
	reg := pinnedRegistry(t)
	var want bytes.Buffer
	if err := reg.WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := export.CSV(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("export csv of the compiled-in registry differs from registry.WriteCSV of data/: %s", fixture.CSVDiff(got.Bytes(), want.Bytes()))
	}
}

// TestExportCSVShape checks the file layout in-process: header, one
// CRLF-terminated row per record, and the cells of a few records against
// the API.
func TestExportCSVShape(t *testing.T) {
	out, _ := mustRun(t, 0, "export", "csv")
	if !strings.HasPrefix(out, strings.Join(ianacsv.Header, ",")+"\r\n") || !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("export csv: bad header or ending: %q ... %q", out[:200], out[len(out)-50:])
	}
	if n := strings.Count(out, "\r\n"); n != ports.NumRecords+1 {
		t.Errorf("export csv: %d rows, want %d", n, ports.NumRecords+1)
	}
	tcpmux, ok := ports.Lookup("tcpmux", ports.TCP)
	if !ok {
		t.Fatal("no tcpmux/tcp")
	}
	// A user port and a range, as the registry compiled in has them.
	for _, s := range []ports.Service{tcpmux, loneUserTCP(t), firstService(t, "assigned range on tcp", func(s ports.Service) bool {
		return s.Protocol() == ports.TCP && s.IsAssigned() && s.IsRange()
	})} {
		row := strings.Join([]string{s.Name(), s.Number(), "tcp", ianacsv.Quote(s.Description())}, ",") + ","
		if !strings.Contains(out, "\r\n"+row) {
			t.Errorf("export csv lacks a row starting %q", row)
		}
	}
}

// TestExportJSON checks the document's layout and that it holds every
// record and person in portsjson's schema (which portsjson's own tests
// check against the XML, field by field).
func TestExportJSON(t *testing.T) {
	out, _ := mustRun(t, 0, "export", "json")
	again, _ := mustRun(t, 0, "export", "json")
	if out != again {
		t.Error("export json is not deterministic")
	}
	var doc export.ExportDocument
	if err := strictJSON(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != portsjson.Schema || !reflect.DeepEqual(doc.Registry, portsjson.FromRegistry()) || doc.Registry.SHA256 != ports.RegistrySHA256 ||
		doc.Registry.Updated != ports.RegistryUpdated || doc.Registry.Records != ports.NumRecords {
		t.Errorf("schema %d, registry %+v", doc.Schema, doc.Registry)
	}
	if len(doc.Records) != ports.NumRecords || len(doc.People) != len(slices.Collect(ports.People())) {
		t.Fatalf("%d records, %d people; want %d, %d", len(doc.Records), len(doc.People), ports.NumRecords, len(slices.Collect(ports.People())))
	}
	for i, s := range slices.Collect(ports.All()) {
		if want := portsjson.FromService(s); !reflect.DeepEqual(doc.Records[i], want) {
			t.Fatalf("record %d:\n got %+v\nwant %+v", i, doc.Records[i], want)
		}
	}
	for i, p := range slices.Collect(ports.People()) {
		if want := portsjson.FromPerson(p); !reflect.DeepEqual(doc.People[i], want) {
			t.Fatalf("person %d:\n got %+v\nwant %+v", i, doc.People[i], want)
		}
	}
	// One record or person a line, so that a diff shows what changed.
	if n := strings.Count(out, "\n{\"index\":"); n != ports.NumRecords {
		t.Errorf("%d lines start a record, want %d", n, ports.NumRecords)
	}
	if !strings.HasPrefix(out, "{\n\"schema\": 1,\n\"registry\": {") || !strings.HasSuffix(out, "\n]\n}\n") {
		t.Errorf("document head or tail: %q ... %q", out[:40], out[len(out)-20:])
	}
	if !strings.Contains(out, "&") || strings.Contains(out, `\u0026`) {
		t.Error("export json escapes HTML characters")
	}
}

// -o writes the file in place of standard output: "-" is standard
// output, a regular file is replaced only once complete (keeping its
// mode), a symbolic link's target is written and the link kept. (A pipe:
// TestExportOutputPipe.)
func TestExportOutput(t *testing.T) {
	var want bytes.Buffer
	export.CSV(&want)
	dir := t.TempDir()
	file := filepath.Join(dir, "x.csv")
	out, _ := mustRun(t, 0, "export", "-o", file, "csv")
	if out != "" {
		t.Errorf("export -o wrote %d bytes to stdout", len(out))
	}
	if got, err := os.ReadFile(file); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("export -o file differs from the export (%v)", err)
	}

	// "-" is standard output, not a file named "-".
	t.Chdir(dir)
	out, _ = mustRun(t, 0, "export", "csv", "-o", "-")
	if out != want.String() {
		t.Error("export -o - does not write the export to standard output")
	}
	if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
		t.Error("export -o - created a file named -")
	}

	// An existing file keeps its mode and is replaced whole.
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, 0, "export", "services", "-o", file)
	fi, err := os.Stat(file)
	if got, _ := os.ReadFile(file); err != nil || fi.Mode().Perm() != 0o600 || !strings.HasPrefix(string(got), "# Network services") {
		t.Errorf("replacing a file: mode %v, %v", fi.Mode(), err)
	}

	// Through a symbolic link: the target changes, the link stays.
	target := filepath.Join(dir, "target.csv")
	link := filepath.Join(dir, "link.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.csv", link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	mustRun(t, 0, "export", "csv", "-o", link)
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v, %v", fi, err)
	}
	if got, _ := os.ReadFile(target); !bytes.Equal(got, want.Bytes()) {
		t.Error("the link's target does not hold the export")
	}

	// A failure writes nothing and leaves no temporary file.
	if _, errOut, code := runPorts(t, "export", "csv", "-o", filepath.Join(dir, "no", "such", "dir", "f")); code != 1 || errOut == "" {
		t.Errorf("export to a bad path: exit %d, %q", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
