package diff

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
)

// Format is a rendering of a Report.
type Format int

// The formats of Write. Every format gives the same information in the
// same order: warnings, the summary, what breaks a consumer, what is new,
// field-level detail, people. REPORT.md, next to this file, shows them.
const (
	// Text is for a terminal: one "== Title (n) ==" section a class.
	Text Format = iota
	// Markdown is for a pull-request description: the breaking and new
	// lists in full, the detail folded into <details> blocks.
	Markdown
	// JSON is one object for tools; see JSONSchema for its keys.
	JSON
)

// JSONSchema is the version of the JSON object, its "schema" key. It
// grows when a key changes meaning or goes away, not when one is added.
//
// The object's keys, in the order written (every list is present, [] when
// empty; names in the first seven lists are folded by registry.FoldName):
//
//   - schema: this number.
//   - old, new: the two versions, {"updated", "sha256", "records",
//     "people"}: the registry's <updated> date, the SHA-256 of the
//     document bytes, the number of records and of people.
//   - summary: Summary. breaking: Breaking, the number of items in the
//     summary's breaking group. changed: Changed. warnings: Warnings.
//   - csv: the CSV check of -update (CSV), {"status", "row", "iana",
//     "ours", "error"}: status is "not checked", "verified", "differs" or
//     "unavailable"; row, iana and ours name the first differing row (1
//     is the header) and its two texts; error says why the CSV could not
//     be fetched.
//   - primary_rule: how the primary service of a port is chosen
//     (PrimaryRule).
//   - names_removed: names with a record in old and none in new, sorted.
//   - ports_lost: {"name", "protocol"}: the name had a record with a port
//     on the protocol in old, has none in new, and still exists (has a
//     record of any kind in new).
//   - primary_changed: {"protocol", "number", "old", "new"}: a run of ports
//     ("831", "6000-6063") whose primary service was old and is new; new
//     is "" when no named record covers the ports any more. Sorted by low
//     port, then protocol.
//   - protocols_lost: {"name", "protocol"}: ports.Lookup(name, protocol)
//     found a record in old (one on the protocol, or one naming no
//     protocol) and finds none in new, and the name still exists.
//   - assignments_removed, assignments_added: {"name", "protocol",
//     "number"}: the set differences of the (name, protocol, number)
//     triples of the named records that have both a protocol and a
//     number; number as written in the XML ("6000-6063").
//   - names_added: names with a record in new and none in old, sorted.
//   - registry_fields: changed registry-level fields, {"field", "old",
//     "new"} and, for a list field whose versions share items, "removed"
//     and "added" item lists.
//   - port_changes: groups of records over the same ports in which some
//     port changed hands: {"ports": [{"protocol", "number", "old", "new"}],
//     "old": [record], "new": [record], "fields": [field]}, where a
//     port's old and new are the labels of the records covering it (a
//     name, or a description in parentheses such as "(Reserved)").
//   - renamed, modified: {"old": record, "new": record, "fields": [field]}.
//   - records_added, records_removed: [record].
//   - people_added, people_removed: {"id", "name", "org", "uris",
//     "updated"}.
//   - people_changed: {"id", "fields": [field]}.
//
// A record is {"line", "name", "protocol", "number", "description"}: its
// line in its own file, its name as written, and its description as
// plain text. ports_lost, assignments_removed and assignments_added are
// sorted by name, then protocol (tcp, udp, sctp, dccp), then low port;
// records without a protocol take no part in them.
const JSONSchema = 1

// ParseFormat reads a -format value: "text", "md" (or "markdown"), "json".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "text":
		return Text, nil
	case "md", "markdown":
		return Markdown, nil
	case "json":
		return JSON, nil
	}
	return 0, fmt.Errorf("unknown report format %s (want text, md or json)", clip.Quote(s))
}

