// Package registry reads IANA's Service Name and Transport Protocol Port
// Number Registry from its published XML into a lossless in-memory model.
//
// The model keeps every element and attribute the registry uses, in
// document order, together with the line each record starts on, so that
// later stages (the table emitter, the change report, the slow reference
// used by tests) never have to go back to the XML.
package registry

import "slices"

// Namespace is the XML namespace of every IANA registry document.
const Namespace = "http://www.iana.org/assignments"

// RegistryID is the id attribute of the root element of this registry;
// other IANA registries share the namespace and are refused by it.
const RegistryID = "service-names-port-numbers"

// Registry is one parsed registry document.
type Registry struct {
	File     string // the path the document was read from, for messages
	SHA256   string // lower-case hex digest of the exact input bytes
	Size     int64  // bytes read
	ID       string // root id attribute
	Title    string
	Category string
	Updated  string // the registry's <updated> date, YYYY-MM-DD
	Expert   string
	Xrefs    []Xref     // registry-level <xref>s
	Notes    []Note     // registry-level <note>s
	Footnote []Footnote // <footnote anchor=…>
	Records  []Record
	People   []Person
	Warnings []Warning // accepted quirks of real registries
}

// Note is a registry-level note with an optional title.
type Note struct {
	Title string
	Text  Text
}

// Footnote is a numbered footnote, the target of <xref type="note">.
type Footnote struct {
	Anchor string
	Text   Text
}

// Protocols are the transport protocols a record may name, in the
// registry's order: the order in which every report and API of the
// module lists them.
var Protocols = [...]string{"tcp", "udp", "sctp", "dccp"}

// ProtocolRank sorts protocols: 0 for no protocol (""), then 1 to 4 in
// the order of Protocols, and anything else after them all.
func ProtocolRank(p string) int {
	if p == "" {
		return 0
	}
	if i := slices.Index(Protocols[:], p); i >= 0 {
		return i + 1
	}
	return len(Protocols) + 1
}

// Record is one <record>: one row of the registry.
type Record struct {
	Line int // line of the <record> start tag

	Name     string
	Protocol string // "" or one of Protocols

	// Number is the <number> text as written; HasNumber reports whether
	// the element was present. Lo and Hi are its bounds (Lo == Hi for a
	// single port).
	Number    string
	HasNumber bool
	Lo, Hi    int

	Description Text
	Assignee    []Xref // the person xrefs inside <assignee>
	Contact     []Xref // bare person xrefs
	Refs        []Xref // other bare xrefs (rfc, draft, uri, text, note), in order

	Date    string // registration date attribute: YYYY-MM or YYYY-MM-DD
	Updated string // modification date attribute

	ServiceCode  string // DCCP service code <sc>
	Unauthorized Text   // <unauthorized>
	Note         Text   // <note>

}

// Xref is a cross reference. Type is one of person, rfc, draft, uri,
// text or note. Text holds the element's character data (used by
// type="text" references, which carry no data attribute).
type Xref struct {
	Type    string
	Data    string
	Section string
	Text    string
}

// Person is one entry of the <people> list.
type Person struct {
	Line    int
	ID      string
	Name    string
	Org     string
	URIs    []string // usually one mailto: or http(s): URI; a few people have several
	Updated string
}

// Text is mixed content (a description or note): character data
// interleaved with <br/>, <paragraph> and <xref> elements, kept in
// document order so that any rendering can be derived from it.
type Text []Seg

// SegKind is the kind of one piece of mixed content.
type SegKind uint8

// The kinds of mixed-content pieces.
const (
	SegText      SegKind = iota // character data, entities decoded
	SegBreak                    // <br/>
	SegParaStart                // <paragraph>
	SegParaEnd                  // </paragraph>
	SegXref                     // <xref …/>
)

// Seg is one piece of mixed content.
type Seg struct {
	Kind SegKind
	Text string // SegText
	// Xref is set for SegXref only. A pointer keeps every other piece
	// small: text split by many <br/>s is many pieces, and a Seg with the
	// Xref inline would take 88 bytes for each.
	Xref *Xref
}

// Warning is a quirk of a real registry that is accepted but reported.
type Warning struct {
	Line int
	Msg  string
}

// IsEmpty reports whether t holds nothing but white space.
func (t Text) IsEmpty() bool {
	for _, s := range t {
		if s.Kind != SegText {
			return false
		}
		for i := 0; i < len(s.Text); i++ {
			switch s.Text[i] {
			case ' ', '\t', '\n', '\r':
			default:
				return false
			}
		}
	}
	return true
}

// Equal reports whether t and u hold the same pieces, comparing the
// cross references they point at, not the pointers.
func (t Text) Equal(u Text) bool {
	if len(t) != len(u) {
		return false
	}
	for i := range t {
		a, b := t[i], u[i]
		if a.Kind != b.Kind || a.Text != b.Text || (a.Xref == nil) != (b.Xref == nil) || a.Xref != nil && *a.Xref != *b.Xref {
			return false
		}
	}
	return true
}
