// Command lookup is the name and port look-up probe of TestBinaryBudgets:
// it uses only Lookup, ByPort, Name and Port, so that the linker keeps
// only the tables those need. Run as `lookup http 80`.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/svcreg/ianaports/ports"
)

func main() {
	for _, a := range os.Args[1:] {
		if s, ok := ports.Lookup(a, ports.TCP); ok {
			fmt.Println(s.Name(), s.Port())
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 0 && n <= 65535 {
			for s := range ports.ByPort(uint16(n), ports.TCP) {
				fmt.Println(s.Name(), s.Port())
			}
		}
	}
}
