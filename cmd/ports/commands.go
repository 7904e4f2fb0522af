package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/ports"
)

// lookup answers port, range and name queries.
func lookup(o options, stdout, stderr io.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("nothing to look up: give a port, a range or a service name (ports 80, ports http)")
	}
	queries := make([]query, 0, len(o.args))
	for _, a := range o.args {
		q, err := parseQuery(a, o.proto)
		if err != nil {
			return 0, err
		}
		queries = append(queries, q)
	}
	code := exitOK
	var found []ports.Service
	for _, q := range queries {
		recs := find(q)
		if o.assigned {
			recs = slices.DeleteFunc(slices.Clone(recs), func(s ports.Service) bool { return s.Status() != ports.Assigned })
		}
		if len(recs) == 0 {
			fmt.Fprintf(stderr, "ports: %s\n", missMessage(q, o.assigned))
			code = exitNotFound
		}
		found = append(found, recs...)
	}
	if o.json {
		out := make([]export.DetailedRecord, 0, len(found))
		for _, s := range found {
			out = append(out, export.NewDetailedRecord(s))
		}
		return code, writeJSON(stdout, out)
	}
	if len(found) == 0 {
		return code, nil
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "PORT/PROTO\tSERVICE\tSTATUS\tDESCRIPTION\tASSIGNEE")
	for _, s := range found {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", portProto(s), orDash(s.Name()), s.Status(),
			cell(firstLine(s.Description())), cell(assigneeNames(s)))
	}
	return code, tw.Flush()
}

// missMessage explains why a query found nothing.
func missMessage(q query, assigned bool) string {
	what := "registry row"
	if assigned {
		what = "assigned service"
	}
	if !q.isPort() {
		if len(ports.ByName(q.name)) == 0 {
			return fmt.Sprintf("no service named %q", q.name)
		}
		return fmt.Sprintf("service %q has no %s on %s", q.name, what, q.proto)
	}
	where := fmt.Sprint(q.lo)
	if q.lo != q.hi {
		where += fmt.Sprintf("-%d", q.hi)
	}
	if q.proto != ports.NoProtocol {
		where += "/" + q.proto.String()
	} else {
		where = "port " + where + " on any protocol"
	}
	msg := fmt.Sprintf("no %s for %s", what, where)
	switch {
	case q.lo >= dynamicLo:
		msg += " (dynamic port range 49152-65535, never assigned: RFC 6335)"
	case !assigned:
		msg += " (unassigned)"
	}
	return msg
}

// portProto is a record's PORT/PROTO cell.
func portProto(s ports.Service) string {
	if !s.HasPort() {
		return "-"
	}
	if s.Protocol() == ports.NoProtocol {
		return s.Number()
	}
	return s.Number() + "/" + s.Protocol().String()
}

// assigneeNames names the record's assignees, or its contacts when IANA
// lists no assignee: each by name, or by id when the registry has no name.
func assigneeNames(s ports.Service) string {
	ps := s.Assignees()
	if len(ps) == 0 {
		ps = s.Contacts()
	}
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, personName(p))
	}
	return strings.Join(names, ", ")
}

func personName(p ports.Person) string {
	if p.Name() != "" {
		return p.Name()
	}
	return p.ID()
}

// status answers "ports status PORT[/PROTO]...".
func status(o options, stdout io.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("status: give a port, e.g. ports status 4369/tcp")
	}
	var all []portStatus
	for _, a := range o.args {
		q, err := parseQuery(a, o.proto)
		if err != nil {
			return 0, err
		}
		if !q.isPort() {
			return 0, usagef("status: %q is not a port or range (try: ports %s)", a, a)
		}
		for port := int(q.lo); port <= int(q.hi); port++ {
			for _, p := range protocolsOf(q.proto) {
				all = append(all, statusOf(uint16(port), p))
			}
		}
	}
	if o.json {
		type statusJSON struct {
			Port     uint16                  `json:"port"`
			Protocol string                  `json:"protocol"`
			Status   string                  `json:"status"`
			Services []string                `json:"services"`
			Records  []export.DetailedRecord `json:"records"`
		}
		out := make([]statusJSON, 0, len(all))
		for _, st := range all {
			j := statusJSON{Port: st.Port, Protocol: st.Protocol.String(), Status: st.Status,
				Services: append([]string{}, st.Services...), Records: []export.DetailedRecord{}}
			for _, s := range st.Records {
				j.Records = append(j.Records, export.NewDetailedRecord(s))
			}
			out = append(out, j)
		}
		return exitOK, writeJSON(stdout, out)
	}
	tw := newTable(stdout)
	fmt.Fprintln(tw, "PORT/PROTO\tSTATUS\tSERVICES")
	for _, st := range all {
		fmt.Fprintf(tw, "%d/%s\t%s\t%s\n", st.Port, st.Protocol, st.Status, orDash(strings.Join(st.Services, " ")))
	}
	return exitOK, tw.Flush()
}

// personRole is a record a person is assignee or contact of.
type personRole struct {
	s                 ports.Service
	assignee, contact bool
}

func (r personRole) role() string {
	switch {
	case r.assignee && r.contact:
		return "assignee, contact"
	case r.assignee:
		return "assignee"
	}
	return "contact"
}

// rolesByPerson maps each person id to the records citing it.
func rolesByPerson() map[string][]personRole {
	m := map[string][]personRole{}
	for _, s := range ports.All() {
		roles := map[string]*personRole{}
		var order []string
		get := func(id string) *personRole {
			if roles[id] == nil {
				roles[id] = &personRole{s: s}
				order = append(order, id)
			}
			return roles[id]
		}
		for _, p := range s.Assignees() {
			get(p.ID()).assignee = true
		}
		for _, p := range s.Contacts() {
			get(p.ID()).contact = true
		}
		for _, id := range order {
			m[id] = append(m[id], *roles[id])
		}
	}
	return m
}

