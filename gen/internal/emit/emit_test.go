package emit

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/doc"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// registryOf parses a registry of the given records (and people).
func registryOf(tb testing.TB, records string) *registry.Registry {
	tb.Helper()
	src := `<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <title>Service Name and Transport Protocol Port Number Registry</title>
  <updated>2026-08-17</updated>
` + records + `
</registry>
`
	reg, err := registry.ParseBytes("test.xml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// errorForm is the one form of every refusal.
var errorForm = regexp.MustCompile(`^test\.xml:\d+: (record|person) \d+ \(line \d+(, (name|id) "[^"]*")?(, number [0-9-]+)?(, [a-z]+)?\): \S.*$`)

// TestErrorsNameTheRecord: every refusal of the emit stage names the
// file, the line and the record, on one line.
func TestErrorsNameTheRecord(t *testing.T) {
	for _, c := range []struct{ what, records, want string }{
		{"non-canonical port", `<record><name>a</name><protocol>tcp</protocol><number>080</number></record>`, `record 1 (line 5, name "a", number 080, tcp): port number "080" is not in canonical form`},
		{"record date", `<record date="1969-12-31"><name>a</name><protocol>tcp</protocol><number>80</number></record>`, `record 1 (line 5, name "a", number 80, tcp): registration date "1969-12-31" is outside 1970-2097`},
		{"record update", `<record updated="2100-01"><name>a</name></record>`, `record 1 (line 5, name "a"): modification date "2100-01" is outside`},
		{"person date", `<record><name>a</name><xref type="person" data="P"/></record>
  <people><person id="P"><name>P</name><updated>1900-01-01</updated></person></people>`, `person 1 (line 6, id "P"): updated date "1900-01-01" is outside`},
		{"people count", `<record><name>a</name>` + strings.Repeat(`<xref type="person" data="P"/>`, 16) + `</record>`, `record 1 (line 5, name "a"): 0 assignees and 16 contacts; the tables hold at most 15`},
	} {
		_, err := Render(registryOf(t, c.records), Config{})
		var re *registry.Error
		if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || !errorForm.MatchString(err.Error()) {
			t.Errorf("%s: error %v, want the form file:line: record ...: and %q", c.what, err, c.want)
		}
	}
}

// TestHashFailureNamesRecords: when no seed places the names, the error
// names the records it could not place.
func TestHashFailureNamesRecords(t *testing.T) {
	var recs strings.Builder
	for _, n := range []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"} {
		recs.WriteString("<record><name>" + n + "</name><protocol>tcp</protocol><number>1</number></record>\n")
	}
	_, err := render(registryOf(t, recs.String()), Config{}, hashLimits{seeds: 1, disp: 1})
	if err == nil || !errorForm.MatchString(err.Error()) || !strings.Contains(err.Error(), "no perfect hash for 9 names within 1 seeds: with the first seed no displacement places the names of record ") {
		t.Fatalf("error %v", err)
	}
	t.Log(err)
}

// TestNamesDifferingOutsideLetters: names 0x20 apart in a byte that is no
// letter are distinct names, and the hash separates them (the first
// generation folded them alike and found no perfect hash).
func TestNamesDifferingOutsideLetters(t *testing.T) {
	var recs strings.Builder
	for i, n := range []string{"x@y", "x`y", "a_b", "a^b", "a~b", "[", "{"} {
		recs.WriteString("<record><name>" + n + "</name><protocol>tcp</protocol><number>" + strconv.Itoa(i+1) + "</number></record>\n")
	}
	reg := registryOf(t, recs.String())
	tb, err := build(reg, nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for i := range reg.Records {
		if r, ok := tb.lookup(reg.Records[i].Name, 1); !ok || r != i {
			t.Errorf("%q: record %d, %v; want %d", reg.Records[i].Name, r, ok, i)
		}
	}
}

// TestOutputIsSafe renders the fixture, which holds a BOM, bidi
// controls, line and paragraph separators and non-ASCII names: every
// byte of both files is printable ASCII, a tab or a newline, and the
// files parse.
func TestOutputIsSafe(t *testing.T) {
	files, err := Render(parseFixture(t), Config{Package: "p"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for i, c := range f.Data {
			if (c < 0x20 || c > 0x7e) && c != '\n' && c != '\t' {
				line := bytes.Count(f.Data[:i], []byte("\n")) + 1
				t.Fatalf("%s:%d: byte %#x", f.Name, line, c)
			}
		}
		if _, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, parser.ParseComments); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		if first, _, _ := strings.Cut(string(f.Data), "\n"); !regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`).MatchString(first) {
			t.Errorf("%s starts %q", f.Name, first)
		}
		if n := strings.Count(string(f.Data), "DO NOT EDIT."); n != 1 {
			t.Errorf("%s has %d generated-code headers", f.Name, n)
		}
	}
}

// TestCommentOpeners: a name that starts with // or /* is still a
// comment's text on its line of slotIndex, "// slot: name ..." (printed
// as it is, it would end or open a comment there).
func TestCommentOpeners(t *testing.T) {
	names := []string{"/*x", "//y", "/*a-name-longer-than-16*/"}
	var recs strings.Builder
	for i, n := range names {
		recs.WriteString("<record><name>" + n + "</name><protocol>tcp</protocol><number>" + strconv.Itoa(i+1) + "</number></record>\n")
	}
	files, err := Render(registryOf(t, recs.String()), Config{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "tables.go", files[1].Data, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, g := range f.Comments {
		for _, c := range g.List {
			have = append(have, c.Text)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(have, func(c string) bool {
			_, names, ok := strings.Cut(c, ": ")
			return strings.HasPrefix(c, "// ") && ok && slices.Contains(strings.Fields(names), n)
		}) {
			t.Errorf("tables.go has no comment // N: %s", n)
		}
	}
}

// TestFormatError: a file go/format rejects comes back as a *FormatError
// with one line of message and the unformatted source.
func TestFormatError(t *testing.T) {
	src := []byte("package p\n\nfunc {\n\nvar x = \n")
	_, err := gofmt("tables.go", src)
	var fe *FormatError
	if !errors.As(err, &fe) || !bytes.Equal(fe.Source, src) || fe.Name != "tables.go" || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %#v", err)
	}
	t.Log(err)
}

// TestTablesFormatError: when go/format rejects tables.go (here, no
// package name), the error is a *FormatError holding the source as
// jennifer wrote it, not jennifer's own error with the source in its
// message. That source is the hand-shaped part alone: the tables, written
// formatted, never go through go/format.
func TestTablesFormatError(t *testing.T) {
	reg := parseFixture(t)
	tb, err := build(reg, nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tb.render(reg, Config{Command: "go run ./gen"})
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Name != "tables.go" || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %v", err)
	}
	if !bytes.HasPrefix(fe.Source, []byte(header(Config{Command: "go run ./gen"})+"\n\npackage \n")) ||
		!bytes.Contains(fe.Source, []byte("const RegistrySHA256 = ")) || bytes.Contains(fe.Source, []byte("const nameBlob = ")) {
		t.Errorf("the source of the error starts %.200q", fe.Source)
	}
}

// TestOutputIsFormatted: the generator writes the tables already
// formatted and runs go/format over the rest only, so every file it
// writes must come out of format.Source unchanged: the fixture with its
// overlay under every trim, a registry of 600 names (slot numbers of one
// to four digits, a text blob long enough to be grouped and cut inside
// UTF-8 sequences), every corpus input the emitter accepts, and with
// IANAPORTS_LONG=1 the pinned registry (whose committed output CI also
// holds to gofmt -l).
func TestOutputIsFormatted(t *testing.T) {
	check := func(from string, files []File) {
		t.Helper()
		for _, f := range files {
			got, err := format.Source(f.Data)
			if err != nil {
				t.Fatalf("%s: %s: %v", from, f.Name, err)
			}
			if !bytes.Equal(got, f.Data) {
				a, b := string(f.Data), string(got)
				i := 0
				for i < min(len(a), len(b)) && a[i] == b[i] {
					i++
				}
				line := strings.Count(a[:i], "\n") + 1
				t.Fatalf("%s: %s:%d is not as go/format prints it: %.120q, go/format: %.120q", from, f.Name, line, a[i-min(i, 40):], b[i-min(i, 40):])
			}
		}
	}
	render := func(from string, reg *registry.Registry, c Config) {
		t.Helper()
		files, err := Render(reg, c)
		if err != nil {
			t.Fatalf("%s: %v", from, err)
		}
		check(from, files)
	}
	for _, tr := range []Trim{{}, {Protocols: []string{"udp"}}, {NoText: true}, {NoPeople: true}, {AssignedOnly: true}, {Protocols: []string{"tcp", "dccp"}, NoText: true, NoPeople: true, AssignedOnly: true}} {
		c := fixtureConfig(t)
		c.Trim = tr
		render("the fixture "+tr.String(), parseFixture(t), c)
	}
	var recs strings.Builder
	for i := range 600 {
		fmt.Fprintf(&recs, "<record><name>n%d</name><protocol>tcp</protocol><number>%d</number><description>%d%s</description></record>\n",
			i, i+1, i, strings.Repeat("x\u00e9\u202e\"\\", 1+i%7))
	}
	render("600 names", registryOf(t, recs.String()), Config{})
	for _, in := range corpusInputs(t) {
		_, reg, ov, ok := newSlowRef(t, in.xml, in.overlay)
		if !ok {
			continue
		}
		if files, err := Render(reg, Config{Overlay: ov}); err == nil {
			check(in.from, files[1:])
		}
	}
	if os.Getenv(fixture.LongEnv) == "1" {
		render("the pinned registry", fixture.Registry(t, ""), Config{})
	}
}

// TestRenderIsDeterministic renders the fixture twice, from two parses.
func TestRenderIsDeterministic(t *testing.T) {
	a, err := Render(parseFixture(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(parseFixture(t), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(a, b, func(x, y File) bool { return x.Name == y.Name && bytes.Equal(x.Data, y.Data) }) {
		t.Error("two renders of the fixture differ")
	}
}

// TestMirror checks the Go mirror of the look-ups against the parsed
// fixture, read directly.
func TestMirror(t *testing.T) {
	reg := parseFixture(t)
	tb, err := build(reg, nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for i := range reg.Records {
		n := reg.Records[i].Name
		if n == "" {
			continue
		}
		var want []int
		for j := range reg.Records {
			if registry.EqualFoldName(reg.Records[j].Name, n) {
				want = append(want, j)
			}
		}
		for _, v := range []string{n, strings.ToUpper(n), registry.FoldName(n)} {
			if !registry.EqualFoldName(v, n) {
				continue // strings.ToUpper changes non-ASCII letters
			}
			if got := tb.namesOf(v); !slices.Equal(got, want) {
				t.Errorf("namesOf(%q) = %v, want %v", v, got, want)
			}
		}
		if got := tb.namesOf(n + "x"); got != nil {
			t.Errorf("namesOf(%q) = %v", n+"x", got)
		}
	}
	for proto := 1; proto <= numProtocols; proto++ {
		for port := 0; port < 65536; port += 7 {
			var want []int
			for i := range reg.Records {
				r := &reg.Records[i]
				if r.HasNumber && r.Lo <= port && port <= r.Hi && (r.Protocol == "" || protoNum[r.Protocol] == proto) {
					want = append(want, i)
				}
			}
			if got := tb.portsOf(port, proto); !slices.Equal(got, want) {
				t.Fatalf("portsOf(%d, %d) = %v, want %v", port, proto, got, want)
			}
		}
	}
}

// TestPackageDoc: go doc and pkg.go.dev show the package overview. It is
// the comment on ports.go's package clause, attached (no blank line
// between them), and tables.go, which has none, cannot replace it.
func TestPackageDoc(t *testing.T) {
	for _, c := range []Config{{}, {Package: "iana", Trim: Trim{NoText: true}}, {Overlay: parseOverlayFile(t, fixtureOverlay)}} {
		files, err := Render(parseFixture(t), c)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		var asts []*ast.File
		for _, f := range files {
			af, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if (af.Doc != nil) != (f.Name == "ports.go") {
				t.Errorf("%s: package comment %v", f.Name, af.Doc != nil)
			}
			asts = append(asts, af)
		}
		p, err := doc.NewFromFiles(fset, asts, "example.com/ports")
		if err != nil {
			t.Fatal(err)
		}
		name := cmp.Or(c.Package, "ports")
		if !strings.HasPrefix(p.Doc, "Package "+name+" is IANA's Service Name and Transport Protocol Port\nNumber Registry") || strings.Contains(p.Doc, "Code generated") {
			t.Errorf("%+v: the package doc reads %.120q", c, p.Doc)
		}
		for _, w := range []string{"ByPortRange", "PortStatus", "Primary", "All", "NoProtocol", "encoding.TextMarshaler", "Service.IsLocal"} {
			if !strings.Contains(p.Doc, w) {
				t.Errorf("the package doc does not mention %s", w)
			}
		}
	}
}

// BenchmarkRender times Render on the pinned registry, and the writing
// of tables.go alone (the tables built once). With -benchmem and
// -memprofile it is where the generator's allocations show.
func BenchmarkRender(b *testing.B) {
	reg, err := registry.ParseFile(fixture.Pinned(b), registry.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("all", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Render(reg, Config{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tables", func(b *testing.B) {
		tb, err := build(reg, nil, defaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := tb.render(reg, Config{Package: "ports", Command: "go run ./gen"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
