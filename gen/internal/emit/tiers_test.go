package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// The trimmed tiers docs/perf.md measures. Their correctness is checked
// here: every tier builds and vets, exercises every accessor, keeps the
// full tier's exported API, and reads every record it keeps as the full
// build does.
var tiers = []struct {
	name string
	trim Trim
}{
	{"full", Trim{}},
	{"tcpudp", Trim{Protocols: []string{"tcp", "udp"}}},
	{"notext", Trim{NoText: true, NoPeople: true}},
	{"assigned", Trim{AssignedOnly: true}},
	{"alltrims", Trim{Protocols: []string{"tcp", "udp"}, NoText: true, NoPeople: true, AssignedOnly: true}},
}

// exportedAPI lists the exported declarations of a package's files, as
// Go source without bodies, values or comments.
func exportedAPI(t *testing.T, files []File) []string {
	fset := token.NewFileSet()
	var api []string
	show := func(n any) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Data, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && (d.Recv == nil || ast.IsExported(strings.TrimLeft(show(d.Recv.List[0].Type), "*"))) {
					d.Body, d.Doc = nil, nil
					api = append(api, show(d))
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							api = append(api, "type "+s.Name.Name+" "+show(s.Type))
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								api = append(api, d.Tok.String()+" "+n.Name)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(api)
	return api
}

// records lists, one line a record, the fields no trim drops (name,
// number, protocol, status, dates), read from the tables.
func (t *tables) records() []string {
	var out []string
	for i := 0; i < t.nRec; i++ {
		name := ""
		if v := t.recName[i]; v != 0 {
			name = t.spellings[t.slotKey[v>>nameRefShift-1]]
		}
		f := t.recFlags[i]
		num := ""
		switch f >> flagKindShift {
		case kindSingle:
			num = fmt.Sprint(t.recPort[i])
		case kindRangeForm:
			num = fmt.Sprintf("%d-%d", t.recPort[i], t.recPort[i])
		case kindRange:
			k := slices.Index(t.rangeRecs, i+1)
			num = fmt.Sprintf("%d-%d", t.recPort[i], t.rangeHi[k])
		}
		d := t.datePairs[t.recDates[i]]
		out = append(out, fmt.Sprintf("%s\t%s\t%s\t%s\t%#x", name, num, protoNames[f&(1<<flagProtoBits-1)], statusNames[f>>flagStatusShift&(1<<flagStatusBits-1)], d))
	}
	return out
}

func TestTiers(t *testing.T) {
	fixture.Long(t) // renders the real registry five times and builds each tier
	reg, err := registry.ParseFile(fixture.Pinned(t), registry.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/tiers\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var fullAPI []string
	full := map[string]bool{}
	for _, tier := range tiers {
		c := Config{Package: tier.name, Trim: tier.trim}
		files, err := Render(reg, c)
		if err != nil {
			t.Fatalf("%s: %v", tier.name, err)
		}
		api := exportedAPI(t, files)
		tb, err := build(tier.trim.apply(reg), nil, defaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		recs := tb.records()
		if tier.name == "full" {
			fullAPI = api
			for _, r := range recs {
				full[r] = true
			}
		} else {
			if !slices.Equal(api, fullAPI) {
				t.Errorf("%s: the exported API differs from the full tier's:\n%s\nwant\n%s", tier.name, strings.Join(api, "\n"), strings.Join(fullAPI, "\n"))
			}
			for _, r := range recs {
				if !full[r] {
					t.Errorf("%s: record %q is no record of the full build", tier.name, r)
				}
			}
		}
		pkg := filepath.Join(dir, tier.name)
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(files, File{"accessors_test.go", []byte(strings.ReplaceAll(accessorsTest, "PKG", tier.name))}) {
			if err := os.WriteFile(filepath.Join(pkg, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: %d records, %d exported declarations", tier.name, len(recs), len(api))
	}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s on the tiers: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	// Every tier names the full tier's primary names on the protocols it
	// keeps: the trims leave out what the rule reads, not its answers.
	primaries := func(tier string, keep Trim) []string {
		b, err := os.ReadFile(filepath.Join(dir, tier, "primary.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			_, proto, _ := strings.Cut(strings.Fields(l)[0], "/")
			if keep.KeepsProtocol(proto) {
				out = append(out, l)
			}
		}
		return out
	}
	for _, tier := range tiers[1:] {
		want := primaries("full", tier.trim)
		if got := primaries(tier.name, tier.trim); !slices.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: %d primary names, the full tier %d on the protocols it keeps; the first difference is line %d", tier.name, len(got), len(want), i+1)
		}
	}
}

// accessorsTest calls every accessor of a tier over every record,
// person and reference, and looks every name and port up. It writes the
// primary name of every port and protocol to primary.txt, which every
// tier must write alike.
const accessorsTest = `package PKG

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestAccessors(t *testing.T) {
	n := 0
	for s := range All() {
		lo, hi := s.PortRange()
		_, _ = s.ServiceCode()
		n += len(s.Name()+s.Number()+s.Description()+s.Note()+s.Unauthorized()+s.String()+s.AliasOf()+s.Replaces()+s.Registered().String()+s.Modified().String()) + int(lo) + int(hi)
		for p := range s.Assignees() {
			n += len(p.ID() + p.Name() + p.Org() + p.URI() + p.Updated().String())
		}
		for p := range s.Contacts() {
			n += len(p.ID() + p.Name() + p.Org() + p.URI() + p.Updated().String())
		}
		for r := range s.References() {
			n += len(r.Data() + r.Section() + r.Text() + r.String() + r.Type().String())
		}
		if s.Name() != "" {
			if l, ok := Lookup(s.Name(), s.Protocol()); !ok || l.Name() != s.Name() {
				t.Errorf("Lookup(%q, %v) = %v, %v", s.Name(), s.Protocol(), l, ok)
			}
			if !slices.Contains(slices.Collect(ByName(s.Name())), s) {
				t.Errorf("ByName(%q) lacks %v", s.Name(), s)
			}
		}
		if s.HasPort() && !slices.Contains(slices.Collect(ByPort(s.Port(), s.Protocol())), s) {
			t.Errorf("ByPort(%d, %v) lacks %v", s.Port(), s.Protocol(), s)
		}
	}
	for p := range People() {
		if q, ok := LookupPerson(p.ID()); !ok || q != p {
			t.Errorf("LookupPerson(%q) = %v, %v", p.ID(), q, ok)
		}
		for u := range p.URIs() {
			n += len(u)
		}
	}
	if all := slices.Collect(All()); n == 0 || len(all) != NumRecords {
		t.Errorf("%d records, NumRecords %d", len(all), NumRecords)
	}
	var b strings.Builder
	for port := 0; port < 65536; port++ {
		for p := TCP; p <= DCCP; p++ {
			if s, ok := Primary(uint16(port), p); ok {
				fmt.Fprintf(&b, "%d/%v %s\n", port, p, s.Name())
			}
		}
	}
	if err := os.WriteFile("primary.txt", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
`
