package portsvet

import (
	"fmt"
	"go/format"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// netCase is one address netsvc is asked about in TestNetsvc's package dyn,
// and what it must answer, worked out from the parsed registry.
type netCase struct {
	network, name string
	want          string // the whole message, as a regexp
	fix           string // the address the fix writes; "" for no fix
}

// registryPorts is the reference for netsvc's ports, from the records
// of the pinned XML rather than from the ports package: for each
// lower-cased name and protocol ("tcp", "udp"), the first ports of its
// records on that protocol or on none, ascending, once each.
func registryPorts(reg *registry.Registry) map[[2]string][]int {
	out := map[[2]string][]int{}
	for _, r := range reg.Records {
		if r.Name == "" || !r.HasNumber {
			continue
		}
		for _, p := range []string{"tcp", "udp"} {
			if r.Protocol == p || r.Protocol == "" {
				k := [2]string{strings.ToLower(r.Name), p}
				if !slices.Contains(out[k], r.Lo) {
					out[k] = append(out[k], r.Lo)
					slices.Sort(out[k])
				}
			}
		}
	}
	return out
}

// netCases picks what TestNetsvc asks in package dyn: every name and protocol
// IANA assigns several ports (no fix, every port listed), every name
// whose only assignment there is a range (its first port written), a
// sample of the other names with one port, and typos of registered names
// (not registered, the nearest names suggested).
func netCases(t *testing.T) []netCase {
	reg := fixture.Registry(t, "")
	goTable := fixture.GoServices(t)
	byKey := registryPorts(reg)
	isRange := map[[2]string]bool{}
	registeredName := map[string]bool{}
	for _, r := range reg.Records {
		registeredName[strings.ToLower(r.Name)] = true
		if r.HasNumber && r.Hi > r.Lo {
			for _, p := range []string{"tcp", "udp"} {
				if r.Protocol == p || r.Protocol == "" {
					isRange[[2]string{strings.ToLower(r.Name), p}] = true
				}
			}
		}
	}
	keys := make([][2]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"/"+a[1], b[0]+"/"+b[1]) })

	// The message quotes the name as the call spells it.
	quoted := func(name string) string { return regexp.QuoteMeta(strconv.Quote(name)) }
	var cases []netCase
	multi, ranges := 0, 0
	for i, k := range keys {
		name, proto := k[0], k[1]
		if _, builtin := goTable[proto][name]; builtin {
			continue
		}
		if _, svc, err := net.SplitHostPort("h:" + name); err != nil || svc != name || strings.Contains(name, "`") {
			continue
		}
		ps := byKey[k]
		switch {
		case len(ps) > 1:
			list := make([]string, len(ps))
			for j, p := range ps {
				list[j] = fmt.Sprintf("%d/%s", p, proto)
			}
			all := strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
			cases = append(cases, netCase{proto, name,
				"^service name " + quoted(name) + " resolves through /etc/services at run time; IANA assigns it " + regexp.QuoteMeta(all) + ", so no single port replaces it$", ""})
			multi++
		case isRange[k] || i%97 == 0:
			cases = append(cases, netCase{proto, name,
				"^service name " + quoted(name) + " resolves through /etc/services at run time; IANA assigns it " + fmt.Sprintf("%d/%s", ps[0], proto) + "$",
				net.JoinHostPort("h", strconv.Itoa(ps[0]))})
			if isRange[k] {
				ranges++
			}
		}
	}
	if multi == 0 || ranges == 0 {
		t.Fatalf("the registry gives %d names with several ports and %d with a range: the test would check nothing", multi, ranges)
	}
	for i, k := range keys {
		if i%211 != 0 || k[1] != "tcp" {
			continue
		}
		typo := k[0] + "q"
		if registeredName[typo] || strings.Contains(typo, "`") {
			continue
		}
		want := "^service name " + quoted(typo) + " is not registered with IANA and not in Go's built-in table: it resolves only where the host's /etc/services has it"
		if near := slowNearest(typo); len(near) > 0 {
			want += regexp.QuoteMeta("; did you mean " + quotedList(near, "or") + "?")
		}
		cases = append(cases, netCase{"tcp", typo, want + "$", ""})
	}
	t.Logf("%d addresses: %d names and protocols with several ports, %d with a range", len(cases), multi, ranges)
	return cases
}

// writeNetCases writes package dyn into the test module at dir: one
// net.Dial per case, with its want comment, and dyn.go.golden, the same
// with the fixes the cases expect applied. A fix netsvc offers where a
// case expects none changes the output, so the golden file checks both.
func writeNetCases(t *testing.T, dir string, cases []netCase) {
	t.Helper()
	var src, golden strings.Builder
	for _, b := range []*strings.Builder{&src, &golden} {
		b.WriteString("package dyn\n\nimport \"net\"\n\nfunc dial() {\n")
	}
	for _, c := range cases {
		fixed := "h:" + c.name
		if c.fix != "" {
			fixed = c.fix
		}
		fmt.Fprintf(&src, "\tnet.Dial(%q, %q) // want `%s`\n", c.network, "h:"+c.name, c.want)
		fmt.Fprintf(&golden, "\tnet.Dial(%q, %q) // want `%s`\n", c.network, fixed, c.want)
	}
	if err := os.MkdirAll(filepath.Join(dir, "dyn"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*strings.Builder{"dyn.go": &src, "dyn.go.golden": &golden} {
		b.WriteString("}\n")
		text, err := format.Source([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "dyn", name), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
