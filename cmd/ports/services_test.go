package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the netbase table of docs/services.md from this machine's /etc/services")

// serviceLine is one parsed line of a services(5) file.
type serviceLine struct {
	name    string
	port    uint16
	proto   string
	aliases []string
	comment string
}

func (l serviceLine) String() string {
	return strings.Join(append([]string{l.name, fmt.Sprintf("%d/%s", l.port, l.proto)}, l.aliases...), " ")
}

// names are the line's name and aliases.
func (l serviceLine) names() []string { return append([]string{l.name}, l.aliases...) }

// parseServices reads a services(5) file as glibc's files backend
// does, but strictly: "#" starts a comment, fields are separated by
// blanks, the second is port/proto with a decimal port of at most 65535.
// A line that is not a comment and has no such field is an error; glibc
// would skip it silently. protos are the protocols accepted.
func parseServices(data string, protos ...string) ([]serviceLine, error) {
	if protos == nil {
		protos = []string{"tcp", "udp", "sctp", "dccp"}
	}
	var out []serviceLine
	for n, line := range strings.Split(data, "\n") {
		var comment string
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, comment = line[:i], strings.TrimSpace(line[i+1:])
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
		if !ok || err != nil || !slices.Contains(protos, proto) {
			return nil, fmt.Errorf("line %d: %q: bad port/proto %q", n+1, line, f[1])
		}
		out = append(out, serviceLine{name: f[0], port: uint16(port), proto: proto, aliases: f[2:], comment: comment})
	}
	return out, nil
}

// filesDB answers look-ups the way glibc's files backend (nss_files,
// files-service.c) answers getservbyport and getservbyname from
// /etc/services: it reads the lines in file order and returns the first
// that matches. A port matches the port and protocol exactly; a name
// matches the line's name or one of its aliases with strcmp, so case
// matters.
type filesDB []serviceLine

func (db filesDB) byPort(port uint16, proto string) (serviceLine, bool) {
	for _, l := range db {
		if l.port == port && l.proto == proto {
			return l, true
		}
	}
	return serviceLine{}, false
}

func (db filesDB) byName(name, proto string) (serviceLine, bool) {
	for _, l := range db {
		if l.proto == proto && slices.Contains(l.names(), name) {
			return l, true
		}
	}
	return serviceLine{}, false
}

// exportedServices runs "ports export services" and parses it.
func exportedServices(t *testing.T) (string, filesDB) {
	t.Helper()
	out, _ := mustRun(t, 0, "export", "services")
	lines, err := parseServices(out)
	if err != nil {
		t.Fatal(err)
	}
	return out, lines
}

// pinnedRegistry is the registry XML the compiled-in tables were
// generated from, parsed: the slow reference of the exports.
func pinnedRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	if testing.Short() {
		t.Skip("parses the registry: not in -short mode")
	}
	pinned := fixture.Registry(t, "")
	if pinned.SHA256 != ports.RegistrySHA256 {
		t.Fatalf("data/ holds registry %s, ports/ was built from %s: run go generate ./...", pinned.SHA256, ports.RegistrySHA256)
	}
	return pinned
}

