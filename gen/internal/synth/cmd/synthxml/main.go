// Command synthxml writes a synthetic registry XML (see package synth) for
// the scale scripts:
//
//	go run ./gen/internal/synth/cmd/synthxml -factor 16 -seed 1 -o /tmp/x16.xml
//
// It prints the figures the emitter's table layout bounds to stderr and
// exits 1 if the output exceeds any of them.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/svcreg/ianaports/gen/internal/synth"
	"github.com/svcreg/ianaports/internal/registry"
)

func main() {
	factor := flag.Float64("factor", 1, "size relative to the real registry")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "", "output `file` (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := synth.WriteFile(*out, *factor, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "synthxml:", err)
		os.Exit(1)
	}
	reg, err := registry.ParseFile(*out, registry.Options{MaxSize: 1 << 40})
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthxml: output does not parse:", err)
		os.Exit(1)
	}
	l := synth.Measure(reg)
	fmt.Fprintf(os.Stderr, "synthxml: %s: factor %g, %d bytes, %d records, %d names, %d people; max %d records a name, max %d records covering one port on one protocol (port %d), %d port segments\n",
		*out, *factor, reg.Size, l.Records, l.Names, len(reg.People), l.MaxNameRecords, l.MaxPortCover, l.MaxCoverPort, l.Segments)
	if err := l.Check(); err != nil {
		fmt.Fprintln(os.Stderr, "synthxml: emitter limit exceeded:", err)
		os.Exit(1)
	}
}
