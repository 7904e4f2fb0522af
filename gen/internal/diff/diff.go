// Package diff compares two versions of IANA's Service Name and Transport
// Protocol Port Number Registry and reports what changed, for a reviewer
// deciding whether to accept a registry update.
//
// # What breaks, what is new
//
// A report leads with what a consumer of the generated package sees
// change, computed from the records alone (consumer.go): names removed,
// names that lost their port on a protocol, ports whose primary service
// changed, protocols a name lost, port assignments removed; then port
// assignments and names added. Their exact definitions are those of the
// JSON contract (JSONSchema). The primary service of a port is chosen by
// one function, primary, which applies internal/primary's rule (that of
// the services export).
//
// Write renders a report as Text, Markdown or JSON (REPORT.md shows all
// three); Summary is its one line, Changed says whether anything differs
// (diff(1)'s exit status 1), Warnings flags arguments given the wrong way
// round.
//
// # Classes
//
// Below the consumer lists, the report details every change of the
// records, the registry-level fields and the people.
//
// Every record of the old and of the new registry ends up in exactly one
// place, so that new = old − Removed + Added − (old sides of Modified,
// Renamed, Reassigned) + (their new sides), with unchanged records matched
// silently:
//
//   - Records are first matched by key: (name, protocol, number) for a
//     named record with a port, (name, protocol) for a name-only record,
//     and (protocol, number, description) for a record without a name
//     (Reserved and Unassigned rows). Names and unnamed descriptions are
//     compared case-insensitively over ASCII letters only (RFC 6335,
//     registry.FoldName). Where several records share
//     a key, identical ones are paired first, then ones with the same
//     description, then the rest in document order; leftovers stay
//     unmatched. A matched pair that differs in any field is Modified.
//   - An unmatched old and an unmatched new named record with the same
//     protocol, port number, description and assignee but a different name
//     are Renamed (a legacy name replaced by a well-formed one, say).
//   - The remaining records with a port are grouped by overlap: records
//     whose ports intersect on a common protocol (a record without a
//     protocol counts for tcp and udp, the port space IANA's protocol-less
//     Unassigned ranges describe; the primary service, which follows the
//     generated look-ups instead, counts it for every protocol) fall into
//     one group. A group with
//     records on both sides in which some port/protocol's assignment
//     changed (Unassigned → name, name A → name B, name → Reserved, …) is
//     a Reassignment; it lists those port changes and all the group's
//     records. A group with one record on each side at the same number and
//     protocol also gets per-field changes.
//   - Whatever is left is Added or Removed.
//
// People are matched by id. Comparisons are exact on the parsed model
// (only the record's line number is ignored); renderings in the report
// collapse white space, and fall back to quoted raw values where that
// would hide a difference. List fields (the expert list, references,
// assignees, contacts, URIs) are also diffed item by item.
package diff

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// Report is the difference between two registry versions. Every slice is
// sorted deterministically: records by port, then protocol, then name
// (name-only records after those with a port); people by id.
type Report struct {
	Old, New Version

	// What breaks a consumer of the generated package, then what is new
	// to it: the lists the report leads with, defined in consumer.go and
	// by the JSON contract (see JSON). Names are folded by
	// registry.FoldName; records without a protocol take no part in
	// PortsLost and the two assignment lists.
	NamesRemoved       []string        // names with a record in Old and none in New
	PortsLost          []NameProtocol  // name had a port on the protocol, has none, still exists
	PrimaryChanged     []PrimaryChange // ports whose primary service changed (see primary)
	ProtocolsLost      []NameProtocol  // ports.Lookup(name, protocol) found it, no longer does; name still exists
	AssignmentsRemoved []Assignment    // (name, protocol, number) in Old only
	AssignmentsAdded   []Assignment    // (name, protocol, number) in New only
	NamesAdded         []string        // names with a record in New and none in Old

	// Meta holds changes to registry-level fields other than the
	// <updated> date: title, category, expert, xrefs, notes, footnotes.
	Meta []FieldChange

	Added      []registry.Record // new records with no counterpart
	Removed    []registry.Record // old records with no counterpart
	Modified   []RecordChange    // same key, some field changed
	Renamed    []RecordChange    // same port/protocol/description/assignee, new name
	Reassigned []Reassignment    // ports whose assigned service changed

	PeopleAdded   []registry.Person
	PeopleRemoved []registry.Person
	PeopleChanged []PersonChange

	// CSV is what IANA's CSV rendering of New said of it, when -update
	// asked; the zero value (CSVNotChecked) otherwise. Compare leaves it.
	CSV CSVCheck
}

