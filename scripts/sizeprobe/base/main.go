// Command base is the baseline of the binary-size probes: the same shape
// of program as ../lookup, answering from a two-row table of its own
// instead of importing ports. TestBinaryBudgets subtracts its stripped
// size from the probes'.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

type service struct {
	name string
	port uint16
}

var table = []service{{"http", 80}, {"https", 443}}

func main() {
	for _, a := range os.Args[1:] {
		for _, s := range table {
			if strings.EqualFold(s.name, a) {
				fmt.Println(s.name, s.port)
			}
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 0 && n <= 65535 {
			for _, s := range table {
				if int(s.port) == n {
					fmt.Println(s.name, s.port)
				}
			}
		}
	}
}
