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
	name      string
	port      uint16
	proto     string
	aliases   []string
	comment   string
	commented bool // "#name port/proto ...": an entry no look-up reads
}

func (l serviceLine) String() string {
	s := strings.Join(append([]string{l.name, fmt.Sprintf("%d/%s", l.port, l.proto)}, l.aliases...), " ")
	if l.commented {
		s = "#" + s
	}
	return s
}

// names are the line's name and aliases.
func (l serviceLine) names() []string { return append([]string{l.name}, l.aliases...) }

// parseServices reads a services(5) file as glibc's files backend
// does, but strictly: "#" starts a comment, fields are separated by
// blanks, the second is port/proto with a decimal port of at most 65535.
// A line that is not a comment and has no such field is an error; glibc
// would skip it silently. protos are the protocols accepted.
func parseServices(data string, protos ...string) ([]serviceLine, error) {
	return parseLines(data, false, protos...)
}

// parseExport reads the export as parseServices does, and also its
// commented entries ("#name port/proto ...", a port whose every name the
// file lists on another port), marked commented: the whole file, to
// compare with the reference. The header's comments start "# " or are
// "#" alone.
func parseExport(data string) ([]serviceLine, error) {
	return parseLines(data, true)
}

func parseLines(data string, commented bool, protos ...string) ([]serviceLine, error) {
	if protos == nil {
		protos = []string{"tcp", "udp", "sctp", "dccp"}
	}
	var out []serviceLine
	for n, line := range strings.Split(data, "\n") {
		entry := commented && len(line) > 1 && line[0] == '#' && line[1] != ' '
		if entry {
			line = line[1:]
		}
		var comment string
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, comment = line[:i], strings.TrimSpace(line[i+1:])
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			if entry {
				return nil, fmt.Errorf("line %d: %q: a commented entry without fields", n+1, line)
			}
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
		out = append(out, serviceLine{name: f[0], port: uint16(port), proto: proto, aliases: f[2:], comment: comment, commented: entry})
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

// nameProto is a service name, folded as RFC 6335 folds it, on a
// protocol.
type nameProto struct{ name, proto string }

// byNamePorts is, for every name of reg on tcp, udp, sctp and dccp, the
// port a by-name look-up answers: the lowest of the name's records with
// a port on that protocol, a record naming no protocol counting for
// every protocol.
func byNamePorts(reg *registry.Registry) map[nameProto]int {
	m := map[nameProto]int{}
	for i := range reg.Records {
		r := &reg.Records[i]
		if r.Name == "" || !r.HasNumber {
			continue
		}
		for _, p := range []string{"tcp", "udp", "sctp", "dccp"} {
			if r.Protocol == p || r.Protocol == "" {
				k := nameProto{registry.FoldName(r.Name), p}
				if lo, ok := m[k]; !ok || r.Lo < lo {
					m[k] = r.Lo
				}
			}
		}
	}
	return m
}

// wantServices builds the services export from the parsed XML, the slow
// way: every record with a name and a port, on each port of its range and
// on its protocol (tcp and udp when it names none), grouped by port and
// protocol in registry order, where its name's by-name port is that port;
// package primary picks the first name, every name with capitals is
// followed by its lower-case form. The records of a port whose names go
// to other ports are noted "[by name: ...]" there, on their own first
// port, and where none is left the line is commented.
func wantServices(reg *registry.Registry) []serviceLine {
	type key struct {
		port  int
		proto int // index into the protocol order
	}
	order := []string{"tcp", "udp", "sctp", "dccp"}
	byName := byNamePorts(reg)
	at := map[key][]*registry.Record{}    // listed there
	moved := map[key][]*registry.Record{} // their first port, listed elsewhere
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
				switch {
				case byName[nameProto{registry.FoldName(r.Name), p}] == port:
					at[k] = append(at[k], r)
				case port == r.Lo:
					moved[k] = append(moved[k], r)
				}
			}
		}
	}
	var keys []key
	for k := range at {
		keys = append(keys, k)
	}
	for k := range moved {
		if at[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.port != b.port {
			return a.port - b.port
		}
		return a.proto - b.proto
	})
	hasFold := func(names []string, name string) bool {
		return slices.ContainsFunc(names, func(n string) bool { return registry.EqualFoldName(n, name) })
	}
	var out []serviceLine
	for _, k := range keys {
		recs, commented := at[k], false
		if len(recs) == 0 {
			recs, commented = moved[k], true
		}
		var rows []primary.Row
		for _, r := range recs {
			rows = append(rows, xmlrow.FromRecord(r))
		}
		first := recs[primary.Pick(rows)]
		names := []string{first.Name}
		for _, r := range recs {
			if !hasFold(names, r.Name) {
				names = append(names, r.Name)
			}
		}
		var withLower []string
		for _, n := range names {
			withLower = append(withLower, n)
			if f := registry.FoldName(n); f != n {
				withLower = append(withLower, f)
			}
		}
		l := serviceLine{name: withLower[0], port: uint16(k.port), proto: order[k.proto], aliases: withLower[1:], commented: commented}
		for _, s := range strings.Split(first.Description.Plain(), "\n") {
			if s = strings.TrimSpace(s); s != "" {
				l.comment = s
				break
			}
		}
		if first.Lo != first.Hi {
			l.comment = strings.TrimSpace(l.comment + " (ports " + first.PortText() + ")")
		}
		var noted, notes []string
		for _, r := range moved[k] {
			if !hasFold(noted, r.Name) {
				noted = append(noted, r.Name)
				notes = append(notes, fmt.Sprintf("%s %d", r.Name, byName[nameProto{registry.FoldName(r.Name), order[k.proto]}]))
			}
		}
		if notes != nil {
			l.comment = strings.TrimSpace(l.comment + " [by name: " + strings.Join(notes, ", ") + "]")
		}
		out = append(out, l)
	}
	return out
}

