package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/ports"
)

// ports runs the command in-process.
func runPorts(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

// mustRun runs the command and fails unless it exits with want.
func mustRun(t *testing.T, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, code := runPorts(t, args...)
	if code != want {
		t.Fatalf("ports %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, want, stdout, stderr)
	}
	return stdout, stderr
}

// rows splits table output into lines, header first.
func rows(out string) []string {
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// jsonIndices runs a look-up with --json and returns the registry
// indices of the records it printed, in order.
func jsonIndices(t *testing.T, want int, args ...string) []int {
	t.Helper()
	out, _ := mustRun(t, want, append([]string{"--json"}, args...)...)
	var recs []export.DetailedRecord
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("ports --json %q: %v\n%s", args, err, out)
	}
	idx := make([]int, 0, len(recs))
	for _, r := range recs {
		idx = append(idx, r.Index)
	}
	return idx
}

func indices(ss []ports.Service) []int {
	idx := make([]int, 0, len(ss))
	for _, s := range ss {
		idx = append(idx, s.Index())
	}
	return idx
}

// byPortAll is every record covering port on any protocol, once each,
// in registry order: the expectation for "ports PORT".
func byPortAll(port uint16, protos ...ports.Protocol) []ports.Service {
	seen := map[int]bool{}
	var out []ports.Service
	for _, p := range protos {
		for _, s := range ports.ByPort(port, p) {
			if !seen[s.Index()] {
				seen[s.Index()] = true
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b ports.Service) int { return a.Index() - b.Index() })
	return out
}

func TestPortAllProtocols(t *testing.T) {
	out, _ := mustRun(t, 0, "80")
	want := byPortAll(80, protocols...)
	if len(want) == 0 {
		t.Fatal("registry has nothing on port 80")
	}
	r := rows(out)
	if !strings.HasPrefix(r[0], "PORT/PROTO") || len(r) != len(want)+1 {
		t.Fatalf("ports 80: %d rows, want header + %d\n%s", len(r), len(want), out)
	}
	for i, s := range want {
		if !strings.HasPrefix(r[i+1], portProto(s)+" ") || !strings.Contains(r[i+1], " "+s.Name()+" ") {
			t.Errorf("row %d = %q, want %s %s", i+1, r[i+1], portProto(s), s.Name())
		}
	}
	if got := jsonIndices(t, 0, "80"); !slices.Equal(got, indices(want)) {
		t.Errorf("ports --json 80: records %v, want %v", got, indices(want))
	}
}

func TestPortOneProtocol(t *testing.T) {
	out, _ := mustRun(t, 0, "80/tcp")
	want := ports.ByPort(80, ports.TCP)
	r := rows(out)
	if len(r) != len(want)+1 {
		t.Fatalf("ports 80/tcp: %d rows, want header + %d\n%s", len(r), len(want), out)
	}
	for i, s := range want {
		if !strings.Contains(r[i+1], " "+s.Name()+" ") || !strings.Contains(r[i+1], firstLine(s.Description())) {
			t.Errorf("row %q lacks %s / %q", r[i+1], s.Name(), s.Description())
		}
	}
	if strings.Contains(out, "/udp") {
		t.Errorf("ports 80/tcp lists udp rows:\n%s", out)
	}
	// Columns line up: every row's SERVICE cell starts where the header's does.
	col := strings.Index(r[0], "SERVICE")
	for _, row := range r[1:] {
		if row[col-1] != ' ' || row[col] == ' ' {
			t.Errorf("row %q: SERVICE column not at offset %d", row, col)
		}
	}

	out, _ = mustRun(t, 0, "4369/tcp")
	if s := ports.ByPort(4369, ports.TCP); len(s) == 0 || !strings.Contains(out, s[0].Name()) {
		t.Errorf("ports 4369/tcp:\n%s\nlacks %v", out, s)
	}
}

func TestName(t *testing.T) {
	want := ports.ByName("http")
	for _, arg := range []string{"http", "HTTP", "Http"} {
		if got := jsonIndices(t, 0, arg); !slices.Equal(got, indices(want)) {
			t.Errorf("ports %s: records %v, want %v", arg, got, indices(want))
		}
	}
	out, _ := mustRun(t, 0, "http")
	if n := len(rows(out)) - 1; n != len(want) {
		t.Errorf("ports http: %d rows, want %d\n%s", n, len(want), out)
	}

	var udp []int
	for _, s := range want {
		if s.Protocol() == ports.UDP || s.Protocol() == ports.NoProtocol {
			udp = append(udp, s.Index())
		}
	}
	if len(udp) == 0 {
		t.Fatal("http has no udp record")
	}
	for _, args := range [][]string{{"HTTP/udp"}, {"http", "--proto", "udp"}, {"-p=UDP", "http"}} {
		if got := jsonIndices(t, 0, args...); !slices.Equal(got, udp) {
			t.Errorf("ports %q: records %v, want %v", args, got, udp)
		}
	}
	if s, ok := ports.Lookup("http", ports.UDP); !ok || !slices.Contains(udp, s.Index()) {
		t.Errorf("Lookup(http, udp) = %v, not among %v", s, udp)
	}
}

// Names may hold '/': only a protocol suffix is a protocol.
func TestNameWithSlash(t *testing.T) {
	for _, name := range []string{"EtherNet/IP-1", "914c/g", "cl/1"} {
		want := ports.ByName(name)
		if len(want) == 0 {
			t.Logf("registry has no %q; skipping it", name)
			continue
		}
		if got := jsonIndices(t, 0, name); !slices.Equal(got, indices(want)) {
			t.Errorf("ports %s: records %v, want %v", name, got, indices(want))
		}
		got := jsonIndices(t, 0, name+"/tcp")
		for _, i := range got {
			if s := ports.All()[i]; s.Protocol() != ports.TCP && s.Protocol() != ports.NoProtocol {
				t.Errorf("ports %s/tcp lists %v", name, s)
			}
		}
		if len(got) == 0 {
			t.Errorf("ports %s/tcp found nothing", name)
		}
	}
}

// rangeWant is every record covering some port of lo-hi on p (ByPort,
// port by port), each once, ordered by first port then registry order.
func rangeWant(lo, hi uint16, p ports.Protocol) []int {
	seen := map[int]bool{}
	var out []ports.Service
	for port := int(lo); port <= int(hi); port++ {
		for _, s := range byPortAll(uint16(port), protocolsOf(p)...) {
			if !seen[s.Index()] {
				seen[s.Index()] = true
				out = append(out, s)
			}
		}
	}
	sortByPort(out)
	return indices(out)
}

func TestRange(t *testing.T) {
	want := rangeWant(6000, 6100, ports.TCP)
	forms := [][]string{
		{"6000-6100", "--proto", "tcp"},
		{"--proto", "tcp", "6000-6100"},
		{"6000-6100/tcp"},
		{"6000-6100", "-p", "TCP"},
		{"6000-6100", "--proto=tcp"},
	}
	for _, args := range forms {
		got := jsonIndices(t, 0, args...)
		if !slices.Equal(got, want) {
			t.Errorf("ports %q: records %v, want %v", args, got, want)
		}
	}
	out, _ := mustRun(t, 0, forms[0]...)
	r := rows(out)
	if len(r) != len(want)+1 {
		t.Fatalf("ports 6000-6100 --proto tcp: %d rows, want header + %d\n%s", len(r), len(want), out)
	}
	for i, idx := range want {
		s := ports.All()[idx]
		if !strings.HasPrefix(r[i+1], portProto(s)+" ") {
			t.Errorf("row %q, want it to start with %s", r[i+1], portProto(s))
		}
	}
	if x11, ok := ports.Lookup("x11", ports.TCP); ok && !slices.Contains(want, x11.Index()) {
		t.Errorf("x11 (%s) not in 6000-6100/tcp", x11.Number())
	}

	// Without a protocol, and across the boundaries of records.
	for _, c := range []struct{ lo, hi uint16 }{{0, 30}, {4320, 4380}, {6060, 6070}, {49000, 65535}} {
		arg := fmt.Sprintf("%d-%d", c.lo, c.hi)
		code := 0
		want := rangeWant(c.lo, c.hi, ports.NoProtocol)
		if len(want) == 0 {
			code = 1
		}
		if got := jsonIndices(t, code, arg); !slices.Equal(got, want) {
			t.Errorf("ports %s: records %v, want %v", arg, got, want)
		}
	}

	// --assigned keeps only assignments.
	for _, i := range jsonIndices(t, 0, "--assigned", "6000-6100/tcp") {
		if s := ports.All()[i]; s.Status() != ports.Assigned {
			t.Errorf("--assigned lists %v (%v)", s, s.Status())
		}
	}
}

func TestStatus(t *testing.T) {
	type want struct {
		arg, line string
	}
	epmd := ports.ByPort(4369, ports.TCP)
	if len(epmd) == 0 {
		t.Fatal("nothing on 4369/tcp")
	}
	// A port with only an Unassigned row on tcp, and a reserved one.
	var unassigned, reserved ports.Service
	for _, s := range ports.All() {
		if s.Protocol() != ports.TCP || s.IsRange() {
			continue
		}
		recs := ports.ByPort(s.Port(), ports.TCP)
		only := func(st ports.Status) bool {
			for _, r := range recs {
				if r.Status() != st {
					return false
				}
			}
			return true
		}
		if s.Status() == ports.Reserved && reserved.Index() < 0 && only(ports.Reserved) {
			reserved = s
		}
	}
	for _, s := range ports.All() {
		if s.Status() == ports.Unassigned && s.HasPort() {
			unassigned = s
			break
		}
	}
	if reserved.Index() < 0 || unassigned.Index() < 0 {
		t.Fatal("registry has no reserved or unassigned port")
	}
	cases := []want{
		{"4369/tcp", "4369/tcp assigned " + epmd[0].Name()},
		{"0/tcp", "0/tcp reserved -"},
		{fmt.Sprintf("%d/tcp", reserved.Port()), fmt.Sprintf("%d/tcp reserved -", reserved.Port())},
		{fmt.Sprintf("%d/tcp", unassigned.Port()), fmt.Sprintf("%d/tcp unassigned -", unassigned.Port())},
		{"50000/udp", "50000/udp dynamic -"},
		{"65535/tcp", "65535/tcp dynamic -"},
	}
	if len(ports.ByPort(80, ports.DCCP)) == 0 {
		cases = append(cases, want{"80/dccp", "80/dccp unassigned -"})
	}
	for _, c := range cases {
		out, _ := mustRun(t, 0, "status", c.arg)
		r := rows(out)
		if len(r) != 2 || strings.Join(strings.Fields(r[1]), " ") != c.line {
			t.Errorf("ports status %s:\n%s\nwant the line %q", c.arg, out, c.line)
		}
	}

	// No protocol: one line per protocol; a range: one per port.
	out, _ := mustRun(t, 0, "status", "4369")
	if r := rows(out); len(r) != 1+len(protocols) {
		t.Errorf("ports status 4369: %d lines, want %d\n%s", len(r), 1+len(protocols), out)
	}
	out, _ = mustRun(t, 0, "status", "6000-6009", "--proto", "udp")
	if r := rows(out); len(r) != 11 || !strings.Contains(r[10], "6009/udp") {
		t.Errorf("ports status 6000-6009 --proto udp:\n%s", out)
	}

	// JSON carries the records behind the answer.
	out, _ = mustRun(t, 0, "status", "--json", "4369/tcp")
	var sts []struct {
		Port     int
		Protocol string
		Status   string
		Services []string
		Records  []export.DetailedRecord
	}
	if err := json.Unmarshal([]byte(out), &sts); err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || sts[0].Status != "assigned" || sts[0].Port != 4369 || sts[0].Protocol != "tcp" ||
		len(sts[0].Records) != len(epmd) || sts[0].Records[0].Index != epmd[0].Index() {
		t.Errorf("ports status --json 4369/tcp = %+v", sts)
	}
}

func TestVersion(t *testing.T) {
	out, _ := mustRun(t, 0, "version")
	for _, s := range []string{ports.RegistryUpdated, ports.RegistrySHA256, fmt.Sprint(ports.NumRecords), ports.RegistryURL, ports.RegistryTitle} {
		if !strings.Contains(out, s) {
			t.Errorf("ports version lacks %q:\n%s", s, out)
		}
	}
	out, _ = mustRun(t, 0, "version", "--json")
	var m export.Meta
	if err := json.Unmarshal([]byte(out), &m); err != nil || m != export.Registry() {
		t.Errorf("ports version --json = %+v, %v", m, err)
	}
}

func TestMisses(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"no-such-service-xyz"}, `no service named "no-such-service-xyz"`},
		{[]string{"50000/tcp"}, "dynamic"},
		{[]string{"50000"}, "any protocol"},
		{[]string{"50000-50100"}, "50000-50100"},
	} {
		out, errOut, code := runPorts(t, c.args...)
		if code != 1 || out != "" || !strings.Contains(errOut, c.msg) {
			t.Errorf("ports %q: exit %d, stdout %q, stderr %q; want 1, nothing, a message with %q", c.args, code, out, errOut, c.msg)
		}
	}
	// A name on a protocol it lacks.
	var dccp bool
	for _, s := range ports.ByName("http") {
		dccp = dccp || s.Protocol() == ports.DCCP || s.Protocol() == ports.NoProtocol
	}
	if !dccp {
		_, errOut := mustRun(t, 1, "http/dccp")
		if !strings.Contains(errOut, `"http"`) || !strings.Contains(errOut, "dccp") {
			t.Errorf("ports http/dccp: stderr %q", errOut)
		}
	}
	// A hit and a miss: the hit is printed, the exit status is 1.
	out, errOut := mustRun(t, 1, "epmd", "no-such-service-xyz")
	if !strings.Contains(out, "epmd") || !strings.Contains(errOut, "no-such-service-xyz") {
		t.Errorf("ports epmd no-such-service-xyz: stdout %q, stderr %q", out, errOut)
	}
	// --json prints an empty array on a miss.
	out, _ = mustRun(t, 1, "--json", "no-such-service-xyz")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("ports --json miss: %q", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--bogus"},
		{"-x", "80"},
		{"80/xyz"},
		{"6000-6100/xyz"},
		{"70000"},
		{"6100-6000"},
		{"1-65536"},
		{"80", "--proto"},
		{"80", "--proto", "icmp"},
		{"http/tcp", "--proto", "udp"},
		{"--json=yes", "80"},
		{"--json", "--json", "80"},
		{""},
		{"/tcp"},
		{"export"},
		{"export", "xml"},
		{"export", "csv", "json"},
		{"export", "csv", "--proto", "tcp"},
		{"export", "csv", "-o"},
		{"status"},
		{"status", "http"},
		{"status", "80/xyz"},
		{"version", "extra"},
		{"version", "--proto", "tcp"},
		{"person"},
		{"80", "-o", "file"},
	} {
		out, errOut, code := runPorts(t, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "ports: ") || !strings.Contains(errOut, "--help") {
			t.Errorf("ports %q: exit %d, stdout %q, stderr %q; want 2 and a message", args, code, out, errOut)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"80", "--help"}, {"export", "-h"}} {
		out, _ := mustRun(t, 0, args...)
		if !strings.HasPrefix(out, "usage: ports") {
			t.Errorf("ports %q: %q", args, out)
		}
	}
	out, _ := mustRun(t, 0, "--help")
	for _, s := range []string{"Examples:", "ports 80/tcp", "ports HTTP/udp", "ports 6000-6100 --proto tcp",
		"ports status 4369/tcp", "ports export services", "ports version", "dynamic", "49152-65535", "Exit status"} {
		if !strings.Contains(out, s) {
			t.Errorf("--help lacks %q", s)
		}
	}
	// Every example runs (exports excepted: they are tested elsewhere).
	_, ex, _ := strings.Cut(out, "Examples:\n")
	for _, line := range strings.Split(strings.TrimSpace(ex), "\n") {
		f := strings.Fields(line)
		if f[0] != "ports" || slices.Contains(f, "export") {
			continue
		}
		if _, errOut, code := runPorts(t, f[1:]...); code != 0 {
			t.Errorf("example %q: exit %d: %s", line, code, errOut)
		}
	}
	// A service named like a command is looked up after "--".
	if len(ports.ByName("help")) > 0 {
		got := jsonIndices(t, 0, "--", "help")
		if !slices.Equal(got, indices(ports.ByName("help"))) {
			t.Errorf("ports -- help: %v", got)
		}
	}
}