// Version identifies one side of the comparison.
type Version struct {
	Updated string `json:"updated"` // the registry's <updated> date
	SHA256  string `json:"sha256"`  // digest of the document bytes
	Records int    `json:"records"`
	People  int    `json:"people"`
}

// FieldChange is one changed field. Old and New are human-readable
// renderings; "" means the field is absent or empty.
//
// For a list field (expert, xrefs, assignee, contact, refs, uri) whose two
// versions share items, Removed and Added are the items only in Old and
// only in New, in order; they are empty otherwise.
type FieldChange struct {
	Field   string   `json:"field"`
	Old     string   `json:"old"`
	New     string   `json:"new"`
	Removed []string `json:"removed,omitempty"`
	Added   []string `json:"added,omitempty"`
}

// RecordChange is a pair of matched records and the fields that differ.
// Field names: name, protocol, number, description, assignee, contact,
// refs, sc (DCCP service code), unauthorized, note, date (registration),
// updated (modification).
type RecordChange struct {
	Old, New registry.Record
	Fields   []FieldChange
}

// Reassignment is a group of old and new records over the same ports in
// which the assignment of at least one port/protocol changed.
type Reassignment struct {
	Ports []PortChange
	Old   []registry.Record
	New   []registry.Record
	// Fields is set when the group is one record replaced in place by
	// another at the same number and protocol.
	Fields []FieldChange
}

// PortChange is a run of ports of one protocol whose assignment changed
// the same way. Old and New are the labels of the records covering each
// port: a service name, or a parenthesised description such as
// "(Reserved)" for a record without a name; none means the port/protocol
// is not listed.
type PortChange struct {
	Protocol string // tcp, udp, sctp or dccp
	Lo, Hi   int
	Old, New []string
}

// PersonChange is a person listed in both versions whose entry changed.
// Field names: name, org, uri, updated.
type PersonChange struct {
	Old, New registry.Person
	Fields   []FieldChange
}

// Empty reports whether the two versions are the same document: same
// digest and no change of any kind.
func (r *Report) Empty() bool {
	return r.Old.SHA256 == r.New.SHA256 && r.Old.Updated == r.New.Updated && r.changes() == 0
}

func (r *Report) changes() int {
	return len(r.Meta) + len(r.Added) + len(r.Removed) + len(r.Modified) + len(r.Renamed) +
		len(r.Reassigned) + len(r.PeopleAdded) + len(r.PeopleRemoved) + len(r.PeopleChanged)
}

// Compare reports how registry new differs from registry old. A nil
// registry is taken as an empty one. The inputs are not modified.
func Compare(old, new *registry.Registry) *Report {
	if old == nil {
		old = &registry.Registry{}
	}
	if new == nil {
		new = &registry.Registry{}
	}
	r := &Report{
		Old: Version{Updated: old.Updated, SHA256: old.SHA256, Records: len(old.Records), People: len(old.People)},
		New: Version{Updated: new.Updated, SHA256: new.SHA256, Records: len(new.Records), People: len(new.People)},
	}
	consumerChanges(r, old.Records, new.Records)
	r.Meta = metaChanges(old, new)
	compareRecords(r, old.Records, new.Records)
	comparePeople(r, old.People, new.People)
	return r
}

// ---- records ----

type matcher struct {
	old, new   []registry.Record
	oldM, newM []bool // matched
}

