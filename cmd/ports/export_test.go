package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/ianacsv"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
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

// firstDiff describes the first row where two CSVs differ. Rows end in
// CRLF; newlines inside cells are bare LF.
func firstDiff(got, want []byte) string {
	g := strings.Split(string(got), "\r\n")
	w := strings.Split(string(want), "\r\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			var gr, wr string
			if i < len(g) {
				gr = g[i]
			}
			if i < len(w) {
				wr = w[i]
			}
			return fmt.Sprintf("first difference at row %d (row 1 is the header; got %d rows, want %d)\n got: %q\nwant: %q",
				i+1, len(g)-1, len(w)-1, gr, wr)
		}
	}
	return "the CSVs differ, but no row does"
}

// TestExportCSVOracle is the end-to-end check against IANA: generate a
// ports package from the oracle XML with the generator, build this
// command against it (go run -overlay swaps ports/ports.go and
// ports/tables.go), and compare "ports export csv" with the CSV IANA
// rendered from that XML, byte for byte.
func TestExportCSVOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator and the command: not in -short mode")
	}
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
	var m export.Meta
	if err := json.Unmarshal(ver, &m); err != nil {
		t.Fatal(err)
	}
	if m.Updated != "2026-04-24" || m.Records != 14512 {
		t.Fatalf("the overlay build holds registry %s with %d records, want the oracle's 2026-04-24 with 14512", m.Updated, m.Records)
	}
	got, err := exec.Command(bin, "export", "csv").Output()
	if err != nil {
		t.Fatalf("ports export csv: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ports export csv differs from IANA's CSV of 2026-04-24: %s", firstDiff(got, want))
	}
	t.Logf("ports export csv of the 2026-04-24 registry equals IANA's CSV: %d bytes, %d rows", len(got), bytes.Count(got, []byte("\r\n")))
}

