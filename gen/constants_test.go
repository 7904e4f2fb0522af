package main

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// TestRegistryConstants: .ci/registry-constants, the constants whose
// values .ci/run's apidiff step lets change, names exactly the exported
// constants of the generated package whose values differ between two
// registries (and with them nothing that a registry update leaves alone).
func TestRegistryConstants(t *testing.T) {
	f, err := os.Open(filepath.Join(fixture.Root(t), ".ci", "registry-constants"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	consts := func(xml []byte) map[string]string {
		reg, err := registry.ParseBytes("x.xml", xml)
		if err != nil {
			t.Fatal(err)
		}
		files, err := render(config{pkg: "ports"}, reg)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		fset := token.NewFileSet()
		for name, src := range files {
			file, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range file.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, s := range g.Specs {
						vs := s.(*ast.ValueSpec)
						for i, id := range vs.Names {
							if id.IsExported() && i < len(vs.Values) {
								m[id.Name] = string(src[fset.Position(vs.Values[i].Pos()).Offset:fset.Position(vs.Values[i].End()).Offset])
							}
						}
					}
				}
			}
		}
		return m
	}
	a, b := consts(smallV1), consts(smallV2)
	var changed []string
	for name, v := range a {
		if b[name] != v {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	slices.Sort(listed)
	if !slices.Equal(changed, listed) {
		t.Errorf(".ci/registry-constants lists %q; the exported constants whose values follow the registry are %q", listed, changed)
	}
}
