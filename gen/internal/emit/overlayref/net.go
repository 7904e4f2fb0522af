package overlayref

import (
	"bytes"
	"maps"

	"github.com/svcreg/ianaports/internal/registry"
)

// The two limits of net's pure-Go resolver that decide what it finds in
// /etc/services. TestNetLimitsMatchGo reads them from the Go that runs
// the tests.
const (
	// NetBuffer is the size of the buffer net reads /etc/services
	// through (open in $GOROOT/src/net/parse.go). A line must fit in it
	// with its newline: at a longer one the reader stops for good, and
	// the lines after it are never read.
	NetBuffer = 64 * 1024
	// NetMaxName is the longest service name net.LookupPort looks up
	// (maxPortBufSize in $GOROOT/src/net/lookup.go): a longer query
	// fails whatever the file holds.
	NetMaxName = 25
)

// NetServices is what net.LookupPort's pure-Go resolver knows after
// reading a services(5) file as /etc/services. It is written from the
// behaviour of $GOROOT/src/net/port_unix.go (readServices), parse.go
// (the line reader, field splitting, dtoi) and lookup.go
// (lookupPortMap), not from the generator's reader: the tests compare
// the two, and gen's long test compares this one with net itself.
type NetServices struct {
	// byNetwork maps the text after "/" of a line's port field to the
	// names of such lines, as written, to their ports: Go's built-in
	// table first, then each line in turn, a later line overwriting an
	// earlier one.
	byNetwork map[string]map[string]int
}

// NetRead reads data as net reads /etc/services, on top of builtin, Go's
// built-in table (network, lower-case name, port; fixture.GoServices).
//
//   - A line ends at '\n'. The reader holds NetBuffer bytes: a line that
//     does not fit with its newline (65,536 bytes or more before it), or
//     a last line without newline of NetBuffer bytes or more, ends the
//     reading; nothing after it is read.
//   - A '#' and what follows it are dropped; fields are split at ' ',
//     '\t' and '\r'; a line needs two fields.
//   - The second field is decimal digits (a number of up to 7 digits
//     below 0xFFFFFF), then '/', then a network: anything at all. Port 0
//     and lines that do not fit are skipped.
//   - Every other field, the name and the aliases, is stored as written
//     for that network with the line's port.
func NetRead(data []byte, builtin map[string]map[string]int) *NetServices {
	n := &NetServices{byNetwork: map[string]map[string]int{}}
	for network, names := range builtin {
		n.byNetwork[network] = maps.Clone(names)
	}
	for rest := data; len(rest) > 0; {
		var line []byte
		window := rest[:min(len(rest), NetBuffer)]
		if i := bytes.IndexByte(window, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else if len(rest) < NetBuffer {
			line, rest = rest, nil
		} else {
			break
		}
		n.addLine(line)
	}
	return n
}

func (n *NetServices) addLine(line []byte) {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	fields := bytes.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' })
	if len(fields) < 2 {
		return
	}
	port, digits := 0, 0
	for _, c := range fields[1] {
		if c < '0' || c > '9' {
			break
		}
		port = port*10 + int(c-'0')
		digits++
		if port >= 0xFFFFFF {
			return // dtoi gives up
		}
	}
	if digits == 0 || port == 0 || digits == len(fields[1]) || fields[1][digits] != '/' {
		return
	}
	network := string(fields[1][digits+1:])
	m := n.byNetwork[network]
	if m == nil {
		m = map[string]int{}
		n.byNetwork[network] = m
	}
	for i, f := range fields {
		if i != 1 {
			m[string(f)] = port
		}
	}
}

// LookupPort answers as net.LookupPort does with the pure-Go resolver for
// a service name (not one net reads as a number, which it never looks
// up): tcp, udp and their 4 and 6 forms look on their network, "" and
// "ip" on tcp, then udp. The query is lower-cased (ASCII) and must match
// a stored name exactly, so a name written with capitals is never found;
// a query longer than NetMaxName is never found either. A port above
// 65535 (which the reader stores) makes net.LookupPort fail.
func (n *NetServices) LookupPort(network, service string) (int, bool) {
	var order []string
	switch network {
	case "tcp", "tcp4", "tcp6":
		order = []string{"tcp"}
	case "udp", "udp4", "udp6":
		order = []string{"udp"}
	case "", "ip":
		order = []string{"tcp", "udp"}
	}
	if len(service) > NetMaxName {
		return 0, false
	}
	// net lower-cases ASCII letters only, as FoldName does.
	q := registry.FoldName(service)
	for _, network := range order {
		if port, ok := n.byNetwork[network][q]; ok {
			return port, port <= 65535
		}
	}
	return 0, false
}
