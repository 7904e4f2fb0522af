package portsvet

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGoServices compares goServices with the services table in
// $GOROOT/src/net/lookup.go of the Go that runs the test: when a Go
// release adds a name, netsvc must stop reporting it.
func TestGoServices(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	file := filepath.Join(strings.TrimSpace(string(out)), "src", "net", "lookup.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var table *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "services" && len(vs.Values) == 1 {
			table, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return table == nil
	})
	if table == nil {
		t.Fatalf("%s: no services table", file)
	}
	got := make(map[string]map[string]int)
	for _, e := range table.Elts {
		kv := e.(*ast.KeyValueExpr)
		network := unquote(t, kv.Key)
		got[network] = make(map[string]int)
		for _, e := range kv.Value.(*ast.CompositeLit).Elts {
			kv := e.(*ast.KeyValueExpr)
			port, err := strconv.Atoi(kv.Value.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			got[network][unquote(t, kv.Key)] = port
		}
	}
	if len(got) == 0 {
		t.Fatalf("%s: empty services table", file)
	}
	if !maps.EqualFunc(got, goServices, maps.Equal) {
		t.Errorf("goServices differs from %s:\n portsvet %v\n net      %v", file, goServices, got)
	}
}

func unquote(t *testing.T, e ast.Expr) string {
	t.Helper()
	s, err := strconv.Unquote(e.(*ast.BasicLit).Value)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
