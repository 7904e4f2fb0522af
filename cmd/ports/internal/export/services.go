package export

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/primary"
	"github.com/svcreg/ianaports/ports"
)

// ServicesProtocols are the protocols a services(5) export lists, in the
// order lines for the same port are written.
var ServicesProtocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

// ServiceLine is one line of the services(5) export: every name the file
// lists on one port and protocol.
type ServiceLine struct {
	Port     uint16
	Protocol ports.Protocol
	Name     string   // the primary name, chosen by package primary, or the overlay's
	Aliases  []string // the other names on the port: local ones first, then IANA's in registry order, each name with capitals followed by its lower-case form
	Comment  string
	Local    []string // the names only local records give here, marked after the comment
	// ByName are the names assigned on the port and protocol that the
	// file lists on another port, the one a by-name look-up answers,
	// noted after the comment. A range's interior ports note nothing:
	// its first port's comment gives the range.
	ByName []NamePort
	// Commented is set when every name assigned here is listed on
	// another port: the line is kept as a comment, so that the port's
	// assignment can still be read in the file, but no look-up finds it.
	Commented bool
}

// NamePort is a service name and the port a by-name look-up answers for
// it on a line's protocol: ports.Lookup's record's, which is
// ports.LookupPort's on tcp and udp.
type NamePort struct {
	Name string
	Port uint16
}

// The columns of a services line: names are at most 15 characters (RFC
// 6335), "65535/sctp" is 10, and most alias lists are short, so these
// keep nearly every comment in one column while a longer line only
// pushes its own comment right.
const (
	portColumn    = 16
	aliasColumn   = 28
	commentColumn = 48
)

// Line renders l as "name port/proto [aliases] [# comment]", the fields
// padded to fixed columns with spaces, and a commented line with '#'
// before the name, so that its columns stay those of the other lines.
func (l ServiceLine) Line() string {
	b := make([]byte, 0, 128)
	if l.Commented {
		b = append(b, '#')
	}
	b = append(b, l.Name...)
	b = padTo(b, portColumn)
	b = strconv.AppendUint(b, uint64(l.Port), 10)
	b = append(b, '/')
	b = append(b, l.Protocol.String()...)
	if len(l.Aliases) > 0 {
		b = padTo(b, aliasColumn)
		b = append(b, strings.Join(l.Aliases, " ")...)
	}
	if l.Comment == "" && len(l.Local) == 0 && len(l.ByName) == 0 {
		return string(b)
	}
	b = padTo(b, commentColumn)
	b = append(b, "# "...)
	b = append(b, l.Comment...)
	sep := func() {
		if b[len(b)-1] != ' ' {
			b = append(b, ' ')
		}
	}
	if len(l.Local) > 0 {
		sep()
		b = append(b, "[local: "...)
		b = append(b, strings.Join(l.Local, " ")...)
		b = append(b, ']')
	}
	if len(l.ByName) > 0 {
		sep()
		b = append(b, "[by name: "...)
		for i, n := range l.ByName {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, n.Name...)
			b = append(b, ' ')
			b = strconv.AppendUint(b, uint64(n.Port), 10)
		}
		b = append(b, ']')
	}
	return string(b)
}

// padTo pads b with spaces to col, with at least one space.
func padTo(b []byte, col int) []byte {
	b = append(b, ' ')
	for len(b) < col {
		b = append(b, ' ')
	}
	return b
}

// ServicesSafe reports whether services(5) can carry name: a non-empty
// run of printable ASCII without blanks (fields are separated by white
// space) and without '#' (it starts a comment).
func ServicesSafe(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' || c == '#' {
			return false
		}
	}
	return true
}

