package ports_test

// LookupPort against net's own sources: the built-in table of service
// names in $GOROOT/src/net/lookup.go and the cases of Go's TestLookupPort
// and TestLookupPort_Minimal in $GOROOT/src/net/lookup_test.go, read at
// test time with go/parser, so that a Go release that changes them is
// noticed here.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/svcreg/ianaports/ports"
)

// netSource returns the path of a file of $GOROOT/src/net, or skips the
// test when the Go installation has no sources.
func netSource(t testing.TB, name string) string {
	t.Helper()
	path, skip := netSourcePath(name)
	if skip != "" {
		t.Skip(skip)
	}
	return path
}

func netSourcePath(name string) (path, skip string) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Sprintf("go env GOROOT: %v", err)
	}
	path = filepath.Join(strings.TrimSpace(string(out)), "src", "net", name)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Sprintf("net's sources are not installed (%v): nothing to compare with", err)
	}
	return path, ""
}

// literal evaluates the basic literals and true/false of Go's tables.
func literal(e ast.Expr) (any, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.STRING:
			return strconv.Unquote(e.Value)
		case token.INT:
			return strconv.Atoi(e.Value)
		}
	case *ast.Ident:
		switch e.Name {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return nil, fmt.Errorf("unexpected expression %T", e)
}

var (
	netTableOnce sync.Once
	netTableMap  map[ports.Protocol]map[string]int
	netTableSkip string
	netTableErr  error
)

// netTable is the services map of $GOROOT/src/net/lookup.go: network,
// then the lower-case name, then its port. It is read once, so that
// fuzzing pays for it once.
func netTable(t testing.TB) map[ports.Protocol]map[string]int {
	t.Helper()
	netTableOnce.Do(func() {
		var file string
		if file, netTableSkip = netSourcePath("lookup.go"); netTableSkip == "" {
			netTableMap, netTableErr = parseNetTable(file)
		}
	})
	if netTableSkip != "" {
		t.Skip(netTableSkip)
	}
	if netTableErr != nil {
		t.Fatal(netTableErr)
	}
	return netTableMap
}

func parseNetTable(file string) (map[ports.Protocol]map[string]int, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return nil, err
	}
	var table *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "services" && len(vs.Values) == 1 {
			table, _ = vs.Values[0].(*ast.CompositeLit)
		}
		return table == nil
	})
	if table == nil {
		return nil, errors.New(file + ": no services table")
	}
	m := map[ports.Protocol]map[string]int{}
	for _, e := range table.Elts {
		kv := e.(*ast.KeyValueExpr)
		network, err := literal(kv.Key)
		if err != nil {
			return nil, err
		}
		p, err := ports.ParseProtocol(network.(string))
		if err != nil {
			return nil, err
		}
		m[p] = map[string]int{}
		for _, e := range kv.Value.(*ast.CompositeLit).Elts {
			kv := e.(*ast.KeyValueExpr)
			name, err1 := literal(kv.Key)
			port, err2 := literal(kv.Value)
			if err := errors.Join(err1, err2); err != nil {
				return nil, err
			}
			m[p][name.(string)] = port.(int)
		}
	}
	if len(m[ports.TCP]) == 0 {
		return nil, errors.New(file + ": empty services table")
	}
	return m, nil
}

// TestLookupPortNetTable: every name of net's built-in table resolves as
// net.LookupPort resolves it without /etc/services, in any case, on its
// network and its suffixed forms, and on "" and "ip" (TCP's table first).
func TestLookupPortNetTable(t *testing.T) {
	table := netTable(t)
	n := 0
	for p, names := range table {
		for name, want := range names {
			for _, network := range []string{p.String(), p.String() + "4", p.String() + "6"} {
				for _, v := range []string{name, strings.ToUpper(name), flip(name)} {
					if port, err := ports.LookupPort(network, v); port != want || err != nil {
						t.Errorf("LookupPort(%q, %q) = %d, %v; net's table says %d", network, v, port, err, want)
					}
					n++
				}
			}
			ipWant := want
			if tcp, ok := table[ports.TCP][name]; ok {
				ipWant = tcp
			}
			for _, network := range []string{"", "ip"} {
				if port, err := ports.LookupPort(network, name); port != ipWant || err != nil {
					t.Errorf("LookupPort(%q, %q) = %d, %v; net says %d", network, name, port, err, ipWant)
				}
			}
		}
	}
	// imap2 is why the table is consulted: IANA registers it without a
	// port, and Lookup says so.
	if s, ok := ports.Lookup("imap2", ports.TCP); !ok || s.HasPort() {
		t.Errorf("Lookup(imap2) = %v, %v: the registry has changed, revisit this test", s, ok)
	}
	t.Logf("%d look-ups of net's %d+%d built-in names", n, len(table[ports.TCP]), len(table[ports.UDP]))
}

// netCase is one case of Go's TestLookupPort or TestLookupPort_Minimal.
type netCase struct {
	test, network, name string
	port                int
	ok                  bool
}

// netCases reads every test{...} literal in Go's TestLookupPort and
// TestLookupPort_Minimal: {network, name, port, ok}, or without ok (the
// minimal cases all succeed). Platform-conditional cases are read too:
// the only one adds http/tcp, which every platform with the table has.
func netCases(t *testing.T) []netCase {
	file := netSource(t, "lookup_test.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cases []netCase
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "TestLookupPort" && fn.Name.Name != "TestLookupPort_Minimal" {
			continue
		}
		add := func(cl *ast.CompositeLit) {
			var v []any
			for _, e := range cl.Elts {
				x, err := literal(e)
				if err != nil {
					t.Fatalf("%s: %s: %v", file, fn.Name.Name, err)
				}
				v = append(v, x)
			}
			c := netCase{test: fn.Name.Name, ok: true}
			switch {
			case len(v) == 4:
				c.ok = v[3].(bool)
				fallthrough
			case len(v) == 3:
				c.network, c.name, c.port = v[0].(string), v[1].(string), v[2].(int)
			default:
				t.Fatalf("%s: %s: a test of %d fields", file, fn.Name.Name, len(v))
			}
			cases = append(cases, c)
		}
		isTest := func(e ast.Expr) bool {
			id, ok := e.(*ast.Ident)
			return ok && id.Name == "test"
		}
		// []test{{...}, ...} and test{...}.
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if at, ok := cl.Type.(*ast.ArrayType); ok && isTest(at.Elt) {
				for _, e := range cl.Elts {
					add(e.(*ast.CompositeLit))
				}
				return false
			}
			if isTest(cl.Type) {
				add(cl)
				return false
			}
			return true
		})
	}
	if len(cases) < 20 {
		t.Fatalf("%s: only %d cases of TestLookupPort and TestLookupPort_Minimal", file, len(cases))
	}
	return cases
}

// TestGoLookupPortCases runs Go's own LookupPort cases against
// ports.LookupPort, as those tests check net.LookupPort: the port, and
// whether there is an error.
func TestGoLookupPortCases(t *testing.T) {
	cases := netCases(t)
	for _, c := range cases {
		port, err := ports.LookupPort(c.network, c.name)
		if port != c.port || (err == nil) != c.ok {
			t.Errorf("%s: LookupPort(%q, %q) = %d, %v; want %d, error=%t", c.test, c.network, c.name, port, err, c.port, !c.ok)
		}
	}
	t.Logf("%d cases of Go's TestLookupPort and TestLookupPort_Minimal pass", len(cases))
}
