package ports

import (
	"errors"
	"math/bits"
	"strconv"
	"strings"
)

// Protocol is a transport protocol of the registry.
type Protocol uint8

// The transport protocols the registry assigns ports on. NoProtocol is
// the protocol of records that name none (most service-name-only
// records, and unassigned ranges that cover every protocol).
const (
	NoProtocol Protocol = iota
	TCP
	UDP
	SCTP
	DCCP
)

// numProtocols counts TCP, UDP, SCTP and DCCP: the per-protocol tables
// hold this many columns.
const numProtocols = 4

// String returns the registry's lower-case name: "tcp", "udp", "sctp",
// "dccp", or "" for NoProtocol.
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
		return ""
	}
	return "Protocol(" + strconv.Itoa(int(p)) + ")"
}

// ErrUnknownProtocol is returned by ParseProtocol.
var ErrUnknownProtocol = errors.New("unknown transport protocol")

// ParseProtocol reads "tcp", "udp", "sctp" or "dccp" in any case.
func ParseProtocol(s string) (Protocol, error) {
	switch {
	case strings.EqualFold(s, "tcp"):
		return TCP, nil
	case strings.EqualFold(s, "udp"):
		return UDP, nil
	case strings.EqualFold(s, "sctp"):
		return SCTP, nil
	case strings.EqualFold(s, "dccp"):
		return DCCP, nil
	}
	return NoProtocol, errors.Join(ErrUnknownProtocol, errors.New("ports: unknown protocol "+strconv.Quote(s)))
}

// valid reports whether p is one of the four real protocols.
func (p Protocol) valid() bool { return uint(p)-1 < numProtocols }

// Status classifies a registry row.
type Status uint8

// A row is Assigned when it carries a service name, Unassigned when it is
// a nameless row whose description is "Unassigned", and Reserved for every
// other nameless row ("Reserved", "De-registered", "Removed", private-use
// ranges): those numbers are not free for use.
const (
	Assigned Status = iota
	Reserved
	Unassigned
)