// wantServices builds the services export from the parsed XML, the slow
// way: every record with a name and a port, on each port of its range and
// on its protocol (tcp and udp when it names none), grouped by port and
// protocol in registry order; package primary picks the first name.
func wantServices(reg *registry.Registry) []serviceLine {
	type key struct {
		port  int
		proto int // index into the protocol order
	}
	order := []string{"tcp", "udp", "sctp", "dccp"}
	at := map[key][]*registry.Record{}
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name == "" || !r.HasNumber {
			continue
		}
		protos := []string{r.Protocol}
		if r.Protocol == "" {
			protos = []string{"tcp", "udp"}
		}
		for port := r.Lo; port <= r.Hi; port++ {
			for _, p := range protos {
				k := key{port, slices.Index(order, p)}
				at[k] = append(at[k], r)
			}
		}
	}
	var keys []key
	for k := range at {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.port != b.port {
			return a.port - b.port
		}
		return a.proto - b.proto
	})
	var out []serviceLine
	for _, k := range keys {
		recs := at[k]
		var rows []primary.Row
		for _, r := range recs {
			rows = append(rows, xmlrow.FromRecord(r))
		}
		first := recs[primary.Pick(rows)]
		l := serviceLine{name: first.Name, port: uint16(k.port), proto: order[k.proto]}
		for _, r := range recs {
			if !slices.ContainsFunc(l.names(), func(n string) bool { return registry.EqualFoldName(n, r.Name) }) {
				l.aliases = append(l.aliases, r.Name)
			}
		}
		for _, s := range strings.Split(first.Description.Plain(), "\n") {
			if s = strings.TrimSpace(s); s != "" {
				l.comment = s
				break
			}
		}
		if first.Lo != first.Hi {
			l.comment = strings.TrimSpace(l.comment + " (ports " + first.PortText() + ")")
		}
		out = append(out, l)
	}
	return out
}

func TestExportServices(t *testing.T) {
	reg := pinnedRegistry(t)
	out, lines := exportedServices(t)
	if again, _ := mustRun(t, 0, "export", "services"); again != out {
		t.Error("export services is not deterministic")
	}
	head, _, _ := strings.Cut(out, "\n\n")
	for _, s := range []string{ports.RegistryTitle, ports.RegistryUpdated, ports.RegistrySHA256, "primary", "alias"} {
		if !strings.Contains(head, s) {
			t.Errorf("the header does not mention %q:\n%s", s, head)
		}
	}

	want := wantServices(reg)
	for i := range max(len(lines), len(want)) {
		if i >= len(lines) || i >= len(want) {
			t.Fatalf("%d lines, want %d", len(lines), len(want))
		}
		g, w := lines[i], want[i]
		if g.String() != w.String() || g.comment != w.comment {
			t.Fatalf("line %d:\n got %s # %s\nwant %s # %s", i+1, g, g.comment, w, w.comment)
		}
	}

	// Layout: no tabs, CR or trailing blanks; the comments of lines
	// whose fields fit start in one column.
	col := -1
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") && (strings.ContainsAny(l, "\t\r") || strings.TrimRight(l, " ") != l) {
			t.Errorf("line %q: tabs, CR or trailing blanks", l)
		}
		fields, _, ok := strings.Cut(l, "#")
		if !ok || fields == "" {
			continue
		}
		short := len(strings.TrimRight(fields, " ")) < len(fields)-1 // padded by more than the one blank
		if col < 0 && short {
			col = len(fields)
		}
		if short && len(fields) != col {
			t.Errorf("line %q: comment at column %d, not %d", l, len(fields), col)
		}
	}
	if col < 0 {
		t.Error("no aligned comment")
	}
}

