// Package overlayref is the slow reference of the generator's -overlay,
// for tests: the local records a services(5) file gives, read the plain
// way net.LookupPort's own reader of /etc/services reads it (comments
// cut at '#', fields split at blanks, lines on other protocols ignored,
// the last line naming a name on a protocol winning, a name written with
// capitals never found unless its line has it in lower case too).
// fixture.NetRead is that reader itself, as net's sources write it. Read
// is written apart from emit.ParseOverlay, so that the tables built from
// an overlay are checked against something other than the code that
// built them. It expects input that ParseOverlay accepts, and checks
// nothing.
package overlayref

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/internal/registry"
)

// Entry is one local name on one port and protocol.
type Entry struct {
	Line     int
	Pos      int // the name's field on its line: 0 for the name, 1 for the first alias, ...
	Name     string
	Port     int
	Protocol string
	Comment  string
}

// Read returns the local names of a services(5) file, the last line for
// a name (folded as registry.FoldName folds) on a protocol winning, in
// file order.
func Read(data []byte) []Entry {
	type key struct{ name, proto string }
	won := map[key]Entry{}
	for i, line := range strings.Split(string(data), "\n") {
		comment := ""
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line, comment = line[:j], line[j+1:]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		num, proto, _ := strings.Cut(f[1], "/")
		switch proto {
		case "tcp", "udp", "sctp", "dccp":
		default:
			continue
		}
		port, _ := strconv.Atoi(num)
		names := append(f[:1:1], f[2:]...)
		for pos, name := range names {
			if lower := strings.ToLower(name); lower != name && !slices.Contains(names, lower) {
				continue
			}
			k := key{registry.FoldName(name), proto}
			if e, ok := won[k]; ok && e.Line == i+1 {
				continue
			}
			won[k] = Entry{Line: i + 1, Pos: pos, Name: name, Port: port, Protocol: proto,
				Comment: strings.ReplaceAll(strings.TrimSpace(comment), "\t", " ")}
		}
	}
	out := make([]Entry, 0, len(won))
	for _, e := range won {
		out = append(out, e)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Line != out[b].Line {
			return out[a].Line < out[b].Line
		}
		return out[a].Pos < out[b].Pos
	})
	return out
}

// Records gives the entries as records of the registry's model, as a
// package generated with the overlay reads them back: an assignment of
// the name on one port, the comment as its description.
func Records(es []Entry) []registry.Record {
	var recs []registry.Record
	for _, e := range es {
		r := registry.Record{Line: e.Line, Name: e.Name, Protocol: e.Protocol, Number: strconv.Itoa(e.Port), HasNumber: true, Lo: e.Port, Hi: e.Port}
		if e.Comment != "" {
			r.Description = registry.Text{{Kind: registry.SegText, Text: e.Comment}}
		}
		recs = append(recs, r)
	}
	return recs
}