func (s Status) String() string {
	switch s {
	case Assigned:
		return "assigned"
	case Reserved:
		return "reserved"
	case Unassigned:
		return "unassigned"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Service is one record of the registry: a row of IANA's table. It is a
// small value (an index into the compiled tables); copying it is free and
// its accessors read the tables directly.
//
// The zero Service is no record: its accessors return zero values and
// Index returns -1. The look-up functions report misses with a boolean
// or an empty slice.
type Service struct{ i recIndex }

// key unpacks the record's look-up word. See recKey for the layout.
func (s Service) key() uint64 { return recKey[s.i] }

// Index is the record's position in the registry, as in All.
func (s Service) Index() int { return int(s.i) - 1 }

// Name is the service name as the registry spells it, or "" for a
// Reserved or Unassigned row.
func (s Service) Name() string {
	slot := s.key() >> keyNameShift
	if slot == 0 {
		return ""
	}
	return slotNameString(uint32(slot - 1))
}

// Protocol is the record's transport protocol; NoProtocol when the row
// names none.
func (s Service) Protocol() Protocol {
	return Protocol(s.key() >> keyProtoShift & keyProtoMask)
}

// HasPort reports whether the record carries a port number or range.
// Service-name-only records (DNS-SD names) have none.
func (s Service) HasPort() bool { return s.key()&keyHasPort != 0 }

// Port is the first port of the record's number or range, 0 when it has
// none (see HasPort).
func (s Service) Port() uint16 { return uint16(s.key()) }

// PortRange is the record's range of ports; Lo == Hi for a single port,
// and both are 0 when the record has no port.
func (s Service) PortRange() (lo, hi uint16) {
	k := s.key()
	return uint16(k), uint16(k >> 16)
}

// IsRange reports whether the record covers more than one port.
func (s Service) IsRange() bool {
	lo, hi := s.PortRange()
	return lo != hi
}

// Number is the port column as IANA writes it: "80", "6000-6063", or ""
// when the record has no port (a handful of single ports are written as
// ranges, "4748-4748", and are kept so). It allocates.
func (s Service) Number() string {
	if !s.HasPort() {
		return ""
	}
	lo, hi := s.PortRange()
	if lo == hi && s.key()&keyRangeForm == 0 {
		return strconv.Itoa(int(lo))
	}
	return strconv.Itoa(int(lo)) + "-" + strconv.Itoa(int(hi))
}

// Status says whether the row is an assignment or a Reserved or
// Unassigned row.
func (s Service) Status() Status { return Status(s.key() >> keyStatusShift & keyStatusMask) }

// IsAssigned reports whether the row assigns a service name.
func (s Service) IsAssigned() bool { return s.Status() == Assigned }

// Description is the record's description as IANA renders it in its CSV
// (inline references written as [Id], line breaks kept). A package
// generated with -no-text returns "" for named records (nameless rows
// keep "Reserved" or "Unassigned").
func (s Service) Description() string { return text(recDesc[s.i]) }

// Note is the record's assignment note, or "" (always "" in a package
// generated with -no-text).
func (s Service) Note() string {
	if k, ok := sparse(noteRecs[:], s.i); ok {
		return text(noteText[k])
	}
	return ""
}

// Unauthorized is the record's "unauthorized use reported" text, or ""
// (always "" in a package generated with -no-text).
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
func (s Service) Registered() Date { return Date{uint16(recDates[s.i])} }

// Modified is the record's last modification date, zero when
// unrecorded.
func (s Service) Modified() Date { return Date{uint16(recDates[s.i] >> 16)} }

// Assignees are the people or organisations the record is assigned to,
// from its <assignee> element; empty in a package generated with
// -no-people. The slice is shared: do not modify it.
func (s Service) Assignees() []Person {
	v := recPeople[s.i]
	start := v >> peopleStartShift
	n := v >> peopleAssigneeShift & peopleCountMask
	return personRefs[start : start+n : start+n]
}

// Contacts are the record's contacts: the person references that stand
// outside <assignee>. IANA's own CSV shows such a reference in both its
// Assignee and Contact columns when the record has no <assignee>. Empty
// in a package generated with -no-people. The slice is shared: do not
// modify it.
func (s Service) Contacts() []Person {
	v := recPeople[s.i]
	start := v>>peopleStartShift + v>>peopleAssigneeShift&peopleCountMask
	n := v & peopleCountMask
	return personRefs[start : start+n : start+n]
}

// References are the record's references (RFCs, drafts, URIs, free
// text, footnotes), in registry order; empty in a package generated with
// -no-text. The slice is shared: do not modify it.
func (s Service) References() []Reference {
	lo, hi := span(refRecs[:], s.i)
	return refPool[lo:hi:hi]
}

// String renders the record as "name port/proto", e.g. "http 80/tcp".
func (s Service) String() string {
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

// Dates pack into 16 bits: years since dateEpoch, month, day.
const (
	dateEpoch     = 1970
	dateDayBits   = 5
	dateMonthBits = 4
)

// IsZero reports whether no date is recorded.
func (d Date) IsZero() bool { return d.v == 0 }

// Year, Month and Day of the date; Day is 0 for a month-only date.
func (d Date) Year() int {
	if d.v == 0 {
		return 0
	}
	return dateEpoch + int(d.v>>(dateDayBits+dateMonthBits))
}

// Month of the date, 1-12, or 0 for the zero Date.
func (d Date) Month() int { return int(d.v >> dateDayBits & (1<<dateMonthBits - 1)) }

// Day of the month, or 0 when the registry records only the month.
func (d Date) Day() int { return int(d.v & (1<<dateDayBits - 1)) }

// String writes the date as the registry does: "2006-01-02", "2006-01",
// or "" for the zero Date.
func (d Date) String() string {
	if d.v == 0 {
		return ""
	}
	var b [10]byte
	y, m, day := d.Year(), d.Month(), d.Day()
	b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[4], b[5], b[6] = '-', byte('0'+m/10), byte('0'+m%10)
	if day == 0 {
		return string(b[:7])
	}
	b[7], b[8], b[9] = '-', byte('0'+day/10), byte('0'+day%10)
	return string(b[:])
}

// Person is an entry of the registry's people list: an assignee or
// contact. References to ids the list lacks still resolve, to a Person
// with only an ID (Listed reports false).
type Person struct{ i personIndex }

// ID is the person's registry id, as written in [brackets] by IANA.
func (p Person) ID() string { return text(personID[p.i]) }

// Name is the person's or organisation's name.
func (p Person) Name() string { return text(personName[p.i]) }

// Org is the organisation the person belongs to, or "".
func (p Person) Org() string { return text(personOrg[p.i]) }

// URI is the person's first URI (usually mailto:, with "&" for "@" as
// IANA publishes it), or "".
func (p Person) URI() string {
	u := text(personURIs[p.i])
	if i := strings.IndexByte(u, '\n'); i >= 0 {
		return u[:i]
	}
	return u
}

// URIs are all the person's URIs; a few people have several. It
// allocates.
func (p Person) URIs() []string {
	if u := text(personURIs[p.i]); u != "" {
		return strings.Split(u, "\n")
	}
	return nil
}

// Updated is when the person's entry last changed, zero when unrecorded.
func (p Person) Updated() Date { return Date{personUpdated[p.i]} }

// Listed reports whether the id is in the registry's people list; a few
// records cite ids the list lacks.
func (p Person) Listed() bool { return p.i != 0 && int(p.i) <= numListedPeople }

// People is the registry's people list in registry order, followed by
// the ids records cite that the list lacks; empty in a package generated
// with -no-people. The slice is shared: do not modify it.
func People() []Person { return peoplePool[:len(peoplePool):len(peoplePool)] }

// LookupPerson finds a person by registry id (exact case).
func LookupPerson(id string) (Person, bool) {
	lo, hi := 0, len(personByID)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if text(personID[personByID[m]]) < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(personByID) && text(personID[personByID[lo]]) == id {
		return Person{personByID[lo]}, true
	}
	return Person{}, false
}

// Reference is one reference of a record.
type Reference struct{ i refIndex }

// RefType is the kind of a reference.
type RefType uint8

// Reference kinds, as the registry's xref type attribute names them.
const (
	RefRFC   RefType = iota + 1 // an RFC: Data is e.g. "rfc6335"
	RefDraft                    // an Internet-Draft name
	RefURI                      // a URI
	RefText                     // free text, in Text
	RefNote                     // a footnote of the registry: Data is its anchor
	RefPerson                   // a person id (inline in descriptions only)
)

var refTypeNames = [...]string{"", "rfc", "draft", "uri", "text", "note", "person"}

func (t RefType) String() string {
	if int(t) < len(refTypeNames) {
		return refTypeNames[t]
	}
	return "RefType(" + strconv.Itoa(int(t)) + ")"
}

// Type is the reference's kind.
func (r Reference) Type() RefType { return RefType(refType[r.i]) }

// Data is the reference's target as the registry writes it: "rfc6335",
// "draft-ietf-…", a URI, or a footnote anchor. Empty for text references.
func (r Reference) Data() string { return text(refData[r.i]) }

// Section is the section of the target the reference points at, or "".
func (r Reference) Section() string { return text(refSection[r.i]) }

// Text is a text reference's content, or "".
func (r Reference) Text() string { return text(refText[r.i]) }

// String is the reference as IANA prints it, e.g. "[RFC6335]".
func (r Reference) String() string { return text(refLabel[r.i]) }

// All returns every record in registry order (a package generated with
// -protocols or -assigned-only holds only the records it kept). The
// slice is shared: do not modify it.
func All() []Service { return allPool[:len(allPool):len(allPool)] }

// Lookup finds the record of a service name on a protocol. Names compare
// ASCII case-insensitively, as RFC 6335 requires. Records that name no
// protocol count for every protocol. When the name has several records
// on p, the one with a port wins over a name-only one, and among those
// the lowest port (then the earliest record) wins.
func Lookup(name string, p Protocol) (Service, bool) {
	if !p.valid() {
		return Service{}, false
	}
	slot, ok := findName(name)
	if !ok {
		return Service{}, false
	}
	// slot < 1<<hashSlotBits and len(slotBest) is 1<<hashSlotBits *
	// numProtocols, a power of two: the mask changes nothing but lets the
	// compiler drop the bounds check.
	r := slotBest[(slot*numProtocols+uint32(p)-1)&(uint32(len(slotBest))-1)]
	if r == noRecord {
		return Service{}, false
	}
	return Service{r}, true
}

// ByName returns every record of a service name, on any protocol,
// name-only records included, in registry order; nil when the name is
// not registered. Names compare ASCII case-insensitively. The slice is
// shared: do not modify it.
func ByName(name string) []Service {
	slot, ok := findName(name)
	if !ok {
		return nil
	}
	v := slotRecs[slot]
	start, n := v>>slotRecsShift, v&slotRecsMask
	return byNamePool[start : start+n : start+n]
}

// ByPort returns every record whose port or range covers port on p, in
// registry order: assignments and the Reserved and Unassigned rows alike,
// and the rows that name no protocol. Every port of every protocol has an
// answer in the registry, so the slice is empty only for an invalid
// protocol or a port the registry is silent on. The slice is shared: do
// not modify it.
func ByPort(port uint16, p Protocol) []Service {
	// Written to stay within the inliner's budget (cost 79 of 80): one
	// unsigned compare rejects NoProtocol and the invalid protocols.
	q := uint32(p) - 1
	if q >= numProtocols {
		return nil
	}
	page := port >> portPageBits
	seg := uint32(portPageBase[page]) + uint32(bits.OnesCount64(portPageMarks[page]&(2<<(port&portPageMask)-1)))
	v := segProto[seg*numProtocols+q]
	start, end := v>>segStartShift, v>>segStartShift+v&segCountMask
	return byPortPool[start:end:end]
}

// PortError is the error LookupPort returns. Err is one of
// ErrUnknownNetwork, ErrUnknownService, ErrNoPort or ErrInvalidPort.
type PortError struct {
	Network string
	Service string
	Err     error
}

func (e *PortError) Error() string {
	return "ports: lookup " + e.Network + "/" + e.Service + ": " + e.Err.Error()
}

func (e *PortError) Unwrap() error { return e.Err }

// The reasons LookupPort fails.
var (
	ErrUnknownNetwork = errors.New("unknown network")
	ErrUnknownService = errors.New("unknown service")
	ErrNoPort         = errors.New("service has no port number")
	ErrInvalidPort    = errors.New("invalid port")
)

// LookupPort is a drop-in for net.LookupPort that answers from the
// compiled registry instead of /etc/services. network is "tcp", "udp",
// "sctp" or "dccp", optionally suffixed "4" or "6"; "" and "ip" try TCP,
// then UDP. A decimal service is parsed as a port number for any network,
// as net.LookupPort does ("" means port 0). Service names compare ASCII
// case-insensitively. Errors are *PortError.
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
	if !ok {
		return 0, &PortError{network, service, ErrUnknownService}
	}
	if !s.HasPort() {
		return 0, &PortError{network, service, ErrNoPort}
	}
	return int(s.Port()), nil
}

// parseDecimalPort reads service the way net.LookupPort does before it
// consults any database: an optional sign and decimal digits; "" is 0.
// Once the magnitude passes 1<<30 it stops reading, so huge inputs stay
// invalid; unlike net (golang.org/issue/80168) it never wraps around, so
// "4294967300" is an invalid port here, not port 4.
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
	n := 0
	for i := 0; i < len(service); i++ {
		c := service[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n >= limit {
			// Like net.LookupPort, stop reading: the number is
			// invalid whatever follows ("20000000000x" too).
			break
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		return -n, true
	}
	return n, true
}

// findName maps a service name to its hash slot, or reports a miss.
// It rejects by length before hashing, probes exactly one slot and
// compares case-insensitively without building a string.
//
// For names of up to 16 bytes (RFC 6335 allows 15) it does all of this
// in one function, without calls: it reads the name as the one or two
// words hashName reads, hashes them, reads the slot's name from
// nameBlob as the same words and compares the words lower-cased, so
// that no loop or branch depends on the bytes. Longer names, which only
// a registry with legacy names past RFC 6335 can hold, take the general
// path.
func findName(name string) (uint32, bool) {
	n := len(name)
	if n == 0 || n > maxNameLen {
		return 0, false
	}
	if maxNameLen > 16 && n > 16 {
		return findLongName(name)
	}
	h := hashSeed ^ uint64(n)*hashMul0
	var w0, w1, x uint64
	if n > 8 {
		w0 = load64(name)
		h = mum(h^(w0|caseBits), hashMul1)
		t := name[8:]
		m := len(t)
		if m >= 4 {
			w1 = uint64(load32(t)) | uint64(load32(t[m-4:]))<<32
		} else {
			w1 = uint64(t[0]) | uint64(t[m>>1])<<8 | uint64(t[m-1])<<16
		}
		x = w1
	} else {
		if n >= 4 {
			w0 = uint64(load32(name)) | uint64(load32(name[n-4:]))<<32
		} else {
			w0 = uint64(name[0]) | uint64(name[n>>1])<<8 | uint64(name[n-1])<<16
		}
		x = w0
	}
	h = mum(h^(x|caseBits), hashMul2)
	d := hashDisp[h>>(64-hashBucketBits)]
	slot := uint32(((h^uint64(d)*hashDispMul)*hashSlotMul)>>(64-hashSlotBits)) & (1<<hashSlotBits - 1)
	v := slotName[slot]
	if int(v&slotNameLenMask) != n {
		return 0, false
	}
	off := v >> slotNameLenBits
	b := nameBlob[off : off+uint32(n)]
	// The same words of the registered name: n is the same, so the
	// same branches are taken, and the words cover every byte.
	var b0, b1 uint64
	if n > 8 {
		b0 = load64(b)
		t := b[8:]
		m := len(t)
		if m >= 4 {
			b1 = uint64(load32(t)) | uint64(load32(t[m-4:]))<<32
		} else {
			b1 = uint64(t[0]) | uint64(t[m>>1])<<8 | uint64(t[m-1])<<16
		}
	} else if n >= 4 {
		b0 = uint64(load32(b)) | uint64(load32(b[n-4:]))<<32
	} else {
		b0 = uint64(b[0]) | uint64(b[n>>1])<<8 | uint64(b[n-1])<<16
	}
	if (lower64(w0)^lower64(b0))|(lower64(w1)^lower64(b1)) != 0 {
		return 0, false
	}
	return slot, true
}

// findLongName is findName for names longer than 16 bytes.
func findLongName(name string) (uint32, bool) {
	h := hashName(name, hashSeed)
	d := hashDisp[h>>(64-hashBucketBits)]
	slot := uint32(((h^uint64(d)*hashDispMul)*hashSlotMul)>>(64-hashSlotBits)) & (1<<hashSlotBits - 1)
	v := slotName[slot]
	if int(v&slotNameLenMask) != len(name) {
		return 0, false
	}
	off := v >> slotNameLenBits
	if !equalFoldASCII(nameBlob[off:off+uint32(len(name))], name) {
		return 0, false
	}
	return slot, true
}

func slotNameString(slot uint32) string {
	v := slotName[slot]
	off := v >> slotNameLenBits
	return nameBlob[off : off+v&slotNameLenMask]
}

// hashName is a wyhash-style hash that folds ASCII case as it reads
// eight bytes at a time, so the caller's string is never copied.
func hashName(s string, seed uint64) uint64 {
	h := seed ^ uint64(len(s))*hashMul0
	for len(s) > 8 {
		h = mum(h^(load64(s)|caseBits), hashMul1)
		s = s[8:]
	}
	var x uint64
	switch n := len(s); {
	case n >= 4:
		x = uint64(load32(s)) | uint64(load32(s[n-4:]))<<32
	case n > 0:
		x = uint64(s[0]) | uint64(s[n>>1])<<8 | uint64(s[n-1])<<16
	}
	return mum(h^(x|caseBits), hashMul2)
}

func mum(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// equalFoldASCII compares equal-length strings, folding ASCII letters
// only, eight bytes at a time.
func equalFoldASCII(a, b string) bool {
	for len(a) >= 8 {
		x, y := load64(a), load64(b)
		if x != y && lower64(x) != lower64(y) {
			return false
		}
		a, b = a[8:], b[8:]
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x != y && lowerByte(x) != lowerByte(y) {
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

// text returns string id from the text table.
func text(id textIndex) string {
	return textBlob[textOff[id]:textOff[id+1]]
}

// sparse finds record r in a sorted list of the records that have some
// rarely-present field, and returns its position.
func sparse(recs []recIndex, r recIndex) (int, bool) {
	lo, hi := span(recs, r)
	return lo, lo < hi
}

// span returns the run [lo, hi) of r in the sorted list recs.
func span(recs []recIndex, r recIndex) (lo, hi int) {
	lo, hi = 0, len(recs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if recs[m] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	hi = lo
	for hi < len(recs) && recs[hi] == r {
		hi++
	}
	return lo, hi
}