// TestExportCSVReference checks the compiled-in export against the
// reference writer (internal/ianacsv, checked against IANA's CSV by its
// own oracle test) run on the very XML the tables were generated from:
// the pinned registry, not only the oracle's.
func TestExportCSVReference(t *testing.T) {
	if testing.Short() {
		t.Skip("parses the registry: not in -short mode")
	}
	reg, err := registry.ParseFile(fixture.Pinned(t), registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reg.SHA256 != ports.RegistrySHA256 {
		t.Fatalf("data/ holds registry %s, ports/ was built from %s: run go generate ./...", reg.SHA256, ports.RegistrySHA256)
	}
	var want bytes.Buffer
	if err := ianacsv.Write(&want, reg); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := export.CSV(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("export csv of the compiled-in registry differs from ianacsv.Write of data/: %s", firstDiff(got.Bytes(), want.Bytes()))
	}
}

// TestExportCSVShape checks the file layout in-process: header, one
// CRLF-terminated row per record, and the cells of a few records against
// the API.
func TestExportCSVShape(t *testing.T) {
	out, _ := mustRun(t, 0, "export", "csv")
	if !strings.HasPrefix(out, strings.Join(export.CSVHeader, ",")+"\r\n") || !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("export csv: bad header or ending: %q ... %q", out[:200], out[len(out)-50:])
	}
	if n := strings.Count(out, "\r\n"); n != ports.NumRecords+1 {
		t.Errorf("export csv: %d rows, want %d", n, ports.NumRecords+1)
	}
	for _, name := range []string{"tcpmux", "epmd", "x11"} {
		s, ok := ports.Lookup(name, ports.TCP)
		if !ok {
			t.Fatalf("no %s/tcp", name)
		}
		row := strings.Join([]string{s.Name(), s.Number(), "tcp", export.QuoteCSV(s.Description())}, ",") + ","
		if !strings.Contains(out, "\r\n"+row) {
			t.Errorf("export csv lacks a row starting %q", row)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"", ""}, {"a b", "a b"}, {"a,b", `"a,b"`}, {`say "hi"`, `"say ""hi"""`}, {"a\nb", "\"a\nb\""}, {"a\rb", "\"a\rb\""},
	} {
		if got := export.QuoteCSV(c.in); got != c.want {
			t.Errorf("QuoteCSV(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// serviceLine is one parsed line of a services(5) file.
type serviceLine struct {
	name    string
	port    uint16
	proto   string
	aliases []string
}

func (l serviceLine) String() string {
	return strings.Join(append([]string{l.name, fmt.Sprintf("%d/%s", l.port, l.proto)}, l.aliases...), " ")
}

// parseServices reads a services(5) file strictly: "#" starts a comment,
// fields are separated by blanks, the second is port/proto with a
// decimal port of at most 65535 and one of the registry's protocols.
func parseServices(data string) ([]serviceLine, error) {
	var out []serviceLine
	for n, line := range strings.Split(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: %q: no port/proto field", n+1, line)
		}
		num, proto, ok := strings.Cut(f[1], "/")
		port, err := strconv.ParseUint(num, 10, 16)
		if !ok || err != nil || !slices.Contains([]string{"tcp", "udp", "sctp", "dccp"}, proto) {
			return nil, fmt.Errorf("line %d: %q: bad port/proto %q", n+1, line, f[1])
		}
		out = append(out, serviceLine{name: f[0], port: uint16(port), proto: proto, aliases: f[2:]})
	}
	return out, nil
}

func TestExportServices(t *testing.T) {
	out, _ := mustRun(t, 0, "export", "services")
	lines, err := parseServices(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, ports.RegistryUpdated) || !strings.Contains(out, ports.RegistrySHA256) {
		t.Error("services header does not name the registry version")
	}
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") && (strings.ContainsAny(l, "\t\r") || strings.TrimRight(l, " ") != l) {
			t.Errorf("line %q: tabs, CR or trailing blanks", l)
		}
	}

	// Sorted by port, then protocol; no name or alias twice on a
	// port/proto.
	type key struct {
		name  string
		port  uint16
		proto string
	}
	protoRank := map[string]int{"tcp": 0, "udp": 1, "sctp": 2, "dccp": 3}
	seen := map[key]bool{}
	firstByName := map[key]uint16{} // name/proto (port 0) → first port
	firstByPort := map[key]string{} // port/proto (name "") → first name
	for i, l := range lines {
		if i > 0 {
			p := lines[i-1]
			if p.port > l.port || (p.port == l.port && protoRank[p.proto] > protoRank[l.proto]) {
				t.Errorf("%q after %q: not sorted", l, p)
			}
		}
		for _, n := range append([]string{l.name}, l.aliases...) {
			k := key{strings.ToLower(n), l.port, l.proto}
			if seen[k] {
				t.Errorf("%s %d/%s listed twice", n, l.port, l.proto)
			}
			seen[k] = true
			if _, ok := firstByName[key{n, 0, l.proto}]; !ok {
				firstByName[key{n, 0, l.proto}] = l.port
			}
		}
		if _, ok := firstByPort[key{"", l.port, l.proto}]; !ok {
			firstByPort[key{"", l.port, l.proto}] = l.name
		}
	}

	// Every assigned record with a port is there, at its first port, as
	// a name or an alias, on its protocol (tcp and udp when it names
	// none); nothing else is.
	wantKeys := map[key]bool{}
	for _, s := range ports.All() {
		if s.Status() != ports.Assigned || !s.HasPort() {
			continue
		}
		protos := []string{s.Protocol().String()}
		if s.Protocol() == ports.NoProtocol {
			protos = []string{"tcp", "udp"}
		}
		for _, p := range protos {
			if !seen[key{strings.ToLower(s.Name()), s.Port(), p}] {
				t.Errorf("%s %d/%s (record %d) missing", s.Name(), s.Port(), p, s.Index())
			}
			wantKeys[key{strings.ToLower(s.Name()), s.Port(), p}] = true
		}
	}
	names := 0
	for _, l := range lines {
		names += 1 + len(l.aliases)
	}
	if names != len(wantKeys) {
		t.Errorf("%d names and aliases in the file, want %d", names, len(wantKeys))
	}

	// What getservbyname and getservbyport would answer (the first
	// matching line) agrees with the library.
	for k, port := range firstByName {
		p, _ := ports.ParseProtocol(k.proto)
		s, ok := ports.Lookup(k.name, p)
		if !ok || s.Port() != port {
			if p == ports.TCP || p == ports.UDP || s.Protocol() == p {
				t.Errorf("getservbyname(%s, %s) = %d, ports.Lookup = %v (%v)", k.name, k.proto, port, s.Port(), ok)
			}
		}
		if p == ports.TCP || p == ports.UDP {
			if n, err := ports.LookupPort(k.proto, k.name); err != nil || n != int(port) {
				t.Errorf("getservbyname(%s, %s) = %d, ports.LookupPort = %d, %v", k.name, k.proto, port, n, err)
			}
		}
	}
	for k, name := range firstByPort {
		p, _ := ports.ParseProtocol(k.proto)
		var first string
		for _, s := range ports.ByPort(k.port, p) {
			if s.Status() == ports.Assigned && s.Port() == k.port && export.AliasTarget(s) == "" {
				first = s.Name()
				break
			}
		}
		if first != "" && first != name {
			t.Errorf("getservbyport(%d, %s) = %s, want the first assignment %s", k.port, k.proto, name, first)
		}
	}

	// The documented cases.
	find := func(name, proto string) *serviceLine {
		for i := range lines {
			if lines[i].name == name && lines[i].proto == proto {
				return &lines[i]
			}
		}
		return nil
	}
	if http, ok := ports.Lookup("http", ports.TCP); ok {
		l := find("http", "tcp")
		if l == nil || l.port != http.Port() {
			t.Errorf("http/tcp line %v", l)
		}
		for _, alias := range []string{"www", "www-http"} {
			if a, ok := ports.Lookup(alias, ports.TCP); ok && a.Port() == http.Port() && export.AliasTarget(a) == "http" && !slices.Contains(l.aliases, alias) {
				t.Errorf("%s is not an alias on %v", alias, l)
			}
		}
	}
	if x11, ok := ports.Lookup("x11", ports.TCP); ok && x11.IsRange() {
		lo, _ := x11.PortRange()
		if l := find("x11", "tcp"); l == nil || l.port != lo {
			t.Errorf("x11 range %s: line %v, want one line at %d", x11.Number(), l, lo)
		}
		if !strings.Contains(out, "(ports "+x11.Number()+")") {
			t.Errorf("x11 comment does not name the range %s", x11.Number())
		}
	}
	for _, s := range ports.All() {
		if s.Status() == ports.Assigned && s.HasPort() && s.Protocol() == ports.NoProtocol {
			if find(s.Name(), "tcp") == nil || find(s.Name(), "udp") == nil || find(s.Name(), "sctp") != nil {
				t.Errorf("protocol-less %s: want tcp and udp lines only", s.Name())
			}
		}
		if target := export.AliasTarget(s); target != "" && s.HasPort() && s.Protocol() == ports.TCP {
			if t2, ok := ports.Lookup(target, ports.TCP); ok && t2.Port() == s.Port() {
				if l := find(t2.Name(), "tcp"); l == nil || !slices.Contains(l.aliases, s.Name()) {
					t.Errorf("legacy %s is not an alias on %s's line %v", s.Name(), target, l)
				}
			}
		}
	}
	for _, c := range []struct {
		name string
		ok   bool
	}{{"http", true}, {"z39.50", true}, {"EtherNet/IP-1", true}, {"", false}, {"a b", false}, {"a#b", false}, {"caf\u00e9", false}, {"a\tb", false}} {
		if export.ServicesSafe(c.name) != c.ok {
			t.Errorf("ServicesSafe(%q) = %v", c.name, !c.ok)
		}
	}
}

// TestExportServicesGlibc has glibc read the exported file: it is
// bind-mounted over /etc/services in a private mount namespace (unshare
// -m, which needs root or CAP_SYS_ADMIN) and enumerated with "getent
// services -s files"; glibc must see exactly the lines the strict Go
// parser sees, and answer name and port look-ups.
func TestExportServicesGlibc(t *testing.T) {
	for _, tool := range []string{"unshare", "getent", "mount", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: cannot point glibc at the exported file (%v)", tool, err)
		}
	}
	if out, err := exec.Command("unshare", "-m", "true").CombinedOutput(); err != nil {
		t.Skipf("unshare -m does not work here (needs root or CAP_SYS_ADMIN): %v: %s", err, out)
	}
	file := filepath.Join(t.TempDir(), "services")
	mustRun(t, 0, "export", "services", "-o", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := parseServices(string(data))
	if err != nil {
		t.Fatal(err)
	}
	getent := func(keys ...string) string {
		t.Helper()
		script := `mount --bind "$0" /etc/services && exec getent services -s files "$@"`
		cmd := exec.Command("unshare", append([]string{"-m", "sh", "-c", script, file}, keys...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("getent services %q: %v\n%s", keys, err, stderr.String())
		}
		return string(out)
	}

	all, err := parseServices(getent())
	if err != nil {
		t.Fatalf("getent's enumeration: %v", err)
	}
	if len(all) != len(lines) {
		t.Errorf("glibc reads %d entries, the file has %d", len(all), len(lines))
	}
	for i := range min(len(all), len(lines)) {
		if all[i].String() != lines[i].String() {
			t.Fatalf("entry %d: glibc reads %q, the file says %q", i+1, all[i], lines[i])
		}
	}

	// Look-ups by name, alias and port, and the answers the library gives.
	epmd := ports.ByPort(4369, ports.TCP)[0].Name()
	http, _ := ports.Lookup("http", ports.TCP)
	x11, _ := ports.LookupPort("tcp", "x11")
	got := getent("http/tcp", "www/tcp", "4369/tcp", "x11/tcp", "z39.50/udp", "discard/dccp")
	t.Logf("getent services -s files http/tcp www/tcp 4369/tcp x11/tcp z39.50/udp discard/dccp:\n%s", got)
	res, err := parseServices(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 6 {
		t.Fatalf("getent found %d of 6 keys:\n%s", len(res), got)
	}
	for i, want := range []struct {
		name  string
		port  int
		proto string
	}{
		{"http", int(http.Port()), "tcp"},
		{"http", int(http.Port()), "tcp"},
		{epmd, 4369, "tcp"},
		{"x11", x11, "tcp"},
		{"z39-50", 210, "udp"},
		{"discard", 9, "dccp"},
	} {
		if r := res[i]; r.name != want.name || int(r.port) != want.port || r.proto != want.proto {
			t.Errorf("getent answer %d = %v, want %s %d/%s", i+1, r, want.name, want.port, want.proto)
		}
	}
}

func TestExportJSON(t *testing.T) {
	out, _ := mustRun(t, 0, "export", "json")
	again, _ := mustRun(t, 0, "export", "json")
	if out != again {
		t.Error("export json is not deterministic")
	}
	var doc export.Document
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Registry != export.Registry() || doc.Registry.SHA256 != ports.RegistrySHA256 || doc.Registry.Updated != ports.RegistryUpdated ||
		doc.Registry.Title != ports.RegistryTitle || doc.Registry.URL != ports.RegistryURL {
		t.Errorf("registry = %+v", doc.Registry)
	}
	if len(doc.Records) != ports.NumRecords || len(doc.People) != len(ports.People()) {
		t.Fatalf("%d records, %d people; want %d, %d", len(doc.Records), len(doc.People), ports.NumRecords, len(ports.People()))
	}
	ids := func(ps []ports.Person) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.ID())
		}
		return out
	}
	// Every record against the API, field by field.
	for i, s := range ports.All() {
		r := doc.Records[i]
		lo, hi := s.PortRange()
		code, hasCode := s.ServiceCode()
		if r.Index != i || r.Name != s.Name() || r.Number != s.Number() || r.HasPort != s.HasPort() ||
			r.PortLow != lo || r.PortHigh != hi || r.Protocol != s.Protocol().String() || r.Status != s.Status().String() ||
			r.Description != s.Description() || r.Note != s.Note() || r.Unauthorized != s.Unauthorized() ||
			r.Registered != s.Registered().String() || r.Modified != s.Modified().String() ||
			!slices.Equal(r.Assignees, ids(s.Assignees())) || !slices.Equal(r.Contacts, ids(s.Contacts())) ||
			(r.ServiceCode != nil) != hasCode || (hasCode && *r.ServiceCode != code) ||
			len(r.References) != len(s.References()) {
			t.Fatalf("record %d: %+v\ndoes not match %v", i, r, s)
		}
		for j, ref := range s.References() {
			rr := r.References[j]
			if rr.Type != ref.Type().String() || rr.Data != ref.Data() || rr.Section != ref.Section() || rr.Text != ref.Text() || rr.Label != ref.String() {
				t.Fatalf("record %d reference %d: %+v, want %v", i, j, rr, ref)
			}
		}
	}
	for i, p := range ports.People() {
		q := doc.People[i]
		if q.ID != p.ID() || q.Name != p.Name() || q.Org != p.Org() || !slices.Equal(q.URIs, append([]string{}, p.URIs()...)) ||
			q.Updated != p.Updated().String() || q.Listed != p.Listed() {
			t.Fatalf("person %d: %+v, want %v", i, q, p)
		}
	}
	// A few records by name, with the features they show.
	for _, c := range []struct {
		name  string
		proto ports.Protocol
	}{{"http", ports.TCP}, {"x11", ports.UDP}, {"discard", ports.DCCP}, {"whoispp", ports.TCP}} {
		s, ok := ports.Lookup(c.name, c.proto)
		if !ok {
			continue
		}
		r := doc.Records[s.Index()]
		if r.Name != s.Name() || r.Protocol != c.proto.String() {
			t.Errorf("%s/%v: %+v", c.name, c.proto, r)
		}
		if c.proto == ports.DCCP && r.ServiceCode == nil {
			t.Errorf("discard/dccp has no service code in JSON")
		}
	}
	if !strings.Contains(out, "&") || strings.Contains(out, `\u0026`) {
		t.Error("export json escapes HTML characters")
	}
}

// -o writes the file in place of standard output.
func TestExportOutput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.csv")
	out, _ := mustRun(t, 0, "export", "-o", file, "csv")
	if out != "" {
		t.Errorf("export -o wrote %d bytes to stdout", len(out))
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	export.CSV(&want)
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("export -o file differs from the export")
	}
	if _, errOut, code := runPorts(t, "export", "csv", "-o", filepath.Join(t.TempDir(), "no", "such", "dir", "f")); code != 1 || errOut == "" {
		t.Errorf("export to a bad path: exit %d, %q", code, errOut)
	}
}
