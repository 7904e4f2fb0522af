package emit

import (
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

// TestPrimaryNames: the tables answer the names a services(5) file lists
// first where IANA assigns several, inside ranges too, on the registry
// of 2026-04-24 (a fixed fixture: these answers cannot change under it).
func TestPrimaryNames(t *testing.T) {
	type question struct {
		port, proto int
		want        string
	}
	questions := []question{
		{2049, 1, "nfs"},        // not shilp, whose note says Conflict
		{465, 1, "submissions"}, // cites RFC 8314; urd cites none
		{113, 1, "auth"},        // ident beside it has a blank description
		{53, 2, "domain"},       // the DNS
		{6001, 1, "x11"},        // inside the range 6000-6063
		{8080, 1, "http-alt"},   // the one assignment on 8080/tcp
		{80, 1, "http"},         // www and www-http are duplicates of http
		{514, 2, "syslog"},      // alone, though its description is blank
		{4338, 1, ""},           // an Unassigned range: no name
		{1023, 3, ""},           // no row at all on sctp
	}
	// The answer for a port depends on the records covering it alone:
	// the tables are built from those, which is quick.
	number := regexp.MustCompile(`<number>(\d+)(?:-(\d+))?</number>`)
	covers := func(_ int, record []byte) bool {
		m := number.FindSubmatch(record)
		if m == nil {
			return false
		}
		lo, _ := strconv.Atoi(string(m[1]))
		hi := lo
		if m[2] != nil {
			hi, _ = strconv.Atoi(string(m[2]))
		}
		return slices.ContainsFunc(questions, func(q question) bool { return lo <= q.port && q.port <= hi })
	}
	reg, err := registry.ParseBytes(fixture.Registry20260424, excerpt(fixture.Read(t, fixture.Registry20260424), covers))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := build(reg, nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range questions {
		got := ""
		if i := tb.primaryOf(q.port, q.proto); i >= 0 {
			got = reg.Records[i].Name
		}
		if got != q.want {
			t.Errorf("Primary(%d, %s) = %q, want %q", q.port, protoNames[q.proto], got, q.want)
		}
	}
}

// TestPrimaryWithoutText: -no-text drops the descriptions, notes and
// references the rule reads; the build still answers as a full one.
func TestPrimaryWithoutText(t *testing.T) {
	reg := parseFixture(t)
	full, err := buildTables(reg, Config{}, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	trim := Trim{NoText: true, NoPeople: true}
	noText, err := buildTables(reg, Config{Trim: trim}, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(noText.segPrimary, full.segPrimary) || !slices.Equal(noText.byPort, full.byPort) {
		t.Errorf("a build without texts picks other primary names than a full one")
	}
	// Picked from the trimmed records, they would differ: the test
	// needs a fixture where the texts decide.
	naive, err := build(trim.apply(reg), nil, defaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(naive.segPrimary, full.segPrimary) {
		t.Error("the fixture's texts decide no primary name: the test shows nothing")
	}
}