// onServicesProtocol reports whether the services export lists record s
// on p. A record naming no protocol (a handful of old assignments such as
// boe-cms 6400 or flex-lm 27000-27009) is listed on tcp and udp: package
// ports counts it for every protocol, but tcp and udp are what such
// assignments were made for before RFC 6335 made them per protocol; SCTP
// and DCCP ports have only ever been assigned explicitly.
func onServicesProtocol(s ports.Service, p ports.Protocol) bool {
	if s.Protocol() == ports.NoProtocol {
		return p == ports.TCP || p == ports.UDP
	}
	return s.Protocol() == p
}

// Row is the summary of s that package primary ranks.
func Row(s ports.Service) primary.Row {
	r := primary.Row{Name: s.Name(), Description: s.Description(), Note: s.Note(), IsRange: s.IsRange()}
	for ref := range s.References() {
		if ref.Type() == ports.RefRFC {
			r.HasRFC = true
			break
		}
	}
	return r
}

// Unwritable counts the assigned records with a port that the services(5)
// export skips because services(5) cannot carry their names (see
// ServicesSafe).
func Unwritable() int {
	n := 0
	for s := range ports.All() {
		if s.Status() == ports.Assigned && s.HasPort() && !ServicesSafe(s.Name()) {
			n++
		}
	}
	return n
}

// ServiceLines yields the lines of the services(5) export, in file order,
// computing each as it goes. The rules:
//
//   - Only assigned records with a port are listed: Reserved and
//     Unassigned rows have no name, and name-only records (DNS-SD service
//     names) have no port.
//   - A name is listed on one port per protocol: the one ports.Lookup,
//     and so ports.LookupPort, answers for it (its lowest, a local
//     record's where the overlay gives one). glibc's files backend
//     answers a by-name look-up with the first line naming it and Go's
//     pure reader of /etc/services with the last, so a name on two lines
//     would resolve differently in C and in Go. A range is listed on its
//     first port only (x11 on 6000, as netbase lists it); the extra ports
//     of a name registered on several (http-alt on 591, 8008 and 8080)
//     give it up.
//   - There is one line per port and protocol (tcp, udp, sctp, dccp)
//     where a name is listed, sorted by port, then protocol in that
//     order, so that the first line for a port, the one getservbyport
//     answers with, holds every name listed on it.
//   - The line's first name is ports.Primary's, the name getservbyport
//     answers, picked by package primary among the records assigned on
//     that port and protocol; every other name there follows as an
//     alias, in registry order, each once (names compare
//     case-insensitively, per RFC 6335). Where the file cannot list
//     Primary's record here (its name is not ServicesSafe, or is listed
//     on another port, or it names no protocol and the line is sctp or
//     dccp), the same rule picks among the records the line lists.
//   - A name written with capitals (EtherNet/IP-1) is followed by its
//     lower-case form (ethernet/ip-1): glibc compares names as written,
//     while Go lower-cases the name it is asked for and compares that.
//     The two forms are one name to package ports, listed on one port, so
//     the added form cannot take another name's place.
//   - The names of a record's own port that are listed on another port
//     are noted after the comment, with that port: "[by name: http-alt
//     591]". A port and protocol left without a name this way keeps its
//     line as a comment ("#http-alt 8080/tcp ..."), so the file still
//     shows the assignment.
//   - A record naming no protocol is listed on tcp and udp (see
//     onServicesProtocol).
//   - Names services(5) cannot carry (see ServicesSafe: blanks, '#',
//     control or non-ASCII characters) are skipped (Unwritable counts
//     them); the registry has none today. Legacy names such as "z39.50",
//     "sql*net" or "EtherNet/IP-1" are carried as they are.
//   - The comment is the first line of the primary record's description,
//     and for a range, the range ("X Window System (ports 6000-6063)").
//
// A package generated with -overlay adds its local names (ports.Service.
// Local), so that the file answers as ports.LookupPort does:
//
//   - On a port and protocol with local names, the first of them (in
//     overlay order) is the primary name: the overlay is the local
//     administrator's choice. The other local names follow as aliases,
//     then IANA's. When the primary name has no comment, the comment is
//     that of the name package primary picks among IANA's.
//   - The names only local records give on the line are marked after
//     the comment: "# PostgreSQL database [local: postgres]".
//   - A local name wins ports.Lookup, so IANA's ports for a name the
//     overlay gives another port note it "[by name: ...]" like any
//     other name listed elsewhere.
func ServiceLines() iter.Seq[ServiceLine] {
	return serviceLines
}