func compareRecords(r *Report, old, new []registry.Record) {
	m := &matcher{old: old, new: new, oldM: make([]bool, len(old)), newM: make([]bool, len(new))}

	// 1. Match by key.
	oldBy := groupBy(old, nil, recordKey)
	newBy := groupBy(new, nil, recordKey)
	for _, k := range slices.Sorted(maps.Keys(newBy)) {
		os, ok := oldBy[k]
		if !ok {
			continue
		}
		for _, p := range pairUp(old, new, os, newBy[k]) {
			m.oldM[p[0]], m.newM[p[1]] = true, true
			if f := recordFields(&old[p[0]], &new[p[1]]); len(f) > 0 {
				r.Modified = append(r.Modified, RecordChange{Old: old[p[0]], New: new[p[1]], Fields: f})
			}
		}
	}

	// 2. Renames: same port, protocol, description and assignee.
	oldBy = groupBy(old, m.oldM, renameKey)
	newBy = groupBy(new, m.newM, renameKey)
	for _, k := range slices.Sorted(maps.Keys(newBy)) {
		if k == "" {
			continue
		}
		os := oldBy[k]
		ns := newBy[k]
		for _, j := range ns {
			for x, i := range os {
				if i < 0 || old[i].Name == "" || new[j].Name == "" || registry.EqualFoldName(old[i].Name, new[j].Name) {
					continue
				}
				os[x] = -1
				m.oldM[i], m.newM[j] = true, true
				r.Renamed = append(r.Renamed, RecordChange{Old: old[i], New: new[j], Fields: recordFields(&old[i], &new[j])})
				break
			}
		}
	}

	// 3. Reassignments among the rest of the records with a port.
	reassign(r, m)

	// 4. Leftovers.
	for i := range old {
		if !m.oldM[i] {
			r.Removed = append(r.Removed, old[i])
		}
	}
	for j := range new {
		if !m.newM[j] {
			r.Added = append(r.Added, new[j])
		}
	}

	slices.SortStableFunc(r.Added, func(a, b registry.Record) int { return recordCmp(&a, &b) })
	slices.SortStableFunc(r.Removed, func(a, b registry.Record) int { return recordCmp(&a, &b) })
	pairCmp := func(a, b RecordChange) int {
		return cmp.Or(recordCmp(&a.New, &b.New), recordCmp(&a.Old, &b.Old))
	}
	slices.SortStableFunc(r.Modified, pairCmp)
	slices.SortStableFunc(r.Renamed, pairCmp)
	slices.SortStableFunc(r.Reassigned, func(a, b Reassignment) int {
		pa, pb := a.Ports[0], b.Ports[0]
		return cmp.Or(cmp.Compare(pa.Lo, pb.Lo), cmp.Compare(registry.ProtocolRank(pa.Protocol), registry.ProtocolRank(pb.Protocol)),
			recordCmp(firstRecord(a), firstRecord(b)))
	})
}

func firstRecord(g Reassignment) *registry.Record {
	if len(g.New) > 0 {
		return &g.New[0]
	}
	return &g.Old[0]
}

// groupBy indexes the records not yet matched by key, in document order.
func groupBy(recs []registry.Record, matched []bool, key func(*registry.Record) string) map[string][]int {
	m := map[string][]int{}
	for i := range recs {
		if matched != nil && matched[i] {
			continue
		}
		k := key(&recs[i])
		m[k] = append(m[k], i)
	}
	return m
}

// pairUp pairs the old and new records sharing one key: identical records
// first, then records with the same description, then the rest in
// document order. It returns (old, new) index pairs.
func pairUp(old, new []registry.Record, os, ns []int) [][2]int {
	if len(os) == 1 && len(ns) == 1 {
		return [][2]int{{os[0], ns[0]}}
	}
	var pairs [][2]int
	usedO := make([]bool, len(os))
	usedN := make([]bool, len(ns))
	pass := func(key func(*registry.Record) string) {
		queue := map[string][]int{}
		for x, i := range os {
			if !usedO[x] {
				k := key(&old[i])
				queue[k] = append(queue[k], x)
			}
		}
		for y, j := range ns {
			if usedN[y] {
				continue
			}
			k := key(&new[j])
			if q := queue[k]; len(q) > 0 {
				queue[k] = q[1:]
				usedO[q[0]], usedN[y] = true, true
				pairs = append(pairs, [2]int{os[q[0]], j})
			}
		}
	}
	pass(fingerprint)
	pass(func(r *registry.Record) string { return rawText(r.Description) })
	pass(func(*registry.Record) string { return "" })
	return pairs
}

// recordKey is the identity of a record. Names fold case by RFC 6335's
// ASCII-only rule (registry.FoldName), as the generated tables do, so a
// change the tables would see is never hidden as a case-only one.
func recordKey(r *registry.Record) string {
	switch {
	case r.Name == "":
		return "u\x00" + r.Protocol + "\x00" + r.Number + "\x00" + registry.FoldName(plain(r.Description))
	case !r.HasNumber:
		return "n\x00" + registry.FoldName(r.Name) + "\x00" + r.Protocol
	default:
		return "p\x00" + registry.FoldName(r.Name) + "\x00" + r.Protocol + "\x00" + r.Number
	}
}

// renameKey is what a renamed service keeps; unnamed records never match.
func renameKey(r *registry.Record) string {
	if r.Name == "" {
		return "" // never renamed: skipped in compareRecords
	}
	return strconv.FormatBool(r.HasNumber) + "\x00" + r.Protocol + "\x00" + r.Number + "\x00" +
		rawText(r.Description) + "\x00" + rawXrefs(r.Assignee)
}

