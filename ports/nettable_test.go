package ports_test

// LookupPort against net's own sources: the built-in table of service
// names in $GOROOT/src/net/lookup.go and the cases of Go's TestLookupPort
// and TestLookupPort_Minimal in $GOROOT/src/net/lookup_test.go, read at
// test time with go/parser, so that a Go release that changes them is
// noticed here.

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/ports"
)

// netSource returns the path of a file of $GOROOT/src/net, or skips the
// test when the Go installation has no sources.
func netSource(t testing.TB, name string) string { return fixture.GoNetSource(t, name) }

// literal evaluates the basic literals and true/false of Go's tables.
func literal(e ast.Expr) (any, error) { return fixture.GoLiteral(e) }

// netTable is the services map of $GOROOT/src/net/lookup.go by protocol:
// the lower-case name, then its port.
func netTable(t testing.TB) map[ports.Protocol]map[string]int {
	t.Helper()
	m := map[ports.Protocol]map[string]int{}
	for network, names := range fixture.GoServices(t) {
		p, err := ports.ParseProtocol(network)
		if err != nil {
			t.Fatal(err)
		}
		m[p] = names
	}
	return m
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
	// The names that only net's table answers for are why it is
	// consulted (imap2, which IANA registers without a port, when this
	// was written): which they are is the registry's business.
	var fallback []string
	for p, names := range table {
		for name := range names {
			if s, ok := ports.Lookup(name, p); !ok || !s.HasPort() {
				fallback = append(fallback, name+"/"+p.String())
			}
		}
	}
	slices.Sort(fallback)
	t.Logf("%d look-ups of net's %d+%d built-in names; answered by net's table alone: %v", n, len(table[ports.TCP]), len(table[ports.UDP]), fallback)
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

// etcServiceNames are the names and aliases of /etc/services, which net's
// pure-Go resolver reads before its built-in table; none when the file
// is absent. net folds the query's case, so they are kept lower-cased.
func etcServiceNames(t *testing.T) map[string]bool {
	names := map[string]bool{}
	data, err := os.ReadFile("/etc/services")
	if err != nil {
		t.Logf("no /etc/services (%v): net answers from its built-in table alone", err)
		return names
	}
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		for _, n := range append(f[:1:1], f[2:]...) {
			names[strings.ToLower(n)] = true
		}
	}
	return names
}

// TestLookupPortErrorsLikeNet: where net.LookupPort's pure-Go resolver
// fails too, LookupPort's error reads exactly as net's: unknown names
// (those in neither /etc/services nor net's built-in table), names IANA
// registers without a port, unknown networks and invalid port numbers.
func TestLookupPortErrorsLikeNet(t *testing.T) {
	etc := etcServiceNames(t)
	goNet := netTable(t)
	inNet := func(name string) bool {
		n := strings.ToLower(name)
		_, tcp := goNet[ports.TCP][n]
		_, udp := goNet[ports.UDP][n]
		return etc[n] || tcp || udp
	}
	// Name-only registry names: LookupPort says ErrNoPort for them.
	var noPort []string
	for s := range ports.All() {
		if n := s.Name(); n != "" && !s.HasPort() && !inNet(n) && len(noPort) < 5 {
			if _, err := ports.LookupPort("tcp", n); errors.Is(err, ports.ErrNoPort) {
				noPort = append(noPort, n)
			}
		}
	}
	if len(noPort) == 0 {
		t.Fatal("no name registered without a port answers ErrNoPort")
	}
	unknown := []string{"htps", "HTPS", "no-such-service", "x" + strings.Repeat("y", 40)}
	resolver := &net.Resolver{PreferGo: true}
	compare := func(network, service string, want error) {
		t.Helper()
		_, netErr := resolver.LookupPort(context.Background(), network, service)
		_, err := ports.LookupPort(network, service)
		if netErr == nil || err == nil || err.Error() != netErr.Error() || !errors.Is(err, want) {
			t.Errorf("LookupPort(%q, %q): %v; net.LookupPort: %v (want errors.Is %v)", network, service, err, netErr, want)
		}
	}
	n := 0
	for _, network := range []string{"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "", "ip"} {
		for _, name := range unknown {
			if !inNet(name) {
				compare(network, name, ports.ErrUnknownService)
				n++
			}
		}
		for _, name := range noPort {
			if _, err := ports.LookupPort(network, name); errors.Is(err, ports.ErrNoPort) {
				compare(network, name, ports.ErrNoPort)
				n++
			}
		}
	}
	for _, network := range []string{"foo", "icmp", "tcp46", "ip4", "TCP", "sctp7"} {
		compare(network, "http", ports.ErrUnknownNetwork)
		n++
	}
	for _, service := range []string{"65536", "70000", "-1", "+99999", "99999999999999999999"} {
		for _, network := range []string{"tcp", "udp", "", "foo"} {
			compare(network, service, ports.ErrInvalidPort)
			n++
		}
	}
	t.Logf("%d failures of net.LookupPort's pure-Go resolver, worded alike (name-only names %v)", n, noPort)
}
