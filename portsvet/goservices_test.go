package portsvet

import (
	"maps"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
)

// TestGoServices compares goServices with the services table in
// $GOROOT/src/net/lookup.go of the Go that runs the test: when a Go
// release adds a name, netsvc must stop reporting it.
func TestGoServices(t *testing.T) {
	got := fixture.GoServices(t)
	file := fixture.GoNetSource(t, "lookup.go")
	if !maps.EqualFunc(got, goServices, maps.Equal) {
		t.Errorf("goServices differs from %s:\n portsvet %v\n net      %v", file, goServices, got)
	}
}
