package emit

// TestCorpusPackages compiles what FuzzTables checks through the mirror:
// a package generated from every seed of FuzzTables (every registry of
// testdata/ok, the fixture, excerpts of the pinned registry, with
// overlays), from every input of its committed corpus and from every
// input of FuzzParse's that the generator accepts, all in one temporary
// module built and tested by a single go test run. A generated test
// compares each package's answers with the slow reference's, dumped as
// JSON.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// corpusInput is one input of a fuzz corpus, or a registry of
// testdata/ok.
type corpusInput struct {
	from         string
	xml, overlay []byte
	fuzzed       bool // from a fuzz corpus, which may hold refusals
}

// readCorpusFile reads a file of go test's fuzz corpus: the line "go test
// fuzz v1", then one Go literal a line, such as []byte("...").
func readCorpusFile(path string) ([][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("%s: not a fuzz corpus file", path)
	}
	var args [][]byte
	for _, l := range lines[1:] {
		e, err := parser.ParseExpr(l)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil, fmt.Errorf("%s: %q is not a conversion", path, l)
		}
		v, err := fixture.GoLiteral(call.Args[0])
		s, ok := v.(string)
		if err != nil || !ok {
			return nil, fmt.Errorf("%s: %q holds no string", path, l)
		}
		args = append(args, []byte(s))
	}
	return args, nil
}

// corpusInputs are FuzzTables's seeds (testdata/ok, the fixture,
// excerpts of the pinned registry), then the committed corpora.
func corpusInputs(t *testing.T) []corpusInput {
	in := fuzzSeeds(t)
	for _, c := range []struct {
		dir  string
		args int
	}{
		{filepath.Join("testdata", "fuzz", "FuzzTables"), 2},
		{filepath.Join("..", "..", "..", "internal", "registry", "testdata", "fuzz", "FuzzParse"), 1},
	} {
		files, err := filepath.Glob(filepath.Join(c.dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no corpus in %s: %v", c.dir, err)
		}
		for _, f := range files {
			args, err := readCorpusFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(args) != c.args {
				t.Fatalf("%s: %d arguments, want %d", f, len(args), c.args)
			}
			ci := corpusInput{from: f, xml: args[0], fuzzed: true}
			if c.args > 1 {
				ci.overlay = args[1]
			}
			in = append(in, ci)
		}
	}
	return in
}

// expected is what a generated package must answer, from slowRef. The
// generated test decodes it with this very declaration (expectedDecl).
type expected struct {
	From    string `json:"from"`
	Records []struct {
		Name, Number, Protocol, Desc string
		Status                       int
		Local                        bool
	}
	Lookups []struct {
		Q           string
		Proto, Want int
	}
	ByName []struct {
		Q    string
		Want []int
	}
	ByPort []struct {
		Port, Proto int
		Want        []int
	}
	Status  []struct{ Port, Proto, Want int }
	Primary []struct{ Port, Proto, Want int }
	Range   []int // ByPortRange(0, 65535, NoProtocol)
	Ports   []struct {
		Network, Q string
		Port       int
	}
}

// expectedDecl returns the declaration of expected in this file, for the
// generated test: one declaration for the JSON both sides read, so a
// field added here cannot be dropped there unseen.
func expectedDecl(t *testing.T) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "corpus_test.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE && g.Specs[0].(*ast.TypeSpec).Name.Name == "expected" {
			var b strings.Builder
			if err := format.Node(&b, fset, g); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
	}
	t.Fatal("corpus_test.go declares no type expected")
	return ""
}

func (r *slowRef) expected(from string) *expected {
	e := &expected{From: from, Range: r.portRange(0, 65535, 0)}
	for i := range r.recs {
		c := &r.recs[i]
		st := statusAssigned
		if c.Name == "" {
			st = statusReserved
			if registry.EqualFoldName(strings.Trim(c.Description.Plain(), " \t\r\n"), "unassigned") {
				st = statusUnassigned
			}
		}
		e.Records = append(e.Records, struct {
			Name, Number, Protocol, Desc string
			Status                       int
			Local                        bool
		}{r.spelling(c.Name), c.Number, c.Protocol, c.Description.Plain(), st, i >= r.nReg})
	}
	for _, q := range r.queries() {
		e.ByName = append(e.ByName, struct {
			Q    string
			Want []int
		}{q, r.byName(q)})
		for proto := 1; proto <= numProtocols; proto++ {
			want := r.lookup(q, proto)
			e.Lookups = append(e.Lookups, struct {
				Q           string
				Proto, Want int
			}{q, proto, want})
			if want >= 0 && r.recs[want].HasNumber {
				e.Ports = append(e.Ports, struct {
					Network, Q string
					Port       int
				}{protoNames[proto], q, r.recs[want].Lo})
			}
		}
	}
	for _, port := range r.boundaries() {
		for proto := 1; proto <= numProtocols; proto++ {
			e.ByPort = append(e.ByPort, struct {
				Port, Proto int
				Want        []int
			}{port, proto, r.byPort(port, proto)})
			e.Status = append(e.Status, struct{ Port, Proto, Want int }{port, proto, r.status(port, proto)})
			e.Primary = append(e.Primary, struct{ Port, Proto, Want int }{port, proto, r.primary(port, proto)})
		}
	}
	return e
}

