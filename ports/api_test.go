package ports_test

import (
	"go/build"
	"slices"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
)

// TestNoSliceResults: no exported function or method of the generated
// package hands out a slice, which could share memory with the tables,
// but MarshalText, whose slice is fresh. Multi-valued answers are
// iterators over copies.
func TestNoSliceResults(t *testing.T) { fixture.NoSliceResults(t, ".") }

// TestNoUnsafe: the package imports no unsafe (go list -f
// '{{.Imports}}' ./ports says the same): vendored code without it needs
// no security review of its pointer arithmetic.
func TestNoUnsafe(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(pkg.Imports, "unsafe") || len(pkg.Imports) == 0 {
		t.Errorf("package ports imports %v", pkg.Imports)
	}
}
