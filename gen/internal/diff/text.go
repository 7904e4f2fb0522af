package diff

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
)

// text renders the report for a terminal: the versions, warnings, the
// summary, then one "== Title (n) ==" section a list or class of change,
// breaking changes first. Every value from the registry is escaped
// (clip.Escape), so that an entry stays on its line and nothing acts on
// the terminal; Markdown folds this same text into its detail blocks.
func (r *Report) text() []byte {
	var b bytes.Buffer
	if r.CSV.Status == CSVDiffers {
		b.WriteString(r.CSV.String() + "\n")
	}
	b.WriteString("Service Name and Transport Protocol Port Number Registry: changes\n")
	fmt.Fprintf(&b, "old: %s  sha256 %s  %d records, %d people\n", date(r.Old.Updated), orNone(r.Old.SHA256), r.Old.Records, r.Old.People)
	fmt.Fprintf(&b, "new: %s  sha256 %s  %d records, %d people\n", date(r.New.Updated), orNone(r.New.SHA256), r.New.Records, r.New.People)
	for _, w := range r.Warnings() {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	switch r.CSV.Status {
	case CSVVerified:
		b.WriteString(r.CSV.String() + "\n")
	case CSVUnavailable:
		b.WriteString("warning: " + r.CSV.String() + "\n")
	}
	b.WriteString(r.Summary())
	b.WriteString("\n")
	if r.changes() == 0 {
		return b.Bytes()
	}

	for _, g := range r.groups() {
		if len(g.lists) == 0 {
			fmt.Fprintf(&b, "\n== %s: none ==\n", g.name)
		}
		for _, l := range g.lists {
			fmt.Fprintf(&b, "\n== %s: %s (%d) ==\n(%s)\n", g.name, l.title, l.n, l.why)
			if l.inline {
				writeWrapped(&b, l.entries)
				continue
			}
			for _, e := range l.entries {
				b.WriteString(l.mark + " ")
				for _, p := range e {
					b.WriteString(p.s)
				}
				b.WriteString("\n")
			}
		}
	}
	for _, d := range r.details() {
		fmt.Fprintf(&b, "\n== %s (%d) ==\n", d.title, d.n)
		d.write(&b)
	}
	fmt.Fprintf(&b, "\nNote: %s.\n", PrimaryRule)
	return b.Bytes()
}

// writeWrapped writes entries comma-separated, in lines of at most 76
// bytes unless one entry is longer, indented by two spaces.
func writeWrapped(b *bytes.Buffer, entries [][]part) {
	line := "  "
	for i, e := range entries {
		var s strings.Builder
		for _, p := range e {
			s.WriteString(p.s)
		}
		item := s.String()
		if i < len(entries)-1 {
			item += ","
		}
		if len(line) > 2 && len(line)+1+len(item) > 76 {
			b.WriteString(line + "\n")
			line = "  "
		}
		if len(line) > 2 {
			line += " "
		}
		line += item
	}
	b.WriteString(line + "\n")
}

// detail is a section of field-level detail or people, written the same
// in text and (fenced) in Markdown.
type detail struct {
	title string
	n     int
	write func(*bytes.Buffer)
}

// details are the non-empty sections after the breaking and new lists.
func (r *Report) details() []detail {
	all := []detail{
		{"Registry fields changed", len(r.Meta), func(b *bytes.Buffer) { writeFields(b, "  ", r.Meta) }},
		{"Port changes", len(r.Reassigned), r.writeReassigned},
		{"Renamed services", len(r.Renamed), func(b *bytes.Buffer) {
			for _, c := range r.Renamed {
				fmt.Fprintf(b, "~ %s → %s %s\n", clip.Escape(c.Old.Name), clip.Escape(c.New.Name), clip.Escape(portText(&c.New)))
				writeFields(b, "    ", c.Fields)
			}
		}},
		{"Modified records", len(r.Modified), func(b *bytes.Buffer) {
			for _, c := range r.Modified {
				fmt.Fprintf(b, "~ %s\n", clip.Escape(recordKeyText(&c.New)))
				writeFields(b, "    ", c.Fields)
			}
		}},
		{"Added records", len(r.Added), func(b *bytes.Buffer) { writeRecords(b, "+", r.Added) }},
		{"Removed records", len(r.Removed), func(b *bytes.Buffer) { writeRecords(b, "-", r.Removed) }},
		{"People added", len(r.PeopleAdded), func(b *bytes.Buffer) { writePeople(b, "+", r.PeopleAdded) }},
		{"People removed", len(r.PeopleRemoved), func(b *bytes.Buffer) { writePeople(b, "-", r.PeopleRemoved) }},
		{"People changed", len(r.PeopleChanged), func(b *bytes.Buffer) {
			for _, c := range r.PeopleChanged {
				fmt.Fprintf(b, "~ %s\n", clip.Escape(c.New.ID))
				writeFields(b, "    ", c.Fields)
			}
		}},
	}
	var out []detail
	for _, d := range all {
		if d.n > 0 {
			out = append(out, d)
		}
	}
	return out
}

func (r *Report) writeReassigned(b *bytes.Buffer) {
	b.WriteString("(records over the same ports in which some port/protocol changed hands: old → new; then the records, - old, + new)\n")
	for _, g := range r.Reassigned {
		locs := make([]string, len(g.Ports))
		for i, pc := range g.Ports {
			locs[i] = portLoc(pc)
		}
		fmt.Fprintf(b, "* %s\n", clip.Escape(strings.Join(locs, ", ")))
		for _, pc := range g.Ports {
			fmt.Fprintf(b, "    %s: %s → %s\n", clip.Escape(portLoc(pc)), clip.Escape(labels(pc.Old)), clip.Escape(labels(pc.New)))
		}
		if g.Fields != nil {
			fmt.Fprintf(b, "  - %s\n  + %s\n", clip.Escape(recordKeyText(&g.Old[0])), clip.Escape(recordKeyText(&g.New[0])))
			writeFields(b, "      ", g.Fields)
			continue
		}
		for i := range g.Old {
			fmt.Fprintf(b, "  - %s\n", clip.Escape(recordLine(&g.Old[i])))
		}
		for i := range g.New {
			fmt.Fprintf(b, "  + %s\n", clip.Escape(recordLine(&g.New[i])))
		}
	}
}

func writeRecords(b *bytes.Buffer, mark string, recs []registry.Record) {
	for i := range recs {
		fmt.Fprintf(b, "%s %s\n", mark, clip.Escape(recordLine(&recs[i])))
	}
}

func writePeople(b *bytes.Buffer, mark string, ps []registry.Person) {
	for i := range ps {
		fmt.Fprintf(b, "%s %s\n", mark, clip.Escape(personLine(&ps[i])))
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// writeFields writes one line a field, old → new, or for a list field
// diffed by item, one line an item removed (-) or added (+).
func writeFields(b *bytes.Buffer, indent string, fs []FieldChange) {
	for _, f := range fs {
		if f.Removed == nil && f.Added == nil {
			fmt.Fprintf(b, "%s%s: %s → %s\n", indent, f.Field, clip.Escape(orNone(f.Old)), clip.Escape(orNone(f.New)))
			continue
		}
		fmt.Fprintf(b, "%s%s, item by item:\n", indent, f.Field)
		for _, it := range f.Removed {
			fmt.Fprintf(b, "%s  - %s\n", indent, clip.Escape(it))
		}
		for _, it := range f.Added {
			fmt.Fprintf(b, "%s  + %s\n", indent, clip.Escape(it))
		}
	}
}

func portLoc(pc PortChange) string {
	return portRange(pc.Lo, pc.Hi) + "/" + pc.Protocol
}

func labels(ls []string) string {
	if len(ls) == 0 {
		return "(not listed)"
	}
	return strings.Join(ls, " + ")
}

// portText is "80/tcp", "6000-6063" (no protocol), "(no port)/tcp" or
// "(no port)".
func portText(r *registry.Record) string {
	n := r.Number
	if !r.HasNumber {
		n = "(no port)"
	}
	if r.Protocol != "" {
		n += "/" + r.Protocol
	}
	return n
}

// recordKeyText names a record by its key: "http 80/tcp",
// "300/udp (Reserved)", "rdp (no port)".
func recordKeyText(r *registry.Record) string {
	if r.Name == "" {
		return portText(r) + " " + label(r)
	}
	return r.Name + " " + portText(r)
}

// recordLine is a record's key followed by its other non-empty fields.
func recordLine(r *registry.Record) string {
	parts := []string{recordKeyText(r)}
	add := func(field, v string) {
		if v != "" {
			parts = append(parts, field+" "+v)
		}
	}
	if r.Name != "" {
		parts[0] += ": " + plain(r.Description)
	}
	add("assignee", showXrefs(r.Assignee))
	add("contact", showXrefs(r.Contact))
	add("refs", showXrefs(r.Refs))
	add("sc", r.ServiceCode)
	add("unauthorized", plain(r.Unauthorized))
	add("note", plain(r.Note))
	add("date", r.Date)
	add("updated", r.Updated)
	return strings.Join(parts, " | ")
}

func personLine(p *registry.Person) string {
	parts := []string{p.ID}
	add := func(field, v string) {
		if v != "" {
			parts = append(parts, field+" "+v)
		}
	}
	add("name", p.Name)
	add("org", p.Org)
	add("uri", strings.Join(p.URIs, ", "))
	add("updated", p.Updated)
	return strings.Join(parts, " | ")
}
