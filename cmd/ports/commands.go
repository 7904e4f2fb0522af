package main

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/cmd/ports/internal/export"
	"github.com/svcreg/ianaports/internal/atomicfile"
	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/ports"
	"github.com/svcreg/ianaports/ports/portsjson"
)

// jsonSchema is the schema version of the JSON output, for the help.
const jsonSchema = portsjson.Schema

// lookup answers port, range and name queries.
func lookup(o options, stdout *bufio.Writer, stderr io.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("nothing to look up: give a port, a range or a service name (ports 80, ports http)")
	}
	queries := make([]query, 0, len(o.args))
	for _, a := range o.args {
		q, err := parseQuery(a, o.protos)
		if err != nil {
			return 0, err
		}
		queries = append(queries, q)
	}
	matches := func(q query) iter.Seq[ports.Service] {
		return func(yield func(ports.Service) bool) {
			for s := range find(q) {
				if (!o.assigned || s.Status() == ports.Assigned) && !yield(s) {
					return
				}
			}
		}
	}
	// Misses first: finding out stops at a query's first record.
	code := exitOK
	for _, q := range queries {
		if isEmpty(matches(q)) {
			clip.Fprintln(stderr, "ports: ", missMessage(q, o.assigned))
			code = exitNotFound
		}
	}
	all := concat(queries, matches)
	if o.json {
		j := export.NewJSONWriter(stdout)
		j.List("records")
		for s := range all {
			j.Elem(portsjson.FromService(s))
		}
		return code, j.Close()
	}
	t := newTable(stdout, o, "PORT/PROTO", "SERVICE", "STATUS", "DESCRIPTION", "ASSIGNEE").flexible(3, 4)
	writeTable(t, all, func(c []string, s ports.Service) []string {
		return append(c, portProto(s), orDash(s.Name()), s.Status().String(),
			orDash(firstLine(s.Description())), orDash(assigneeNames(s)))
	})
	return code, nil
}

// concat yields the items of each query's sequence, query after query.
func concat[T any](queries []query, seq func(query) iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, q := range queries {
			for x := range seq(q) {
				if !yield(x) {
					return
				}
			}
		}
	}
}

func isEmpty[T any](seq iter.Seq[T]) bool {
	for range seq {
		return false
	}
	return true
}

// missMessage explains why a query found nothing.
func missMessage(q query, assigned bool) string {
	what := "registry row"
	if assigned {
		what = "assigned service"
	}
	if !q.isPort() {
		if isEmpty(ports.ByName(q.name)) {
			return fmt.Sprintf("no service named %s", clip.Quote(q.name))
		}
		return fmt.Sprintf("service %s has no %s on %s", clip.Quote(q.name), what, q.protos)
	}
	where := strconv.Itoa(int(q.lo))
	if q.lo != q.hi {
		where += fmt.Sprintf("-%d", q.hi)
	}
	switch {
	case q.protos == 0:
		where = "port " + where + " on any protocol"
	case len(q.protos.list()) == 1:
		where += "/" + q.protos.String()
	default:
		where = "port " + where + " on " + q.protos.String()
	}
	msg := fmt.Sprintf("no %s for %s", what, where)
	switch {
	case q.lo >= firstDynamic:
		msg += " (dynamic port range 49152-65535, never assigned: RFC 6335)"
	case !assigned:
		msg += " (unassigned)"
	}
	return msg
}

// firstDynamic is the first of the Dynamic and/or Private Ports (RFC
// 6335, section 6), never assigned: ports.PortStatus's Dynamic.
const firstDynamic = 49152

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
// lists no assignee, as Person.String shows them (organisations by name,
// not by an id such as "_3GPP_2"); "local" for a local record, which has
// neither.
func assigneeNames(s ports.Service) string {
	if s.IsLocal() {
		return "local"
	}
	ps := s.Assignees()
	if isEmpty(ps) {
		ps = s.Contacts()
	}
	var names []string
	for p := range ps {
		names = append(names, p.String())
	}
	return strings.Join(names, ", ")
}

// status answers "ports status PORT[/PROTO]...".
func status(o options, stdout *bufio.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("status: give a port, e.g. ports status 4369/tcp")
	}
	var queries []query
	for _, a := range o.args {
		q, err := parseQuery(a, o.protos)
		if err != nil {
			return 0, err
		}
		if !q.isPort() {
			return 0, usagef("status: %s is not a port or range (try: ports %s)", clip.Quote(a), clip.Bare(a))
		}
		queries = append(queries, q)
	}
	all := concat(queries, statuses)
	if o.json {
		j := export.NewJSONWriter(stdout)
		j.List("ports")
		for st := range all {
			e := export.PortStatus{Port: st.port, Protocol: st.protocol.String(), Status: st.status.String(),
				Services: st.services(), Records: make([]portsjson.Record, 0, len(st.records))}
			for _, s := range st.records {
				e.Records = append(e.Records, portsjson.FromService(s))
			}
			j.Elem(e)
		}
		return exitOK, j.Close()
	}
	t := newTable(stdout, o, "PORT/PROTO", "STATUS", "SERVICES").flexible(2)
	writeTable(t, all, func(c []string, st portStatus) []string {
		return append(c, strconv.Itoa(int(st.port))+"/"+st.protocol.String(), st.status.String(), orDash(strings.Join(st.services(), " ")))
	})
	return exitOK, nil
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
	for s := range ports.All() {
		roles := map[string]*personRole{}
		var order []string
		get := func(id string) *personRole {
			if roles[id] == nil {
				roles[id] = &personRole{s: s}
				order = append(order, id)
			}
			return roles[id]
		}
		for p := range s.Assignees() {
			get(p.ID()).assignee = true
		}
		for p := range s.Contacts() {
			get(p.ID()).contact = true
		}
		for _, id := range order {
			m[id] = append(m[id], *roles[id])
		}
	}
	return m
}