// fingerprint encodes every field of a record except its line.
func fingerprint(r *registry.Record) string {
	var b strings.Builder
	for _, s := range []string{r.Name, r.Protocol, r.Number, strconv.FormatBool(r.HasNumber),
		rawText(r.Description), rawXrefs(r.Assignee), rawXrefs(r.Contact), rawXrefs(r.Refs),
		r.Date, r.Updated, r.ServiceCode, rawText(r.Unauthorized), rawText(r.Note)} {
		b.WriteString(strconv.Quote(s))
	}
	return b.String()
}

// recordFields lists the fields in which two records differ.
func recordFields(a, b *registry.Record) []FieldChange {
	var out []FieldChange
	str := func(field, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: field, Old: x, New: y})
		}
	}
	text := func(field string, x, y registry.Text) {
		if !x.Equal(y) {
			out = append(out, textChange(field, x, y))
		}
	}
	xrefs := func(field string, x, y []registry.Xref) {
		if !slices.Equal(x, y) {
			out = append(out, xrefChange(field, x, y))
		}
	}
	str("name", a.Name, b.Name)
	str("protocol", a.Protocol, b.Protocol)
	if a.Number != b.Number || a.HasNumber != b.HasNumber {
		out = append(out, FieldChange{Field: "number", Old: a.Number, New: b.Number})
	}
	text("description", a.Description, b.Description)
	xrefs("assignee", a.Assignee, b.Assignee)
	xrefs("contact", a.Contact, b.Contact)
	xrefs("refs", a.Refs, b.Refs)
	str("sc", a.ServiceCode, b.ServiceCode)
	text("unauthorized", a.Unauthorized, b.Unauthorized)
	text("note", a.Note, b.Note)
	str("date", a.Date, b.Date)
	str("updated", a.Updated, b.Updated)
	return out
}

func textChange(field string, x, y registry.Text) FieldChange {
	fx, fy := plain(x), plain(y)
	if fx == fy {
		fx, fy = strconv.Quote(rawText(x)), strconv.Quote(rawText(y))
	}
	return FieldChange{Field: field, Old: fx, New: fy}
}

// recordCmp orders records by port, protocol, name, then description;
// records without a port come last; the line breaks remaining ties.
func recordCmp(a, b *registry.Record) int {
	if a.HasNumber != b.HasNumber {
		if a.HasNumber {
			return -1
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(a.Lo, b.Lo),
		cmp.Compare(a.Hi, b.Hi),
		cmp.Compare(registry.ProtocolRank(a.Protocol), registry.ProtocolRank(b.Protocol)),
		cmp.Compare(a.Protocol, b.Protocol),
		cmp.Compare(a.Number, b.Number),
		cmp.Compare(registry.FoldName(a.Name), registry.FoldName(b.Name)),
		cmp.Compare(a.Name, b.Name),
		cmp.Compare(plain(a.Description), plain(b.Description)),
		cmp.Compare(fingerprint(a), fingerprint(b)),
		cmp.Compare(a.Line, b.Line),
	)
}

// ---- people ----

func comparePeople(r *Report, old, new []registry.Person) {
	key := func(ps []registry.Person) (map[string]int, []string) {
		m := map[string]int{}
		seen := map[string]int{}
		var keys []string
		for i, p := range ps {
			k := p.ID
			if n := seen[p.ID]; n > 0 { // duplicate ids: pair occurrences in order
				k += "\x00" + strconv.Itoa(n)
			}
			seen[p.ID]++
			m[k] = i
			keys = append(keys, k)
		}
		return m, keys
	}
	om, okeys := key(old)
	nm, nkeys := key(new)
	for _, k := range okeys {
		if _, ok := nm[k]; !ok {
			r.PeopleRemoved = append(r.PeopleRemoved, old[om[k]])
		}
	}
	for _, k := range nkeys {
		j := nm[k]
		i, ok := om[k]
		if !ok {
			r.PeopleAdded = append(r.PeopleAdded, new[j])
			continue
		}
		if f := personFields(&old[i], &new[j]); len(f) > 0 {
			r.PeopleChanged = append(r.PeopleChanged, PersonChange{Old: old[i], New: new[j], Fields: f})
		}
	}
	byID := func(a, b registry.Person) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortStableFunc(r.PeopleAdded, byID)
	slices.SortStableFunc(r.PeopleRemoved, byID)
	slices.SortStableFunc(r.PeopleChanged, func(a, b PersonChange) int { return cmp.Compare(a.New.ID, b.New.ID) })
}

func personFields(a, b *registry.Person) []FieldChange {
	var out []FieldChange
	str := func(field, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: field, Old: x, New: y})
		}
	}
	str("name", a.Name, b.Name)
	str("org", a.Org, b.Org)
	if !slices.Equal(a.URIs, b.URIs) {
		f := listChange("uri", a.URIs, b.URIs)
		if f.Old == f.New {
			f.Old, f.New = quoteList(a.URIs), quoteList(b.URIs)
		}
		out = append(out, f)
	}
	str("updated", a.Updated, b.Updated)
	return out
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// ---- registry-level fields ----

