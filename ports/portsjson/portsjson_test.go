package portsjson_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

// roundTrip marshals v, checks that every field of T is in the JSON, and
// decodes it back, refusing unknown fields.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	for _, f := range jsonFields(reflect.TypeFor[T]()) {
		if _, ok := keys[f]; !ok {
			t.Fatalf("%s lacks the field %q", b, f)
		}
	}
	var back T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return back
}

// jsonFields are the JSON names of a struct's fields.
func jsonFields(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

// seen records, per field, whether a value was null (or empty) and
// whether one was not, so that the test knows it exercised both.
type seen map[string][2]bool

func (s seen) note(v any) {
	rv := reflect.ValueOf(v)
	for i, name := range jsonFields(rv.Type()) {
		f := rv.Field(i)
		e := s[name]
		if f.IsZero() || (f.Kind() == reflect.Slice && f.Len() == 0) {
			e[0] = true
		} else {
			e[1] = true
		}
		s[name] = e
	}
}

// TestRoundTrip marshals every record and person of the registry and
// decodes them back to equal values; it checks each field against the
// registry XML (the slow reference) and that every field was seen both
// set and null or empty where the registry has both.
func TestRoundTrip(t *testing.T) {
	reg := fixture.Registry(t, "")
	if reg.SHA256 != ports.RegistrySHA256 || len(reg.Records) != ports.NumRecords {
		t.Fatalf("data/ holds registry %s, ports/ was built from %s: run go generate ./...", reg.SHA256, ports.RegistrySHA256)
	}
	people := map[string]*registry.Person{}
	for i := range reg.People {
		people[reg.People[i].ID] = &reg.People[i]
	}
	recSeen, personSeen, refSeen := seen{}, seen{}, seen{}
	i := 0
	for s := range ports.All() {
		r := portsjson.FromService(s)
		if back := roundTrip(t, r); !reflect.DeepEqual(back, r) {
			t.Fatalf("record %d does not round-trip:\n got %+v\nwant %+v", i, back, r)
		}
		checkRecord(t, i, r, &reg.Records[i], people)
		recSeen.note(r)
		for _, p := range slices.Concat(r.Assignees, r.Contacts) {
			personSeen.note(p)
		}
		for _, x := range r.References {
			refSeen.note(x)
		}
		i++
	}
	i = 0
	for p := range ports.People() {
		j := portsjson.FromPerson(p)
		if back := roundTrip(t, j); !reflect.DeepEqual(back, j) {
			t.Fatalf("person %d does not round-trip:\n got %+v\nwant %+v", i, back, j)
		}
		checkPerson(t, j, people[j.ID])
		personSeen.note(j)
		i++
	}
	m := portsjson.FromRegistry()
	if back := roundTrip(t, m); !reflect.DeepEqual(back, m) || m.Records != ports.NumRecords || m.SHA256 != reg.SHA256 || m.Updated != reg.Updated || m.Title != reg.Title || m.TablesID != ports.TablesID ||
		!optEq(m.OverlaySHA256, ports.OverlaySHA256) {
		t.Errorf("registry %+v, round trip %+v", m, back)
	}

	// Every field was written both ways, except those the registry
	// always fills (and the two lists every reference or listed person
	// fills). Local records exist only in a build with an overlay, which
	// cmd/ports's TestOverlaidExports checks.
	always := []string{"index", "status", "type", "label", "id", "listed"}
	// A few records carry the rarest fields (five cite a draft's section,
	// four a DCCP service code): an update may drop the last of them, or
	// an older registry be pinned, so these need be seen set only while
	// the XML has one.
	rare := map[string]bool{"section": false, "service_code": false}
	for _, x := range reg.Records {
		rare["service_code"] = rare["service_code"] || x.ServiceCode != ""
		for _, ref := range x.Refs {
			rare["section"] = rare["section"] || ref.Section != ""
		}
	}
	for _, s := range []seen{recSeen, personSeen, refSeen} {
		for name, e := range s {
			if has, ok := rare[name]; ok && !has {
				continue
			}
			if !e[1] && !(name == "local" && ports.NumLocal == 0) {
				t.Errorf("field %q is never set: the test does not exercise it", name)
			}
			if !e[0] && !slices.Contains(always, name) {
				t.Errorf("field %q is never null or empty", name)
			}
		}
	}
}

// opt is the JSON form of an optional string: nil for "".
func optEq(got *string, want string) bool {
	if want == "" {
		return got == nil
	}
	return got != nil && *got == want
}

func checkRecord(t *testing.T, i int, r portsjson.Record, x *registry.Record, people map[string]*registry.Person) {
	t.Helper()
	fail := func(field string, got, want any) {
		t.Fatalf("record %d (line %d) %s: %v, the XML has %v", i, x.Line, field, got, want)
	}
	if r.Index != i {
		fail("index", r.Index, i)
	}
	if r.Local {
		fail("local", r.Local, "a record of the registry")
	}
	if !optEq(r.Name, x.Name) {
		fail("name", r.Name, x.Name)
	}
	if !optEq(r.Protocol, x.Protocol) {
		fail("protocol", r.Protocol, x.Protocol)
	}
	if x.HasNumber {
		if !optEq(r.Number, x.PortText()) || r.PortLow == nil || int(*r.PortLow) != x.Lo || r.PortHigh == nil || int(*r.PortHigh) != x.Hi {
			fail("number", r.Number, x.Number)
		}
	} else if r.Number != nil || r.PortLow != nil || r.PortHigh != nil {
		fail("number", r.Number, "none")
	}
	status := "assigned"
	switch desc := x.Description.Plain(); {
	case x.Name != "":
	case registry.EqualFoldName(strings.Trim(desc, " \t\r\n"), "unassigned"): // "unassigned" on 114
		status = "unassigned"
	default:
		status = "reserved"
	}
	if r.Status != status {
		fail("status", r.Status, status)
	}
	if !optEq(r.Description, x.Description.Plain()) {
		fail("description", r.Description, x.Description.Plain())
	}
	if !optEq(r.Note, x.Note.Plain()) {
		fail("note", r.Note, x.Note.Plain())
	}
	if !optEq(r.Unauthorized, x.Unauthorized.Plain()) {
		fail("unauthorized", r.Unauthorized, x.Unauthorized.Plain())
	}
	if !optEq(r.Registered, x.Date) {
		fail("registered", r.Registered, x.Date)
	}
	if !optEq(r.Modified, x.Updated) {
		fail("modified", r.Modified, x.Updated)
	}
	code := ""
	if r.ServiceCode != nil {
		code = strconv.FormatUint(uint64(*r.ServiceCode), 10)
	}
	if code != x.ServiceCode {
		fail("service_code", code, x.ServiceCode)
	}
	ids := func(ps []portsjson.Person) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
			checkPerson(t, p, people[p.ID])
		}
		return out
	}
	xids := func(xs []registry.Xref) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x.Data)
		}
		return out
	}
	if got, want := ids(r.Assignees), xids(x.Assignee); !slices.Equal(got, want) {
		fail("assignees", got, want)
	}
	if got, want := ids(r.Contacts), xids(x.Contact); !slices.Equal(got, want) {
		fail("contacts", got, want)
	}
	if len(r.References) != len(x.Refs) {
		fail("references", len(r.References), len(x.Refs))
	}
	for j, ref := range r.References {
		xr := x.Refs[j]
		if ref.Type != xr.Type || !optEq(ref.Data, xr.Data) || !optEq(ref.Section, xr.Section) || !optEq(ref.Text, strings.TrimSpace(xr.Text)) || ref.Label != xr.Label() {
			fail("reference "+strconv.Itoa(j), ref, xr)
		}
	}
}

