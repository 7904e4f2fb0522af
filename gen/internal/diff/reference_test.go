package diff

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	primaryrule "github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/internal/primary/xmlrow"
	"github.com/svcreg/ianaports/internal/registry"
)

// The slow reference: every list of the JSON contract recomputed from the
// parsed registries with plain loops and maps, sharing no code with the
// package, and compared with what the JSON writer printed.

type realVersion struct {
	data []byte
	reg  *registry.Registry
}

var (
	realOnce sync.Once
	realVers map[string]realVersion // by <updated> date; "pinned" for data/
)

// realVersions parses the three committed registries once: the fixed
// versions under testdata/iana, keyed by their dates, and the pinned one,
// keyed "pinned" (its date changes with every update).
func realVersions(t *testing.T) map[string]realVersion {
	t.Helper()
	realOnce.Do(func() {
		pinned, err := os.ReadFile(fixture.Pinned(t))
		if err != nil {
			t.Fatal(err)
		}
		realVers = map[string]realVersion{}
		for name, data := range map[string][]byte{
			fixture.Registry20250328: fixture.Read(t, fixture.Registry20250328),
			fixture.Registry20260424: fixture.Read(t, fixture.Registry20260424),
			fixture.PinnedXML:        pinned,
		} {
			reg, err := registry.ParseBytes(name, data)
			if err != nil {
				t.Fatal(err)
			}
			key := reg.Updated
			if name == fixture.PinnedXML {
				key = "pinned"
			}
			realVers[key] = realVersion{data, reg}
		}
	})
	if len(realVers) != 3 {
		t.Fatalf("committed registries: %d distinct versions, want 3", len(realVers))
	}
	return realVers
}

// The contract's objects, decoded by the test's own types.
type refNP struct{ Name, Protocol string }
type refAssign struct{ Name, Protocol, Number string }
type refPrimary struct{ Protocol, Number, Old, New string }
type refVersion struct {
	Updated string
	SHA256  string
	Records int
	People  int
}

type refJSON struct {
	Schema             *int
	Old, New           *refVersion
	Summary            string
	Changed            *bool
	Warnings           []string
	NamesRemoved       []string     `json:"names_removed"`
	NamesAdded         []string     `json:"names_added"`
	PortsLost          []refNP      `json:"ports_lost"`
	ProtocolsLost      []refNP      `json:"protocols_lost"`
	AssignmentsAdded   []refAssign  `json:"assignments_added"`
	AssignmentsRemoved []refAssign  `json:"assignments_removed"`
	PrimaryChanged     []refPrimary `json:"primary_changed"`
}

var refProtocols = []string{"tcp", "udp", "sctp", "dccp"}

func refRank(p string) int {
	for i, q := range refProtocols {
		if p == q {
			return i
		}
	}
	panic("protocol " + p)
}

func refLow(number string) int {
	lo, _, _ := strings.Cut(number, "-")
	n, err := strconv.Atoi(lo)
	if err != nil {
		panic(err)
	}
	return n
}

func refNames(recs []registry.Record) map[string]bool {
	m := map[string]bool{}
	for _, x := range recs {
		if x.Name != "" {
			m[registry.FoldName(x.Name)] = true
		}
	}
	return m
}

func refSortedMinus(a, b map[string]bool) []string {
	out := []string{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// refNPSet: (name, protocol) of named records that satisfy ok, for their
// protocol, or for every protocol when they name none and every is set.
func refNPSet(recs []registry.Record, ok func(registry.Record) bool, every bool) map[refNP]bool {
	m := map[refNP]bool{}
	for _, x := range recs {
		if x.Name == "" || !ok(x) {
			continue
		}
		if x.Protocol != "" {
			m[refNP{registry.FoldName(x.Name), x.Protocol}] = true
		} else if every {
			for _, p := range refProtocols {
				m[refNP{registry.FoldName(x.Name), p}] = true
			}
		}
	}
	return m
}

func refLost(a, b map[refNP]bool, names map[string]bool) []refNP {
	out := []refNP{}
	for k := range a {
		if !b[k] && names[k.Name] {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return refRank(out[i].Protocol) < refRank(out[j].Protocol)
	})
	return out
}

func refAssignments(recs []registry.Record) map[refAssign]bool {
	m := map[refAssign]bool{}
	for _, x := range recs {
		if x.Name != "" && x.Protocol != "" && x.HasNumber {
			m[refAssign{registry.FoldName(x.Name), x.Protocol, x.Number}] = true
		}
	}
	return m
}

func refAssignMinus(a, b map[refAssign]bool) []refAssign {
	out := []refAssign{}
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		if x.Protocol != y.Protocol {
			return refRank(x.Protocol) < refRank(y.Protocol)
		}
		if refLow(x.Number) != refLow(y.Number) {
			return refLow(x.Number) < refLow(y.Number)
		}
		return x.Number < y.Number
	})
	return out
}

