package registry_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// realFiles are the fixed real registry versions committed under
// testdata/iana, with IANA's figures for them (counted by an XML parser
// outside this module).
var realFiles = []struct {
	path    string
	updated string
	records int
	people  int
	sha256  string
}{
	{fixture.Registry20250328, "2025-03-28", 14474, 5573,
		"9e9f0d2d3424ea8c0b3f933d332c330f256c376cf3ea267339d27a695e64bc57"},
	{fixture.Registry20260424, "2026-04-24", 14512, 5598,
		"ed3f49dbf3f486dc58bf8beddc94cb8a7b45725639a92efc219908868cddd395"},
}

func TestRealRegistries(t *testing.T) {
	for _, f := range realFiles {
		t.Run(f.path, func(t *testing.T) {
			reg := fixture.Registry(t, f.path)
			eq(t, "ID", reg.ID, registry.RegistryID)
			eq(t, "Updated", reg.Updated, f.updated)
			eq(t, "SHA256", reg.SHA256, f.sha256)
			eq(t, "records", len(reg.Records), f.records)
			eq(t, "people", len(reg.People), f.people)
		})
	}
}

// TestPinnedRegistry checks the parse of data/ against its pin and
// against the XML's bytes: the live registry's figures change with every
// update, so none is written here.
func TestPinnedRegistry(t *testing.T) {
	pin := fixture.Pin(t)
	data, err := os.ReadFile(fixture.Pinned(t))
	if err != nil {
		t.Fatal(err)
	}
	reg := fixture.Registry(t, "")
	eq(t, "ID", reg.ID, registry.RegistryID)
	eq(t, "Updated", reg.Updated, pin.Updated)
	eq(t, "SHA256", reg.SHA256, pin.SHA256)
	eq(t, "Size", reg.Size, int64(len(data)))
	eq(t, "records", len(reg.Records), pin.Records)
	eq(t, "records, by their start tags", len(reg.Records), bytes.Count(data, []byte("<record")))
	eq(t, "people, by their start tags", len(reg.People), bytes.Count(data, []byte("<person ")))
}

// TestRealShape checks a fixed real registry against facts of its
// shape, counted outside this module, and every real registry (the
// pinned one too) for a warning on each legacy name.
func TestRealShape(t *testing.T) {
	for _, name := range []string{fixture.Registry20250328, fixture.Registry20260424, ""} {
		reg := fixture.Registry(t, name)
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
					t.Errorf("%s: record at line %d: legacy name %q drew no warning", reg.File, r.Line, r.Name)
				}
			}
		}
		if name != fixture.Registry20260424 {
			continue
		}
		eq(t, "records without <protocol>", noProto, 1464)
		eq(t, "records without <number>", noNumber, 1058)
		eq(t, "legacy names outside letters-digits-hyphen", len(legacy), 97)
		for _, n := range []string{"matrix_vnet", "z39.50", "whois++", "EtherNet/IP-1"} {
			if !legacy[n] {
				t.Errorf("legacy name %q not found", n)
			}
		}
	}
}
