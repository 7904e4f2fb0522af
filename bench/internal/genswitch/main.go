// Command genswitch writes switch_gen.go, the generated-switch baseline
// of the benchmarks, from the registry compiled into ports. bench/run.sh
// runs it into a temporary directory for each run and passes the file to
// go test with -overlay and -tags benchswitch.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/svcreg/ianaports/bench/internal/switchgen"
	"github.com/svcreg/ianaports/internal/atomicfile"
)

func main() {
	out := flag.String("o", "switch_gen.go", "output file")
	flag.Parse()
	src, err := switchgen.Source()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := atomicfile.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
