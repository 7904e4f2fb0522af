// Package api is the hand-written half of the generated ports package.
//
// It is compiled and tested here against tables.go, generated from the
// small fixture registry in ../testdata; the generator embeds this file
// and writes it next to the tables it emits, with this package clause
// and comment replaced by the generated package's own. Everything this
// file uses that depends on the registry (tables, index types, hash
// constants, bit widths) is declared in tables.go.
package api

import (
	"errors"
	"iter"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Protocol is a transport protocol of the registry.
type Protocol uint8

// The transport protocols the registry assigns ports on. As an argument
// of a look-up, NoProtocol means any protocol, as a NULL protocol does
// for getservbyname(3); as a record's Protocol, it means that the record
// names none (most service-name-only records, and unassigned ranges that
// cover every protocol), and such a record counts for every protocol.
const (
	NoProtocol Protocol = iota
	TCP
	UDP
	SCTP
	DCCP
)

// String returns the registry's lower-case name: "tcp", "udp", "sctp",
// "dccp", or "any" for NoProtocol.
func (p Protocol) String() string {
	switch p {
	case TCP:
		return "tcp"
	case UDP:
		return "udp"
	case SCTP:
		return "sctp"
	case DCCP:
		return "dccp"
	case NoProtocol:
		return "any"
	}
	return "Protocol(" + strconv.Itoa(int(p)) + ")"
}

// ErrUnknownProtocol is the error ParseProtocol wraps.
var ErrUnknownProtocol = errors.New("unknown transport protocol")

// protocolError is ParseProtocol's error: one line naming the input.
type protocolError struct{ s string }

func (e *protocolError) Error() string {
	return "ports: unknown transport protocol " + strconv.QuoteToASCII(e.s) + " (want tcp, udp, sctp or dccp)"
}

func (e *protocolError) Unwrap() error { return ErrUnknownProtocol }

// ParseProtocol reads "tcp", "udp", "sctp" or "dccp" with ASCII letters
// in any case, as RFC 6335 compares names; other bytes must match
// exactly, so "\u017fctp" (with U+017F LATIN SMALL LETTER LONG S) is not
// SCTP. The error wraps ErrUnknownProtocol.
func ParseProtocol(s string) (Protocol, error) {
	for p := TCP; p <= DCCP; p++ {
		if equalFoldASCII(s, p.String()) {
			return p, nil
		}
	}
	return NoProtocol, &protocolError{s}
}

// MarshalText implements encoding.TextMarshaler: the protocol's String,
// but "" for NoProtocol, as a record that names no protocol has none. A
// value that is no protocol is an error.
func (p Protocol) MarshalText() ([]byte, error) {
	switch {
	case p > DCCP:
		return nil, errors.New("ports: cannot marshal " + p.String())
	case p == NoProtocol:
		return []byte{}, nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler as ParseProtocol
// reads, and takes "" as NoProtocol, so that every value MarshalText
// writes reads back. On an error *p is left as it was.
func (p *Protocol) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = NoProtocol
		return nil
	}
	q, err := ParseProtocol(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Status classifies a registry row (Service.Status) or a port on a
// protocol (PortStatus).
type Status uint8

// A row is Assigned when it carries a service name (local records
// included), Unassigned when it is a nameless row whose description,
// without surrounding blanks, is "Unassigned" in any ASCII case, and
// Reserved for every other nameless row ("Reserved", "De-registered",
// "Removed", private-use ranges): those numbers are not free for use.
// Dynamic is a port of the Dynamic and/or Private Ports, 49152-65535
// (RFC 6335, section 6), that no assignment or Reserved row covers; only
// PortStatus answers it.
// NoStatus is the status of the zero Service, which is no row at all,
// and PortStatus's answer for an invalid protocol.
const (
	NoStatus Status = iota
	Assigned
	Reserved
	Unassigned
	Dynamic
)

var statusNames = [...]string{"none", "assigned", "reserved", "unassigned", "dynamic"}

// String returns "assigned", "reserved", "unassigned" or "dynamic", and
// "none" for NoStatus.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText implements encoding.TextMarshaler: the status's String. A
// value that is no status is an error.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, errors.New("ports: cannot marshal " + s.String())
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: it reads what
// String writes, ASCII letters in any case. On an error *s is left as it
// was.
func (s *Status) UnmarshalText(text []byte) error {
	for i, name := range statusNames {
		if equalFoldASCII(string(text), name) {
			*s = Status(i)
			return nil
		}
	}
	return errors.New("ports: unknown status " + strconv.QuoteToASCII(string(text)) + " (want none, assigned, reserved, unassigned or dynamic)")
}

// Service is one record: a row of IANA's table, or a local name compiled
// in from a services(5) file (see IsLocal). It is a small value (an
// index into the compiled tables); copying it is free, its accessors
// read the tables directly, and nothing a caller does with it changes
// what the package answers.
//
// The zero Service is no record: IsZero reports true, Status is
// NoStatus, IsAssigned is false, String is "<none>", the other accessors
// return zero values and Index returns -1. The look-up functions return
// it on a miss, together with false, and their iterators yield nothing.
type Service struct{ i recIndex }

// IsZero reports whether s is the zero Service, which is no record.
func (s Service) IsZero() bool { return s.i == 0 }

// flags reads the record's flags byte; see recFlags for the layout.
func (s Service) flags() uint8 { return recFlags[s.i] }

// Index is the record's position in All, or -1 for the zero Service:
// the registry's records come first, in registry order, then the local
// ones.
func (s Service) Index() int { return int(s.i) - 1 }

// IsLocal reports whether the record is a local name, compiled in from
// a services(5) file of the site's own names rather than from IANA's
// registry (OverlaySHA256 identifies the file). A local record is an
// assignment of its name on one port and protocol; its Description is
// the comment of its line in that file, and its other fields are empty.
// Its Name is spelled as the name's first record spells it: IANA's, when
// the file writes a registered name in another case.
func (s Service) IsLocal() bool { return NumLocal > 0 && int(s.i) > NumRecords }

// Name is the service name as the registry spells it (a local name IANA
// does not register: as its services(5) file does), or "" for a
// Reserved or Unassigned row.
func (s Service) Name() string {
	v := recName[s.i]
	if v == 0 {
		return ""
	}
	slot := uint32(v>>nameRefShift) - 1
	if v&nameSpelled != 0 {
		return spelledName(slot)
	}
	// The slot's row locates the name, lower-cased (this one has no
	// capitals), in nameBlob: a substring of it, without copying it.
	row := slotIndex[slot&slotMask]
	off := uint32(row>>rowOffShift) & rowOffMask
	return nameBlob[off : off+uint32(row)&rowLenMask]
}

// spelledName returns the exact spelling of the name in slot: the names
// nameBlob cannot give, because they hold capitals or are compared
// exactly (see findExact), are listed in spelledSlots.
func spelledName(slot uint32) string {
	lo := search(spelledSlots[:], slot)
	if lo == len(spelledSlots) || uint32(spelledSlots[lo]) != slot {
		return ""
	}
	return spelledNames[spelledOff[lo]:spelledOff[lo+1]]
}

// search is the position of the first element of the sorted table xs
// that is not below v, or len(xs).
func search[T ~uint16 | ~uint32](xs []T, v uint32) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if uint32(xs[m]) < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Protocol is the record's transport protocol; NoProtocol when the row
// names none.
func (s Service) Protocol() Protocol { return Protocol(s.flags() & flagProtoMask) }

// HasPort reports whether the record carries a port number or range.
// Service-name-only records (DNS-SD names) have none.
func (s Service) HasPort() bool { return s.flags()>>flagKindShift != kindNoPort }

// Port is the first port of the record's number or range, 0 when it has
// none (see HasPort).
func (s Service) Port() uint16 { return recPort[s.i] }

// PortRange is the record's range of ports; Lo == Hi for a single port,
// and both are 0 when the record has no port.
func (s Service) PortRange() (lo, hi uint16) {
	lo = recPort[s.i]
	if s.flags()>>flagKindShift != kindRange {
		return lo, lo
	}
	k, _ := sparse(rangeRecs[:], s.i)
	return lo, rangeHi[k]
}

// IsRange reports whether the record covers more than one port.
func (s Service) IsRange() bool { return s.flags()>>flagKindShift == kindRange }

// Number is the port column as IANA writes it: "80", "6000-6063", or ""
// when the record has no port (a handful of single ports are written as
// ranges, "4748-4748", and are kept so). It allocates.
func (s Service) Number() string {
	switch s.flags() >> flagKindShift {
	case kindNoPort:
		return ""
	case kindSingle:
		return strconv.Itoa(int(recPort[s.i]))
	}
	lo, hi := s.PortRange()
	return strconv.Itoa(int(lo)) + "-" + strconv.Itoa(int(hi))
}

// Status says whether the row is an assignment or a Reserved or
// Unassigned row (never Dynamic, a status of ports); NoStatus for the
// zero Service.
func (s Service) Status() Status { return Status(s.flags() >> flagStatusShift & flagStatusMask) }

// IsAssigned reports whether the row assigns a service name.
func (s Service) IsAssigned() bool { return s.Status() == Assigned }

// Description is the record's description as IANA renders it in its CSV
// (inline references written as [Id], line breaks kept), or "". A build
// of this package that leaves out the texts (its package doc says so)
// holds only the descriptions of nameless rows, "Reserved" or
// "Unassigned".
func (s Service) Description() string { return text(recDesc[s.i]) }

// Note is the record's assignment note, or "" (always "" in a build
// without texts).
func (s Service) Note() string {
	if k, ok := sparse(noteRecs[:], s.i); ok {
		return text(noteText[k])
	}
	return ""
}

// Unauthorized is the record's "unauthorized use reported" text, or ""
// (always "" in a build that leaves out the texts).
func (s Service) Unauthorized() string {
	if k, ok := sparse(unauthRecs[:], s.i); ok {
		return text(unauthText[k])
	}
	return ""
}

// AliasOf is, for a legacy record whose name RFC 6335 syntax no longer
// allows ("matrix_vnet"), the well-formed name that replaced it
// ("matrix-vnet"); "" for every other record. Both names stay registered
// and resolve, so configurations written with either keep working.
func (s Service) AliasOf() string {
	if k, ok := sparse(aliasRecs[:], s.i); ok {
		return text(aliasText[k])
	}
	return ""
}

// Replaces is, for a record whose well-formed name IANA assigned in place
// of a legacy one, that legacy name ("matrix_vnet" for "matrix-vnet");
// "" for every other record.
func (s Service) Replaces() string {
	if k, ok := sparse(replacesRecs[:], s.i); ok {
		return text(replacesText[k])
	}
	return ""
}

// ServiceCode is the record's DCCP service code (RFC 4340, section
// 19.8), and whether it has one.
func (s Service) ServiceCode() (uint32, bool) {
	if k, ok := sparse(scRecs[:], s.i); ok {
		return scValue[k], true
	}
	return 0, false
}

// Registered is the record's registration date, zero when unrecorded.
func (s Service) Registered() Date { return Date{uint16(datePairs[recDates[s.i]])} }

// Modified is the record's last modification date, zero when
// unrecorded.
func (s Service) Modified() Date { return Date{uint16(datePairs[recDates[s.i]] >> 16)} }

// Assignees yields the people or organisations the record is assigned
// to, from its <assignee> element; nothing in a build that leaves out
// the people (its package doc says so).
func (s Service) Assignees() iter.Seq[Person] {
	return func(yield func(Person) bool) { yieldAll(s.assignees(), yield) }
}

// Contacts yields the record's contacts: the person references that
// stand outside <assignee>. IANA's own CSV shows such a reference in
// both its Assignee and Contact columns when the record has no
// <assignee>. Nothing in a build that leaves out the people.
func (s Service) Contacts() iter.Seq[Person] {
	return func(yield func(Person) bool) { yieldAll(s.contacts(), yield) }
}

func (s Service) assignees() []Person {
	v := peopleLists[recPeople[s.i]]
	start := v >> peopleStartShift
	return personRefs[start : start+v>>peopleAssigneeShift&peopleCountMask]
}

func (s Service) contacts() []Person {
	v := peopleLists[recPeople[s.i]]
	start := v>>peopleStartShift + v>>peopleAssigneeShift&peopleCountMask
	return personRefs[start : start+v&peopleCountMask]
}

// References yields the record's references (RFCs, drafts, URIs, free
// text, footnotes), in registry order; nothing in a build that leaves
// out the texts.
func (s Service) References() iter.Seq[Reference] {
	return func(yield func(Reference) bool) {
		// Reference k+1 is the k-th of refRecs.
		lo, hi := span(refRecs[:], s.i)
		for k := lo; k < hi; k++ {
			if !yield(Reference{refIndex(k + 1)}) {
				return
			}
		}
	}
}

// yieldAll yields the elements of a table's slice, which never leaves
// the package: callers get copies of its values, one at a time.
func yieldAll[T any](list []T, yield func(T) bool) {
	for _, x := range list {
		if !yield(x) {
			return
		}
	}
}

// String renders the record as "name port/proto", e.g. "http 80/tcp";
// a nameless row shows its status in place of the name ("unassigned
// 4337-4339"), and the zero Service is "<none>".
func (s Service) String() string {
	if s.i == 0 {
		return "<none>"
	}
	var b strings.Builder
	b.WriteString(s.Name())
	if s.Name() == "" {
		b.WriteString(s.Status().String())
	}
	if s.HasPort() {
		b.WriteByte(' ')
		b.WriteString(s.Number())
	}
	if p := s.Protocol(); p != NoProtocol {
		if s.HasPort() {
			b.WriteByte('/')
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Date is a registry date. Older records give only a year and month,
// in which case Day is 0. The zero Date means "no date recorded".
type Date struct{ v uint16 }

// IsZero reports whether no date is recorded.
func (d Date) IsZero() bool { return d.v == 0 }

// Year of the date, or 0 for the zero Date.
func (d Date) Year() int {
	if d.v == 0 {
		return 0
	}
	return dateEpoch + int(d.v>>(dateDayBits+dateMonthBits))
}

// Month of the date, January to December, or 0 for the zero Date.
func (d Date) Month() time.Month { return time.Month(d.v >> dateDayBits & (1<<dateMonthBits - 1)) }

// Day of the month, or 0 when the registry records only the month.
func (d Date) Day() int { return int(d.v & (1<<dateDayBits - 1)) }

// String writes the date as the registry does: "2006-01-02", "2006-01",
// or "" for the zero Date.
func (d Date) String() string {
	if d.v == 0 {
		return ""
	}
	var b [10]byte
	y, m, day := d.Year(), int(d.Month()), d.Day()
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[4], b[5], b[6] = '-', byte('0'+m/10), byte('0'+m%10)
	if day == 0 {
		return string(b[:7])
	}
	b[7], b[8], b[9] = '-', byte('0'+day/10), byte('0'+day%10)
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler: the date as String
// writes it, "" for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler: it reads
// "2006-01-02", "2006-01" (Day 0) or "" (the zero Date). The date must
// exist, and its year lie in the range the tables hold, 1970-2097. On an
// error *d is left as it was.
func (d *Date) UnmarshalText(text []byte) error {
	s := string(text)
	if s == "" {
		*d = Date{}
		return nil
	}
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	bad := func(why string) error {
		return errors.New("ports: date " + strconv.QuoteToASCII(s) + " " + why)
	}
	if (len(s) != 7 && len(s) != 10) || s[4] != '-' || len(s) == 10 && s[7] != '-' {
		return bad("is not YYYY-MM-DD or YYYY-MM")
	}
	y, m, day := num(0, 4), num(5, 7), 0
	if len(s) == 10 {
		day = num(8, 10)
	}
	if y < 0 || m < 0 || day < 0 {
		return bad("is not YYYY-MM-DD or YYYY-MM")
	}
	if m < 1 || m > 12 || len(s) == 10 && (day < 1 || day > daysIn(y, m)) {
		return bad("does not exist")
	}
	const yearBits = 16 - dateDayBits - dateMonthBits
	if y < dateEpoch || y-dateEpoch >= 1<<yearBits {
		return bad("is outside the years the tables hold, " + strconv.Itoa(dateEpoch) + "-" + strconv.Itoa(dateEpoch+1<<yearBits-1))
	}
	d.v = uint16(y-dateEpoch)<<(dateDayBits+dateMonthBits) | uint16(m)<<dateDayBits | uint16(day)
	return nil
}

// daysIn is the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Person is an entry of the registry's people list: an assignee or
// contact. References to ids the list lacks still resolve, to a Person
// with only an ID (IsListed reports false).
//
// The zero Person is no entry: IsZero reports true and its accessors
// return zero values.
type Person struct{ i personIndex }

// IsZero reports whether p is the zero Person, which is no entry.
func (p Person) IsZero() bool { return p.i == 0 }

// ID is the person's registry id, as written in [brackets] by IANA.
func (p Person) ID() string { return text(personID[p.i]) }

// Name is the person's or organisation's name. Most names are stored as
// their id, which writes "_" for each space; for those Name allocates.
func (p Person) Name() string {
	v := personName[p.i]
	if v&textFlag != 0 {
		return strings.ReplaceAll(p.ID(), "_", " ")
	}
	return text(v >> textFlagBits)
}

// Org is the organisation the person belongs to, or "".
func (p Person) Org() string { return text(personOrg[p.i]) }

// uris returns the person's URIs, newline-separated, and whether each
// of them is a mailto: URI stored without its scheme.
func (p Person) uris() (string, bool) {
	v := personURIs[p.i]
	return text(v >> textFlagBits), v&textFlag != 0
}

// URI is the person's first URI (usually mailto:, with "&" for "@" as
// IANA publishes it), or "". It allocates for a mailto: URI.
func (p Person) URI() string {
	u, mailto := p.uris()
	if i := strings.IndexByte(u, '\n'); i >= 0 {
		u = u[:i]
	}
	if mailto {
		return "mailto:" + u
	}
	return u
}

// URIs yields all the person's URIs, as URI writes the first; a few
// people have several. Ranging over it allocates nothing but the
// mailto: URIs it builds, as URI does.
func (p Person) URIs() iter.Seq[string] {
	return func(yield func(string) bool) { p.yieldURIs(yield) }
}

func (p Person) yieldURIs(yield func(string) bool) {
	u, mailto := p.uris()
	if u == "" {
		return
	}
	for more := true; more; {
		var first string
		first, u, more = strings.Cut(u, "\n")
		if mailto {
			first = "mailto:" + first
		}
		if !yield(first) {
			return
		}
	}
}

// Updated is when the person's entry last changed, zero when unrecorded.
func (p Person) Updated() Date { return Date{personUpdated[p.i]} }

// IsListed reports whether the id is in the registry's people list; a
// few records cite ids the list lacks.
func (p Person) IsListed() bool { return p.i != 0 && int(p.i) <= numListedPeople }

// People yields the registry's people list in registry order, followed
// by the ids records cite that the list lacks; nothing in a build that
// leaves out the people (its package doc says so).
func People() iter.Seq[Person] { return people }

func people(yield func(Person) bool) {
	for i := 1; i <= numPeople; i++ {
		if !yield(Person{personIndex(i)}) {
			return
		}
	}
}

// String is how the person is shown: the name; else the organisation
// (the registry lists many organisations under an id such as "_3GPP_2"
// with only an organisation name); else the id; "<none>" for the zero
// Person. It allocates where Name does.
func (p Person) String() string {
	if p.i == 0 {
		return "<none>"
	}
	if n := p.Name(); n != "" {
		return n
	}
	if o := p.Org(); o != "" {
		return o
	}
	return p.ID()
}

// LookupPerson finds a person by registry id: the id exactly as
// written, else the one id that equals it ignoring the case of ASCII
// letters. When several ids fold alike ("SEIKO_EPSON" and "Seiko_Epson"
// are two people) only the exact spelling finds one of them.
func LookupPerson(id string) (Person, bool) {
	// personByID is sorted by folded id, then id: the ids that fold
	// like id form one run, found with one search.
	lo, hi := 0, len(personByID)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if compareFoldASCII(text(personID[personByID[m]]), id) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	var only personIndex
	n := 0
	for ; lo < len(personByID); lo++ {
		got := text(personID[personByID[lo]])
		if !equalFoldASCII(got, id) {
			break
		}
		if got == id {
			return Person{personByID[lo]}, true
		}
		only = personByID[lo]
		n++
	}
	if n == 1 {
		return Person{only}, true
	}
	return Person{}, false
}

// compareFoldASCII compares strings byte by byte, folding ASCII letters
// only: the order of the folded ids the generator sorts by.
func compareFoldASCII(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := lowerByte(a[i]), lowerByte(b[i]); x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

// Reference is one reference of a record.
//
// The zero Reference is no reference: IsZero reports true and its
// accessors return zero values.
type Reference struct{ i refIndex }

// IsZero reports whether r is the zero Reference, which is no reference.
func (r Reference) IsZero() bool { return r.i == 0 }

// RefType is the kind of a reference.
type RefType uint8

// Reference kinds, as the registry's xref type attribute names them.
const (
	RefRFC    RefType = iota + 1 // an RFC: Data is e.g. "rfc6335"
	RefDraft                     // an Internet-Draft name
	RefURI                       // a URI
	RefText                      // free text, in Text
	RefNote                      // a footnote of the registry: Data is its anchor
	RefPerson                    // a person id (inline in descriptions only)
)

var refTypeNames = [...]string{"", "rfc", "draft", "uri", "text", "note", "person"}

// String is the kind as the registry's type attribute writes it, or ""
// for the zero RefType.
func (t RefType) String() string {
	if int(t) < len(refTypeNames) {
		return refTypeNames[t]
	}
	return "RefType(" + strconv.Itoa(int(t)) + ")"
}

// Type is the reference's kind.
func (r Reference) Type() RefType { return RefType(refType[r.i]) }

// Data is the reference's target as the registry writes it: "rfc6335",
// "draft-ietf-...", a URI, or a footnote anchor. Empty for text references.
func (r Reference) Data() string { return text(refData[r.i]) }

// Section is the section of the target the reference points at, or "".
func (r Reference) Section() string { return text(refSection[r.i]) }

// Text is a text reference's content, or "".
func (r Reference) Text() string { return text(refText[r.i]) }

// String is the reference as IANA prints it, e.g. "[RFC6335]".
func (r Reference) String() string { return text(refLabel[r.i]) }

// All yields every record: the registry's in registry order, then the
// local records in the order of their services(5) file (NumLocal of
// them; none in most builds). Index is a record's position in this
// order, and the registry's records are those below NumRecords. A build
// that keeps only some protocols, or only the assignments (see the
// package doc), holds only the records it kept.
//
// Like every iterator of this package, it yields copies. Ranging over
// one directly allocates nothing; one kept in a variable that outlives
// the call costs one allocation, its closure, when the function that
// made it takes arguments (ByName, ByPort, Assignees...); and
// slices.Collect(All()) gives the caller a slice of its own.
func All() iter.Seq[Service] { return records }

func records(yield func(Service) bool) {
	for i := 1; i <= NumRecords+NumLocal; i++ {
		if !yield(Service{recIndex(i)}) {
			return
		}
	}
}

// ByPortRange yields every record whose port or range overlaps lo-hi on
// protocol p, each once, as ByPort finds them: assignments, local
// records, Reserved and Unassigned rows, and the rows that name no
// protocol. With p NoProtocol it yields the records of every protocol.
// Records come ordered by their first port, then as in All, so a record
// starting before lo comes first. It walks the range port by port and
// allocates nothing, so memory stays flat whatever the range; lo > hi,
// or an invalid protocol, yields nothing.
func ByPortRange(lo, hi uint16, p Protocol) iter.Seq[Service] {
	return func(yield func(Service) bool) { portRange(lo, hi, p, yield) }
}

func portRange(lo, hi uint16, p Protocol, yield func(Service) bool) {
	first, last, ok := columns(p)
	if !ok {
		return
	}
	var lists [numProtocols][]Service
	for port := uint32(lo); port <= uint32(hi); port++ {
		for q := first; q <= last; q++ {
			lists[q] = byPort(uint16(port), q)
		}
		// Yield, in order of (first port, record), the records starting
		// here (at lo, every record covering it), each once: a record
		// naming no protocol is in the list of each. The lists are a few
		// records long, so a selection beats sorting into a buffer.
		prev := uint64(0)
		for {
			next := ^uint64(0)
			for q := first; q <= last; q++ {
				for _, s := range lists[q] {
					if recPort[s.i] != uint16(port) && port != uint32(lo) {
						continue
					}
					if k := uint64(recPort[s.i])<<32 | uint64(s.i); k > prev && k < next {
						next = k
					}
				}
			}
			if next == ^uint64(0) {
				break
			}
			if !yield(Service{recIndex(next)}) {
				return
			}
			prev = next
		}
	}
}

// columns maps a protocol argument to the protocol columns of the tables
// it stands for, first to last (0-3): one, or every one for NoProtocol.
// ok is false for a value that is no protocol.
func columns(p Protocol) (first, last uint32, ok bool) {
	if p == NoProtocol {
		return 0, numProtocols - 1, true
	}
	q := uint32(p) - 1
	return q, q, q < numProtocols
}

// PortStatus classifies port on protocol p by the records covering it
// (ByPort): Assigned when one of them assigns a name, local records
// included; else Reserved when a Reserved row covers it; else Dynamic in
// 49152-65535, the Dynamic and/or Private Ports of RFC 6335 (section 6),
// never assigned; else Unassigned, whether an Unassigned row covers the
// port or no row does. With p NoProtocol it is the strongest status of
// the port over the protocols, in the order Assigned, Reserved,
// Unassigned, Dynamic. It is NoStatus for an invalid protocol.
func PortStatus(port uint16, p Protocol) Status {
	first, last, ok := columns(p)
	if !ok {
		return NoStatus
	}
	// Over several protocols the rule is the same over all their
	// records: Unassigned or Dynamic depends on the port alone.
	reserved := false
	for q := first; q <= last; q++ {
		for _, s := range byPort(port, q) {
			switch s.Status() {
			case Assigned:
				return Assigned
			case Reserved:
				reserved = true
			}
		}
	}
	switch {
	case reserved:
		return Reserved
	case port >= dynamicPorts:
		return Dynamic
	}
	return Unassigned
}

// dynamicPorts is the first of the Dynamic and/or Private Ports.
const dynamicPorts = 49152

// Lookup finds the record of a service name on a protocol, as
// getservbyname(3) does. Names compare ASCII case-insensitively, as RFC
// 6335 requires: only the letters A-Z fold, and every other byte,
// including those of non-ASCII names, must match exactly. Records that
// name no protocol count for every protocol. When the name has several
// records on p, a local record (see IsLocal) wins over the registry's,
// then one with a port over a name-only one, then the lowest port, then
// the earliest record. With p NoProtocol it answers the first hit on
// TCP, UDP, SCTP and DCCP, in that order. On a miss it returns the zero
// Service and false.
//
// A name registered without a port (a DNS-SD service name) is a hit:
// Lookup answers its record, whose HasPort is false and whose Port is 0.
// To dial a service by name, ask LookupPort, which fails for such a name,
// rather than Lookup(...).Port().
func Lookup(name string, p Protocol) (Service, bool) {
	// Small enough to inline: the caller makes one call, to find.
	_, r, _ := find(name, uint32(p)-1)
	return Service{r}, r != noRecord
}

// ByName yields every record of a service name, on any protocol,
// name-only and local records included, in the order of All; nothing
// when the name has none. Names compare as in Lookup.
func ByName(name string) iter.Seq[Service] {
	return func(yield func(Service) bool) { yieldAll(nameRecords(name), yield) }
}

// nameRecords is the run of byNamePool holding name's records.
func nameRecords(name string) []Service {
	slot, _, ok := find(name, numProtocols)
	if !ok {
		return nil
	}
	return byNamePool[slotRecs[slot]:slotRecs[slot+1]]
}

// ByPort yields every record whose port or range covers port on p, in
// the order of All: assignments, local records, the Reserved and
// Unassigned rows, and the rows that name no protocol. With p NoProtocol
// it yields the records of every protocol, each once. It yields nothing
// for an invalid protocol and for the ports no row covers, thousands on
// every protocol (PortStatus classifies those).
func ByPort(port uint16, p Protocol) iter.Seq[Service] {
	return func(yield func(Service) bool) {
		if q := uint32(p) - 1; q < numProtocols {
			yieldAll(byPort(port, q), yield)
		} else if p == NoProtocol {
			anyProtocol(port, yield)
		}
	}
}

// segment is the number of port's segment: the ports of a segment are
// covered by the same records.
func segment(port uint16) uint32 {
	page := port >> portPageBits
	return uint32(portPageBase[page]) + uint32(bits.OnesCount64(portPageMarks[page]&(2<<(port&portPageMask)-1)))
}

// byPort is the run of byPortPool holding the records that cover port
// in protocol column q (0-3).
func byPort(port uint16, q uint32) []Service {
	lo, hi := runOf(segRuns[segment(port)], q)
	return byPortPool[lo:hi]
}

// runOf locates the run of protocol column q (0-3) in byPortPool from a
// segment's word of segRuns: the segment's four runs lie one after
// another from its start, and the word holds where each ends.
func runOf(v segWord, q uint32) (lo, hi uint32) {
	start, ends := uint32(v>>(numProtocols*segEndBits)), uint32(uint64(v)<<segEndBits>>(q*segEndBits))
	return start + ends&segEndMask, start + ends>>segEndBits&segEndMask
}

// anyProtocol yields the records covering port on any protocol, in
// record order, each once: a record naming no protocol is in the run of
// every column. The runs are a few records long and in record order, so
// merging them needs no buffer.
func anyProtocol(port uint16, yield func(Service) bool) {
	var runs [numProtocols][]Service
	for q := range runs {
		runs[q] = byPort(port, uint32(q))
	}
	for {
		var next Service
		for _, run := range runs {
			if len(run) > 0 && (next.i == noRecord || run[0].i < next.i) {
				next = run[0]
			}
		}
		if next.i == noRecord {
			return
		}
		for q, run := range runs {
			if len(run) > 0 && run[0] == next {
				runs[q] = run[1:]
			}
		}
		if !yield(next) {
			return
		}
	}
}

// Primary returns the record whose name getservbyport(3) answers for
// port on protocol p: the name a services(5) file lists first on that
// port, where IANA assigns several (nfs, not shilp, on 2049/tcp). It
// answers for every port an assignment covers, inside ranges too (x11
// on 6001/tcp), and is false where none does. With p NoProtocol it
// answers for TCP, else UDP, SCTP and DCCP, in that order.
//
// Of the assignments covering the port on p, a local record wins (the
// first of them, see IsLocal). Among the registry's, IANA's own signals
// decide, in order:
//
//  1. a row whose note calls it a duplicate of or an alias to another
//     name, a Conflict, or an unassigned but widespread use, or whose
//     description is blank (an old alias row: ident beside auth on
//     113/tcp), loses to any other row;
//  2. then a row citing an RFC wins (submissions over urd on 465/tcp);
//  3. then a single port wins over a range covering it;
//  4. then the earliest row in the registry.
//
// The choice is made once, when the tables are generated, and holds in
// every build of the same registry, whatever parts of it the build
// leaves out.
func Primary(port uint16, p Protocol) (Service, bool) {
	// One protocol, the common question, without the loop over columns:
	// a third faster.
	if q := uint32(p) - 1; q < numProtocols {
		seg := segment(port)
		if i := uint32(segPrimary[seg]) >> (q * segPrimaryBits) & segPrimaryMask; i != 0 {
			lo, _ := runOf(segRuns[seg], q)
			return byPortPool[lo+i-1], true
		}
		return Service{}, false
	}
	first, last, ok := columns(p)
	if !ok {
		return Service{}, false
	}
	seg := segment(port)
	for q := first; q <= last; q++ {
		if i := uint32(segPrimary[seg]) >> (q * segPrimaryBits) & segPrimaryMask; i != 0 {
			lo, _ := runOf(segRuns[seg], q)
			return byPortPool[lo+i-1], true
		}
	}
	return Service{}, false
}

// PortError is the error LookupPort returns. Its text is the one
// net.LookupPort's pure-Go resolver gives for the same failure, such as
// "lookup tcp/htps: unknown port" or "address 70000: invalid port", and
// Err, one of ErrUnknownNetwork, ErrUnknownService, ErrNoPort or
// ErrInvalidPort, tells the cases apart with errors.Is.
type PortError struct {
	Network string // the network as given to LookupPort
	Service string
	Err     error
}

func (e *PortError) Error() string {
	switch e.Err {
	case ErrUnknownNetwork:
		return addrError(e.Network, "unknown network")
	case ErrInvalidPort:
		return addrError(e.Service, "invalid port")
	case ErrUnknownService, ErrNoPort:
		// net says "unknown port" for both: a name it does not know,
		// and a name it knows but holds no port for.
		return "lookup " + errNetwork(e.Network) + "/" + e.Service + ": unknown port"
	}
	return "lookup " + errNetwork(e.Network) + "/" + e.Service + ": " + e.Err.Error()
}

func (e *PortError) Unwrap() error { return e.Err }

// addrError is the text of a *net.AddrError.
func addrError(addr, msg string) string {
	if addr == "" {
		return msg
	}
	return "address " + addr + ": " + msg
}

// errNetwork is how net's errors name a network: without a 4 or 6
// suffix, and "ip" for "" and "ip".
func errNetwork(network string) string {
	switch n := len(network); {
	case n == 0:
		return "ip"
	case n > 1 && (network[n-1] == '4' || network[n-1] == '6'):
		return network[:n-1]
	}
	return network
}

// The reasons LookupPort fails.
var (
	ErrUnknownNetwork = errors.New("unknown network")
	ErrUnknownService = errors.New("unknown service")
	ErrNoPort         = errors.New("service has no port number")
	ErrInvalidPort    = errors.New("invalid port")
)

// LookupPort is a drop-in for net.LookupPort that answers from the
// compiled registry, and its local records, instead of /etc/services.
// network is "tcp", "udp", "sctp" or "dccp", optionally suffixed "4" or
// "6"; "" and "ip" try TCP, then UDP. A decimal service is parsed as a
// port number for any network, as net.LookupPort does ("" means port 0).
// A service name answers the port of the record Lookup finds on the
// first of those protocols that gives one: a local record wins, as
// net.LookupPort's /etc/services wins over its built-in table. When no
// record of the name has a port on the network's protocols, net's own
// built-in table answers last (the services map of
// $GOROOT/src/net/lookup.go: imap2 is 143/tcp there, while IANA
// registers imap2 without a port), so every name net.LookupPort resolves
// without /etc/services resolves here alike. Service names compare as in
// Lookup.
//
// Errors are *PortError, worded as net.LookupPort words them; errors.Is
// with ErrUnknownService, ErrNoPort, ErrUnknownNetwork or ErrInvalidPort
// tells them apart. LookupPort allocates nothing on success.
func LookupPort(network, service string) (int, error) {
	if port, numeric := parseDecimalPort(service); numeric {
		if port < 0 || port > 0xFFFF {
			return 0, &PortError{network, service, ErrInvalidPort}
		}
		return port, nil
	}
	var first, second Protocol
	switch network {
	case "tcp", "tcp4", "tcp6":
		first = TCP
	case "udp", "udp4", "udp6":
		first = UDP
	case "sctp", "sctp4", "sctp6":
		first = SCTP
	case "dccp", "dccp4", "dccp6":
		first = DCCP
	case "", "ip":
		first, second = TCP, UDP
	default:
		return 0, &PortError{network, service, ErrUnknownNetwork}
	}
	s, ok := Lookup(service, first)
	if (!ok || !s.HasPort()) && second != NoProtocol {
		// Keep a name-only TCP record over a UDP miss, so that the error
		// says the name exists but has no port.
		if s2, ok2 := Lookup(service, second); ok2 && (s2.HasPort() || !ok) {
			s, ok = s2, true
		}
	}
	if ok && s.HasPort() {
		return int(s.Port()), nil
	}
	if port := netServicePort(service, first, second); port != 0 {
		return port, nil
	}
	if !ok {
		return 0, &PortError{network, service, ErrUnknownService}
	}
	return 0, &PortError{network, service, ErrNoPort}
}

// netServices is net's built-in table of service names, the services map
// of $GOROOT/src/net/lookup.go (as of Go 1.26), which net.LookupPort
// answers from whatever /etc/services holds. The tests of package ports
// check LookupPort against the table of the Go that runs them.
var netServices = [...]struct {
	name  string
	port  uint16
	proto Protocol
}{
	{"domain", 53, UDP},
	{"ftp", 21, TCP},
	{"ftps", 990, TCP},
	{"gopher", 70, TCP},
	{"http", 80, TCP},
	{"https", 443, TCP},
	{"imap2", 143, TCP},
	{"imap3", 220, TCP},
	{"imaps", 993, TCP},
	{"pop3", 110, TCP},
	{"pop3s", 995, TCP},
	{"smtp", 25, TCP},
	{"submissions", 465, TCP},
	{"ssh", 22, TCP},
	{"telnet", 23, TCP},
}

// netServicePort is net's built-in answer for name on first, then
// second (NoProtocol for none), or 0. net folds the query's ASCII
// letters, as Lookup does.
func netServicePort(name string, first, second Protocol) int {
	for _, p := range [2]Protocol{first, second} {
		for _, e := range netServices {
			if e.proto == p && equalFoldASCII(name, e.name) {
				return int(e.port)
			}
		}
	}
	return 0
}

// parseDecimalPort reads service the way net.LookupPort does before it
// consults any database: an optional sign and decimal digits; "" is 0.
// Once the magnitude passes 1<<30 it stops reading, so huge inputs stay
// invalid. It counts in 64 bits, so that nothing wraps on 32-bit
// platforms, and unlike net (golang.org/issue/80168) never wraps at all:
// "4294967300" is an invalid port here on every platform, not port 4.
func parseDecimalPort(service string) (port int, numeric bool) {
	if service == "" {
		return 0, true
	}
	neg := false
	switch service[0] {
	case '+':
		service = service[1:]
	case '-':
		neg = true
		service = service[1:]
	}
	const limit = 1 << 30
	var n uint64
	for i := 0; i < len(service); i++ {
		c := service[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n >= limit {
			// Like net.LookupPort, stop reading: the number is
			// invalid whatever follows ("20000000000x" too).
			return -1, true
		}
		n = n*10 + uint64(c-'0')
	}
	if n > 0xFFFF {
		return -1, true
	}
	if neg {
		return -int(n), true
	}
	return int(n), true
}

// find maps a service name to its hash slot, reports whether it is
// registered, and for a protocol column q (0-3) gives its best record
// there; for anyColumn, the best record of the first column that has
// one; noRecord for any other q.
//
// For names of up to shortNameLen bytes it does everything in this one
// function: it reads the name as two words with at most four loads (the
// first 8 bytes and the last 8, or the whole name zero-padded), folds
// their ASCII capitals (fold), hashes them and the length with one
// multiply, and reads the slot's row of slotIndex: one aligned 8-byte
// word, so never split across two cache lines. A miss is nearly always
// told there, by the length and the fingerprint of the hash the row
// keeps; a hit compares the folded words with the name's bytes in
// nameBlob and takes its record from the same row. The names the fast
// comparison cannot hold exactly (see fold) and longer names, which
// only legacy or local names can be, are compared from spelledNames
// (findExact).
func find(name string, q uint32) (slot uint32, r recIndex, ok bool) {
	n := uint(len(name))
	var head, tail uint64
	switch {
	case n-8 < 8:
		head, tail = les64(name), les64(name[n-8:])
	case n-4 < 4:
		head = uint64(les32(name)) | uint64(les32(name[n-4:]))<<((8*n-32)&63)
	case n-1 < 3:
		head = uint64(name[0]) | uint64(name[n>>1])<<(n>>1*8&63) | uint64(name[n-1])<<((8*n-8)&63)
	case n > shortNameLen && maxNameLen > shortNameLen:
		return findOther(name, 0, q)
	default:
		return 0, noRecord, false
	}
	a, b := fold(head), fold(tail)
	h := mum(a^hashKey0, b^hashSeed^uint64(n)*hashKey1)
	slot = (uint32(h) + uint32(hashDisp[h>>(64-hashBucketBits)])) & slotMask
	row := slotIndex[slot]
	if fp := uint32(h>>32) & rowFPMask << rowLenBits; uint32(row)&rowCheckMask != fp|uint32(n) {
		if uint32(row)&rowCheckMask == fp {
			return findOther(name, slot, q)
		}
		return 0, noRecord, false
	}
	// The name's bytes: 8 from its start, and 8 to its end, or the
	// first n of 8 (the banner ends nameBlob, so there are 8).
	off := int(uint32(row>>rowOffShift) & rowOffMask)
	if n >= 8 {
		if les64(nameBlob[off:off+8]) != a || les64(nameBlob[off+int(n)-8:off+int(n)]) != b {
			return 0, noRecord, false
		}
	} else if les64(nameBlob[off:off+8])&(1<<(8*n&63)-1) != a {
		return 0, noRecord, false
	}
	if q < numProtocols {
		// The common case, here: a delta of 1 to rowDeltaEscape-1.
		if d := uint32(row>>(rowDeltaShift+rowDeltaBits*q)) & rowDeltaMask; d-1 < rowDeltaEscape-1 {
			return slot, recIndex(uint32(row>>rowBaseShift)&rowBaseMask + d - 1), true
		}
	}
	return findOther(name, slot, q)
}

// findOther is find for what its fast path leaves: names longer than
// shortNameLen, the names compared exactly, and the hits whose answer
// a row's delta does not give (none on that protocol, one in
// slotBestKeys, or anyColumn's).
func findOther(name string, slot, q uint32) (uint32, recIndex, bool) {
	switch {
	case len(name) > shortNameLen:
		return findLong(name, q)
	case uint32(slotIndex[slot])&rowLenMask == 0:
		return findExact(name, slot, q)
	}
	return slot, answer(slot, slotIndex[slot], q), true
}

// anyColumn is the column find takes for NoProtocol: uint32(NoProtocol)-1.
const anyColumn = ^uint32(0)

// fold lower-cases the ASCII capitals among eight bytes by setting bit
// 5 of every byte whose bit 6 is set. It also maps @[\]^_ and bytes
// 0xC0-0xDF elsewhere, which no name find compares this way holds: the
// generator gives the names that hold them, and names that fold alike,
// rows of length 0, and findExact compares those exactly.
func fold(x uint64) uint64 { return x | x&0x4040404040404040>>1 }

// answer is the record of the slot whose row is row for column q, or
// for anyColumn the first column's that has one: base+delta-1, or from
// slotBestKeys for the deltas the row cannot hold.
func answer(slot uint32, row uint64, q uint32) recIndex {
	first, last := q, q
	if q >= numProtocols {
		if q != anyColumn {
			return noRecord
		}
		first, last = 0, numProtocols-1
	}
	for q := first; q <= last; q++ {
		switch d := uint32(row>>(rowDeltaShift+rowDeltaBits*q)) & rowDeltaMask; d {
		case 0:
		case rowDeltaEscape:
			return slotBestRecs[search(slotBestKeys[:], slot*numProtocols+q)]
		default:
			return recIndex(uint32(row>>rowBaseShift)&rowBaseMask + d - 1)
		}
	}
	return noRecord
}

// findLong is find for names longer than shortNameLen bytes: a multiply
// per 8 bytes, then the slot's row, of length 0, and findExact.
func findLong(name string, q uint32) (uint32, recIndex, bool) {
	h := hashSeed ^ uint64(len(name))*hashKey1
	s := name
	for ; len(s) > 8; s = s[8:] {
		h = mum(lower64(les64(s))^hashKey0, h)
	}
	var tail uint64
	for i := len(s) - 1; i >= 0; i-- {
		tail = tail<<8 | uint64(s[i])
	}
	h = mum(lower64(tail)^hashKey1, h)
	slot := (uint32(h) + uint32(hashDisp[h>>(64-hashBucketBits)])) & slotMask
	if uint32(slotIndex[slot])&rowCheckMask != uint32(h>>32)&rowFPMask<<rowLenBits {
		return 0, noRecord, false
	}
	return findExact(name, slot, q)
}

// findExact looks name up among the names of the class whose slot of
// the hash is slot, which are compared exactly, ignoring the case of
// ASCII letters only: each has a slot of its own after the hash's, which
// excHash lists by class, and its spelling in spelledNames. It answers
// as find does, with that slot.
func findExact(name string, slot uint32, q uint32) (uint32, recIndex, bool) {
	for lo := search(excHash[:], slot); lo < len(excHash) && uint32(excHash[lo]) == slot; lo++ {
		if s := slotMask + 1 + uint32(lo); equalFoldASCII(spelledName(s), name) {
			return s, answer(s, slotIndex[s], q), true
		}
	}
	return 0, noRecord, false
}

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func les64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func les32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// equalFoldASCII compares strings, folding ASCII letters only.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// lower64 lower-cases the ASCII capitals among eight bytes at once and
// leaves every other byte, including non-ASCII ones, alone.
func lower64(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	low7 := x &^ high
	geA := low7 + (0x80-'A')*ones   // high bit set where byte >= 'A'
	gtZ := low7 + (0x80-'Z'-1)*ones // high bit set where byte > 'Z'
	upper := geA &^ gtZ &^ x & high // and the byte itself is ASCII
	return x | upper>>2
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// text returns text id from textBlob. Offsets are stored relative to a
// base every 1<<textGroupBits texts, so that they fit 16 bits.
func text(id textIndex) string {
	i, j := uint32(id), uint32(id)+1
	return textBlob[textBase[i>>textGroupBits]+uint32(textOff[i]) : textBase[j>>textGroupBits]+uint32(textOff[j])]
}

// sparse finds record r in a sorted list of the records that have some
// rarely-present field, and returns its position.
func sparse(recs []recIndex, r recIndex) (int, bool) {
	lo, hi := span(recs, r)
	return lo, lo < hi
}

// span returns the run [lo, hi) of r in the sorted list recs.
func span(recs []recIndex, r recIndex) (lo, hi int) {
	lo = search(recs, uint32(r))
	hi = lo
	for hi < len(recs) && recs[hi] == r {
		hi++
	}
	return lo, hi
}