func TestExportServices(t *testing.T) {
	reg := pinnedRegistry(t)
	out, _ := exportedServices(t)
	if again, _ := mustRun(t, 0, "export", "services"); again != out {
		t.Error("export services is not deterministic")
	}
	lines, err := parseExport(out)
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(out, "\n\n")
	for _, s := range []string{ports.RegistryTitle, ports.RegistryUpdated, ports.RegistrySHA256, "primary", "alias"} {
		if !strings.Contains(head, s) {
			t.Errorf("the header does not mention %q:\n%s", s, head)
		}
	}

	sameLines(t, lines, wantServices(reg))

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

// sameLines fails t at the first line of the export that differs from
// the reference.
func sameLines(t *testing.T, got, want []serviceLine) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) {
			t.Fatalf("%d lines, want %d", len(got), len(want))
		}
		g, w := got[i], want[i]
		if g.String() != w.String() || g.comment != w.comment {
			t.Fatalf("line %d:\n got %s # %s\nwant %s # %s", i+1, g, g.comment, w, w.comment)
		}
	}
}

// TestServicesFixedRegistry checks the export of the fixed registry of
// 2026-04-24 (testdata/iana): this command is built against a package
// generated from it, and its export must equal the reference built from
// that XML line for line, and resolve every name and alias, first line
// or last line winning, to the port a by-name look-up of that XML
// gives. The cases are facts of that version, checked as such:
// ranges on their first port only, names registered on several ports on
// their lowest, names with capitals reachable from Go. Built again with
// an overlay whose local name is the lower-case form of one of them
// (testdata/case.services: cailic, where IANA has CAIlic on 216), the
// lower-case alias must not take the local name's port.
func TestServicesFixedRegistry(t *testing.T) {
	fixture.Long(t) // builds the generator and the command, twice
	reg := fixture.Registry(t, fixture.Registry20260424)
	xml := fixture.Path(t, fixture.Registry20260424)
	byName := byNamePorts(reg)
	want := func(name string, p ports.Protocol) (int, bool) {
		port, ok := byName[nameProto{registry.FoldName(name), p.String()}]
		return port, ok
	}

	overlaid := buildWith(t, "-in", xml, "-pin", "", "-overlay", filepath.Join(moduleRoot(t), "cmd", "ports", "testdata", "case.services"))("export", "services")
	keys, _, diffs := readerDiffs(t, overlaid, func(name string, p ports.Protocol) (int, bool) {
		if p == ports.TCP && strings.EqualFold(name, "cailic") {
			return 5000, true
		}
		return want(name, p)
	})
	reportDiffs(t, "export services of 2026-04-24 with a local cailic", keys, diffs)
	for _, line := range []string{
		"\nCAIlic          5000/tcp    cailic commplex-main # a local cailic [local: CAIlic]\n", // a local name reads back in IANA's spelling
		"\n#CAIlic         216/tcp     cailic              # Computer Associates Int'l License Server [by name: CAIlic 5000]\n",
		"\nCAIlic          216/udp     cailic              # Computer Associates Int'l License Server\n",
	} {
		if !strings.Contains(overlaid, line) {
			t.Errorf("the overlaid export lacks %q", strings.Trim(line, "\n"))
		}
	}

	out := buildWith(t, "-in", xml, "-pin", "")("export", "services")
	lines, err := parseExport(out)
	if err != nil {
		t.Fatal(err)
	}
	sameLines(t, lines, wantServices(reg))
	keys, _, diffs = readerDiffs(t, out, want)
	reportDiffs(t, "export services of 2026-04-24", keys, diffs)

	db, err := parseServices(out)
	if err != nil {
		t.Fatal(err)
	}
	goNet := fixture.NetRead([]byte(out), nil)
	for _, c := range []struct {
		name, proto string
		port        int
	}{
		{"x11", "tcp", 6000},      // 6000-6063
		{"flex-lm", "udp", 27000}, // 27000-27009, no protocol
		{"dls", "tcp", 197},       // and 2047
		{"epp", "udp", 700},       // and 3044
		{"http-alt", "tcp", 591},  // and 8008, 8080
		{"EtherNet/IP-1", "tcp", 2222},
		{"ethernet/ip-1", "tcp", 2222},
		{"CAIlic", "udp", 216},
	} {
		first, _ := filesDB(db).byName(c.name, c.proto)
		last, _ := goNet.LookupPort(c.proto, c.name)
		if int(first.port) != c.port || last != c.port {
			t.Errorf("%s/%s: first line %d, last line %d; want %d", c.name, c.proto, first.port, last, c.port)
		}
	}
	for _, key := range []string{"6001/tcp", "6063/udp", "27009/tcp", "2047/tcp", "3044/udp", "8008/tcp", "8080/tcp"} {
		num, proto, _ := strings.Cut(key, "/")
		port, _ := strconv.Atoi(num)
		if l, ok := filesDB(db).byPort(uint16(port), proto); ok {
			t.Errorf("getservbyport(%s) = %v: its names are listed elsewhere", key, l)
		}
	}
	for _, want := range []string{
		"\n#http-alt       8080/tcp                        # HTTP Alternate (see port 80) [by name: http-alt 591]\n",
		"\n#dls            2047/tcp                        # [by name: dls 197]\n",
		"\nEtherNet-IP-1   2222/tcp    ethernet-ip-1 EtherNet/IP-1 ethernet/ip-1 #",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %q", strings.Trim(want, "\n"))
		}
	}
}