// findPeople matches a person argument: the id, as ports.LookupPerson
// finds it (exact, else the one id equal in any case); else every person
// whose id, name or organisation contains it, in any case (so an id that
// several ids equal in any case, "seiko_epson", lists them all).
func findPeople(arg string) []ports.Person {
	if p, ok := ports.LookupPerson(arg); ok {
		return []ports.Person{p}
	}
	var sub []ports.Person
	needle := strings.ToLower(arg)
	for p := range ports.People() {
		if strings.Contains(strings.ToLower(p.ID()), needle) ||
			strings.Contains(strings.ToLower(p.Name()), needle) ||
			strings.Contains(strings.ToLower(p.Org()), needle) {
			sub = append(sub, p)
		}
	}
	return sub
}

// person answers "ports person ID|TEXT...".
func person(o options, stdout *bufio.Writer, stderr io.Writer) (int, error) {
	if len(o.args) == 0 {
		return 0, usagef("person: give a person id or a piece of a name, e.g. ports person Mark_Lottor")
	}
	for _, a := range o.args {
		if strings.TrimSpace(a) == "" {
			return 0, usagef("person: empty argument")
		}
	}
	roles := rolesByPerson()
	code := exitOK
	var found []ports.Person
	for _, a := range o.args {
		ps := findPeople(a)
		if len(ps) == 0 {
			clip.Fprintln(stderr, "ports: no person matches ", clip.Quote(a))
			code = exitNotFound
		}
		found = append(found, ps...)
	}
	if o.json {
		j := export.NewJSONWriter(stdout)
		j.List("people")
		for _, p := range found {
			e := export.PersonRecords{Person: portsjson.FromPerson(p), AssigneeOf: []portsjson.Record{}, ContactOf: []portsjson.Record{}}
			for _, r := range roles[p.ID()] {
				if r.assignee {
					e.AssigneeOf = append(e.AssigneeOf, portsjson.FromService(r.s))
				}
				if r.contact {
					e.ContactOf = append(e.ContactOf, portsjson.FromService(r.s))
				}
			}
			j.Elem(e)
		}
		return code, j.Close()
	}
	if len(found) == 0 {
		return code, nil
	}
	if len(found) > 1 {
		t := newTable(stdout, o, "ID", "NAME", "ORG", "RECORDS").flexible(1, 2)
		writeTable(t, slices.Values(found), func(c []string, p ports.Person) []string {
			return append(c, p.ID(), orDash(p.Name()), orDash(p.Org()), strconv.Itoa(len(roles[p.ID()])))
		})
		return code, nil
	}
	p := found[0]
	listed := "yes"
	if !p.IsListed() {
		listed = "no (cited by records, absent from the people list)"
	}
	keyValues(stdout, o,
		"ID", p.ID(),
		"Name", orDash(p.Name()),
		"Org", orDash(p.Org()),
		"URI", orDash(strings.Join(slices.Collect(p.URIs()), " ")),
		"Updated", orDash(p.Updated().String()),
		"Listed", listed)
	if rs := roles[p.ID()]; len(rs) > 0 {
		stdout.WriteByte('\n')
		t := newTable(stdout, o, "PORT/PROTO", "SERVICE", "STATUS", "ROLE", "DESCRIPTION").flexible(4)
		writeTable(t, slices.Values(rs), func(c []string, r personRole) []string {
			return append(c, portProto(r.s), orDash(r.s.Name()), r.s.Status().String(), r.role(), orDash(firstLine(r.s.Description())))
		})
	}
	return code, nil
}

// keyValues writes pairs of key and value as a two-column table without
// header.
func keyValues(w *bufio.Writer, o options, kv ...string) {
	t := newTable(w, o, "", "").flexible(1)
	pairs := func(yield func([2]string) bool) {
		for i := 0; i+1 < len(kv); i += 2 {
			if !yield([2]string{kv[i], kv[i+1]}) {
				return
			}
		}
	}
	writeTable(t, pairs, func(c []string, p [2]string) []string { return append(c, p[0], p[1]) })
}

// version prints the registry version compiled in.
func version(o options, stdout *bufio.Writer) error {
	if o.json {
		return export.NewJSONWriter(stdout).Close()
	}
	m := portsjson.FromRegistry()
	kv := []string{
		"registry", m.Title,
		"updated", m.Updated,
		"sha256", m.SHA256,
		"records", strconv.Itoa(m.Records),
		"url", m.URL,
		"tables_id", m.TablesID,
	}
	if m.OverlaySHA256 != nil {
		kv = append(kv, "local", strconv.Itoa(ports.NumLocal)+" names from an overlay of sha256 "+*m.OverlaySHA256)
	}
	keyValues(stdout, o, kv...)
	return nil
}

// exporters are the export formats.
var exporters = map[string]func(io.Writer) error{
	"csv":      export.CSV,
	"services": export.Services,
	"json":     export.JSON,
}

// exportCmd answers "ports export FORMAT".
func exportCmd(o options, stdout io.Writer) error {
	if len(o.args) != 1 {
		return usagef("export: give one format: csv, services or json")
	}
	write, ok := exporters[o.args[0]]
	if !ok {
		return usagef("export: unknown format %s (want csv, services or json)", clip.Quote(o.args[0]))
	}
	if o.output == "" || o.output == "-" {
		return write(stdout)
	}
	return writeFile(o.output, write)
}

// writeFile writes the output file path through atomicfile: a regular
// file (or a new one) is replaced by rename once complete, a symbolic
// link's target likewise, and a special file (a pipe, /dev/stdout) is
// written in place.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", clip.Path(path), err)
	}
	return f.Commit()
}