// corpusCheck is the body of the generated test of one package; PKG
// stands for its name.
const corpusCheck = `
func check_PKG(t *testing.T, e *expected) {
	all := slices.Collect(PKG.All())
	if len(all) != len(e.Records) || PKG.NumRecords+PKG.NumLocal != len(all) {
		t.Fatalf("%d records (%d + %d local), want %d", len(all), PKG.NumRecords, PKG.NumLocal, len(e.Records))
	}
	for i, s := range all {
		w := e.Records[i]
		proto, _ := s.Protocol().MarshalText()
		if s.Index() != i || s.Name() != w.Name || s.Number() != w.Number || string(proto) != w.Protocol ||
			int(s.Status()) != w.Status || s.IsLocal() != w.Local || s.Description() != w.Desc {
			t.Errorf("record %d: %q %q %q %v %v %q, want %+v", i, s.Name(), s.Number(), s.Protocol(), s.Status(), s.IsLocal(), s.Description(), w)
		}
	}
	for _, q := range e.Lookups {
		s, ok := PKG.Lookup(q.Q, PKG.Protocol(q.Proto))
		if s.Index() != q.Want || ok != (q.Want >= 0) {
			t.Errorf("Lookup(%q, %d) = %d, %v; want %d", q.Q, q.Proto, s.Index(), ok, q.Want)
		}
	}
	for _, q := range e.ByName {
		if got := indices(PKG.ByName(q.Q)); !slices.Equal(got, q.Want) {
			t.Errorf("ByName(%q) = %v, want %v", q.Q, got, q.Want)
		}
	}
	for _, q := range e.ByPort {
		if got := indices(PKG.ByPort(uint16(q.Port), PKG.Protocol(q.Proto))); !slices.Equal(got, q.Want) {
			t.Errorf("ByPort(%d, %d) = %v, want %v", q.Port, q.Proto, got, q.Want)
		}
	}
	for _, q := range e.Status {
		if got := PKG.PortStatus(uint16(q.Port), PKG.Protocol(q.Proto)); int(got) != q.Want {
			t.Errorf("PortStatus(%d, %d) = %v, want %d", q.Port, q.Proto, got, q.Want)
		}
	}
	for _, q := range e.Primary {
		if s, ok := PKG.Primary(uint16(q.Port), PKG.Protocol(q.Proto)); s.Index() != q.Want || ok != (q.Want >= 0) {
			t.Errorf("Primary(%d, %d) = %d, %v; want %d", q.Port, q.Proto, s.Index(), ok, q.Want)
		}
	}
	var rng []int
	for s := range PKG.ByPortRange(0, 65535, PKG.NoProtocol) {
		rng = append(rng, s.Index())
	}
	if !slices.Equal(rng, e.Range) {
		t.Errorf("ByPortRange(0, 65535) = %v, want %v", rng, e.Range)
	}
	for _, q := range e.Ports {
		if port, err := PKG.LookupPort(q.Network, q.Q); port != q.Port || err != nil {
			t.Errorf("LookupPort(%q, %q) = %d, %v; want %d", q.Network, q.Q, port, err, q.Port)
		}
	}
}
`

const corpusHead = `package check

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
IMPORTS)

EXPECTED
func indices[S interface{ Index() int }](seq func(func(S) bool)) []int {
	var out []int
	for s := range seq {
		out = append(out, s.Index())
	}
	return out
}

var checks = map[string]func(*testing.T, *expected){
CHECKS}

func TestCorpus(t *testing.T) {
	for name, check := range checks {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var e expected
			if err := json.Unmarshal(data, &e); err != nil {
				t.Fatal(err)
			}
			t.Log(e.From)
			check(t, &e)
		})
	}
}
`

func TestCorpusPackages(t *testing.T) {
	fixture.Long(t) // compiles a package per corpus input
	dir := t.TempDir()
	write := func(path string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), []byte("module example.com/corpus\n\ngo 1.24\n"))
	var imports, checks, bodies strings.Builder
	seen := map[string]bool{}
	refused, built := 0, 0
	for _, in := range corpusInputs(t) {
		key := string(in.xml) + "\x00" + string(in.overlay)
		if seen[key] {
			continue
		}
		seen[key] = true
		r, reg, ov, ok := newSlowRef(t, in.xml, in.overlay)
		var files []File
		pkg := fmt.Sprintf("p%03d", built)
		if ok {
			var err error
			files, err = Render(reg, Config{Package: pkg, Overlay: ov})
			ok = err == nil
		}
		if !ok {
			if in.fuzzed {
				refused++
				continue
			}
			t.Fatalf("%s is refused: every seed must make a package", in.from)
		}
		built++
		for _, f := range files {
			write(filepath.Join(dir, pkg, f.Name), f.Data)
		}
		e, err := json.Marshal(r.expected(in.from))
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(dir, "check", "testdata", pkg+".json"), e)
		fmt.Fprintf(&imports, "\t%q\n", "example.com/corpus/"+pkg)
		fmt.Fprintf(&checks, "\t%q: check_%s,\n", pkg, pkg)
		bodies.WriteString(strings.ReplaceAll(corpusCheck, "PKG", pkg))
	}
	if built < 10 {
		t.Fatalf("only %d corpus inputs make a package (%d refused)", built, refused)
	}
	src := strings.NewReplacer("IMPORTS", imports.String(), "EXPECTED", expectedDecl(t), "CHECKS", checks.String()).Replace(corpusHead) + bodies.String()
	write(filepath.Join(dir, "check", "check_test.go"), []byte(src))
	cmd := exec.Command("go", "test", "-count=1", "./check/")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go test of %d generated packages: %v\n%s", built, err, out.Bytes())
	}
	t.Logf("%d packages generated, compiled and checked; %d corpus inputs refused by the parser, the overlay reader or the emitter", built, refused)
}
