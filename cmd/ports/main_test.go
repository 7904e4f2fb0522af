package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

// ports runs the command in-process.
func runPorts(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e, 0)
	return o.String(), e.String(), code
}

// runWidth runs the command as if standard output were a terminal width
// columns wide.
func runWidth(t *testing.T, width int, args ...string) string {
	t.Helper()
	var o, e bytes.Buffer
	if code := run(args, &o, &e, width); code != 0 {
		t.Fatalf("ports %q (width %d): exit %d: %s", args, width, code, e.String())
	}
	return o.String()
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
	var doc export.LookupDocument
	if err := strictJSON(out, &doc); err != nil {
		t.Fatalf("ports --json %q: %v\n%s", args, err, out)
	}
	if doc.Schema != portsjson.Schema || !reflect.DeepEqual(doc.Registry, portsjson.FromRegistry()) {
		t.Fatalf("ports --json %q: schema %d, registry %+v", args, doc.Schema, doc.Registry)
	}
	idx := make([]int, 0, len(doc.Records))
	for _, r := range doc.Records {
		idx = append(idx, r.Index)
	}
	return idx
}

// strictJSON decodes one JSON document into v, refusing fields v lacks
// and anything after the document.
func strictJSON(data string, v any) error {
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the document")
	}
	return nil
}

// allRecords is ports.All(), collected once.
var allRecords = slices.Collect(ports.All())

// firstService returns the first record of the registry compiled in that
// ok accepts, or skips the test. Tests that need a user-port record of
// some shape choose it so: the next update may withdraw or revise any
// one of them.
func firstService(t *testing.T, what string, ok func(ports.Service) bool) ports.Service {
	t.Helper()
	for _, s := range allRecords {
		if ok(s) {
			t.Logf("%s: %v", what, s)
			return s
		}
	}
	t.Skipf("the registry has no %s", what)
	return ports.Service{}
}

// loneUserTCP returns the first assignment of a user port (1024-49151)
// on tcp that holds the port alone on tcp, and has an assignee or a
// contact.
func loneUserTCP(t *testing.T) ports.Service {
	t.Helper()
	return firstService(t, "name alone on a user port of tcp, with people", func(s ports.Service) bool {
		return s.Protocol() == ports.TCP && s.IsAssigned() && !s.IsRange() && s.Port() >= 1024 && s.Port() <= 49151 &&
			len(slices.Collect(ports.ByPort(s.Port(), ports.TCP))) == 1 && assigneeNames(s) != ""
	})
}

func indices(ss []ports.Service) []int {
	idx := make([]int, 0, len(ss))
	for _, s := range ss {
		idx = append(idx, s.Index())
	}
	return idx
}