// String is the name ParseFormat reads.
func (f Format) String() string {
	switch f {
	case Text:
		return "text"
	case Markdown:
		return "md"
	case JSON:
		return "json"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Write writes the full report in format f. The output depends on the
// report alone: the same inputs give the same bytes.
func (r *Report) Write(w io.Writer, f Format) error {
	var b []byte
	switch f {
	case Text:
		b = r.text()
	case Markdown:
		b = r.markdown()
	case JSON:
		var err error
		if b, err = r.json(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("diff: unknown report format %v", f)
	}
	_, err := w.Write(b)
	return err
}

// Changed reports whether the two versions differ at all, in content or
// only in form: diff(1)'s exit status 1 rather than 0.
func (r *Report) Changed() bool { return !r.Empty() }

// Warnings are things a reviewer should check before reading further,
// such as OLD and NEW given the wrong way round.
func (r *Report) Warnings() []string {
	o, n := r.Old.Updated, r.New.Updated
	switch {
	case o == "" || n == "":
		return nil
	case n < o: // YYYY-MM-DD orders as text
		return []string{fmt.Sprintf("NEW (%s) is older than OLD (%s): were the arguments swapped?", n, o)}
	case n == o && r.changes() > 0:
		return []string{fmt.Sprintf("OLD and NEW are both dated %s, yet their records or people differ", n)}
	}
	return nil
}

// Summary is a one-line account of the report, breaking changes first,
// e.g. for the real 2025-03-28 and 2026-08-17 registries:
//
//	2025-03-28 → 2026-08-17: breaking: 5 names removed, 3 names lost a port, 14 primary services changed, 14 port assignments removed; new: 30 port assignments, 38 names; detail: 61 records modified, 28 port changes, 22 records added; people: +68 −26 ~7; registry fields: 1 changed
//
// Each group lists its non-zero counts only, and says "none" when it has
// none; "breaking" and "new" are always there.
func (r *Report) Summary() string {
	head := date(r.Old.Updated) + " → " + date(r.New.Updated) + ": "
	if r.changes() == 0 {
		if r.Old.SHA256 != r.New.SHA256 {
			return head + "no changes to the content (the documents differ in form only)"
		}
		return head + "no changes"
	}
	var parts []string
	for _, g := range r.summaryGroups() {
		parts = append(parts, g[0]+": "+g[1])
	}
	return head + strings.Join(parts, "; ")
}

// summaryGroups are the groups of Summary, as (name, counts) pairs.
func (r *Report) summaryGroups() [][2]string {
	var groups [][2]string
	group := func(name string, always bool, counts ...string) {
		var nz []string
		for _, c := range counts {
			if c != "" {
				nz = append(nz, c)
			}
		}
		switch {
		case len(nz) > 0:
			groups = append(groups, [2]string{name, strings.Join(nz, ", ")})
		case always:
			groups = append(groups, [2]string{name, "none"})
		}
	}
	bc := r.breakingCounts()
	group("breaking", true,
		count(bc[0], "name removed", "names removed"),
		count(bc[1], "name lost a port", "names lost a port"),
		count(bc[2], "primary service changed", "primary services changed"),
		count(bc[3], "name lost a protocol", "names lost a protocol"),
		count(bc[4], "port assignment removed", "port assignments removed"))
	group("new", true,
		count(len(r.AssignmentsAdded), "port assignment", "port assignments"),
		count(len(r.NamesAdded), "name", "names"))
	group("detail", false,
		count(len(r.Modified), "record modified", "records modified"),
		count(len(r.Reassigned), "port change", "port changes"),
		count(len(r.Renamed), "record renamed", "records renamed"),
		count(len(r.Added), "record added", "records added"),
		count(len(r.Removed), "record removed", "records removed"))
	if n := len(r.PeopleAdded) + len(r.PeopleRemoved) + len(r.PeopleChanged); n > 0 {
		groups = append(groups, [2]string{"people", fmt.Sprintf("+%d −%d ~%d", len(r.PeopleAdded), len(r.PeopleRemoved), len(r.PeopleChanged))})
	}
	if n := len(r.Meta); n > 0 {
		groups = append(groups, [2]string{"registry fields", fmt.Sprintf("%d changed", n)})
	}
	return groups
}

// breakingCounts are the counts of the summary's breaking group, in its
// order: names removed, names that lost a port, primary services changed,
// names that lost a protocol, port assignments removed.
func (r *Report) breakingCounts() [5]int {
	return [5]int{len(r.NamesRemoved), distinctNames(r.PortsLost), len(r.PrimaryChanged), distinctNames(r.ProtocolsLost), len(r.AssignmentsRemoved)}
}

// Breaking is the number of items in the summary's breaking group, the
// sum of its counts: what a pull request's title counts as breaking.
func (r *Report) Breaking() int {
	n := 0
	for _, c := range r.breakingCounts() {
		n += c
	}
	return n
}

func count(n int, one, many string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func distinctNames(nps []NameProtocol) int {
	n := 0
	for i := range nps {
		if i == 0 || nps[i].Name != nps[i-1].Name { // sorted by name
			n++
		}
	}
	return n
}

func date(s string) string {
	if s == "" {
		return "(undated)"
	}
	return clip.Escape(s)
}

// ---- the lists the report leads with, for the text and Markdown writers

// part is a piece of an entry; code parts (names, ports) are set as code
// in Markdown, the others escaped. Its text is escaped for a terminal
// (clip.Escape) when the part is made, so that nothing the registry
// holds can end the entry's line in either format.
type part struct {
	s    string
	code bool
}

func code(s string) part   { return part{clip.Escape(s), true} }
func plainP(s string) part { return part{clip.Escape(s), false} }

// group is "breaking" or "new": a name for text sections, a heading for
// Markdown, and its non-empty lists.
type group struct {
	name, heading string
	lists         []list
}

func (r *Report) groups() []group {
	return []group{{"Breaking", "Breaking changes", r.breaking()}, {"New", "New", r.additions()}}
}

// list is one section of the "breaking" or "new" group.
type list struct {
	title   string
	n       int
	why     string // what it means for a consumer
	mark    string // the text writer's line prefix: -, ~ or +
	inline  bool   // entries are short: written as one comma-separated paragraph
	entries [][]part
}

// breaking lists what can break a consumer, in the order the issue asks
// for: names removed, ports lost, primary services changed, protocols
// lost, assignments removed. Empty lists are left out.
func (r *Report) breaking() []list {
	had := portsOf(r.AssignmentsRemoved)
	var out []list
	if n := len(r.NamesRemoved); n > 0 {
		l := list{title: "Names removed", n: n, mark: "-",
			why: "no record has the name any more: ports.Lookup and LookupPort fail"}
		for _, name := range r.NamesRemoved {
			e := []part{code(name)}
			if ps := had[name]; len(ps) > 0 {
				e = append(e, plainP(" — had "+strings.Join(ps, ", ")))
			}
			l.entries = append(l.entries, e)
		}
		out = append(out, l)
	}
	if len(r.PortsLost) > 0 {
		l := list{title: "Names that lost their port on a protocol", n: distinctNames(r.PortsLost), mark: "-",
			why: "the name still exists but has no port on the protocol: LookupPort returns ErrNoPort"}
		l.entries = byName(r.PortsLost, func(np NameProtocol) string {
			var was []string
			for _, a := range r.AssignmentsRemoved {
				if a.Name == np.Name && a.Protocol == np.Protocol {
					was = append(was, a.Number)
				}
			}
			return np.Protocol + " (was " + strings.Join(was, ", ") + ")"
		})
		out = append(out, l)
	}
	if n := len(r.PrimaryChanged); n > 0 {
		l := list{title: "Primary service changed", n: n, mark: "~",
			why: "the port now answers to another service, or to none; the primary service is chosen as the note at the end says"}
		// One line for the protocols of a port that changed alike (they
		// sort next to each other).
		pcs := r.PrimaryChanged
		for i := 0; i < len(pcs); {
			c := pcs[i]
			where := c.Number + "/" + c.Protocol
			for i++; i < len(pcs) && pcs[i].Number == c.Number && pcs[i].Old == c.Old && pcs[i].New == c.New; i++ {
				where += ", " + pcs[i].Number + "/" + pcs[i].Protocol
			}
			e := []part{code(where), plainP(": "), code(c.Old), plainP(" → ")}
			if c.New == "" {
				e = append(e, plainP("(no named record)"))
			} else {
				e = append(e, code(c.New))
			}
			l.entries = append(l.entries, e)
		}
		out = append(out, l)
	}
	if len(r.ProtocolsLost) > 0 {
		l := list{title: "Protocols a name lost", n: distinctNames(r.ProtocolsLost), mark: "-",
			why: "the name still exists, but ports.Lookup no longer finds it on these protocols"}
		l.entries = byName(r.ProtocolsLost, func(np NameProtocol) string { return np.Protocol })
		out = append(out, l)
	}
	if n := len(r.AssignmentsRemoved); n > 0 {
		l := list{title: "Port assignments removed", n: n, mark: "-",
			why: "the (name, protocol, port) is gone: the name moved, was renamed, or lost the port"}
		l.entries = assignmentEntries(r.AssignmentsRemoved)
		out = append(out, l)
	}
	return out
}

// additions lists what is new: port assignments, then names.
func (r *Report) additions() []list {
	var out []list
	if n := len(r.AssignmentsAdded); n > 0 {
		l := list{title: "Port assignments added", n: n, mark: "+",
			why: "a (name, protocol, port) that was not in the registry"}
		l.entries = assignmentEntries(r.AssignmentsAdded)
		out = append(out, l)
	}
	if n := len(r.NamesAdded); n > 0 {
		l := list{title: "Names added", n: n, inline: true, why: "names no record had; their port assignments, if any, are listed above"}
		for _, name := range r.NamesAdded {
			l.entries = append(l.entries, []part{code(name)})
		}
		out = append(out, l)
	}
	return out
}

// portsOf maps each name of as to its "number/protocol"s, in order.
func portsOf(as []Assignment) map[string][]string {
	m := map[string][]string{}
	for _, a := range as {
		m[a.Name] = append(m[a.Name], a.Number+"/"+a.Protocol)
	}
	return m
}

// assignmentEntries is one entry a name: "tacacss 300/tcp, 300/udp".
func assignmentEntries(as []Assignment) [][]part {
	return perName(as, func(a Assignment) string { return a.Name }, " ",
		func(a Assignment) string { return a.Number + "/" + a.Protocol })
}

// byName is one entry a name, its protocols rendered by show.
func byName(nps []NameProtocol, show func(NameProtocol) string) [][]part {
	return perName(nps, func(np NameProtocol) string { return np.Name }, ": ", show)
}

// perName groups xs, sorted by name, into one entry a name: the name, sep,
// then what show makes of each x, comma-separated.
func perName[T any](xs []T, name func(T) string, sep string, show func(T) string) [][]part {
	var out [][]part
	for i := 0; i < len(xs); {
		j := i
		var ss []string
		for ; j < len(xs) && name(xs[j]) == name(xs[i]); j++ {
			ss = append(ss, show(xs[j]))
		}
		out = append(out, []part{code(name(xs[i])), plainP(sep + strings.Join(ss, ", "))})
		i = j
	}
	return out
}