func metaChanges(a, b *registry.Registry) []FieldChange {
	var out []FieldChange
	str := func(field, x, y string) {
		if x == y {
			return
		}
		fx, fy := collapse(x), collapse(y)
		if fx == fy {
			fx, fy = strconv.Quote(x), strconv.Quote(y)
		}
		out = append(out, FieldChange{Field: field, Old: fx, New: fy})
	}
	str("title", a.Title, b.Title)
	str("category", a.Category, b.Category)
	if a.Expert != b.Expert {
		out = append(out, expertChange(a.Expert, b.Expert))
	}
	if !slices.Equal(a.Xrefs, b.Xrefs) {
		out = append(out, xrefChange("xrefs", a.Xrefs, b.Xrefs))
	}
	for i := 0; i < max(len(a.Notes), len(b.Notes)); i++ {
		var x, y registry.Note
		if i < len(a.Notes) {
			x = a.Notes[i]
		}
		if i < len(b.Notes) {
			y = b.Notes[i]
		}
		field := "note " + strconv.Itoa(i+1)
		if x.Title != y.Title {
			str(field+" title", x.Title, y.Title)
		}
		if !x.Text.Equal(y.Text) {
			out = append(out, textChange(field, x.Text, y.Text))
		}
	}
	fa := map[string]registry.Text{}
	var anchors []string
	for _, f := range a.Footnote {
		fa[f.Anchor] = f.Text
		anchors = append(anchors, f.Anchor)
	}
	fb := map[string]registry.Text{}
	for _, f := range b.Footnote {
		fb[f.Anchor] = f.Text
		if _, ok := fa[f.Anchor]; !ok {
			anchors = append(anchors, f.Anchor)
		}
	}
	slices.Sort(anchors)
	for _, an := range slices.Compact(anchors) {
		if x, y := fa[an], fb[an]; !x.Equal(y) {
			out = append(out, textChange("footnote "+an, x, y))
		}
	}
	return out
}

// ---- renderings ----

// plain flattens mixed content for the report: character data, "[data]"
// for a cross reference (its text when it has no data), all white space
// collapsed to single spaces. It is not registry.Text.Plain, which
// renders as IANA's CSV does: field changes are keyed and shown by this
// one, so swapping them would change reports.
func plain(t registry.Text) string {
	var b strings.Builder
	for _, s := range t {
		switch s.Kind {
		case registry.SegText:
			b.WriteString(s.Text)
		case registry.SegXref:
			d := s.Xref.Data
			if d == "" {
				d = collapse(s.Xref.Text)
			}
			b.WriteString("[" + d + "]")
		default:
			b.WriteByte(' ')
		}
	}
	return collapse(b.String())
}

func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// rawText renders mixed content losslessly, markup included.
func rawText(t registry.Text) string {
	var b strings.Builder
	for _, s := range t {
		switch s.Kind {
		case registry.SegText:
			b.WriteString(s.Text)
		case registry.SegBreak:
			b.WriteString("<br/>")
		case registry.SegParaStart:
			b.WriteString("<paragraph>")
		case registry.SegParaEnd:
			b.WriteString("</paragraph>")
		case registry.SegXref:
			b.WriteString("<xref " + rawXref(*s.Xref) + ">")
		}
	}
	return b.String()
}

func rawXref(x registry.Xref) string {
	return "type=" + strconv.Quote(x.Type) + " data=" + strconv.Quote(x.Data) +
		" section=" + strconv.Quote(x.Section) + " text=" + strconv.Quote(x.Text)
}

func rawXrefs(xs []registry.Xref) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = "<" + rawXref(x) + ">"
	}
	return strings.Join(parts, " ")
}

// showXref renders a cross reference for people: "rfc:rfc6335", a person
// by id alone, a section and any element text appended.
func showXref(x registry.Xref) string {
	var s string
	switch {
	case x.Type == "person":
		s = x.Data
	case x.Data == "":
		s = x.Type
	default:
		s = x.Type + ":" + x.Data
	}
	if x.Section != "" {
		s += " §" + x.Section
	}
	if t := collapse(x.Text); t != "" {
		s += " " + strconv.Quote(t)
	}
	return s
}

func showXrefs(xs []registry.Xref) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = showXref(x)
	}
	return strings.Join(parts, ", ")
}
