package overlayref

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
)

// goConst evaluates a constant expression of Go's own source, such as
// len("mobility-header") + 10.
func goConst(t *testing.T, fset *token.FileSet, e ast.Expr) int64 {
	t.Helper()
	tv, err := types.Eval(fset, nil, token.NoPos, types.ExprString(e))
	if err != nil || tv.Value == nil {
		t.Fatalf("evaluating %s: %v", types.ExprString(e), err)
	}
	v, ok := constant.Int64Val(tv.Value)
	if !ok {
		t.Fatalf("%s is no integer constant", types.ExprString(e))
	}
	return v
}

func parseGoNet(t *testing.T, fset *token.FileSet, name string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(fset, fixture.GoNetSource(t, name), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestNetLimitsMatchGo reads NetBuffer and NetMaxName from the net
// package of the Go that runs the test: the capacity of the buffer open
// makes in parse.go, and maxPortBufSize in lookup.go. A Go release that
// changes either fails here until NetRead follows.
func TestNetLimitsMatchGo(t *testing.T) {
	fset := token.NewFileSet()
	var buffer, maxName int64 = -1, -1
	ast.Inspect(parseGoNet(t, fset, "parse.go"), func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "open" || fn.Recv != nil {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && types.ExprString(call.Fun) == "make" && len(call.Args) == 3 && types.ExprString(call.Args[0]) == "[]byte" {
				buffer = goConst(t, fset, call.Args[2])
			}
			return true
		})
		return false
	})
	ast.Inspect(parseGoNet(t, fset, "lookup.go"), func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "maxPortBufSize" && len(vs.Values) == 1 {
			maxName = goConst(t, fset, vs.Values[0])
		}
		return true
	})
	if buffer != NetBuffer {
		t.Errorf("net's open in parse.go makes a buffer of %d bytes; NetBuffer is %d", buffer, NetBuffer)
	}
	if maxName != NetMaxName {
		t.Errorf("net's maxPortBufSize in lookup.go is %d; NetMaxName is %d", maxName, NetMaxName)
	}
	// readServices still reads /etc/services with that reader.
	src := fixture.GoNetSource(t, "port_unix.go")
	f := parseGoNet(t, fset, "port_unix.go")
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if fn, ok := n.(*ast.FuncDecl); ok && fn.Name.Name == "readServices" {
			var body bytes.Buffer
			if err := format.Node(&body, fset, fn.Body); err != nil {
				t.Fatal(err)
			}
			found = strings.Contains(body.String(), `open("/etc/services")`) && strings.Contains(body.String(), "readLine()")
		}
		return true
	})
	if !found {
		t.Errorf("%s: readServices no longer reads /etc/services through open and readLine: check NetRead", src)
	}
}

// TestNetRead: the reader's edges, each worked out from net's sources
// (see NetRead): the buffer's bound on a line, with and without newline,
// comments, fields, the port field, and the look-up's case and length.
func TestNetRead(t *testing.T) {
	builtin := map[string]map[string]int{"tcp": {"http": 80}, "udp": {"domain": 53}}
	pad := func(line string, n int) string { return line + " #" + strings.Repeat("x", n-len(line)-2) }
	for _, c := range []struct {
		name, data string
		want       map[string]int // tcp look-ups; -1: no answer
	}{
		{"empty", "", map[string]int{"http": 80, "foo": -1}},
		{"the last line wins, names kept as written",
			"foo 1000/tcp\nFoo 2000/tcp\nBar 3000/tcp\nhttp 8080/tcp\n",
			map[string]int{"foo": 1000, "FOO": 1000, "bar": -1, "Bar": -1, "http": 8080}},
		{"aliases, tabs, CR, comments",
			"a\t1/tcp\tb c # d 9/tcp\r\n#e 5/tcp\n  f 6/tcp\r\ng#h 7/tcp\ni 8/tcp#j\n",
			map[string]int{"a": 1, "b": 1, "c": 1, "d": -1, "e": -1, "f": 6, "g": -1, "i": 8, "j": -1}},
		{"the port field",
			"a 0/tcp\nb 00012/tcp\nc 12x/tcp\nd 12\ne /tcp\nf 99999/tcp\ng 16777215/tcp\nh 12/TCP\ni +1/tcp\nj 1/tcp/udp\n",
			map[string]int{"a": -1, "b": 12, "c": -1, "d": -1, "e": -1, "f": -1, "g": -1, "h": -1, "i": -1, "j": -1}},
		{"names up to 25 bytes",
			strings.Repeat("n", 25) + " 1/tcp\n" + strings.Repeat("m", 26) + " 2/tcp\n",
			map[string]int{strings.Repeat("n", 25): 1, strings.Repeat("m", 26): -1}},
		{"a line of 65535 bytes is read, and the next",
			pad("long 1/tcp", NetBuffer-1) + "\nafter 2/tcp\n",
			map[string]int{"long": 1, "after": 2}},
		{"a line of 65536 bytes stops the reader",
			"before 3/tcp\n" + pad("long 1/tcp", NetBuffer) + "\nafter 2/tcp\n",
			map[string]int{"before": 3, "long": -1, "after": -1}},
		{"an unterminated last line of 65535 bytes is read",
			pad("long 1/tcp", NetBuffer-1),
			map[string]int{"long": 1}},
		{"an unterminated last line of 65536 bytes is not",
			pad("long 1/tcp", NetBuffer),
			map[string]int{"long": -1}},
	} {
		n := NetRead([]byte(c.data), builtin)
		for name, want := range c.want {
			got, ok := n.LookupPort("tcp", name)
			if !ok {
				got = -1
			}
			if got != want {
				t.Errorf("%s: LookupPort(tcp, %q) = %d, want %d", c.name, name, got, want)
			}
		}
	}
	n := NetRead([]byte("x 1/udp\ny 2/tcp\ny 3/udp\nz 70000/tcp\nz 4/udp\n"), builtin)
	for _, c := range []struct {
		network, name string
		want          int
	}{
		{"udp4", "x", 1}, {"tcp", "x", -1}, {"", "x", 1}, {"ip", "y", 2}, {"udp6", "y", 3},
		{"", "z", -1}, {"udp", "z", 4}, {"udp", "domain", 53}, {"sctp", "y", -1},
	} {
		got, ok := n.LookupPort(c.network, c.name)
		if !ok {
			got = -1
		}
		if got != c.want {
			t.Errorf("LookupPort(%q, %q) = %d, want %d", c.network, c.name, got, c.want)
		}
	}
}