// findPeople matches a person argument: the exact id; else the id in any
// case; else every person whose id, name or organisation contains it, in
// any case.
func findPeople(arg string) []ports.Person {
	if p, ok := ports.LookupPerson(arg); ok {
		return []ports.Person{p}
	}
	var fold, sub []ports.Person
	needle := strings.ToLower(arg)
	for _, p := range ports.People() {
		switch {
		case strings.EqualFold(p.ID(), arg):
			fold = append(fold, p)
		case strings.Contains(strings.ToLower(p.ID()), needle),
			strings.Contains(strings.ToLower(p.Name()), needle),
			strings.Contains(strings.ToLower(p.Org()), needle):
			sub = append(sub, p)
		}
	}
	if len(fold) > 0 {
		return fold
	}
	return sub
}

// person answers "ports person ID|TEXT...".
func person(o options, stdout, stderr io.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("person: give a person id or a piece of a name, e.g. ports person Mark_Lottor")
	}
	roles := rolesByPerson()
	code := exitOK
	var found []ports.Person
	for _, a := range o.args {
		if strings.TrimSpace(a) == "" {
			return 0, usagef("person: empty argument")
		}
		ps := findPeople(a)
		if len(ps) == 0 {
			fmt.Fprintf(stderr, "ports: no person matches %q\n", a)
			code = exitNotFound
		}
		found = append(found, ps...)
	}
	if o.json {
		type personJSON struct {
			export.Person
			AssigneeOf []export.Record `json:"assignee_of"`
			ContactOf  []export.Record `json:"contact_of"`
		}
		out := make([]personJSON, 0, len(found))
		for _, p := range found {
			j := personJSON{Person: export.NewPerson(p), AssigneeOf: []export.Record{}, ContactOf: []export.Record{}}
			for _, r := range roles[p.ID()] {
				if r.assignee {
					j.AssigneeOf = append(j.AssigneeOf, export.NewRecord(r.s))
				}
				if r.contact {
					j.ContactOf = append(j.ContactOf, export.NewRecord(r.s))
				}
			}
			out = append(out, j)
		}
		return code, writeJSON(stdout, out)
	}
	if len(found) == 0 {
		return code, nil
	}
	if len(found) > 1 {
		tw := newTable(stdout)
		fmt.Fprintln(tw, "ID\tNAME\tORG\tRECORDS")
		for _, p := range found {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", p.ID(), cell(orDash(p.Name())), cell(orDash(p.Org())), len(roles[p.ID()]))
		}
		return code, tw.Flush()
	}
	p := found[0]
	tw := newTable(stdout)
	fmt.Fprintf(tw, "ID\t%s\n", p.ID())
	fmt.Fprintf(tw, "Name\t%s\n", cell(orDash(p.Name())))
	fmt.Fprintf(tw, "Org\t%s\n", cell(orDash(p.Org())))
	fmt.Fprintf(tw, "URI\t%s\n", cell(orDash(strings.Join(p.URIs(), " "))))
	fmt.Fprintf(tw, "Updated\t%s\n", orDash(p.Updated().String()))
	listed := "yes"
	if !p.Listed() {
		listed = "no (cited by records, absent from the people list)"
	}
	fmt.Fprintf(tw, "Listed\t%s\n", listed)
	if err := tw.Flush(); err != nil {
		return code, err
	}
	rs := roles[p.ID()]
	if len(rs) == 0 {
		return code, nil
	}
	fmt.Fprintln(stdout)
	tw = newTable(stdout)
	fmt.Fprintln(tw, "PORT/PROTO\tSERVICE\tSTATUS\tROLE\tDESCRIPTION")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", portProto(r.s), orDash(r.s.Name()), r.s.Status(), r.role(), cell(firstLine(r.s.Description())))
	}
	return code, tw.Flush()
}

// version prints the registry version compiled in.
func version(o options, stdout io.Writer) error {
	m := export.Registry()
	if o.json {
		return writeJSON(stdout, m)
	}
	tw := newTable(stdout)
	fmt.Fprintf(tw, "registry\t%s\n", m.Title)
	fmt.Fprintf(tw, "updated\t%s\n", m.Updated)
	fmt.Fprintf(tw, "sha256\t%s\n", m.SHA256)
	fmt.Fprintf(tw, "records\t%d\n", m.Records)
	fmt.Fprintf(tw, "url\t%s\n", m.URL)
	return tw.Flush()
}

// exporters are the export formats.
var exporters = map[string]func(io.Writer) error{
	"csv":      export.CSV,
	"services": export.Services,
	"json":     export.JSON,
}

// export answers "ports export FORMAT".
func exportCmd(o options, stdout io.Writer) error {
	if len(o.args) != 1 {
		return usagef("export: give one format: csv, services or json")
	}
	write, ok := exporters[o.args[0]]
	if !ok {
		return usagef("export: unknown format %q (want csv, services or json)", o.args[0])
	}
	if o.output == "" {
		return write(stdout)
	}
	return writeFile(o.output, write)
}

// writeFile writes path through a temporary file in the same directory,
// renamed into place once complete.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
}

// cell makes text safe for one table cell: tabs and other control
// characters become spaces.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// firstLine is the first line of s.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}

// sortByPort orders records by their first port, then registry order.
func sortByPort(rs []ports.Service) {
	slices.SortStableFunc(rs, func(a, b ports.Service) int {
		if a.Port() != b.Port() {
			return int(a.Port()) - int(b.Port())
		}
		return a.Index() - b.Index()
	})
}
