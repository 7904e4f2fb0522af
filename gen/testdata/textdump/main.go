// Command textdump prints records and people of the compiled ports
// package the way IANA's plain-text rendering of the registry does: one
// record a line, its non-empty columns separated by spaces. The seed
// test (gen/gen_test.go; this is testdata, outside ./...) builds it against a package generated from an older registry
// (with go run -overlay) and compares the output with IANA's own text.
//
// Usage: textdump LO HI [person-id ...]
package main

import (
	"fmt"
	"iter"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/svcreg/ianaports/ports"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: textdump LO HI [person-id ...]")
		os.Exit(2)
	}
	lo, _ := strconv.Atoi(os.Args[1])
	hi, _ := strconv.Atoi(os.Args[2])
	fmt.Printf("registry %s\n", ports.RegistryUpdated)
	for s := range ports.All() {
		a, b := s.PortRange()
		if !s.HasPort() || int(b) < lo || int(a) > hi {
			continue
		}
		fmt.Println(record(s))
	}
	for _, id := range os.Args[3:] {
		p, ok := ports.LookupPerson(id)
		if !ok {
			fmt.Printf("[%s] MISSING\n", id)
			continue
		}
		cols := []string{"[" + p.ID() + "]", p.Name(), p.Org()}
		cols = slices.AppendSeq(cols, p.URIs())
		cols = append(cols, p.Updated().String())
		fmt.Println(join(cols))
	}
}

func ids(ps iter.Seq[ports.Person]) string {
	var b strings.Builder
	for p := range ps {
		b.WriteString("[" + p.ID() + "]")
	}
	return b.String()
}

func record(s ports.Service) string {
	assignees := ids(s.Assignees())
	if assignees == "" {
		// IANA shows the contact as assignee when the record names none.
		assignees = ids(s.Contacts())
	}
	var refs strings.Builder
	for r := range s.References() {
		refs.WriteString(r.String())
	}
	sc := ""
	if v, ok := s.ServiceCode(); ok {
		sc = strconv.FormatUint(uint64(v), 10)
	}
	proto, _ := s.Protocol().MarshalText() // "" for none
	return join([]string{s.Name(), s.Number(), string(proto), s.Description(),
		assignees, ids(s.Contacts()), s.Registered().String(), s.Modified().String(),
		refs.String(), sc, s.Unauthorized(), s.Note()})
}

// join keeps the non-empty columns, on one line.
func join(cols []string) string {
	var keep []string
	for _, c := range cols {
		if c = strings.Join(strings.Fields(c), " "); c != "" {
			keep = append(keep, c)
		}
	}
	return strings.Join(keep, " ")
}
