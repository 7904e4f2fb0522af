package emit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

var update = flag.Bool("update", false, "rewrite api/tables.go, the golden file, from testdata/fixture.xml")

// fixtureXML is the fixture registry the API package is compiled
// against, with the local names of fixtureOverlay.
const (
	fixtureXML     = "testdata/fixture.xml"
	fixtureOverlay = "testdata/fixture.services"
)

// fixtureConfig renders the fixture as the api package.
func fixtureConfig(tb testing.TB) Config {
	return Config{Package: "api", Command: "go test ./gen/internal/emit -run TestGolden -update", Overlay: parseOverlayFile(tb, fixtureOverlay)}
}

func parseOverlayFile(tb testing.TB, name string) *Overlay {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	o, err := ParseOverlay(name, data)
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func parseFixture(tb testing.TB) *registry.Registry {
	tb.Helper()
	reg, err := registry.ParseFile(fixtureXML, registry.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// TestGolden renders the fixture registry and compares tables.go with
// api/tables.go, which the API package compiles against: an emitter
// change shows there as a small diff. It also checks that the ports.go
// Render writes is the embedded api/api.go under the generated header.
func TestGolden(t *testing.T) {
	reg := parseFixture(t)
	files, err := Render(reg, fixtureConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(Files) {
		t.Fatalf("Render returned %d files, want %v", len(files), Files)
	}
	for i, f := range files {
		if f.Name != Files[i] {
			t.Fatalf("file %d is %s, want %s", i, f.Name, Files[i])
		}
	}
	golden := filepath.Join("api", "tables.go")
	if *update {
		if err := os.WriteFile(golden, files[1].Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files[1].Data, want) {
		t.Errorf("%s is stale: run go test ./gen/internal/emit -run TestGolden -update, and review its diff", golden)
	}
}