// TestServicesFilesBackend emulates glibc's files backend on the export:
// every port and protocol answers with its primary name, every name and
// alias with the port ports.LookupPort gives, and the cases.
func TestServicesFilesBackend(t *testing.T) {
	_, db := exportedServices(t)
	seen := map[string]bool{}
	for _, l := range db {
		k := fmt.Sprintf("%d/%s", l.port, l.proto)
		if seen[k] {
			t.Errorf("%s has two lines: getservbyport can never see the second", k)
		}
		seen[k] = true
		for _, n := range l.names() {
			got, ok := db.byName(n, l.proto)
			if !ok || got.port > l.port {
				t.Errorf("getservbyname(%s, %s) = %v, %v: misses %v", n, l.proto, got, ok, l)
			}
			if l.proto != "tcp" && l.proto != "udp" {
				continue
			}
			if p, err := ports.LookupPort(l.proto, n); err != nil || p != int(got.port) {
				t.Errorf("getservbyname(%s, %s) = %d, ports.LookupPort = %d, %v", n, l.proto, got.port, p, err)
			}
		}
	}

	// The cases of the issue, with netbase's answers: each holds while
	// IANA registers its names there, which a registry update may end.
	for _, c := range []struct {
		key   string
		name  string
		other string // a name that must resolve to the same port
	}{
		{"113/tcp", "auth", "ident"},
		{"465/tcp", "submissions", "urd"},
		{"512/udp", "biff", "comsat"},
		{"2049/tcp", "nfs", "shilp"},
		{"2049/udp", "nfs", "shilp"},
		{"514/udp", "syslog", ""},
		{"80/tcp", "http", "www"},
		{"6001/tcp", "x11", ""},
	} {
		num, proto, _ := strings.Cut(c.key, "/")
		port, _ := strconv.Atoi(num)
		if !ianaRegisters(c.name, uint16(port), proto) {
			t.Logf("IANA no longer registers %s on %s: netbase's answer does not apply", c.name, c.key)
			continue
		}
		l, ok := db.byPort(uint16(port), proto)
		if !ok || l.name != c.name {
			t.Errorf("getservbyport(%s) = %v, %v; want %s", c.key, l, ok, c.name)
		}
		for _, n := range []string{c.name, c.other} {
			if n == "" || !ianaRegisters(n, uint16(port), proto) {
				continue
			}
			want := port
			p, _ := ports.ParseProtocol(proto)
			if s, ok := ports.Lookup(n, p); ok && s.IsRange() {
				lo, _ := s.PortRange()
				want = int(lo) // a range: its first port
			}
			if l, ok := db.byName(n, proto); !ok || int(l.port) != want {
				t.Errorf("getservbyname(%s, %s) = %v, %v; want port %d", n, proto, l, ok, want)
			}
		}
	}
}

