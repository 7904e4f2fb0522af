package portsvet

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// tablesIDPlaceholder marks, in testdata, where a stand-in for a build of
// ports declares the analyzer's own TablesID. The value changes with every
// registry update, so the test writes it in rather than testdata keep it.
const tablesIDPlaceholder = "@TablesID@"

// testModule copies the module testdata/name into a temporary directory,
// with the analyzer's TablesID in place of the placeholder, and returns
// the copy's root.
func testModule(t *testing.T, name string) string {
	t.Helper()
	// analysistest loads packages with this process's environment: a
	// GOFLAGS=-mod=mod or a GOWORK of the user's would send the vendored
	// module to the (disabled) module proxy instead of its vendor/.
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	src := filepath.Join("testdata", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		data = bytes.ReplaceAll(data, []byte(tablesIDPlaceholder), []byte(ports.TablesID))
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestPortsvet runs the analyzer over a module that calls a stand-in
// with the analyzer's tables (package a: diagnostics, fixes in
// a.go.golden, nothing from a_test.go; package shapes, written at test
// time: names of the shapes only user-port and name-only records have)
// and stand-ins it must leave alone (package b: other tables, no
// TablesID, another API).
func TestPortsvet(t *testing.T) {
	fixture.Long(t) // loads and type-checks another module with go/packages
	dir := testModule(t, "mod")
	writeShapes(t, dir)
	analysistest.RunWithSuggestedFixes(t, dir, Analyzer, "./a", "./b", "./shapes")
}

// writeShapes writes package shapes into the test module at dir: calls
// with the first name of the registry compiled in of each shape whose
// diagnostics differ (registered on sctp alone; on tcp alone, without a
// port; without a protocol or a port), and what the analyzer must say.
// Any registry update may withdraw such a name, so the test chooses them
// when it runs.
func writeShapes(t *testing.T, dir string) {
	t.Helper()
	shape := func(what string, ok func(s ports.Service) bool) string {
		t.Helper()
		seen := map[string]bool{}
		for s := range ports.All() {
			name := s.Name()
			if seen[name] || !plainName.MatchString(name) || goServices["tcp"][name] != 0 || goServices["udp"][name] != 0 {
				continue
			}
			seen[name] = true
			all := true
			for r := range ports.ByName(name) {
				all = all && ok(r)
			}
			if all {
				t.Logf("a name %s: %s", what, name)
				return name
			}
		}
		t.Fatalf("the registry has no name %s: package shapes would check nothing of it", what)
		return ""
	}
	sctp := shape("registered on sctp alone", func(s ports.Service) bool { return s.Protocol() == ports.SCTP && s.HasPort() })
	tcp := shape("on tcp alone, without a port", func(s ports.Service) bool { return s.Protocol() == ports.TCP && !s.HasPort() })
	none := shape("without a protocol or a port", func(s ports.Service) bool { return s.Protocol() == ports.NoProtocol && !s.HasPort() })
	calls := []struct{ call, want string }{ // want: "" for no diagnostic
		{fmt.Sprintf(`ports.LookupPort("", %q)`, sctp), "^" + sctp + " has no tcp or udp record; it has sctp$"},
		{fmt.Sprintf(`ports.LookupPort("sctp4", %q)`, sctp), ""},
		{fmt.Sprintf(`ports.LookupPort("udp", %q)`, tcp), "^" + tcp + " has no udp record; it has tcp$"},
		{fmt.Sprintf(`ports.LookupPort("tcp", %q)`, tcp), "^" + regexp.QuoteMeta("LookupPort always fails: lookup tcp/"+tcp+": unknown port (IANA registers "+tcp+" without a port number)") + "$"},
		{fmt.Sprintf(`ports.LookupPort(network, %q)`, none), "^" + regexp.QuoteMeta(`service "`+none+`" has no port number on any protocol: LookupPort always fails`) + "$"},
		{fmt.Sprintf(`ports.Lookup(%q, ports.SCTP)`, none), ""}, // a name-only record counts for every protocol
	}
	src := "package shapes\n\nimport ports \"example.com/vettest/fakeports\"\n\nfunc shapes(network string) {\n"
	for _, c := range calls {
		src += "\t" + c.call
		if c.want != "" {
			src += " // want `" + c.want + "`"
		}
		src += "\n"
	}
	src += "}\n"
	if err := os.MkdirAll(filepath.Join(dir, "shapes"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("package shapes:\n%s", src)
	if err := os.WriteFile(filepath.Join(dir, "shapes", "shapes.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// plainName matches the names that need no quoting in a message or a
// regular expression.
var plainName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// TestPortsvetVendored checks calls to a vendored copy of ports.
func TestPortsvetVendored(t *testing.T) {
	fixture.Long(t) // loads a vendored module through go/packages, as the other-module runs do
	dir := testModule(t, "vendored")
	analysistest.Run(t, dir, Analyzer, "./v")
}

// TestNetsvc runs netsvc over package n: every checked function and
// method of net, crypto/tls and net/http, http.Server's Addr, Go's
// built-in names, fixes in n.go.golden and n_test.go.golden; and over
// package dyn, written at test time from the registry (netCases): every
// name IANA assigns several ports, which gets no fix, every name
// assigned a range, which gets its first port, a sample of the others
// and of unregistered names.
func TestNetsvc(t *testing.T) {
	fixture.Long(t) // loads and type-checks another module with go/packages
	cases := netCases(t)
	dir := testModule(t, "mod")
	writeNetCases(t, dir, cases)
	analysistest.RunWithSuggestedFixes(t, dir, NetSvc, "./n", "./dyn")
}
