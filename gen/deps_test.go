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
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	cmd := exec.Command("go", "list", "-deps", "./ports")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	for _, bad := range []string{"encoding/json", "encoding", "reflect"} {
		if slices.Contains(deps, bad) {
			t.Errorf("ports depends on %s: %v", bad, deps)
		}
	}
}
