// Command allbase is the baseline of the every-accessor probe ../all: the
// same shape of program (fmt, errors, hash/fnv, a loop over records and
// people, a checksum) over a two-row table of its own instead of ports.
package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strconv"
)

type service struct {
	name, desc string
	port       uint16
	people     []person
}

type person struct{ id, name string }

var errUnknown = errors.New("unknown service")

type portError struct {
	network string
	err     error
}

func (e *portError) Error() string { return e.network + ": " + e.err.Error() }
func (e *portError) Unwrap() error { return e.err }

var table = []service{
	{"http", "World Wide Web HTTP", 80, []person{{"Tim_Berners_Lee", "Tim Berners-Lee"}}},
	{"https", "http protocol over TLS/SSL", 443, nil},
}

func lookupPort(network, name string) (int, error) {
	for _, s := range table {
		if s.name == name {
			return int(s.port), nil
		}
	}
	return 0, &portError{network, errUnknown}
}

func main() {
	h := fnv.New64a()
	put := func(xs ...any) { fmt.Fprintln(h, xs...) }
	n := 0
	for i, s := range table {
		put(i, s.name, s.desc, s.port, strconv.Itoa(int(s.port)))
		for _, p := range s.people {
			put(p.id, p.name)
			n++
		}
	}
	for _, a := range append([]string{"tcp", "UDP"}, os.Args[1:]...) {
		port, err := lookupPort(a, "http")
		var pe *portError
		if errors.As(err, &pe) {
			put(pe.Error(), errors.Unwrap(pe) == errUnknown, errors.Is(err, errUnknown))
		}
		put(port)
	}
	_, _ = io.WriteString(h, "2026-08-17")
	fmt.Printf("records %d, people %d, checksum %016x\n", len(table), n, h.Sum64())
}
