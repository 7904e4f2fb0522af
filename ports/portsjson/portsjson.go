// Package portsjson gives the records and people of package ports a JSON
// form: the schema that the ports command writes everywhere (export json,
// --json look-ups, status and person), documented in docs/json.md.
//
// It is a package of its own so that package ports does not import
// encoding/json: a MarshalJSON method on ports.Service would keep every
// table of the registry in any binary that links encoding/json, whether
// it marshals a Service or not, because the linker cannot tell which
// methods reflection will call. Only programs that import portsjson pay
// for the text the JSON form carries.
//
// The values marshal with encoding/json as they are. Every field is
// always present: a scalar the registry leaves out is null (never "" or
// 0), a list it leaves empty is [].
package portsjson

import (
	"iter"

	"github.com/svcreg/ianaports/ports"
)

// Schema is the version of the JSON schema, the "schema" field of every
// document the ports command writes. It changes only when a field is
// removed, renamed or changes meaning; new fields may appear without it
// changing, so readers should ignore fields they do not know.
const Schema = 1

// Registry is the metadata of the registry compiled into package ports.
// OverlaySHA256 is null unless the package holds local names (see
// ports.OverlaySHA256); its local records are not counted in Records.
type Registry struct {
	Title         string  `json:"title"`
	Updated       string  `json:"updated"` // the registry's <updated> date, YYYY-MM-DD
	SHA256        string  `json:"sha256"`  // of the registry XML
	URL           string  `json:"url"`
	Records       int     `json:"records"`   // ports.NumRecords
	TablesID      string  `json:"tables_id"` // ports.TablesID
	OverlaySHA256 *string `json:"overlay_sha256"`
}

// FromRegistry returns the compiled-in registry's metadata.
func FromRegistry() Registry {
	return Registry{
		Title:         ports.RegistryTitle,
		Updated:       ports.RegistryUpdated,
		SHA256:        ports.RegistrySHA256,
		URL:           ports.RegistryURL,
		Records:       ports.NumRecords,
		TablesID:      ports.TablesID,
		OverlaySHA256: opt(ports.OverlaySHA256),
	}
}

// Record is one record of the registry.
//
// Number is the port column as IANA writes it ("80", "6000-6063"), and
// PortLow and PortHigh its bounds (equal for a single port); all three are
// null for a name-only record. Name is null for a Reserved or Unassigned
// row, Protocol for a record naming none. Status is "assigned",
// "reserved" or "unassigned". Registered and Modified are "YYYY-MM-DD" or
// "YYYY-MM". AliasOf is, for a legacy name RFC 6335 no longer allows
// ("matrix_vnet"), the well-formed name that replaced it; Replaces is the
// reverse link, on the well-formed record. Local is true for a local
// record (ports.Service.IsLocal): a name and a port, with the comment of
// its services(5) line as its description.
type Record struct {
	Index        int         `json:"index"` // ports.Service.Index: the position in ports.All()
	Local        bool        `json:"local"`
	Name         *string     `json:"name"`
	Number       *string     `json:"number"`
	PortLow      *uint16     `json:"port_low"`
	PortHigh     *uint16     `json:"port_high"`
	Protocol     *string     `json:"protocol"`
	Status       string      `json:"status"`
	Description  *string     `json:"description"`
	Assignees    []Person    `json:"assignees"`
	Contacts     []Person    `json:"contacts"`
	Registered   *string     `json:"registered"`
	Modified     *string     `json:"modified"`
	References   []Reference `json:"references"`
	ServiceCode  *uint32     `json:"service_code"`
	Unauthorized *string     `json:"unauthorized"`
	Note         *string     `json:"note"`
	AliasOf      *string     `json:"alias_of"`
	Replaces     *string     `json:"replaces"`
}

// FromService converts s. The zero Service gives a Record with index -1.
func FromService(s ports.Service) Record {
	r := Record{
		Index:        s.Index(),
		Local:        s.IsLocal(),
		Name:         opt(s.Name()),
		Protocol:     opt(protocolText(s.Protocol())),
		Status:       s.Status().String(),
		Description:  opt(s.Description()),
		Assignees:    people(s.Assignees()),
		Contacts:     people(s.Contacts()),
		Registered:   opt(s.Registered().String()),
		Modified:     opt(s.Modified().String()),
		References:   []Reference{},
		Unauthorized: opt(s.Unauthorized()),
		Note:         opt(s.Note()),
		AliasOf:      opt(s.AliasOf()),
		Replaces:     opt(s.Replaces()),
	}
	if s.HasPort() {
		lo, hi := s.PortRange()
		r.Number, r.PortLow, r.PortHigh = opt(s.Number()), &lo, &hi
	}
	for ref := range s.References() {
		r.References = append(r.References, FromReference(ref))
	}
	if c, ok := s.ServiceCode(); ok {
		r.ServiceCode = &c
	}
	return r
}

// Person is an entry of the registry's people list, or an id that records
// cite but the list lacks (Listed false, everything but the id null;
// ports.Person.IsListed).
// Name is a person's name; an organisation often has only Org.
type Person struct {
	ID      string   `json:"id"`
	Name    *string  `json:"name"`
	Org     *string  `json:"org"`
	URIs    []string `json:"uris"`
	Updated *string  `json:"updated"` // YYYY-MM-DD or YYYY-MM
	Listed  bool     `json:"listed"`
}

// FromPerson converts p.
func FromPerson(p ports.Person) Person {
	uris := []string{}
	for u := range p.URIs() {
		uris = append(uris, u)
	}
	return Person{
		ID:      p.ID(),
		Name:    opt(p.Name()),
		Org:     opt(p.Org()),
		URIs:    uris,
		Updated: opt(p.Updated().String()),
		Listed:  p.IsListed(),
	}
}

func people(ps iter.Seq[ports.Person]) []Person {
	out := []Person{}
	for p := range ps {
		out = append(out, FromPerson(p))
	}
	return out
}

// Reference is one reference of a record. Type is "rfc", "draft", "uri",
// "text" or "note"; Label is how IANA prints it ("[RFC6335]"). Data is
// null for a text reference, whose content is Text.
type Reference struct {
	Type    string  `json:"type"`
	Data    *string `json:"data"`
	Section *string `json:"section"`
	Text    *string `json:"text"`
	Label   string  `json:"label"`
}

// FromReference converts r.
func FromReference(r ports.Reference) Reference {
	return Reference{
		Type:    r.Type().String(),
		Data:    opt(r.Data()),
		Section: opt(r.Section()),
		Text:    opt(r.Text()),
		Label:   r.String(),
	}
}

// protocolText is p as its MarshalText writes it: "" for a record naming
// no protocol, whose String is "any".
func protocolText(p ports.Protocol) string {
	b, _ := p.MarshalText()
	return string(b)
}

// opt is s, or nil (JSON null) for "": package ports answers "" for what
// the registry leaves out.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