// TestServicesFilesBackend emulates glibc's files backend on the export:
// there is one line per port and protocol, and the well-known ports of
// the issue answer with netbase's name by port, and by name with the
// other names netbase gives them.
func TestServicesFilesBackend(t *testing.T) {
	_, db := exportedServices(t)
	seen := map[string]bool{}
	for _, l := range db {
		k := fmt.Sprintf("%d/%s", l.port, l.proto)
		if seen[k] {
			t.Errorf("%s has two lines: getservbyport can never see the second", k)
		}
		seen[k] = true
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
		{"514/udp", "syslog", ""},
		{"80/tcp", "http", "www"},
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
			p, _ := ports.ParseProtocol(proto)
			want, _ := lookupPort(n, p)
			if l, ok := db.byName(n, proto); !ok || int(l.port) != want {
				t.Errorf("getservbyname(%s, %s) = %v, %v; want port %d", n, proto, l, ok, want)
			}
		}
	}
}

// lookupPort is the port package ports gives name on p, the answer the
// export must give by name: ports.LookupPort's on tcp and udp, and
// ports.Lookup's record's on the protocols LookupPort's network names do
// not reach the same way (sctp, dccp), where a name without a port has
// none.
func lookupPort(name string, p ports.Protocol) (int, bool) {
	if p == ports.TCP || p == ports.UDP {
		port, err := ports.LookupPort(p.String(), name)
		return port, err == nil
	}
	s, ok := ports.Lookup(name, p)
	return int(s.Port()), ok && s.HasPort()
}