func serviceLines(yield func(ServiceLine) bool) {
	var recs, iana, moved []ports.Service
	for port := 0; port <= 65535; port++ {
		for _, p := range ServicesProtocols {
			recs, iana, moved = recs[:0], iana[:0], moved[:0]
			var local ports.Service // the first local record here
			for s := range ports.ByPort(uint16(port), p) {
				if s.Status() != ports.Assigned || !onServicesProtocol(s, p) || !ServicesSafe(s.Name()) {
					continue
				}
				switch w, _ := ports.Lookup(s.Name(), p); {
				case !w.HasPort() || w.Port() != uint16(port):
					// Listed on w's port. Only the record's own port
					// says so; a range's interior ports leave it to
					// the range's first line.
					if s.Port() == uint16(port) {
						moved = append(moved, s)
					}
					continue
				case s.IsLocal():
					if local.IsZero() {
						local = s
					}
				default:
					iana = append(iana, s)
				}
				recs = append(recs, s)
			}
			var l ServiceLine
			switch {
			case len(recs) > 0:
				l = line(uint16(port), p, recs, iana, local)
			case len(moved) > 0:
				l = line(uint16(port), p, moved, moved, ports.Service{})
				l.Commented = true
			default:
				continue
			}
			for _, s := range moved {
				if !slices.ContainsFunc(l.ByName, func(n NamePort) bool { return strings.EqualFold(n.Name, s.Name()) }) {
					w, _ := ports.Lookup(s.Name(), p)
					l.ByName = append(l.ByName, NamePort{s.Name(), w.Port()})
				}
			}
			if !yield(l) {
				return
			}
		}
	}
}

// line is the line of port and p listing recs, the records assigned
// there whose names the file lists on it: iana are IANA's among them,
// local the first local one (or the zero Service).
func line(port uint16, p ports.Protocol, recs, iana []ports.Service, local ports.Service) ServiceLine {
	// ports.Primary is the rule, local records first; it picks among
	// every assignment, so where the file cannot list its pick here,
	// the rule picks again among those it lists. Its pick, when listed,
	// is also the best of those.
	first, ok := ports.Primary(port, p)
	if !ok || !slices.Contains(recs, first) {
		first = local
		if first.IsZero() {
			first = pick(iana)
		}
	}
	l := ServiceLine{Port: port, Protocol: p, Name: first.Name(), Comment: firstLine(first.Description())}
	if l.Comment == "" && first.IsLocal() && len(iana) > 0 {
		// A local name without a comment takes IANA's.
		first = pick(iana)
		l.Comment = firstLine(first.Description())
	}
	if first.IsRange() {
		if l.Comment != "" {
			l.Comment += " "
		}
		l.Comment += "(ports " + first.Number() + ")"
	}
	// Local names first, in overlay order, then IANA's.
	for _, want := range []bool{true, false} {
		for _, s := range recs {
			if s.IsLocal() == want && !strings.EqualFold(s.Name(), l.Name) && !containsFold(l.Aliases, s.Name()) {
				l.Aliases = append(l.Aliases, s.Name())
			}
		}
	}
	for _, s := range recs {
		if s.IsLocal() && !containsFold(l.Local, s.Name()) && !slices.ContainsFunc(iana, func(x ports.Service) bool { return strings.EqualFold(x.Name(), s.Name()) }) {
			l.Local = append(l.Local, s.Name())
		}
	}
	names := make([]string, 0, 2*(1+len(l.Aliases)))
	for _, n := range append([]string{l.Name}, l.Aliases...) {
		// ServicesSafe names are ASCII, where ToLower is the folding
		// Go's reader applies to a query.
		names = append(names, n)
		if lower := strings.ToLower(n); lower != n {
			names = append(names, lower)
		}
	}
	l.Aliases = names[1:]
	return l
}

