package diff

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// Summary is a one-line account of the report, e.g. (for the real
// 2025-03-28 and 2026-08-17 registries)
//
//	2025-03-28 → 2026-08-17: +22 records, −0, 61 modified, 28 reassigned, 0 renamed, people +68 −26 ~7, registry fields ~1
//
// The counts are the lengths of Added, Removed, Modified, Reassigned,
// Renamed, PeopleAdded, PeopleRemoved and PeopleChanged; registry-level
// changes are appended when there are any.
func (r *Report) Summary() string {
	head := date(r.Old.Updated) + " → " + date(r.New.Updated) + ": "
	if r.changes() == 0 {
		if r.Old.SHA256 != r.New.SHA256 {
			return head + "no changes to the content (the documents differ in form only)"
		}
		return head + "no changes"
	}
	s := fmt.Sprintf("%s+%d records, −%d, %d modified, %d reassigned, %d renamed, people +%d −%d ~%d",
		head, len(r.Added), len(r.Removed), len(r.Modified), len(r.Reassigned), len(r.Renamed),
		len(r.PeopleAdded), len(r.PeopleRemoved), len(r.PeopleChanged))
	if n := len(r.Meta); n > 0 {
		s += fmt.Sprintf(", registry fields ~%d", n)
	}
	return s
}

func date(s string) string {
	if s == "" {
		return "(undated)"
	}
	return s
}

// WriteText writes the full report for a reviewer: the versions, the
// summary, then one section per class of change, each entry naming its
// record (or person) and showing old → new values. The output depends on
// the report alone: the same inputs give the same bytes.
func (r *Report) WriteText(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("Service Name and Transport Protocol Port Number Registry: changes\n")
	fmt.Fprintf(&b, "old: %s  sha256 %s  %d records, %d people\n", date(r.Old.Updated), orNone(r.Old.SHA256), r.Old.Records, r.Old.People)
	fmt.Fprintf(&b, "new: %s  sha256 %s  %d records, %d people\n", date(r.New.Updated), orNone(r.New.SHA256), r.New.Records, r.New.People)
	b.WriteString(r.Summary())
	b.WriteString("\n")

	section := func(title string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(&b, "\n== %s (%d) ==\n", title, n)
		return true
	}

	if section("Registry fields changed", len(r.Meta)) {
		writeFields(&b, "  ", r.Meta)
	}

	if section("Reassigned ports", len(r.Reassigned)) {
		b.WriteString("(port/protocol whose assignment changed: old → new; then the records involved, - old, + new)\n")
		for _, g := range r.Reassigned {
			locs := make([]string, len(g.Ports))
			for i, pc := range g.Ports {
				locs[i] = portLoc(pc)
			}
			fmt.Fprintf(&b, "* %s\n", strings.Join(locs, ", "))
			for _, pc := range g.Ports {
				fmt.Fprintf(&b, "    %s: %s → %s\n", portLoc(pc), labels(pc.Old), labels(pc.New))
			}
			if g.Fields != nil {
				fmt.Fprintf(&b, "  - %s\n  + %s\n", recordKeyText(&g.Old[0]), recordKeyText(&g.New[0]))
				writeFields(&b, "      ", g.Fields)
				continue
			}
			for i := range g.Old {
				fmt.Fprintf(&b, "  - %s\n", recordLine(&g.Old[i]))
			}
			for i := range g.New {
				fmt.Fprintf(&b, "  + %s\n", recordLine(&g.New[i]))
			}
		}
	}

	if section("Renamed services", len(r.Renamed)) {
		for _, c := range r.Renamed {
			fmt.Fprintf(&b, "~ %s → %s %s\n", c.Old.Name, c.New.Name, portText(&c.New))
			writeFields(&b, "    ", c.Fields)
		}
	}

	if section("Modified records", len(r.Modified)) {
		for _, c := range r.Modified {
			fmt.Fprintf(&b, "~ %s\n", recordKeyText(&c.New))
			writeFields(&b, "    ", c.Fields)
		}
	}

	if section("Added records", len(r.Added)) {
		for i := range r.Added {
			fmt.Fprintf(&b, "+ %s\n", recordLine(&r.Added[i]))
		}
	}

	if section("Removed records", len(r.Removed)) {
		for i := range r.Removed {
			fmt.Fprintf(&b, "- %s\n", recordLine(&r.Removed[i]))
		}
	}

	if section("People added", len(r.PeopleAdded)) {
		for i := range r.PeopleAdded {
			fmt.Fprintf(&b, "+ %s\n", personLine(&r.PeopleAdded[i]))
		}
	}
	if section("People removed", len(r.PeopleRemoved)) {
		for i := range r.PeopleRemoved {
			fmt.Fprintf(&b, "- %s\n", personLine(&r.PeopleRemoved[i]))
		}
	}
	if section("People changed", len(r.PeopleChanged)) {
		for _, c := range r.PeopleChanged {
			fmt.Fprintf(&b, "~ %s\n", c.New.ID)
			writeFields(&b, "    ", c.Fields)
		}
	}

	_, err := w.Write(b.Bytes())
	return err
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
			fmt.Fprintf(b, "%s%s: %s → %s\n", indent, f.Field, orNone(f.Old), orNone(f.New))
			continue
		}
		fmt.Fprintf(b, "%s%s, item by item:\n", indent, f.Field)
		for _, it := range f.Removed {
			fmt.Fprintf(b, "%s  - %s\n", indent, it)
		}
		for _, it := range f.Added {
			fmt.Fprintf(b, "%s  + %s\n", indent, it)
		}
	}
}

func portLoc(pc PortChange) string {
	n := strconv.Itoa(pc.Lo)
	if pc.Hi != pc.Lo {
		n += "-" + strconv.Itoa(pc.Hi)
	}
	return n + "/" + pc.Protocol
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
