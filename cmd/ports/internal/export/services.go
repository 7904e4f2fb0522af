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

// ServiceLine is one line of the services(5) export: every name assigned
// on one port and protocol.
type ServiceLine struct {
	Port     uint16
	Protocol ports.Protocol
	Name     string   // the primary name, chosen by package primary, or the overlay's
	Aliases  []string // the other names on the port: local ones first, then IANA's in registry order
	Comment  string
	Local    []string // the names only local records give here, marked after the comment
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
// padded to fixed columns with spaces.
func (l ServiceLine) Line() string {
	b := make([]byte, 0, 128)
	b = append(b, l.Name...)
	b = padTo(b, portColumn)
	b = strconv.AppendUint(b, uint64(l.Port), 10)
	b = append(b, '/')
	b = append(b, l.Protocol.String()...)
	if len(l.Aliases) > 0 {
		b = padTo(b, aliasColumn)
		b = append(b, strings.Join(l.Aliases, " ")...)
	}
	if l.Comment != "" || len(l.Local) > 0 {
		b = padTo(b, commentColumn)
		b = append(b, "# "...)
		b = append(b, l.Comment...)
	}
	if len(l.Local) > 0 {
		if l.Comment != "" {
			b = append(b, ' ')
		}
		b = append(b, "[local: "...)
		b = append(b, strings.Join(l.Local, " ")...)
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
//   - There is one line per port and protocol (tcp, udp, sctp, dccp),
//     sorted by port, then protocol in that order, so that the first line
//     for a port, the one getservbyport answers with, names every service
//     on it.
//   - The line's first name is ports.Primary's, the name getservbyport
//     answers, picked by package primary among the records assigned on
//     that port and protocol; every other name there follows as an
//     alias, in registry order, each once (names compare
//     case-insensitively, per RFC 6335). Where the file cannot list
//     Primary's record (its name is not ServicesSafe, or it is IANA's
//     record of a name the overlay moves, or it names no protocol and
//     the line is sctp or dccp), the same rule picks among the records
//     the line lists.
//   - A range is listed on each of its ports (x11 on 6000 to 6063), so
//     that a by-port look-up of any of them finds the name; a by-name
//     look-up finds the first line, the range's first port, as
//     ports.LookupPort answers.
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
//   - A name the overlay gives another port on a protocol than IANA does
//     is listed on the overlay's port only, so that getservbyname finds
//     the port ports.LookupPort answers.
func ServiceLines() iter.Seq[ServiceLine] {
	return serviceLines
}

func serviceLines(yield func(ServiceLine) bool) {
	var recs, iana []ports.Service
	for port := 0; port <= 65535; port++ {
		for _, p := range ServicesProtocols {
			recs, iana = recs[:0], iana[:0]
			var local ports.Service // the first local record here
			for s := range ports.ByPort(uint16(port), p) {
				if s.Status() != ports.Assigned || !onServicesProtocol(s, p) || !ServicesSafe(s.Name()) {
					continue
				}
				if s.IsLocal() {
					if local.IsZero() {
						local = s
					}
				} else if movedAway(s, p) {
					continue
				} else {
					iana = append(iana, s)
				}
				recs = append(recs, s)
			}
			if len(recs) == 0 {
				continue
			}
			// ports.Primary is the rule, local records first; it picks
			// among every assignment, so where the file cannot list its
			// pick, the rule picks again among those it lists. Its pick,
			// when listed, is also the best of those.
			first, ok := ports.Primary(uint16(port), p)
			if !ok || !slices.Contains(recs, first) {
				first = local
				if first.IsZero() {
					first = pick(iana)
				}
			}
			l := ServiceLine{Port: uint16(port), Protocol: p, Name: first.Name(), Comment: firstLine(first.Description())}
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
			if !yield(l) {
				return
			}
		}
	}
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

// movedAway reports whether the overlay gives IANA's record s another
// port on p: LookupPort then answers the local port, and so must
// getservbyname.
func movedAway(s ports.Service, p ports.Protocol) bool {
	if ports.NumLocal == 0 {
		return false
	}
	w, ok := ports.Lookup(s.Name(), p)
	return ok && w.IsLocal() && w.Port() != s.Port()
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
# sctp, dccp) on which IANA assigns a service name, sorted by port; a range
# is listed on each of its ports, a record naming no protocol on tcp and udp.
# The first name of a line, the one getservbyport and tools such as ss,
# netstat and tcpdump print, is chosen by IANA's own signals, in order:
#   1. rows whose note calls them a duplicate of or an alias to another
#      name, a Conflict, or an unassigned but widespread use, and rows with
#      a blank description (old alias rows: ident beside auth) come last;
#   2. then a row citing an RFC wins (submissions over urd on 465/tcp);
#   3. then a single port wins over a range;
#   4. then registry order.
# Every other name assigned on the port and protocol follows as an alias, in
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
# the comment, [local: ...]; a name the overlay gives another port than
# IANA's is listed on the overlay's port only.
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