// xmlFind is the slow reference of a port or range look-up, from the
// parsed XML: every record whose port or range overlaps lo-hi, on one of
// protos or naming none (every protocol when protos is empty), ordered
// by first port, then registry order.
func xmlFind(t *testing.T, lo, hi int, protos ...string) []int {
	reg := pinnedRegistry(t)
	var out []int
	for i, r := range reg.Records {
		if r.HasNumber && r.Lo <= hi && r.Hi >= lo && (len(protos) == 0 || r.Protocol == "" || slices.Contains(protos, r.Protocol)) {
			out = append(out, i)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int { return reg.Records[a].Lo - reg.Records[b].Lo })
	return out
}

func TestPortAllProtocols(t *testing.T) {
	out, _ := mustRun(t, 0, "80")
	var want []ports.Service
	for _, i := range xmlFind(t, 80, 80) {
		want = append(want, allRecords[i])
	}
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
	want := slices.Collect(ports.ByPort(80, ports.TCP))
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

	u := loneUserTCP(t)
	if out, _ = mustRun(t, 0, portProto(u)); len(rows(out)) != 2 || !strings.Contains(rows(out)[1], " "+u.Name()+" ") {
		t.Errorf("ports %s:\n%s\nwant one row, of %v", portProto(u), out, u)
	}
}

func TestName(t *testing.T) {
	want := slices.Collect(ports.ByName("http"))
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
	var names []string // of the registry compiled in: it may lose any
	for _, s := range allRecords {
		if n := s.Name(); strings.Contains(n, "/") && !slices.Contains(names, n) && s.Protocol() == ports.TCP && len(names) < 3 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		t.Skip("the registry has no name with '/' on tcp")
	}
	t.Logf("names with '/': %q", names)
	for _, name := range names {
		want := slices.Collect(ports.ByName(name))
		if got := jsonIndices(t, 0, name); !slices.Equal(got, indices(want)) {
			t.Errorf("ports %s: records %v, want %v", name, got, indices(want))
		}
		got := jsonIndices(t, 0, name+"/tcp")
		for _, i := range got {
			if s := allRecords[i]; s.Protocol() != ports.TCP && s.Protocol() != ports.NoProtocol {
				t.Errorf("ports %s/tcp lists %v", name, s)
			}
		}
		if len(got) == 0 {
			t.Errorf("ports %s/tcp found nothing", name)
		}
	}
}

func TestRange(t *testing.T) {
	want := xmlFind(t, 6000, 6100, "tcp")
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
		s := allRecords[idx]
		if !strings.HasPrefix(r[i+1], portProto(s)+" ") {
			t.Errorf("row %q, want it to start with %s", r[i+1], portProto(s))
		}
	}
	if x11, ok := ports.Lookup("x11", ports.TCP); ok && !slices.Contains(want, x11.Index()) {
		t.Errorf("x11 (%s) not in 6000-6100/tcp", x11.Number())
	}

	// Without a protocol, with a list of them, across the boundaries of
	// records, and the whole registry.
	for _, c := range []struct {
		lo, hi int
		protos []string
	}{
		{0, 30, nil}, {4320, 4380, nil}, {6060, 6070, nil}, {49000, 65535, nil}, {0, 65535, nil},
		{6000, 6100, []string{"tcp", "udp"}}, {1, 1023, []string{"udp", "sctp"}}, {0, 65535, []string{"dccp"}},
		{6001, 6001, nil}, {27005, 27005, []string{"udp"}},
	} {
		args := []string{fmt.Sprintf("%d-%d", c.lo, c.hi)}
		if c.protos != nil {
			args = append(args, "--proto", strings.Join(c.protos, ","))
		}
		code := 0
		want := xmlFind(t, c.lo, c.hi, c.protos...)
		if len(want) == 0 {
			code = 1
		}
		if got := jsonIndices(t, code, args...); !slices.Equal(got, want) {
			t.Errorf("ports %q: records %v, want %v", args, got, want)
		}
	}

	// --assigned keeps only assignments.
	for _, i := range jsonIndices(t, 0, "--assigned", "6000-6100/tcp") {
		if s := allRecords[i]; s.Status() != ports.Assigned {
			t.Errorf("--assigned lists %v (%v)", s, s.Status())
		}
	}
}