// TestServicesFixture checks the export against a few netbase-style
// lines with known answers (testdata/netbase-sample): glibc's by-port
// answer is the line's first name, or the name after "expect" in its
// comment; each of its names that IANA registers on that port resolves
// to it by name.
func TestServicesFixture(t *testing.T) {
	_, db := exportedServices(t)
	data, err := os.ReadFile(filepath.Join("testdata", "netbase-sample"))
	if err != nil {
		t.Fatal(err)
	}
	sample, err := parseServices(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(sample) < 5 {
		t.Fatalf("testdata/netbase-sample has %d lines", len(sample))
	}
	expect := regexp.MustCompile(`^expect ([^\s:]+)`)
	for _, l := range sample {
		want := l.name
		if m := expect.FindStringSubmatch(l.comment); m != nil {
			want = m[1]
		}
		if !ianaRegisters(want, l.port, l.proto) {
			t.Logf("IANA no longer registers %s on %d/%s: the sample's answer does not apply", want, l.port, l.proto)
			continue
		}
		got, ok := db.byPort(l.port, l.proto)
		if !ok || got.name != want {
			t.Errorf("netbase %v: getservbyport = %v, %v; want %s", l, got, ok, want)
		}
		for _, n := range l.names() {
			if !ianaRegisters(n, l.port, l.proto) {
				continue
			}
			if got, ok := db.byName(n, l.proto); !ok || got.port != l.port {
				t.Errorf("netbase %v: getservbyname(%s) = %v, %v", l, n, got, ok)
			}
		}
	}
}

// ianaRegisters reports whether the registry assigns name on port and
// proto (records naming no protocol count for tcp and udp, as the
// export lists them).
func ianaRegisters(name string, port uint16, proto string) bool {
	for s := range ports.ByName(name) {
		lo, hi := s.PortRange()
		p := s.Protocol().String()
		if s.HasPort() && lo <= port && port <= hi && (p == proto || p == "" && (proto == "tcp" || proto == "udp")) {
			return true
		}
	}
	return false
}

// netbaseDiff is one line of a system services file whose by-port answer
// the export changes, and why.
type netbaseDiff struct {
	line   serviceLine
	answer string // the export's by-port answer, "" for none
	reason string
}

// compareNetbase answers every line of sys by port from db and returns
// the lines of netbase that IANA registers on their port and protocol
// (tcp and udp), how many of those agree, and every line that differs.
func compareNetbase(sys []serviceLine, db filesDB) (registered, agree int, diffs []netbaseDiff) {
	for _, l := range sys {
		got, _ := db.byPort(l.port, l.proto)
		if (l.proto == "tcp" || l.proto == "udp") && ianaRegisters(l.name, l.port, l.proto) {
			registered++
			if got.name == l.name {
				agree++
			}
		}
		if got.name != l.name {
			diffs = append(diffs, netbaseDiff{l, got.name, diffReason(l, got.name)})
		}
	}
	return registered, agree, diffs
}

// diffReason says why the export answers a port other than netbase does.
func diffReason(l serviceLine, answer string) string {
	p, err := ports.ParseProtocol(l.proto)
	if err != nil {
		return l.proto + " is not a protocol of the registry (AppleTalk)"
	}
	if ianaRegisters(l.name, l.port, l.proto) {
		return "IANA assigns " + l.name + " here too; the primary-name rule prefers " + answer
	}
	why := "not an IANA name"
	if rs := slices.Collect(ports.ByName(l.name)); len(rs) > 0 {
		var at []string
		for _, s := range rs {
			if s.HasPort() {
				at = append(at, s.Number()+"/"+orDash(s.Protocol().String()))
			} else {
				at = append(at, "without a port")
			}
		}
		why = "IANA registers " + l.name + " only " + strings.Join(slices.Compact(at), ", ")
	}
	switch {
	case answer == "":
		st := "no row (dynamic ports)"
		for s := range ports.ByPort(l.port, p) {
			st = s.Status().String()
			break
		}
		return why + "; IANA assigns no name here: " + st
	case slices.Contains(l.aliases, answer):
		return why + "; IANA's name here is netbase's alias " + answer
	}
	return why + "; IANA assigns " + answer + " here"
}

// systemServices reads this machine's /etc/services, or skips.
func systemServices(t *testing.T) ([]byte, []serviceLine) {
	t.Helper()
	data, err := os.ReadFile("/etc/services")
	if err != nil {
		t.Skipf("no system services file to compare with: %v", err)
	}
	// netbase lists AppleTalk's ddp too; keep those lines, they are
	// part of the comparison.
	lines, err := parseServices(string(data), "tcp", "udp", "sctp", "dccp", "ddp")
	if err != nil {
		t.Skipf("/etc/services is not in the form this test reads: %v", err)
	}
	return data, lines
}

// docsNetbase matches the line of docs/services.md that names the
// services file its table was made from, docsRegistry the registry.
var (
	docsNetbase  = regexp.MustCompile("(?m)^Compared with `/etc/services` of SHA-256 `([0-9a-f]{64})`")
	docsRegistry = regexp.MustCompile("the registry of SHA-256 `([0-9a-f]{64})`")
)

const (
	tableStart = "<!-- netbase differences: begin (go test ./cmd/ports -run TestServicesNetbase -args -update-docs) -->\n"
	tableEnd   = "<!-- netbase differences: end -->\n"
)

// TestServicesNetbase compares glibc's by-port answers, emulated, on the
// export with the system's services file (Debian netbase's where this
// test was written): at least 99% of its tcp/udp lines whose name IANA
// registers on that port and protocol must keep their name. When the
// system file and the registry are the ones docs/services.md was written
// from, the document's table of differences must match (a registry
// update changes the table: rerun with -update-docs then).
func TestServicesNetbase(t *testing.T) {
	data, sys := systemServices(t)
	_, db := exportedServices(t)
	registered, agree, diffs := compareNetbase(sys, db)
	t.Logf("/etc/services: %d lines; %d of the %d tcp/udp lines whose name IANA registers there keep their name; %d lines differ",
		len(sys), agree, registered, len(diffs))
	if registered == 0 {
		t.Skip("/etc/services shares no name with the registry")
	}
	if agree*100 < registered*99 {
		t.Errorf("only %d of %d agree, want at least 99%%", agree, registered)
	}
	for _, d := range diffs {
		if strings.HasPrefix(d.reason, "IANA assigns "+d.line.name+" here too") {
			t.Logf("rule difference: %v: %s", d.line, d.reason)
		}
	}

	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	docPath := filepath.Join(fixture.Root(t), "docs", "services.md")
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "By port, the export answers %d of the %d tcp/udp lines whose name IANA registers on that port and protocol with netbase's name (%.1f%%).\n",
		agree, registered, 100*float64(agree)/float64(registered))
	fmt.Fprintf(&table, "Over all %d lines, %d differ:\n\n", len(sys), len(diffs))
	table.WriteString("| netbase line | the export's answer | why |\n|---|---|---|\n")
	for _, d := range diffs {
		fmt.Fprintf(&table, "| `%s` | %s | %s |\n", d.line, orDash(d.answer), d.reason)
	}
	before, rest, ok1 := strings.Cut(string(doc), tableStart)
	_, after, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("docs/services.md lacks the table markers %q and %q", tableStart, tableEnd)
	}
	if *updateDocs {
		head := docsNetbase.ReplaceAllString(before, "Compared with `/etc/services` of SHA-256 `"+hash+"`")
		head = docsRegistry.ReplaceAllString(head, "the registry of SHA-256 `"+ports.RegistrySHA256+"`")
		if err := os.WriteFile(docPath, []byte(head+tableStart+table.String()+tableEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	m := docsNetbase.FindStringSubmatch(before)
	if m == nil || m[1] != hash {
		t.Skipf("docs/services.md was written from another /etc/services than this one (SHA-256 %s)", hash)
	}
	if m := docsRegistry.FindStringSubmatch(before); m == nil || m[1] != ports.RegistrySHA256 {
		t.Skipf("docs/services.md was written from another registry than ports/ holds (SHA-256 %s): go test ./cmd/ports -run TestServicesNetbase -args -update-docs", ports.RegistrySHA256)
	}
	if !strings.HasPrefix(rest, table.String()+tableEnd) {
		t.Errorf("docs/services.md's table of differences is out of date; rerun with -args -update-docs. Now:\n%s", table.String())
	}
}

// TestExportServicesGlibc has glibc itself read the export: it is
// bind-mounted over /etc/services in a private mount namespace (unshare
// -m, which needs root or CAP_SYS_ADMIN) and queried with "getent
// services -s files". glibc must see exactly the lines the strict parser
// sees and answer every by-port and by-name look-up of netbase's file
// and of the cases as the emulation does.
func TestExportServicesGlibc(t *testing.T) {
	fixture.Long(t) // runs getent over every line of the export
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
	db, err := parseServices(string(data))
	if err != nil {
		t.Fatal(err)
	}
	// getent prints "KEY<TAB>answer" for each key, "KEY<TAB>" for a miss.
	getent := func(keys ...string) []string {
		t.Helper()
		script := `mount --bind "$0" /etc/services || exit 1
if [ $# -eq 0 ]; then exec getent services -s files; fi
for k; do printf '%s\t' "$k"; getent services -s files "$k" || echo; done`
		cmd := exec.Command("unshare", append([]string{"-m", "sh", "-c", script, file}, keys...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("getent services %q: %v\n%s", keys, err, stderr.String())
		}
		return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	}

	all, err := parseServices(strings.Join(getent(), "\n"))
	if err != nil {
		t.Fatalf("getent's enumeration: %v", err)
	}
	if len(all) != len(db) {
		t.Errorf("glibc reads %d entries, the file has %d", len(all), len(db))
	}
	for i := range min(len(all), len(db)) {
		if all[i].String() != db[i].String() {
			t.Fatalf("entry %d: glibc reads %q, the file says %q", i+1, all[i], db[i])
		}
	}

	if testing.Short() {
		return // the key-by-key comparison runs getent about 900 times
	}
	// The keys: the cases, the sample, and the system's file.
	keys := []string{"113/tcp", "ident/tcp", "465/tcp", "urd/tcp", "512/udp", "comsat/udp", "2049/tcp", "shilp/tcp",
		"514/udp", "80/tcp", "www/tcp", "6001/tcp", "x11/tcp", "z39.50/udp", "9/dccp", "discard/dccp"}
	sources := map[string][]serviceLine{}
	if b, err := os.ReadFile(filepath.Join("testdata", "netbase-sample")); err == nil {
		sources["testdata/netbase-sample"], _ = parseServices(string(b))
	}
	if b, err := os.ReadFile("/etc/services"); err == nil {
		sources["/etc/services"], _ = parseServices(string(b), "tcp", "udp", "sctp", "dccp", "ddp")
	}
	sys := slices.Concat(sources["testdata/netbase-sample"], sources["/etc/services"])
	for _, l := range sys {
		keys = append(keys, fmt.Sprintf("%d/%s", l.port, l.proto))
		for _, n := range l.names() {
			keys = append(keys, n+"/"+l.proto)
		}
	}
	answers := getent(keys...)
	if len(answers) != len(keys) {
		t.Fatalf("getent answered %d of %d keys", len(answers), len(keys))
	}
	emulated := filesDB(db)
	real := map[string]string{} // key: glibc's answer, normalised
	for i, a := range answers {
		key, got, _ := strings.Cut(a, "\t")
		if key != keys[i] {
			t.Fatalf("answer %d is for %q, want %q", i, key, keys[i])
		}
		got = strings.Join(strings.Fields(got), " ")
		real[key] = got
		k, proto, _ := strings.Cut(key, "/")
		var want serviceLine
		var ok bool
		if port, err := strconv.ParseUint(k, 10, 16); err == nil {
			want, ok = emulated.byPort(uint16(port), proto)
		} else {
			want, ok = emulated.byName(k, proto)
		}
		wantText := ""
		if ok {
			wantText = want.String()
		}
		if got != wantText {
			t.Errorf("getent services -s files %s = %q; the emulation says %q", key, got, wantText)
		}
	}
	for _, src := range []string{"testdata/netbase-sample", "/etc/services"} {
		registered, agree := 0, 0
		for _, l := range sources[src] {
			if (l.proto == "tcp" || l.proto == "udp") && ianaRegisters(l.name, l.port, l.proto) {
				registered++
				if name, _, _ := strings.Cut(real[fmt.Sprintf("%d/%s", l.port, l.proto)], " "); name == l.name {
					agree++
				}
			}
		}
		t.Logf("glibc (getent -s files) by port: %d of the %d tcp/udp lines of %s whose name IANA registers there keep their name", agree, registered, src)
	}
}

// TestServicesNamesArePrimary: each line of the export is named as
// ports.Primary names its port and protocol, wherever the file can list
// Primary's record: the rule is in one place.
func TestServicesNamesArePrimary(t *testing.T) {
	same, unlisted := 0, 0
	for l := range export.ServiceLines() {
		s, ok := ports.Primary(l.Port, l.Protocol)
		if !ok {
			t.Fatalf("line %d/%v: Primary has no answer", l.Port, l.Protocol)
		}
		if !export.ServicesSafe(s.Name()) || s.Protocol() == ports.NoProtocol && l.Protocol != ports.TCP && l.Protocol != ports.UDP {
			unlisted++
			continue
		}
		if l.Name != s.Name() {
			t.Errorf("line %d/%v is named %q, Primary says %v", l.Port, l.Protocol, l.Name, s)
		}
		same++
	}
	if same == 0 {
		t.Fatal("no line of the export")
	}
	t.Logf("%d lines named by Primary; %d where the file cannot list Primary's record", same, unlisted)
}