// pick is package primary's choice among IANA's records recs, listed on
// one line.
func pick(recs []ports.Service) ports.Service {
	rows := make([]primary.Row, len(recs))
	for i, s := range recs {
		rows[i] = Row(s)
	}
	return recs[primary.Pick(rows)]
}

// containsFold reports whether list holds name in any case. Names here
// are ASCII (ServicesSafe), where strings.EqualFold is the ASCII folding
// of RFC 6335.
func containsFold(list []string, name string) bool {
	for _, x := range list {
		if strings.EqualFold(x, name) {
			return true
		}
	}
	return false
}

// firstLine is the first non-empty line of s, with every character
// strconv.IsPrint rejects (controls, bidi and other format characters,
// separators) turned into a space and blanks trimmed: a comment that
// cannot end the record's line, nor reorder it on a terminal.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.Map(func(r rune) rune {
			if !strconv.IsPrint(r) {
				return ' '
			}
			return r
		}, l)
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// servicesHeader says what the file is: its source and version, and the
// rules by which names become lines.
const servicesHeader = `# Network services, Internet style: a services(5) file generated by
# "ports export services" from IANA's
# %[1]s,
# updated %[2]s, %[3]d records, sha256
# %[4]s
# %[5]s
#
# It can replace /etc/services. One line per port and protocol (tcp, udp,
# sctp, dccp) on which IANA assigns a service name, sorted by port; a record
# naming no protocol is listed on tcp and udp.
# A name is listed on one port per protocol, the one Go's ports.LookupPort
# answers (its lowest), so that C programs (glibc keeps the first line for a
# name) and Go programs (Go's reader keeps the last) find the same port: a
# range on its first port only, a name registered on several ports on the
# lowest. Its other ports say so after the comment, [by name: NAME PORT],
# and a port left without a name is a commented line. A name with capitals
# is followed by its lower-case form, which Go looks up.
# The first name of a line, the one getservbyport and tools such as ss,
# netstat and tcpdump print, is chosen by IANA's own signals, in order:
#   1. rows whose note calls them a duplicate of or an alias to another
#      name, a Conflict, or an unassigned but widespread use, and rows with
#      a blank description (old alias rows: ident beside auth) come last;
#   2. then a row citing an RFC wins (submissions over urd on 465/tcp);
#   3. then a single port wins over a range;
#   4. then registry order.
# Every other name listed on the port and protocol follows as an alias, in
# registry order. Name-only records (DNS-SD), reserved and unassigned ports
# are not listed. The comment is the primary record's description.
`

// servicesLocalHeader says, in a package generated with -overlay, how its
// local names are written.
const servicesLocalHeader = `#
# With %[1]d local names compiled in from an overlay of sha256
# %[2]s:
# on a port and protocol where the overlay names a service, its first name
# there is the primary; the names only the overlay gives are marked after
# the comment, [local: ...]; a local name is listed on its local port only.
`

// Services writes a services(5) file of the registry's assigned service
// names that can replace /etc/services: after a header naming the
// registry version and the rules, one line per port and protocol, "name
// port/proto [aliases] # comment", comments aligned. See ServiceLines for
// what is listed and how.
func Services(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, servicesHeader, firstLine(ports.RegistryTitle), ports.RegistryUpdated, ports.NumRecords, ports.RegistrySHA256, ports.RegistryURL)
	if ports.NumLocal > 0 {
		fmt.Fprintf(bw, servicesLocalHeader, ports.NumLocal, ports.OverlaySHA256)
	}
	if n := Unwritable(); n > 0 {
		fmt.Fprintf(bw, "# %d records skipped: their names cannot be written in services(5).\n", n)
	}
	bw.WriteString("\n")
	for l := range ServiceLines() {
		bw.WriteString(l.Line())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
