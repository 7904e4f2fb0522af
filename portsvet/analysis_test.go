package portsvet

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
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
// a.go.golden, nothing from a_test.go) and stand-ins it must leave alone
// (package b: other tables, no TablesID, another API).
func TestPortsvet(t *testing.T) {
	fixture.Long(t) // loads and type-checks another module with go/packages
	dir := testModule(t, "mod")
	analysistest.RunWithSuggestedFixes(t, dir, Analyzer, "./a", "./b")
}

// TestPortsvetVendored checks calls to a vendored copy of ports.
func TestPortsvetVendored(t *testing.T) {
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
