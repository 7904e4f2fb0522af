package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPortsDoesNotLinkJSON: package ports does not import encoding/json
// (nor reflect, which a MarshalJSON method would need): a program that
// only looks ports up must not keep every table alive for a marshaller.
// Its JSON form lives in ports/portsjson.
func TestPortsDoesNotLinkJSON(t *testing.T) {
	notLinked(t, "./ports", "encoding/json", "encoding", "reflect")
}

// TestCommandDoesNotLinkParser: the ports command answers from package
// ports alone; the XML parser (and encoding/xml) stays in the generator
// and the tests, even where they share a rule with the command (package
// primary, whose XML adapter is primary/xmlrow).
func TestCommandDoesNotLinkParser(t *testing.T) {
	notLinked(t, "./cmd/ports", "encoding/xml", "github.com/svcreg/ianaports/internal/registry")
}

// notLinked fails if pkg (relative to the module root) depends on any of
// bad.
func notLinked(t *testing.T, pkg string, bad ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	for _, b := range bad {
		if slices.Contains(deps, b) {
			t.Errorf("%s depends on %s: %v", pkg, b, deps)
		}
	}
}
