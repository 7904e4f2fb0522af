package registry_test

import (
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// realFiles are the real registry versions committed with the module:
// the pinned one in data/ ("" below) and the older ones under
// testdata/iana. IANA's own figures for them are asserted here.
var realFiles = []struct {
	path    string
	updated string
	records int
	people  int // 0: not asserted
	sha256  string
}{
	{"", "2026-08-17", 14533, 5615,
		"4bbf00ef4dd194ea3098d090b42a832c0f8aef704699956a4a7e24576a49631b"},
	{fixture.Registry20250328, "2025-03-28", 14474, 0,
		"9e9f0d2d3424ea8c0b3f933d332c330f256c376cf3ea267339d27a695e64bc57"},
	{fixture.Registry20260424, "2026-04-24", 14512, 0,
		"ed3f49dbf3f486dc58bf8beddc94cb8a7b45725639a92efc219908868cddd395"},
}

func TestRealRegistries(t *testing.T) {
	for _, f := range realFiles {
		name := f.path
		if name == "" {
			name = "pinned"
		}
		t.Run(name, func(t *testing.T) {
			reg := fixture.Registry(t, f.path)
			eq(t, "ID", reg.ID, registry.RegistryID)
			eq(t, "Updated", reg.Updated, f.updated)
			eq(t, "SHA256", reg.SHA256, f.sha256)
			eq(t, "records", len(reg.Records), f.records)
			if f.people != 0 {
				eq(t, "people", len(reg.People), f.people)
			}
		})
	}
}

// TestRealShape checks the newest registry against the other facts its
// README states.
func TestRealShape(t *testing.T) {
	reg := fixture.Registry(t, realFiles[0].path)
	var noProto, noNumber int
	legacy := map[string]bool{}
	warned := map[int]bool{}
	for _, w := range reg.Warnings {
		if strings.HasPrefix(w.Msg, "legacy service name") {
			warned[w.Line] = true
		}
	}
	for _, r := range reg.Records {
		if r.Protocol == "" {
			noProto++
		}
		if !r.HasNumber {
			noNumber++
		}
		if strings.Trim(r.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "" {
			legacy[r.Name] = true
			if !warned[r.Line] {
				t.Errorf("record at line %d: legacy name %q drew no warning", r.Line, r.Name)
			}
		}
	}
	eq(t, "records without <protocol>", noProto, 1467)
	eq(t, "records without <number>", noNumber, 1070)
	eq(t, "legacy names outside letters-digits-hyphen", len(legacy), 97)
	for _, n := range []string{"matrix_vnet", "z39.50", "whois++", "EtherNet/IP-1"} {
		if !legacy[n] {
			t.Errorf("legacy name %q not found", n)
		}
	}
}