func TestPerson(t *testing.T) {
	// A person who is an assignee, found through the API.
	var p ports.Person
	var rec ports.Service
	for _, s := range ports.All() {
		if a := s.Assignees(); len(a) > 0 && a[0].Listed() && a[0].Name() != "" {
			p, rec = a[0], s
			break
		}
	}
	out, _ := mustRun(t, 0, "person", p.ID())
	for _, s := range []string{p.ID(), p.Name(), rec.Name(), "assignee"} {
		if !strings.Contains(out, s) {
			t.Errorf("ports person %s lacks %q:\n%s", p.ID(), s, out)
		}
	}
	// Any case, and JSON.
	out, _ = mustRun(t, 0, "person", "--json", strings.ToUpper(p.ID()))
	var got []struct {
		export.Person
		AssigneeOf []export.Record `json:"assignee_of"`
		ContactOf  []export.Record `json:"contact_of"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != p.ID() || got[0].Name != p.Name() || len(got[0].AssigneeOf) == 0 {
		t.Fatalf("ports person --json %s = %+v", strings.ToUpper(p.ID()), got)
	}
	n := 0
	for _, s := range ports.All() {
		for _, a := range s.Assignees() {
			if a.ID() == p.ID() {
				n++
			}
		}
	}
	if len(got[0].AssigneeOf) != n {
		t.Errorf("person %s: assignee of %d records, want %d", p.ID(), len(got[0].AssigneeOf), n)
	}
	_, errOut := mustRun(t, 1, "person", "zz-nobody-zz")
	if !strings.Contains(errOut, "zz-nobody-zz") {
		t.Errorf("person miss: %q", errOut)
	}
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		arg       string
		flag      ports.Protocol
		name      string
		lo, hi    uint16
		proto     ports.Protocol
		wantError bool
	}{
		{arg: "80", lo: 80, hi: 80},
		{arg: "0", lo: 0, hi: 0},
		{arg: "65535/SCTP", lo: 65535, hi: 65535, proto: ports.SCTP},
		{arg: "1-2/dccp", lo: 1, hi: 2, proto: ports.DCCP},
		{arg: "80", flag: ports.UDP, lo: 80, hi: 80, proto: ports.UDP},
		{arg: "80/udp", flag: ports.UDP, lo: 80, hi: 80, proto: ports.UDP},
		{arg: "http", name: "http"},
		{arg: "http/tcp", name: "http", proto: ports.TCP},
		{arg: "EtherNet/IP-1", name: "EtherNet/IP-1"},
		{arg: "EtherNet/IP-1/udp", name: "EtherNet/IP-1", proto: ports.UDP},
		{arg: "cl/1", name: "cl/1"},
		{arg: "3com-tsmux", name: "3com-tsmux"},
		{arg: "80-", name: "80-"}, // not a port or range: looked up (and missed) as a name
		{arg: "80/tcp", flag: ports.UDP, wantError: true},
		{arg: "65536", wantError: true},
		{arg: "2-1", wantError: true},
		{arg: "80/foo", wantError: true},
		{arg: "/udp", wantError: true},
	} {
		q, err := parseQuery(c.arg, c.flag)
		if c.wantError {
			if err == nil {
				t.Errorf("parseQuery(%q) = %+v, want an error", c.arg, q)
			}
			continue
		}
		if err != nil || q.name != c.name || q.lo != c.lo || q.hi != c.hi || q.proto != c.proto {
			t.Errorf("parseQuery(%q, %v) = %+v, %v", c.arg, c.flag, q, err)
		}
	}
}

// find for a one-port range equals the single-port answer: the registry
// scan and ByPort agree on every port of a sample.
func TestRangeScanMatchesByPort(t *testing.T) {
	for port := 0; port <= 65535; port += 97 {
		for _, p := range append([]ports.Protocol{ports.NoProtocol}, protocols...) {
			single := find(query{lo: uint16(port), hi: uint16(port), proto: p})
			scan := find(query{lo: uint16(port), hi: uint16(port) + 1, proto: p})
			var scanThis []ports.Service
			for _, s := range scan {
				if lo, hi := s.PortRange(); lo <= uint16(port) && uint16(port) <= hi {
					scanThis = append(scanThis, s)
				}
			}
			if !slices.Equal(indices(single), indices(scanThis)) {
				t.Fatalf("port %d/%v: ByPort %v, scan %v", port, p, indices(single), indices(scanThis))
			}
		}
	}
}