// readerDiffs reads a services(5) file the two ways programs read
// /etc/services, and asks both for every name and alias of every line,
// as written, on the line's protocol:
//
//   - first line wins: glibc's files backend (filesDB), names compared
//     as written;
//   - last line wins: Go's pure resolver (fixture.NetRead, written from
//     $GOROOT/src/net/port_unix.go), the query lower-cased. On tcp and
//     udp it answers as net.LookupPort; on sctp and dccp, which
//     net.LookupPort refuses, the same table read the same way.
//
// want is the port the name must resolve to. It returns the number of
// (name, protocol) keys, how many of them are tcp or udp, and a line
// for each key either reader answers otherwise.
func readerDiffs(t *testing.T, data string, want func(name string, p ports.Protocol) (int, bool)) (keys, tcpUDP int, diffs []string) {
	t.Helper()
	lines, err := parseServices(data)
	if err != nil {
		t.Fatal(err)
	}
	db := filesDB(lines)
	// Names the file lists replace those of Go's built-in table, so the
	// table plays no part in their answers.
	goNet := fixture.NetRead([]byte(data), nil)
	seen := map[[2]string]bool{}
	for _, l := range lines {
		p, err := ports.ParseProtocol(l.proto)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range l.names() {
			if seen[[2]string{n, l.proto}] {
				continue
			}
			seen[[2]string{n, l.proto}] = true
			keys++
			var last int
			var ok bool
			if p == ports.TCP || p == ports.UDP {
				tcpUDP++
				last, ok = goNet.LookupPort(l.proto, n)
			} else {
				last, ok = goNet.Port(l.proto, n)
			}
			if !ok {
				last = -1
			}
			first := -1
			if fl, ok := db.byName(n, l.proto); ok {
				first = int(fl.port)
			}
			w, ok := want(n, p)
			if !ok {
				w = -1
			}
			if first != w || last != w {
				diffs = append(diffs, fmt.Sprintf("%s/%s: first line %d, last line %d, ports %d", n, l.proto, first, last, w))
			}
		}
	}
	return keys, tcpUDP, diffs
}