// refPrimaries gives every port of every protocol its primary service:
// of the named records whose ports cover it on the protocol or which name
// no protocol, the one internal/primary picks (the rule itself is tested
// there; this checks the sweep over ports that applies it).
func refPrimaries(recs []registry.Record) map[string]*[65536]string {
	out := map[string]*[65536]string{}
	for _, p := range refProtocols {
		var cover [65536][]int
		for i, x := range recs {
			if x.Name == "" || !x.HasNumber || (x.Protocol != "" && x.Protocol != p) {
				continue
			}
			for port := x.Lo; port <= x.Hi; port++ {
				cover[port] = append(cover[port], i)
			}
		}
		var prim [65536]string
		for port, is := range cover {
			if len(is) == 0 {
				continue
			}
			rows := make([]primaryrule.Row, len(is))
			for k, i := range is {
				rows[k] = xmlrow.FromRecord(&recs[i])
			}
			prim[port] = registry.FoldName(recs[is[primaryrule.Pick(rows)]].Name)
		}
		out[p] = &prim
	}
	return out
}

type refPort struct {
	proto string
	port  int
}

func TestJSONAgainstReference(t *testing.T) {
	fixture.Long(t)
	vs := realVersions(t)
	for _, pair := range [][2]string{
		{"2025-03-28", "pinned"},
		{"2025-03-28", "2026-04-24"},
		{"2026-04-24", "pinned"},
		{"pinned", "2025-03-28"},     // reversed
		{"2026-04-24", "2025-03-28"}, // reversed
	} {
		t.Run(pair[0]+"_"+pair[1], func(t *testing.T) {
			ov, nv := vs[pair[0]], vs[pair[1]]
			if bytes.Equal(ov.data, nv.data) {
				// data/ rolled back with -force to this fixture.
				t.Skipf("%s and %s are the same registry", pair[0], pair[1])
			}
			old, new := ov.reg, nv.reg
			rep := Compare(old, new)
			var buf bytes.Buffer
			if err := rep.Write(&buf, JSON); err != nil {
				t.Fatal(err)
			}
			raw := map[string]json.RawMessage{}
			if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
				t.Fatalf("the JSON does not parse: %v", err)
			}
			for _, k := range []string{"schema", "old", "new", "names_removed", "ports_lost", "assignments_added", "assignments_removed",
				"primary_changed", "protocols_lost", "names_added", "warnings", "changed", "summary"} {
				if v, ok := raw[k]; !ok || string(v) == "null" {
					t.Errorf("key %q missing or null", k)
				}
			}
			var got refJSON
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Schema == nil || *got.Schema != 1 || got.Changed == nil || !*got.Changed {
				t.Errorf("schema %v, changed %v; want 1, true", got.Schema, got.Changed)
			}

			// The versions, from the bytes.
			for _, c := range []struct {
				side string
				got  *refVersion
				v    realVersion
			}{{"old", got.Old, ov}, {"new", got.New, nv}} {
				sum := sha256.Sum256(c.v.data)
				want := refVersion{c.v.reg.Updated, hex.EncodeToString(sum[:]),
					bytes.Count(c.v.data, []byte("<record")), bytes.Count(c.v.data, []byte("<person "))}
				if c.got == nil || *c.got != want {
					t.Errorf("%s: %+v, want %+v", c.side, c.got, want)
				}
			}

			// Names.
			on, nn := refNames(old.Records), refNames(new.Records)
			check := func(key string, got, want any) {
				t.Helper()
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s:\n got %v\nwant %v", key, got, want)
				}
			}
			check("names_removed", got.NamesRemoved, refSortedMinus(on, nn))
			check("names_added", got.NamesAdded, refSortedMinus(nn, on))

			// Ports and protocols lost.
			withPort := func(x registry.Record) bool { return x.HasNumber }
			anyRec := func(registry.Record) bool { return true }
			check("ports_lost", got.PortsLost, refLost(refNPSet(old.Records, withPort, false), refNPSet(new.Records, withPort, false), nn))
			check("protocols_lost", got.ProtocolsLost, refLost(refNPSet(old.Records, anyRec, true), refNPSet(new.Records, anyRec, true), nn))

			// Assignments.
			oa, na := refAssignments(old.Records), refAssignments(new.Records)
			check("assignments_removed", got.AssignmentsRemoved, refAssignMinus(oa, na))
			check("assignments_added", got.AssignmentsAdded, refAssignMinus(na, oa))

			// Primary services, port by port.
			op, np := refPrimaries(old.Records), refPrimaries(new.Records)
			want := map[refPort][2]string{}
			for _, p := range refProtocols {
				for port := 0; port < 65536; port++ {
					if o, n := op[p][port], np[p][port]; o != "" && o != n {
						want[refPort{p, port}] = [2]string{o, n}
					}
				}
			}
			reported := map[refPort][2]string{}
			for i, c := range got.PrimaryChanged {
				lo := refLow(c.Number)
				hi := lo
				if _, h, ok := strings.Cut(c.Number, "-"); ok {
					hi, _ = strconv.Atoi(h)
				}
				for port := lo; port <= hi; port++ {
					if _, dup := reported[refPort{c.Protocol, port}]; dup {
						t.Errorf("primary_changed: %d/%s reported twice", port, c.Protocol)
					}
					reported[refPort{c.Protocol, port}] = [2]string{c.Old, c.New}
				}
				if i == 0 {
					continue
				}
				// Sorted by low port, then protocol; runs as long as they go.
				p := got.PrimaryChanged[i-1]
				if pl := refLow(p.Number); pl > lo || pl == lo && refRank(p.Protocol) >= refRank(c.Protocol) {
					t.Errorf("primary_changed out of order: %v after %v", c, p)
				}
				for _, q := range got.PrimaryChanged {
					ph := refLow(q.Number)
					if _, h, ok := strings.Cut(q.Number, "-"); ok {
						ph, _ = strconv.Atoi(h)
					}
					if q.Protocol == c.Protocol && ph == lo-1 && q.Old == c.Old && q.New == c.New {
						t.Errorf("primary_changed: %v continues %v: one run", c, q)
					}
				}
			}
			if !reflect.DeepEqual(reported, want) {
				for k, v := range want {
					if reported[k] != v {
						t.Errorf("primary of %d/%s: reported %q, reference %q", k.port, k.proto, reported[k], v)
					}
				}
				for k, v := range reported {
					if _, ok := want[k]; !ok {
						t.Errorf("primary of %d/%s: reported %q, reference: no change", k.port, k.proto, v)
					}
				}
			}

			// Warnings: only for a pair given newest first.
			if swapped := new.Updated < old.Updated; swapped != (len(got.Warnings) == 1) || len(got.Warnings) > 1 {
				t.Errorf("warnings %q for %s → %s", got.Warnings, old.Updated, new.Updated)
			} else if swapped && !strings.Contains(got.Warnings[0], "swapped") {
				t.Errorf("warning %q does not ask about swapped arguments", got.Warnings[0])
			}

			// The summary's counts are the reference's.
			for _, c := range []struct {
				re   string
				want int
			}{
				{`breaking: .*?(\d+) names? removed`, len(refSortedMinus(on, nn))},
				{`(\d+) port assignments? removed`, len(refAssignMinus(oa, na))},
				{`new: (\d+) port assignments?[,;]`, len(refAssignMinus(na, oa))},
				{`(\d+) primary services? changed`, len(got.PrimaryChanged)},
			} {
				m := regexp.MustCompile(c.re).FindStringSubmatch(got.Summary)
				if n := 0; m != nil {
					n, _ = strconv.Atoi(m[1])
					if n != c.want {
						t.Errorf("summary %q: %s gives %d, want %d", got.Summary, c.re, n, c.want)
					}
				} else if c.want != 0 {
					t.Errorf("summary %q lacks %s (want %d)", got.Summary, c.re, c.want)
				}
			}
			t.Logf("%s: %d names removed, %d ports lost, %d primary changes, %d protocols lost, %d/%d assignments -/+, %d names added",
				got.Summary[:strings.Index(got.Summary, ":")], len(got.NamesRemoved), len(got.PortsLost), len(got.PrimaryChanged),
				len(got.ProtocolsLost), len(got.AssignmentsRemoved), len(got.AssignmentsAdded), len(got.NamesAdded))
		})
	}
}

