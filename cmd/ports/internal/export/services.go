package export

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/svcreg/ianaports/ports"
)

// ServicesProtocols are the protocols a services(5) export lists, in the
// order lines for the same port are written.
var ServicesProtocols = []ports.Protocol{ports.TCP, ports.UDP, ports.SCTP, ports.DCCP}

// ServiceEntry is one line of the services(5) export.
type ServiceEntry struct {
	Name     string
	Port     uint16
	Protocol ports.Protocol
	Aliases  []string
	Comment  string
	Index    int // the registry index of the record the line comes from
}

// Line renders e as a services(5) line:
// "name port/proto [aliases] [# comment]".
func (e ServiceEntry) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-15s %-10s", e.Name, fmt.Sprintf("%d/%s", e.Port, e.Protocol))
	if len(e.Aliases) > 0 {
		b.WriteString(" " + strings.Join(e.Aliases, " "))
	}
	if e.Comment != "" {
		b.WriteString("  # " + e.Comment)
	}
	return strings.TrimRight(b.String(), " ")
}

// aliasNote matches the notes by which IANA marks a record's name as a
// legacy or duplicate spelling of another name on the same port:
// `This entry is an alias to "matrix-vnet".` and
// `This is a duplicate of the "http" service ...`.
var aliasNote = regexp.MustCompile(`(?:This entry is an alias to|This is a duplicate of the) "([^"]+)"`)

// AliasTarget returns the name s's note says s is an alias or a
// duplicate of, or "".
func AliasTarget(s ports.Service) string {
	m := aliasNote.FindStringSubmatch(s.Note())
	if m == nil {
		return ""
	}
	return m[1]
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

// ServiceEntries computes the lines of the services(5) export, in file
// order, and the number of records skipped because services(5) cannot
// carry their names. The rules:
//
//   - Only assigned records with a port are listed: Reserved and
//     Unassigned rows have no name, and name-only records (DNS-SD service
//     names) have no port.
//   - Protocols are tcp, udp, sctp and dccp, the four the registry uses.
//     A record naming no protocol (a handful of old assignments such as
//     boe-cms 6400 or flex-lm 27000-27009) is listed on tcp and on udp:
//     package ports counts such records for every protocol, and tcp and
//     udp are what they were assigned for before RFC 6335 made
//     assignments per protocol; SCTP and DCCP ports have only ever been
//     assigned explicitly.
//   - A range is listed once, at its first port, with the whole range in
//     the comment ("ports 6000-6063"). services(5) maps a name to one
//     port, getservbyname answers with the first matching line anyway,
//     and ports.LookupPort answers a range's first port too, so the file
//     and the library agree; expanding would repeat the name on every
//     port of the range (up to 100 lines for one record today) for no name
//     look-up gained.
//   - A record whose note says its name is an alias to, or a duplicate
//     of, another name ("This entry is an alias to \"matrix-vnet\"", "This
//     is a duplicate of the \"http\" service") becomes an alias on that
//     name's line when the other name is listed on the same port and
//     protocol (http 80/tcp www www-http); otherwise it gets its own line.
//   - A name, port and protocol combination is listed once, by its first
//     record (names compare case-insensitively, as RFC 6335 says).
//   - Names services(5) cannot carry (see ServicesSafe: blanks, '#',
//     control or non-ASCII characters) are skipped and counted; the
//     registry has none today. Legacy names such as "z39.50", "sql*net"
//     or "EtherNet/IP-1" are carried as they are.
//   - The comment is the first line of the description.
//   - Lines are sorted by port, then protocol (tcp, udp, sctp, dccp),
//     then registry order, so getservbyport finds the earliest record of
//     a port and getservbyname the lowest port of a name, as ports.Lookup
//     does.
func ServiceEntries() (entries []ServiceEntry, skipped int) {
	type key struct {
		name  string
		port  uint16
		proto ports.Protocol
	}
	at := map[key]int{}         // primary line of a name/port/proto, an index into entries
	named := map[key]bool{}     // every name/port/proto on some line, aliases too
	var aliases []ports.Service // records to fold into another line
	add := func(s ports.Service, p ports.Protocol) {
		k := key{strings.ToLower(s.Name()), s.Port(), p}
		if named[k] {
			return
		}
		named[k] = true
		at[k] = len(entries)
		comment := firstLine(s.Description())
		if s.IsRange() {
			if comment != "" {
				comment += " "
			}
			comment += "(ports " + s.Number() + ")"
		}
		entries = append(entries, ServiceEntry{
			Name:     s.Name(),
			Port:     s.Port(),
			Protocol: p,
			Comment:  comment,
			Index:    s.Index(),
		})
	}
	for _, s := range ports.All() {
		if s.Status() != ports.Assigned || !s.HasPort() {
			continue
		}
		if !ServicesSafe(s.Name()) {
			skipped++
			continue
		}
		if AliasTarget(s) != "" {
			aliases = append(aliases, s)
			continue
		}
		for _, p := range servicesProtocols(s) {
			add(s, p)
		}
	}
	for _, s := range aliases {
		target := strings.ToLower(AliasTarget(s))
		for _, p := range servicesProtocols(s) {
			k := key{strings.ToLower(s.Name()), s.Port(), p}
			if i, ok := at[key{target, s.Port(), p}]; ok {
				if !named[k] {
					named[k] = true
					entries[i].Aliases = append(entries[i].Aliases, s.Name())
				}
				continue
			}
			add(s, p)
		}
	}
	slices.SortStableFunc(entries, func(a, b ServiceEntry) int {
		if a.Port != b.Port {
			return int(a.Port) - int(b.Port)
		}
		if a.Protocol != b.Protocol {
			return int(a.Protocol) - int(b.Protocol)
		}
		return a.Index - b.Index
	})
	return entries, skipped
}

func servicesProtocols(s ports.Service) []ports.Protocol {
	if s.Protocol() == ports.NoProtocol {
		return []ports.Protocol{ports.TCP, ports.UDP}
	}
	if slices.Contains(ServicesProtocols, s.Protocol()) {
		return []ports.Protocol{s.Protocol()}
	}
	return nil
}

// firstLine is the first non-empty line of s, with control characters
// turned into spaces and blanks trimmed.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
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

// Services writes a services(5) file of the registry's assigned service
// names, usable as /etc/services: "name port/proto [aliases] # comment",
// after a header of comments naming the registry version. See
// ServiceEntries for what is listed and how.
func Services(w io.Writer) error {
	entries, skipped := ServiceEntries()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `# Network services, Internet style: services(5), generated by "ports export services" from
# IANA's %s
# updated %s, %d records, sha256 %s
# %s
#
# Assigned service names with a port, on tcp, udp, sctp and dccp; one line per
# name, port and protocol, sorted by port. A range is listed at its first
# port (the comment names the range); records naming no protocol are listed on
# tcp and udp; legacy names IANA notes as an alias to or a duplicate of another
# name are aliases on that name's line. Name-only records, reserved and
# unassigned ports are not listed.
`, ports.RegistryTitle, ports.RegistryUpdated, ports.NumRecords, ports.RegistrySHA256, ports.RegistryURL)
	if skipped > 0 {
		fmt.Fprintf(bw, "# %d records skipped: their names cannot be written in services(5).\n", skipped)
	}
	bw.WriteString("\n")
	for _, e := range entries {
		bw.WriteString(e.Line())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