// reportDiffs fails t with the differences readerDiffs found, the first
// few of them listed.
func reportDiffs(t *testing.T, what string, keys int, diffs []string) {
	t.Helper()
	if len(diffs) > 0 {
		t.Errorf("%s: %d of %d (name, protocol) keys resolve otherwise under first-line-wins (glibc), last-line-wins (Go) or ports:\n%s",
			what, len(diffs), keys, strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}
}

// TestServicesFirstAndLastLineWin: every name and alias of the export
// resolves to the port package ports gives it, whether the file is read
// first line wins (glibc) or last line wins (Go), and so a name is listed
// on one port per protocol only, the names with capitals reachable from
// Go through their lower-case form on the same line.
func TestServicesFirstAndLastLineWin(t *testing.T) {
	out, db := exportedServices(t)
	keys, tcpUDP, diffs := readerDiffs(t, out, lookupPort)
	reportDiffs(t, "export services", keys, diffs)

	capitals := 0
	for _, l := range db {
		names := l.names()
		for i, n := range names {
			if lower := strings.ToLower(n); lower != n {
				capitals++
				if i+1 == len(names) || names[i+1] != lower {
					t.Errorf("%v: %s is not followed by %s", l, n, lower)
				}
			}
		}
	}
	if keys == 0 || tcpUDP == 0 {
		t.Fatal("no name in the export")
	}
	t.Logf("%d (name or alias, protocol) keys, %d of them tcp or udp, %d names written with capitals: %d differ", keys, tcpUDP, capitals, len(diffs))
}

// TestServicesFixture checks the export against a few netbase-style
// lines with known answers (testdata/netbase-sample): glibc's by-port
// answer is the line's first name, or the name after "expect" in its
// comment ("expect none": no answer); each of its names that IANA
// registers on that port resolves by name to the port package ports
// gives it.
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
		if want == "none" && ok || want != "none" && (!ok || got.name != want) {
			t.Errorf("netbase %v: getservbyport = %v, %v; want %s", l, got, ok, want)
		}
		for _, n := range l.names() {
			if !ianaRegisters(n, l.port, l.proto) {
				continue
			}
			p, _ := ports.ParseProtocol(l.proto)
			port, _ := lookupPort(n, p)
			if got, ok := db.byName(n, l.proto); !ok || int(got.port) != port {
				t.Errorf("netbase %v: getservbyname(%s) = %v, %v; want port %d", l, n, got, ok, port)
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

// compareNetbaseNames answers by name, from db, each name and alias of
// sys's tcp and udp lines that IANA registers on the line's port and
// protocol. It returns how many such names there are, how many resolve
// to netbase's port, and a table row for each that does not, with why.
func compareNetbaseNames(sys []serviceLine, db filesDB) (names, same int, rows []string) {
	for _, l := range sys {
		if l.proto != "tcp" && l.proto != "udp" {
			continue
		}
		for _, n := range l.names() {
			if !ianaRegisters(n, l.port, l.proto) {
				continue
			}
			names++
			got, ok := db.byName(n, l.proto)
			if ok && got.port == l.port {
				same++
				continue
			}
			var at, spelled []string
			for s := range ports.ByName(n) {
				if s.HasPort() && (s.Protocol().String() == l.proto || s.Protocol() == ports.NoProtocol) {
					at = append(at, s.Number())
					spelled = append(spelled, s.Name())
				}
			}
			why := fmt.Sprintf("IANA assigns %s/%s on %s; a by-name look-up answers the lowest", n, l.proto, strings.Join(at, ", "))
			if !ok {
				why = fmt.Sprintf("IANA writes it %s; glibc compares names as written (Go and package ports find it in any case)", strings.Join(slices.Compact(spelled), ", "))
			}
			rows = append(rows, fmt.Sprintf("| `%s` | %s | %s | %s |", l, n, orDash(portText(got.port, ok)), why))
		}
	}
	return names, same, rows
}

// portText is a look-up's port, "" for a miss.
func portText(port uint16, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(int(port))
}

// diffReason says why the export answers a port other than netbase does.
func diffReason(l serviceLine, answer string) string {
	p, err := ports.ParseProtocol(l.proto)
	if err != nil {
		return l.proto + " is not a protocol of the registry (AppleTalk)"
	}
	if ianaRegisters(l.name, l.port, l.proto) {
		if port, _ := lookupPort(l.name, p); port != int(l.port) {
			return fmt.Sprintf("IANA assigns %s here and on %d, where a by-name look-up answers: a name is listed on one port", l.name, port) + commentedHere(answer)
		}
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
			if s.Status() == ports.Assigned {
				port, _ := lookupPort(s.Name(), p)
				if s.IsRange() && port == int(s.Port()) {
					return fmt.Sprintf("%s; IANA's %s covers %s and is listed on its first port only", why, s.Name(), s.Number())
				}
				return fmt.Sprintf("%s; IANA's %s here is listed on %d, where a by-name look-up answers", why, s.Name(), port) + commentedHere(answer)
			}
			break
		}
		return why + "; IANA assigns no name here: " + st
	case slices.Contains(l.aliases, answer):
		return why + "; IANA's name here is netbase's alias " + answer
	}
	return why + "; IANA assigns " + answer + " here"
}

// commentedHere says that the export keeps a port whose names it lists
// elsewhere as a commented line, when it has no answer there.
func commentedHere(answer string) string {
	if answer == "" {
		return " (a commented line here notes it)"
	}
	return ""
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
	names, same, nameDiffs := compareNetbaseNames(sys, db)
	t.Logf("/etc/services: %d lines; %d of the %d tcp/udp lines whose name IANA registers there keep their name; %d lines differ; by name, %d of %d names resolve to netbase's port",
		len(sys), agree, registered, len(diffs), same, names)
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
	fmt.Fprintf(&table, "\nBy name, %d of the %d names and aliases of those tcp/udp lines that IANA registers on the line's port and protocol resolve to netbase's port", same, names)
	if len(nameDiffs) == 0 {
		table.WriteString(".\n")
	} else {
		fmt.Fprintf(&table, "; %d do not:\n\n| netbase line | name | the export's port | why |\n|---|---|---|---|\n%s\n", len(nameDiffs), strings.Join(nameDiffs, "\n"))
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

// servicesNamespace skips t unless a private mount namespace can show
// programs another /etc/services (unshare -rm, mount and sh), and
// returns a function that runs a program with file bind-mounted over
// /etc/services, and an nsswitch.conf over the system's that sends
// glibc's services look-ups to that file alone. It returns the program's
// standard output.
func servicesNamespace(t *testing.T, file string) func(stdin string, env []string, args ...string) string {
	t.Helper()
	for _, tool := range []string{"unshare", "mount", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: cannot show programs the exported file as /etc/services (%v)", tool, err)
		}
	}
	if out, err := exec.Command("unshare", "-rm", "true").CombinedOutput(); err != nil {
		t.Skipf("no private mount namespace to show programs the exported file as /etc/services (unshare -rm: %v %s)", err, bytes.TrimSpace(out))
	}
	nss := filepath.Join(t.TempDir(), "nsswitch.conf")
	if err := os.WriteFile(nss, []byte("services: files\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `mount --bind "$0" /etc/services || exit 1
if [ -e /etc/nsswitch.conf ]; then mount --bind "$1" /etc/nsswitch.conf || exit 1; fi
shift
exec "$@"`
	return func(stdin string, env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("unshare", append([]string{"-rm", "sh", "-c", script, file, nss}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdin = strings.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%q with the export as /etc/services: %v\n%s", args, err, stderr.String())
		}
		return string(out)
	}
}

// exportToFile writes "ports export services" to a temporary file and
// returns its path and the lines glibc reads there.
func exportToFile(t *testing.T) (string, filesDB) {
	t.Helper()
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
	return file, db
}

// TestExportServicesGlibc has glibc itself read the export: it is
// bind-mounted over /etc/services in a private mount namespace and
// enumerated with "getent services -s files". glibc must see exactly the
// lines the strict parser sees.
func TestExportServicesGlibc(t *testing.T) {
	if _, err := exec.LookPath("getent"); err != nil {
		t.Skipf("getent is not installed: cannot ask glibc (%v)", err)
	}
	file, db := exportToFile(t)
	run := servicesNamespace(t, file)
	all, err := parseServices(run("", nil, "getent", "services", "-s", "files"))
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
}

// TestExportServicesGetent asks glibc, through "getent services -s
// files" with the export as /etc/services, every by-port and by-name
// key of netbase's file and of the cases: each answer must be
// the emulation's (filesDB).
func TestExportServicesGetent(t *testing.T) {
	fixture.Long(t) // runs getent about 900 times
	if _, err := exec.LookPath("getent"); err != nil {
		t.Skipf("getent is not installed: cannot ask glibc (%v)", err)
	}
	file, db := exportToFile(t)
	run := servicesNamespace(t, file)
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
	// "KEY<TAB>answer" for each key, "KEY<TAB>" for a miss.
	out := run("", nil, append([]string{"sh", "-c", `for k; do printf '%s\t' "$k"; getent services -s files "$k" || echo; done`, "sh"}, keys...)...)
	answers := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(answers) != len(keys) {
		t.Fatalf("getent answered %d of %d keys", len(answers), len(keys))
	}
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
			want, ok = db.byPort(uint16(port), proto)
		} else {
			want, ok = db.byName(k, proto)
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

// resolverPrograms are the two readers of /etc/services asked by
// TestExportServicesResolvers, each a program that reads
// "kind<TAB>protocol<TAB>key" lines on standard input and prints
// answer's result for each (resolverMain): "go" asks net.LookupPort
// (built with CGO_ENABLED=0: Go's pure reader, the last line winning) for
// a name's port; "libc" asks glibc's getservbyname(3) for a name's port
// and getservbyport(3) for a port's name. A miss is "-".
var resolverPrograms = map[string]string{
	"go": `package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

func answer(kind, proto, name string) string {
	if port, err := net.LookupPort(proto, name); err == nil {
		return strconv.Itoa(port)
	}
	return "-"
}
`,
	"libc": `package main

/*
#include <netdb.h>
#include <stdlib.h>
*/
import "C"

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"
)

// netOrder converts a port between host and network byte order, as
// htons and ntohs do (macros cgo cannot call).
func netOrder(port uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], port)
	return binary.NativeEndian.Uint16(b[:])
}

func answer(kind, proto, key string) string {
	cproto, ckey := C.CString(proto), C.CString(key)
	defer C.free(unsafe.Pointer(cproto))
	defer C.free(unsafe.Pointer(ckey))
	if kind == "port" {
		port, _ := strconv.Atoi(key)
		if s := C.getservbyport(C.int(netOrder(uint16(port))), cproto); s != nil {
			return C.GoString(s.s_name)
		}
	} else if s := C.getservbyname(ckey, cproto); s != nil {
		return strconv.Itoa(int(netOrder(uint16(s.s_port))))
	}
	return "-"
}
`,
}

// resolverMain is the main function of resolverPrograms.
const resolverMain = `
func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.SplitN(in.Text(), "\t", 3)
		fmt.Fprintln(out, answer(f[0], f[1], f[2]))
	}
}
`

// buildResolver builds resolverPrograms[name] in a module of its own,
// with cgo or without; it skips t when cgo is wanted and cannot build.
func buildResolver(t *testing.T, name string, cgo bool) string {
	t.Helper()
	dir := t.TempDir()
	for file, data := range map[string]string{"go.mod": "module example.com/resolver\n\ngo 1.24\n", "main.go": resolverPrograms[name] + resolverMain} {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, name)
	cmd := exec.Command(goTool(t), "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "CGO_ENABLED="+map[bool]string{true: "1", false: "0"}[cgo])
	if out, err := cmd.CombinedOutput(); err != nil {
		if cgo {
			t.Skipf("cannot build a cgo program to call glibc (no C compiler?): %v\n%s", err, out)
		}
		t.Fatalf("go build %s: %v\n%s", name, err, out)
	}
	return bin
}

// TestExportServicesResolvers is the end-to-end proof of the two
// readers: with the export bind-mounted over /etc/services, glibc
// (getservbyname, first line wins) and Go (net.LookupPort with
// CGO_ENABLED=0, last line wins) are asked every name and alias of the
// file on its protocol (Go on tcp and udp, the protocols net.LookupPort
// takes), and must answer the port package ports gives; glibc's
// getservbyport must answer each line's first name.
func TestExportServicesResolvers(t *testing.T) {
	fixture.Long(t) // builds two programs
	file, db := exportToFile(t)
	run := servicesNamespace(t, file)

	var names, goNames, byPort strings.Builder
	type key struct{ name, proto string }
	var keys, goKeys []key
	seen := map[key]bool{}
	for _, l := range db {
		fmt.Fprintf(&byPort, "port\t%s\t%d\n", l.proto, l.port)
		for _, n := range l.names() {
			k := key{n, l.proto}
			if seen[k] {
				continue
			}
			seen[k] = true
			keys = append(keys, k)
			fmt.Fprintf(&names, "name\t%s\t%s\n", l.proto, n)
			if l.proto == "tcp" || l.proto == "udp" {
				goKeys = append(goKeys, k)
				fmt.Fprintf(&goNames, "name\t%s\t%s\n", l.proto, n)
			}
		}
	}
	compare := func(who string, keys []key, out string) {
		t.Helper()
		answers := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(answers) != len(keys) {
			t.Fatalf("%s answered %d of %d names", who, len(answers), len(keys))
		}
		differ := 0
		for i, k := range keys {
			p, _ := ports.ParseProtocol(k.proto)
			want := "-"
			if port, ok := lookupPort(k.name, p); ok {
				want = strconv.Itoa(port)
			}
			if answers[i] != want {
				if differ++; differ <= 20 {
					t.Errorf("%s: %s/%s = %s; ports says %s", who, k.name, k.proto, answers[i], want)
				}
			}
		}
		t.Logf("%s: %d names on their protocol, %d differ from package ports", who, len(keys), differ)
	}
	compare("Go (net.LookupPort, CGO_ENABLED=0)", goKeys, run(goNames.String(), []string{"GODEBUG=netdns=go"}, buildResolver(t, "go", false)))

	libc := buildResolver(t, "libc", true)
	compare("glibc (getservbyname)", keys, run(names.String(), nil, libc))
	answers := strings.Split(strings.TrimSuffix(run(byPort.String(), nil, libc), "\n"), "\n")
	if len(answers) != len(db) {
		t.Fatalf("glibc answered %d of %d ports", len(answers), len(db))
	}
	for i, l := range db {
		if answers[i] != l.name {
			t.Errorf("glibc: getservbyport(%d, %s) = %s; the line's first name is %s", l.port, l.proto, answers[i], l.name)
		}
	}
}

// TestServicesNamesArePrimary: each line of the export is named as
// ports.Primary names its port and protocol, wherever the file can list
// Primary's record there: the rule is in one place. (A commented line
// stands for the names listed elsewhere, Primary's among them.)
func TestServicesNamesArePrimary(t *testing.T) {
	same, unlisted := 0, 0
	for l := range export.ServiceLines() {
		s, ok := ports.Primary(l.Port, l.Protocol)
		if !ok {
			t.Fatalf("line %d/%v: Primary has no answer", l.Port, l.Protocol)
		}
		w, _ := ports.Lookup(s.Name(), l.Protocol)
		if !export.ServicesSafe(s.Name()) || s.Protocol() == ports.NoProtocol && l.Protocol != ports.TCP && l.Protocol != ports.UDP ||
			!l.Commented && w.Port() != l.Port {
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
