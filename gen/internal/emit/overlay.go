package emit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
)

// Overlay is a parsed services(5) file of local names, the generator's
// -overlay: each name and alias of a line becomes a local record on that
// line's port and protocol.
//
// The names resolve as net.LookupPort's own reader of /etc/services
// resolves them, for every file ParseOverlay accepts: for a name on a
// protocol, the last line naming it wins. That reader keeps names as
// written and lower-cases only the query, so it never finds a name
// written with capitals: such a name counts only on a line that also
// carries its lower-case spelling, and is skipped elsewhere (Capitalized).
// The names that count compare as registry names do, ignoring the case of
// ASCII letters (RFC 6335), so "Clearcase" and "clearcase" on one line
// are one name. What the reader would read otherwise (a line past its
// buffer, a name longer than it looks up) is refused.
type Overlay struct {
	File   string // the path the overlay was read from, for messages
	SHA256 string // lower-case hex digest of the exact input bytes

	// Entries are the local records, after the last line for a name has
	// won: in file order, a line's name before its aliases.
	Entries []LocalEntry
	// Redefined are the entries a later line replaced with another port.
	Redefined []Redefinition
	// Capitalized are the names written with capitals on a line that
	// does not also carry their lower-case spelling: net.LookupPort
	// never finds them, so they are skipped, in file order.
	Capitalized []Capitalized
	// Skipped counts, by protocol, the lines on protocols the registry
	// does not have (AppleTalk's ddp in netbase's file): services(5)
	// files carry them, and net.LookupPort never reads them.
	Skipped map[string]int
	// Lines is the number of lines that name a service.
	Lines int
}

// LocalEntry is one local name on one port and protocol.
type LocalEntry struct {
	Line     int    // the overlay line it comes from
	Name     string // as the line spells it
	Port     int
	Protocol string // tcp, udp, sctp or dccp
	Comment  string // the line's comment, after "#", trimmed
}

func (e LocalEntry) String() string {
	return safeComment(e.Name) + " " + strconv.Itoa(e.Port) + "/" + e.Protocol
}

// Redefinition is a name that a later line of the overlay gave another
// port on the same protocol.
type Redefinition struct {
	Old, New LocalEntry
}

// Capitalized is a name skipped because net.LookupPort never finds it:
// it lower-cases the name it is asked for and compares it with the
// file's names as written.
type Capitalized struct {
	LocalEntry
}

func (c Capitalized) String() string {
	return fmt.Sprintf("%s skipped: net.LookupPort lower-cases the name it looks up and never finds one written with capitals; write it as %s, or add that alias to the line",
		c.LocalEntry, safeQuote(registry.FoldName(c.Name)))
}

// OverlayError is a refused overlay line: "FILE:LINE: message".
type OverlayError struct {
	File string
	Line int
	Msg  string
}

func (e *OverlayError) Error() string {
	return clip.Path(e.File) + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
}

// maxLocalName bounds a local name: net.LookupPort looks up no longer
// name (maxPortBufSize in $GOROOT/src/net/lookup.go), so a longer one
// would answer in the tables and never in net. RFC 6335 names have at
// most 15 bytes, and so have all of IANA's.
const maxLocalName = 25

// maxLineLen is the longest line net.LookupPort's reader of /etc/services
// reads: it reads through a 64 KiB buffer (open in
// $GOROOT/src/net/parse.go), and at a line that does not fit with its
// newline it stops, reading nothing after it. Such a file is refused
// rather than read past where net stops.
const maxLineLen = 64<<10 - 1

// ParseOverlay reads a services(5) file: lines "name port/protocol
// [alias ...] [# comment]", blank lines and comments. Lines on protocols
// the registry does not have are skipped (counted in Skipped), and so
// are the names net.LookupPort never finds (Capitalized); anything else
// that does not fit is refused with an *OverlayError naming the line.
func ParseOverlay(file string, data []byte) (*Overlay, error) {
	sum := sha256.Sum256(data)
	o := &Overlay{File: file, SHA256: hex.EncodeToString(sum[:]), Skipped: map[string]int{}}
	type key struct{ name, proto string }
	at := map[key]int{} // index into entries
	var entries []LocalEntry
	var dropped []bool
	text := string(data)
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		fail := func(format string, args ...any) error {
			return &OverlayError{File: file, Line: n, Msg: fmt.Sprintf(format, args...)}
		}
		if len(line) > maxLineLen {
			return nil, fail("the line is %d bytes long: net.LookupPort's reader of /etc/services stops at a line of 64 KiB or more and reads nothing after it", len(line))
		}
		comment := ""
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line, comment = line[:i], strings.TrimSpace(line[i+1:])
		}
		if !utf8.ValidString(comment) {
			return nil, fail("the comment is not valid UTF-8")
		}
		if i := strings.IndexFunc(comment, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }); i >= 0 {
			return nil, fail("the comment holds the control character %U", comment[i])
		}
		comment = strings.ReplaceAll(comment, "\t", " ")
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' })
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fail("want \"name port/protocol [alias ...]\", found only %s", clip.Quote(f[0]))
		}
		portText, proto, ok := strings.Cut(f[1], "/")
		if !ok {
			return nil, fail("%s: want port/protocol, such as 80/tcp", clip.Quote(f[1]))
		}
		port, err := strconv.ParseUint(portText, 10, 64)
		if err != nil {
			return nil, fail("%s: the port is not a decimal number", clip.Quote(f[1]))
		}
		if port == 0 || port > 65535 {
			// net.LookupPort's reader skips port 0, glibc keeps it: refused
			// rather than read two ways.
			return nil, fail("%s: port %d is outside 1-65535", clip.Quote(f[1]), port)
		}
		switch {
		case protoNum[proto] != 0:
		case isProtocolWord(proto):
			o.Skipped[proto]++
			continue
		default:
			return nil, fail("%s: protocol %s is not a lower-case protocol name such as tcp, udp, sctp or dccp", clip.Quote(f[1]), clip.Quote(proto))
		}
		names := append([]string{f[0]}, f[2:]...)
		for _, name := range names {
			if err := checkLocalName(name); err != nil {
				return nil, fail("name %s %v", clip.Quote(name), err)
			}
		}
		o.Lines++
		for _, name := range names {
			e := LocalEntry{Line: n, Name: name, Port: int(port), Protocol: proto, Comment: comment}
			// net.LookupPort lower-cases its query as FoldName does.
			lower := registry.FoldName(name)
			if lower != name && !slices.Contains(names, lower) {
				o.Capitalized = append(o.Capitalized, Capitalized{e})
				continue
			}
			k := key{lower, proto}
			if i, ok := at[k]; ok {
				if entries[i].Line == n {
					continue // the same name twice on one line: the first spelling
				}
				if entries[i].Port != e.Port {
					o.Redefined = append(o.Redefined, Redefinition{Old: entries[i], New: e})
				}
				dropped[i] = true
			}
			at[k] = len(entries)
			entries = append(entries, e)
			dropped = append(dropped, false)
		}
	}
	for i, e := range entries {
		if !dropped[i] {
			o.Entries = append(o.Entries, e)
		}
	}
	return o, nil
}