// legacyNote is how IANA notes a legacy name's replacement.
var legacyNote = regexp.MustCompile(`This entry is an alias to "([^"]+)"`)

// TestAliasOf checks alias_of and replaces against the notes of the
// XML: a legacy record's note names its replacement, which says it
// replaces the legacy name.
func TestAliasOf(t *testing.T) {
	n := 0
	for s := range ports.All() {
		r := portsjson.FromService(s)
		m := legacyNote.FindStringSubmatch(s.Note())
		if r.AliasOf == nil {
			continue
		}
		n++
		if m == nil || *r.AliasOf != m[1] {
			t.Errorf("%v: alias_of %q, note %q", s, *r.AliasOf, s.Note())
		}
		found := false
		for w := range ports.ByName(*r.AliasOf) {
			if rw := portsjson.FromService(w); rw.Replaces != nil && *rw.Replaces == s.Name() {
				found = true
			}
		}
		if !found {
			t.Errorf("%v: no record of %s replaces it", s, *r.AliasOf)
		}
	}
	if n == 0 {
		t.Fatal("no record has alias_of")
	}
}

func checkPerson(t *testing.T, p portsjson.Person, x *registry.Person) {
	t.Helper()
	if x == nil {
		if p.Listed || p.Name != nil || p.Org != nil || p.Updated != nil || len(p.URIs) != 0 || p.URIs == nil {
			t.Fatalf("person %s, absent from the people list: %+v", p.ID, p)
		}
		return
	}
	// An empty <uri/> (Stephen_Gold) is no URI.
	uris := slices.DeleteFunc(slices.Clone(x.URIs), func(u string) bool { return u == "" })
	if !p.Listed || p.ID != x.ID || !optEq(p.Name, x.Name) || !optEq(p.Org, x.Org) || !optEq(p.Updated, x.Updated) ||
		!slices.Equal(p.URIs, uris) || p.URIs == nil {
		t.Fatalf("person %s: %+v, the XML has %+v", p.ID, p, x)
	}
}

