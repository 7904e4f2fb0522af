package registry_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/gen/internal/registry"
)

// ianaDir holds real registry snapshots (never committed to the project);
// ../shared/iana/README.md states the facts asserted here.
var ianaDir = filepath.Join("..", "..", "..", "..", "shared", "iana")

var realFiles = []struct {
	path    string
	updated string
	records int
	people  int // 0: not asserted
	sha256  string
}{
	{"service-names-port-numbers.xml", "2026-08-17", 14533, 5615,
		"4bbf00ef4dd194ea3098d090b42a832c0f8aef704699956a4a7e24576a49631b"},
	{"history/service-names-port-numbers-2025-03-28.xml", "2025-03-28", 14474, 0,
		"9e9f0d2d3424ea8c0b3f933d332c330f256c376cf3ea267339d27a695e64bc57"},
	{"oracle/service-names-port-numbers-2026-04-24.xml", "2026-04-24", 14512, 0,
		"ed3f49dbf3f486dc58bf8beddc94cb8a7b45725639a92efc219908868cddd395"},
}

func parseReal(t *testing.T, rel string) *registry.Registry {
	t.Helper()
	path := filepath.Join(ianaDir, rel)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("real registry %s is missing: the tests expect IANA's snapshots in /work/shared/iana (../shared/iana from the project root)", path)
	}
	reg, err := registry.ParseFile(path, registry.Options{})
	if err != nil {
		t.Fatalf("real registry refused: %v", err)
	}
	return reg
}

func TestRealRegistries(t *testing.T) {
	for _, f := range realFiles {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			reg := parseReal(t, f.path)
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
	reg := parseReal(t, realFiles[0].path)
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