// TestIssueExamples: the names the issue lists for 2025-03-28 →
// 2026-08-17, taken from the issue text, not from the code. IANA made
// every one of those changes by 2026-04-24, so the fixed pair 2025-03-28
// → 2026-04-24 shows them (checked with an XML parser outside this
// module).
func TestIssueExamples(t *testing.T) {
	fixture.Long(t)
	vs := realVersions(t)
	rep := Compare(vs["2025-03-28"].reg, vs["2026-04-24"].reg)
	if want := []string{"avi-nms", "avi-nms-disc", "fox-skytale", "pearldoc-xact", "pmcdproxy"}; !reflect.DeepEqual(rep.NamesRemoved, want) {
		t.Errorf("names removed %q, want exactly %q", rep.NamesRemoved, want)
	}
	var lostNames []string
	for _, np := range rep.PortsLost {
		if len(lostNames) == 0 || lostNames[len(lostNames)-1] != np.Name {
			lostNames = append(lostNames, np.Name)
		}
	}
	if want := []string{"netconf-beep", "netconfsoapbeep", "netconfsoaphttp"}; !reflect.DeepEqual(lostNames, want) {
		t.Errorf("names that lost a port %q, want exactly %q", lostNames, want)
	}
	// New assignments the issue names are counted as new, with the
	// protocols the XML gives them.
	added := map[string]bool{}
	for _, a := range rep.AssignmentsAdded {
		added[fmt.Sprintf("%s %s/%s", a.Name, a.Number, a.Protocol)] = true
	}
	for _, want := range []string{"tacacss 300/tcp", "ollama 11434/tcp", "roughtime 5319/tcp", "roughtime 5319/udp"} {
		if !added[want] {
			t.Errorf("%s is not among the assignments added", want)
		}
	}
	// The summary leads with the breaking counts.
	if want := "2025-03-28 → 2026-04-24: breaking: 5 names removed, 3 names lost a port, "; !strings.HasPrefix(rep.Summary(), want) {
		t.Errorf("Summary %q, want prefix %q", rep.Summary(), want)
	}
}