func TestStatus(t *testing.T) {
	type want struct {
		arg, line string
	}
	lone := loneUserTCP(t)
	port := strconv.Itoa(int(lone.Port()))
	// A port with only an Unassigned row on tcp, and a reserved one.
	var unassigned, reserved ports.Service
	for s := range ports.All() {
		if s.Protocol() != ports.TCP || s.IsRange() {
			continue
		}
		recs := slices.Collect(ports.ByPort(s.Port(), ports.TCP))
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
	for s := range ports.All() {
		if s.Status() == ports.Unassigned && s.HasPort() {
			unassigned = s
			break
		}
	}
	if reserved.Index() < 0 || unassigned.Index() < 0 {
		t.Fatal("registry has no reserved or unassigned port")
	}
	cases := []want{
		{port + "/tcp", port + "/tcp assigned " + lone.Name()},
		{"0/tcp", "0/tcp reserved -"},
		{fmt.Sprintf("%d/tcp", reserved.Port()), fmt.Sprintf("%d/tcp reserved -", reserved.Port())},
		{fmt.Sprintf("%d/tcp", unassigned.Port()), fmt.Sprintf("%d/tcp unassigned -", unassigned.Port())},
		{"50000/udp", "50000/udp dynamic -"},
		{"65535/tcp", "65535/tcp dynamic -"},
	}
	if len(slices.Collect(ports.ByPort(80, ports.DCCP))) == 0 {
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
	out, _ := mustRun(t, 0, "status", port)
	if r := rows(out); len(r) != 1+len(protocols) {
		t.Errorf("ports status %s: %d lines, want %d\n%s", port, len(r), 1+len(protocols), out)
	}
	out, _ = mustRun(t, 0, "status", "6000-6009", "--proto", "udp")
	if r := rows(out); len(r) != 11 || !strings.Contains(r[10], "6009/udp") {
		t.Errorf("ports status 6000-6009 --proto udp:\n%s", out)
	}
	out, _ = mustRun(t, 0, "status", "6000-6009", "--proto", "udp,tcp")
	if r := rows(out); len(r) != 21 || !strings.HasPrefix(r[1], "6000/tcp ") || !strings.HasPrefix(r[2], "6000/udp ") {
		t.Errorf("ports status 6000-6009 --proto udp,tcp:\n%s", out)
	}

	// JSON carries the records behind the answer.
	out, _ = mustRun(t, 0, "status", "--json", port+"/tcp", "80/udp")
	var doc export.StatusDocument
	if err := strictJSON(out, &doc); err != nil {
		t.Fatal(err)
	}
	sts := doc.Ports
	if doc.Schema != portsjson.Schema || len(sts) != 2 || sts[0].Status != "assigned" || sts[0].Port != lone.Port() || sts[0].Protocol != "tcp" ||
		len(sts[0].Records) != 1 || sts[0].Records[0].Index != lone.Index() || !slices.Equal(sts[0].Services, []string{lone.Name()}) {
		t.Errorf("ports status --json %s/tcp = %+v", port, sts)
	}
	var udp80 []string
	for s := range ports.ByPort(80, ports.UDP) {
		udp80 = append(udp80, s.Name())
	}
	if len(sts) == 2 && !slices.Equal(sts[1].Services, udp80) {
		t.Errorf("ports status --json 80/udp: services %v, want %v", sts[1].Services, udp80)
	}
}

func TestVersion(t *testing.T) {
	out, _ := mustRun(t, 0, "version")
	for _, s := range []string{ports.RegistryUpdated, ports.RegistrySHA256, fmt.Sprint(ports.NumRecords), ports.RegistryURL, ports.RegistryTitle, ports.TablesID} {
		if !strings.Contains(out, s) {
			t.Errorf("ports version lacks %q:\n%s", s, out)
		}
	}
	for _, tail := range [][]string{{"version"}, {"--version"}} {
		if got, _ := mustRun(t, 0, tail...); got != out {
			t.Errorf("ports %s:\n%s\nwant\n%s", tail[0], got, out)
		}
	}
	for _, args := range [][]string{{"version", "--json"}, {"--version", "--json"}, {"--json", "--version"}} {
		out, _ = mustRun(t, 0, args...)
		var doc export.Document
		if err := strictJSON(out, &doc); err != nil || doc.Schema != portsjson.Schema || !reflect.DeepEqual(doc.Registry, portsjson.FromRegistry()) ||
			doc.Registry.TablesID != ports.TablesID {
			t.Errorf("ports %q = %+v, %v", args, doc, err)
		}
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
		{[]string{"50000", "--proto", "tcp,udp"}, "port 50000 on tcp,udp"},
	} {
		out, errOut, code := runPorts(t, c.args...)
		if code != 1 || out != "" || !strings.Contains(errOut, c.msg) {
			t.Errorf("ports %q: exit %d, stdout %q, stderr %q; want 1, nothing, a message with %q", c.args, code, out, errOut, c.msg)
		}
	}
	// A name on a protocol it lacks.
	var dccp bool
	for s := range ports.ByName("http") {
		dccp = dccp || s.Protocol() == ports.DCCP || s.Protocol() == ports.NoProtocol
	}
	if !dccp {
		_, errOut := mustRun(t, 1, "http/dccp")
		if !strings.Contains(errOut, `"http"`) || !strings.Contains(errOut, "dccp") {
			t.Errorf("ports http/dccp: stderr %q", errOut)
		}
	}
	// A hit and a miss: the hit is printed, the exit status is 1.
	out, errOut := mustRun(t, 1, "ssh", "no-such-service-xyz")
	if !strings.Contains(out, " ssh ") || !strings.Contains(errOut, "no-such-service-xyz") || strings.Contains(errOut, "ssh") {
		t.Errorf("ports ssh no-such-service-xyz: stdout %q, stderr %q", out, errOut)
	}
	// --json prints a document without records on a miss.
	out, _ = mustRun(t, 1, "--json", "no-such-service-xyz")
	var doc export.LookupDocument
	if err := strictJSON(out, &doc); err != nil || doc.Records == nil || len(doc.Records) != 0 {
		t.Errorf("ports --json miss: %q: %+v, %v", out, doc, err)
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
		{"80-"},
		{"-80"},
		{"80-/tcp"},
		{"1-2-3"},
		{"80--90"},
		{"80", "--proto", "tcp,icmp"},
		{"80", "--proto", "tcp,"},
		{"80", "--proto", ""},
		{"--json", "--script", "80"},
		{"--version", "extra"},
		{"--version", "status"},
		{"--version", "--proto", "tcp"},
		{"export", "csv", "--wide"},
		{"export", "csv", "-o", ""},
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
	if len(slices.Collect(ports.ByName("help"))) > 0 {
		got := jsonIndices(t, 0, "--", "help")
		if !slices.Equal(got, indices(slices.Collect(ports.ByName("help")))) {
			t.Errorf("ports -- help: %v", got)
		}
	}
}

func TestPerson(t *testing.T) {
	// A person who is an assignee, found through the API.
	var p ports.Person
	var rec ports.Service
	for s := range ports.All() {
		if a := slices.Collect(s.Assignees()); len(a) > 0 && a[0].IsListed() && a[0].Name() != "" {
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
	var doc export.PersonDocument
	if err := strictJSON(out, &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.People
	if doc.Schema != portsjson.Schema || len(got) != 1 || !reflect.DeepEqual(got[0].Person, portsjson.FromPerson(p)) || len(got[0].AssigneeOf) == 0 ||
		!reflect.DeepEqual(got[0].AssigneeOf[0], portsjson.FromService(rec)) {
		t.Fatalf("ports person --json %s = %+v", strings.ToUpper(p.ID()), got)
	}
	n := 0
	for s := range ports.All() {
		for a := range s.Assignees() {
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
	tcp, udp, sctp, dccp := setOf(ports.TCP), setOf(ports.UDP), setOf(ports.SCTP), setOf(ports.DCCP)
	for _, c := range []struct {
		arg       string
		flag      protoSet
		name      string
		lo, hi    uint16
		protos    protoSet
		wantError bool
	}{
		{arg: "80", lo: 80, hi: 80},
		{arg: "0", lo: 0, hi: 0},
		{arg: "65535/SCTP", lo: 65535, hi: 65535, protos: sctp},
		{arg: "1-2/dccp", lo: 1, hi: 2, protos: dccp},
		{arg: "80", flag: udp, lo: 80, hi: 80, protos: udp},
		{arg: "80/udp", flag: udp, lo: 80, hi: 80, protos: udp},
		{arg: "80/udp", flag: tcp | udp, lo: 80, hi: 80, protos: udp},
		{arg: "80", flag: tcp | udp, lo: 80, hi: 80, protos: tcp | udp},
		{arg: "http", name: "http"},
		{arg: "http/tcp", name: "http", protos: tcp},
		{arg: "EtherNet/IP-1", name: "EtherNet/IP-1"},
		{arg: "EtherNet/IP-1/udp", name: "EtherNet/IP-1", protos: udp},
		{arg: "cl/1", name: "cl/1"},
		{arg: "3com-tsmux", name: "3com-tsmux"},
		{arg: "80-", wantError: true}, // digits and hyphens are no service name
		{arg: "1-2-3", wantError: true},
		{arg: "80-/udp", wantError: true},
		{arg: "80/tcp", flag: udp, wantError: true},
		{arg: "80/tcp", flag: udp | sctp, wantError: true},
		{arg: "65536", wantError: true},
		{arg: "2-1", wantError: true},
		{arg: "80/foo", wantError: true},
		{arg: "/udp", wantError: true},
	} {
		q, err := parseQuery(c.arg, c.flag)
		if c.wantError {
			if err == nil || !errors.As(err, new(usageError)) {
				t.Errorf("parseQuery(%q) = %+v, %v; want a usage error", c.arg, q, err)
			}
			continue
		}
		if err != nil || q.name != c.name || q.lo != c.lo || q.hi != c.hi || q.protos != c.protos {
			t.Errorf("parseQuery(%q, %v) = %+v, %v", c.arg, c.flag, q, err)
		}
	}
	for _, c := range []struct {
		in   string
		want protoSet
		ok   bool
	}{
		{"tcp", tcp, true}, {"tcp,udp", tcp | udp, true}, {"UDP, sctp", udp | sctp, true}, {"dccp,dccp", dccp, true},
		{"", 0, false}, {"tcp,", 0, false}, {"tcp,icmp", 0, false},
	} {
		got, err := parseProtoSet(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseProtoSet(%q) = %v, %v", c.in, got, err)
		}
	}
}

// --script prints the table's rows without header, tab-separated and in
// full, for every command that prints a table.
func TestScript(t *testing.T) {
	for _, args := range [][]string{{"80"}, {"6000-6100", "--proto", "tcp,udp"}, {"http"}, {"status", "4369"},
		{"person", "Mark_Lottor"}, {"person", "3GPP"}, {"version"}} {
		table, _ := mustRun(t, 0, args...)
		script, _ := mustRun(t, 0, append([]string{"--script"}, args...)...)
		var want []string
		for _, l := range strings.Split(strings.TrimSuffix(table, "\n"), "\n") {
			if strings.HasPrefix(l, "PORT/PROTO  ") || strings.HasPrefix(l, "ID  ") && strings.Contains(l, "RECORDS") {
				continue // a header
			}
			want = append(want, l)
		}
		got := strings.Split(strings.TrimSuffix(script, "\n"), "\n")
		if len(got) != len(want) {
			t.Errorf("ports --script %q: %d lines, the table has %d rows", args, len(got), len(want))
			continue
		}
		for i := range got {
			// The table pads cells with blanks; the cells themselves
			// hold single blanks at most where they hold any.
			if strings.Contains(got[i], "  ") || !strings.Contains(got[i], "\t") && got[i] != "" {
				t.Errorf("ports --script %q: line %q is not tab-separated", args, got[i])
			}
			if strings.Join(strings.Fields(got[i]), " ") != strings.Join(strings.Fields(want[i]), " ") {
				t.Errorf("ports --script %q: line %q, table row %q", args, got[i], want[i])
			}
		}
	}
	// The fields: what a script reads with cut or awk -F'\t'.
	s := loneUserTCP(t)
	out, _ := mustRun(t, 0, "--script", s.Name()+"/tcp")
	want := strings.Join([]string{portProto(s), s.Name(), "assigned", firstLine(s.Description()), assigneeNames(s)}, "\t") + "\n"
	if out != want {
		t.Errorf("ports --script %s/tcp = %q, want %q", s.Name(), out, want)
	}
}

// On a terminal, lines are cut to its width, in the long columns; piped
// output (width 0), --wide and --script are never cut.
func TestWidth(t *testing.T) {
	full := runWidth(t, 0, "1-1023", "--proto", "tcp")
	if w := maxLine(full); w <= 100 {
		t.Fatalf("the full table is only %d wide: no test", w)
	}
	for _, width := range []int{60, 80, 100, 132} {
		cut := runWidth(t, width, "1-1023", "--proto", "tcp")
		fl, cl := rows(full), rows(cut)
		if len(fl) != len(cl) {
			t.Fatalf("width %d: %d rows, full %d", width, len(cl), len(fl))
		}
		if w := maxLine(cut); w > width {
			t.Errorf("width %d: a line is %d wide", width, w)
		}
		shortened := 0
		fcol, ccol := columns(fl[0]), columns(cl[0])
		for i := range cl {
			// Cell by cell: PORT/PROTO, SERVICE and STATUS are never
			// cut; the others are the full text or its cut.
			for c := range fcol {
				f, g := cellAt(fl[i], fcol, c), cellAt(cl[i], ccol, c)
				switch {
				case f == g:
				case c < 3 || !strings.HasSuffix(g, "…") || !strings.HasPrefix(f, strings.TrimSuffix(g, "…")):
					t.Fatalf("width %d: row %q, column %d: %q is no cut of %q", width, cl[i], c, g, f)
				default:
					shortened++
				}
			}
		}
		if shortened == 0 {
			t.Errorf("width %d: nothing cut", width)
		}
		if got := runWidth(t, width, "1-1023", "--proto", "tcp", "--wide"); got != full {
			t.Errorf("width %d, --wide: output differs from the full text", width)
		}
		if got := runWidth(t, width, "1-1023", "--proto", "tcp", "--script"); got != runWidth(t, 0, "1-1023", "--proto", "tcp", "--script") {
			t.Errorf("width %d, --script: output differs from the full text", width)
		}
	}
	if got := runWidth(t, 1000, "1-1023", "--proto", "tcp"); got != full {
		t.Error("a terminal wider than every line cuts something")
	}
	// Status cuts its services list.
	st := runWidth(t, 40, "status", "80")
	if maxLine(st) > 40 || !strings.Contains(st, "…") {
		t.Errorf("ports status 80 on 40 columns:\n%s", st)
	}
}

// columns are the offsets (in runes) at which a header's cells start.
func columns(header string) []int {
	var at []int
	r := []rune(header)
	for i := range r {
		if r[i] != ' ' && (i == 0 || r[i-1] == ' ') {
			at = append(at, i)
		}
	}
	return at
}

// cellAt is cell c of an aligned row, the columns starting at cols (in
// runes).
func cellAt(row string, cols []int, c int) string {
	r := []rune(row)
	end := len(r)
	if c+1 < len(cols) {
		end = min(end, cols[c+1])
	}
	if cols[c] >= len(r) {
		return ""
	}
	return strings.TrimSpace(string(r[cols[c]:end]))
}

func maxLine(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, utf8.RuneCountInString(l))
	}
	return w
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"abcdef", 6, "abcdef"}, {"abcdef", 5, "abcd…"}, {"ab def", 4, "ab…"}, {"déjà vu", 4, "déj…"}, {"", 3, ""},
	} {
		if got := cut(c.in, c.width); got != c.want {
			t.Errorf("cut(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// Organisations show by name: the registry lists many with only an
// organisation name under an id such as _3GPP_2. Which ones, and on which
// records, is the registry's business: the test takes the first record
// whose only assignee is one.
func TestOrganisationNames(t *testing.T) {
	var org ports.Person
	rec := firstService(t, "record whose only assignee is an organisation without a person's name", func(s ports.Service) bool {
		a := slices.Collect(s.Assignees())
		if len(a) != 1 || !s.HasPort() || a[0].Name() != "" || a[0].Org() == "" || strings.Contains(a[0].Org(), a[0].ID()) {
			return false
		}
		org = a[0]
		return true
	})
	out, _ := mustRun(t, 0, "--script", strconv.Itoa(int(rec.Port()))+"/"+rec.Protocol().String())
	seen := false
	for _, l := range rows(out) {
		f := strings.Split(l, "\t")
		if f[1] == rec.Name() {
			seen = true
			if f[4] != org.Org() {
				t.Errorf("ports %s: assignee %q, want the organisation's name %q, not its id %s", rec, f[4], org.Org(), org.ID())
			}
		}
	}
	if !seen {
		t.Errorf("ports %s lacks %s:\n%s", rec, rec.Name(), out)
	}
}

// countingWriter discards what it is given and measures the live heap
// (after a collection) every 4 MB.
type countingWriter struct {
	n, next  int
	peakHeap uint64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	if w.n >= w.next {
		w.next = w.n + 4<<20
		w.peakHeap = max(w.peakHeap, liveHeap())
	}
	return len(b), nil
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Output streams: the live heap stays small however much is written.
func TestStreamingMemory(t *testing.T) {
	fixture.Long(t) // writes about 80 MB of JSON
	base := liveHeap()
	for _, args := range [][]string{{"status", "0-65535", "--json"}, {"status", "0-65535"}, {"0-65535", "--json"}, {"1-65535"}} {
		w := &countingWriter{}
		var e bytes.Buffer
		if code := run(args, w, &e, 0); code != 0 {
			t.Fatalf("ports %q: exit %d: %s", args, code, e.String())
		}
		grown := int64(w.peakHeap) - int64(base)
		t.Logf("ports %q: %d bytes written, live heap grew at most %.1f MB", args, w.n, float64(grown)/1e6)
		if grown > 8<<20 {
			t.Errorf("ports %q: the live heap grew by %.1f MB while writing %d bytes", args, float64(grown)/1e6, w.n)
		}
	}
}