// Nulls are written as null and lists as [].
func TestNulls(t *testing.T) {
	var reserved ports.Service
	for s := range ports.All() {
		if s.Status() == ports.Reserved && len(portsjson.FromService(s).References) == 0 {
			reserved = s
			break
		}
	}
	b, err := json.Marshal(portsjson.FromService(reserved))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"name":null`, `"assignees":[]`, `"contacts":[]`, `"references":[]`, `"service_code":null`, `"alias_of":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%v: %s lacks %s", reserved, b, want)
		}
	}
	if strings.Contains(string(b), `""`) {
		t.Errorf("%v: %s holds an empty string", reserved, b)
	}
	// The zero Service.
	if r := portsjson.FromService(ports.Service{}); r.Index != -1 || r.Name != nil || r.Number != nil || r.Assignees == nil {
		t.Errorf("zero Service: %+v", r)
	}
}

// docs/json.md documents every field of each type, and no other.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fixture.Root(t), "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	row := regexp.MustCompile("(?m)^\\| `([a-z_0-9]+)` \\|")
	for _, c := range []struct {
		heading string
		typ     reflect.Type
	}{
		{"### Registry", reflect.TypeFor[portsjson.Registry]()},
		{"### Record", reflect.TypeFor[portsjson.Record]()},
		{"### Person", reflect.TypeFor[portsjson.Person]()},
		{"### Reference", reflect.TypeFor[portsjson.Reference]()},
	} {
		_, section, ok := strings.Cut(doc, "\n"+c.heading+"\n")
		if !ok {
			t.Errorf("docs/json.md has no section %q", c.heading)
			continue
		}
		section, _, _ = strings.Cut(section, "\n#")
		var documented []string
		for _, m := range row.FindAllStringSubmatch(section, -1) {
			documented = append(documented, m[1])
		}
		if fields := jsonFields(c.typ); !slices.Equal(documented, fields) {
			t.Errorf("docs/json.md %s documents %v; %v has %v", c.heading, documented, c.typ, fields)
		}
	}
}