// isProtocolWord reports whether s reads as another protocol's name in a
// services(5) file: a lower-case letter, then lower-case letters, digits
// or '-'.
func isProtocolWord(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkLocalName accepts what services(5) and the look-ups can carry as
// a name: printable ASCII (fields are split at blanks, comments start at
// '#'), not read as a port number, at most maxLocalName bytes.
func checkLocalName(name string) error {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("holds the byte %#x: a services(5) name is printable ASCII", c)
		}
	}
	if len(name) > maxLocalName {
		return fmt.Errorf("is %d bytes long, more than %d", len(name), maxLocalName)
	}
	digits := strings.TrimLeft(name, "+-")
	if len(name)-len(digits) <= 1 && strings.Trim(digits, "0123456789") == "" {
		return fmt.Errorf("reads as a port number: LookupPort would never look it up")
	}
	return nil
}

// Conflict is a local name that LookupPort answers with another port than
// IANA assigns it on that protocol: the local entry wins.
type Conflict struct {
	Local LocalEntry
	IANA  *registry.Record // the record Lookup answers without the overlay
}

func (c Conflict) String() string {
	return fmt.Sprintf("%s wins over IANA's %s %s/%s in Lookup and LookupPort", c.Local, clip.Bare(c.IANA.Name), c.IANA.Number, c.Local.Protocol)
}

// Conflicts lists the local entries whose name IANA assigns another port
// on the same protocol (by Lookup's rule, protocol-less records
// included), in overlay order.
func (o *Overlay) Conflicts(reg *registry.Registry) []Conflict {
	byName := map[string][]int{}
	for i := range reg.Records {
		if n := reg.Records[i].Name; n != "" {
			k := registry.FoldName(n)
			byName[k] = append(byName[k], i)
		}
	}
	recs := reg.Records
	beats := func(i, j int) bool { return better(&recs[i], &recs[j]) }
	var out []Conflict
	for _, e := range o.Entries {
		i := lookupAnswer(recs, byName[registry.FoldName(e.Name)], e.Protocol, beats)
		if i >= 0 && recs[i].HasNumber && recs[i].Lo != e.Port {
			out = append(out, Conflict{Local: e, IANA: &recs[i]})
		}
	}
	return out
}

// Summary is the one line the generator prints about the overlay.
func (o *Overlay) Summary(conflicts int) string {
	s := fmt.Sprintf("%s: %s from %s, sha256 %.12s", clip.Path(o.File), count(len(o.Entries), "local name"), count(o.Lines, "line"), o.SHA256)
	if len(o.Skipped) > 0 {
		var protos []string
		n := 0
		for p, k := range o.Skipped {
			protos = append(protos, p)
			n += k
		}
		sort.Strings(protos)
		s += fmt.Sprintf("; %s on other protocols skipped (%s)", count(n, "line"), strings.Join(protos, ", "))
	}
	if len(o.Redefined) > 0 {
		s += fmt.Sprintf("; %s redefined by a later line", count(len(o.Redefined), "name"))
	}
	if len(o.Capitalized) > 0 {
		s += fmt.Sprintf("; %s written with capitals skipped", count(len(o.Capitalized), "name"))
	}
	return s + fmt.Sprintf("; %s with IANA's assignments", count(conflicts, "conflict"))
}

// count writes n things: "1 line", "2 lines".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// records returns the local entries as records of the registry's model,
// for the tables.
func (o *Overlay) records() []registry.Record {
	if o == nil {
		return nil
	}
	recs := make([]registry.Record, len(o.Entries))
	for i, e := range o.Entries {
		n := strconv.Itoa(e.Port)
		recs[i] = registry.Record{Line: e.Line, Name: e.Name, Protocol: e.Protocol, Number: n, HasNumber: true, Lo: e.Port, Hi: e.Port}
		if e.Comment != "" {
			recs[i].Description = registry.Text{{Kind: registry.SegText, Text: e.Comment}}
		}
	}
	return recs
}
