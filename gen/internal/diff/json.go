package diff

import (
	"bytes"
	"encoding/json"

	"github.com/svcreg/ianaports/internal/registry"
)

// The JSON object's types. Their keys are documented on JSONSchema and in
// REPORT.md; a key is never omitted and a list is never null, so that a
// tool can index without checking.

type jsonReport struct {
	Schema             int                `json:"schema"`
	Old                Version            `json:"old"`
	New                Version            `json:"new"`
	Summary            string             `json:"summary"`
	Breaking           int                `json:"breaking"`
	Changed            bool               `json:"changed"`
	Warnings           []string           `json:"warnings"`
	CSV                jsonCSV            `json:"csv"`
	PrimaryRule        string             `json:"primary_rule"`
	NamesRemoved       []string           `json:"names_removed"`
	PortsLost          []NameProtocol     `json:"ports_lost"`
	PrimaryChanged     []PrimaryChange    `json:"primary_changed"`
	ProtocolsLost      []NameProtocol     `json:"protocols_lost"`
	AssignmentsRemoved []Assignment       `json:"assignments_removed"`
	AssignmentsAdded   []Assignment       `json:"assignments_added"`
	NamesAdded         []string           `json:"names_added"`
	RegistryFields     []FieldChange      `json:"registry_fields"`
	PortChanges        []jsonPortGroup    `json:"port_changes"`
	Renamed            []jsonRecordChange `json:"renamed"`
	Modified           []jsonRecordChange `json:"modified"`
	RecordsAdded       []jsonRecord       `json:"records_added"`
	RecordsRemoved     []jsonRecord       `json:"records_removed"`
	PeopleAdded        []jsonPerson       `json:"people_added"`
	PeopleRemoved      []jsonPerson       `json:"people_removed"`
	PeopleChanged      []jsonPersonChange `json:"people_changed"`
}

type jsonCSV struct {
	Status string `json:"status"`
	Row    int    `json:"row"`
	IANA   string `json:"iana"`
	Ours   string `json:"ours"`
	Error  string `json:"error"`
}

type jsonRecord struct {
	Line        int    `json:"line"`
	Name        string `json:"name"`
	Protocol    string `json:"protocol"`
	Number      string `json:"number"`
	Description string `json:"description"`
}

type jsonRecordChange struct {
	Old    jsonRecord    `json:"old"`
	New    jsonRecord    `json:"new"`
	Fields []FieldChange `json:"fields"`
}

type jsonPortGroup struct {
	Ports  []jsonPortChange `json:"ports"`
	Old    []jsonRecord     `json:"old"`
	New    []jsonRecord     `json:"new"`
	Fields []FieldChange    `json:"fields"`
}

type jsonPortChange struct {
	Protocol string   `json:"protocol"`
	Number   string   `json:"number"`
	Old      []string `json:"old"`
	New      []string `json:"new"`
}

type jsonPerson struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Org     string   `json:"org"`
	URIs    []string `json:"uris"`
	Updated string   `json:"updated"`
}

type jsonPersonChange struct {
	ID     string        `json:"id"`
	Fields []FieldChange `json:"fields"`
}

func (r *Report) json() ([]byte, error) {
	out := jsonReport{
		Schema:             JSONSchema,
		Old:                r.Old,
		New:                r.New,
		Summary:            r.Summary(),
		Breaking:           r.Breaking(),
		Changed:            r.Changed(),
		Warnings:           nonNil(r.Warnings()),
		CSV:                jsonCSV{r.CSV.Status.String(), r.CSV.Row, r.CSV.IANA, r.CSV.Ours, r.CSV.Err},
		PrimaryRule:        PrimaryRule,
		NamesRemoved:       nonNil(r.NamesRemoved),
		PortsLost:          nonNil(r.PortsLost),
		PrimaryChanged:     nonNil(r.PrimaryChanged),
		ProtocolsLost:      nonNil(r.ProtocolsLost),
		AssignmentsRemoved: nonNil(r.AssignmentsRemoved),
		AssignmentsAdded:   nonNil(r.AssignmentsAdded),
		NamesAdded:         nonNil(r.NamesAdded),
		RegistryFields:     nonNil(r.Meta),
		PortChanges:        []jsonPortGroup{},
		Renamed:            recordChanges(r.Renamed),
		Modified:           recordChanges(r.Modified),
		RecordsAdded:       records(r.Added),
		RecordsRemoved:     records(r.Removed),
		PeopleAdded:        people(r.PeopleAdded),
		PeopleRemoved:      people(r.PeopleRemoved),
		PeopleChanged:      []jsonPersonChange{},
	}
	for _, g := range r.Reassigned {
		jg := jsonPortGroup{Old: records(g.Old), New: records(g.New), Fields: nonNil(g.Fields)}
		for _, pc := range g.Ports {
			jg.Ports = append(jg.Ports, jsonPortChange{pc.Protocol, portRange(pc.Lo, pc.Hi), nonNil(pc.Old), nonNil(pc.New)})
		}
		out.PortChanges = append(out.PortChanges, jg)
	}
	for _, c := range r.PeopleChanged {
		out.PeopleChanged = append(out.PeopleChanged, jsonPersonChange{c.New.ID, c.Fields})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep "&" in IANA's mailto:a&b.org and "<" in text as they are
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func records(recs []registry.Record) []jsonRecord {
	out := make([]jsonRecord, len(recs))
	for i := range recs {
		x := &recs[i]
		out[i] = jsonRecord{x.Line, x.Name, x.Protocol, x.Number, plain(x.Description)}
	}
	return out
}

func recordChanges(cs []RecordChange) []jsonRecordChange {
	out := make([]jsonRecordChange, len(cs))
	for i := range cs {
		r := records([]registry.Record{cs[i].Old, cs[i].New})
		out[i] = jsonRecordChange{r[0], r[1], nonNil(cs[i].Fields)}
	}
	return out
}

func people(ps []registry.Person) []jsonPerson {
	out := make([]jsonPerson, len(ps))
	for i, p := range ps {
		out[i] = jsonPerson{p.ID, p.Name, p.Org, nonNil(p.URIs), p.Updated}
	}
	return out
}
