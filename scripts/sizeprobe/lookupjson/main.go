// Command lookupjson is the lookup probe in a program that also links
// encoding/json. Package ports does not import encoding/json, so the
// tables a look-up does not touch stay out of this binary as they do of
// lookup's: a MarshalJSON method on Service would keep every table (the
// reflection-driven encoder reaches every method), which is why the JSON
// form lives in package portsjson. Run as `lookupjson http 80`.
package main

import (
	"encoding/json"
	"os"
	"strconv"

	"github.com/svcreg/ianaports/ports"
)

type answer struct {
	Name string `json:"name"`
	Port uint16 `json:"port"`
}

func main() {
	enc := json.NewEncoder(os.Stdout)
	for _, a := range os.Args[1:] {
		if s, ok := ports.Lookup(a, ports.TCP); ok {
			enc.Encode(answer{s.Name(), s.Port()})
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 0 && n <= 65535 {
			for s := range ports.ByPort(uint16(n), ports.TCP) {
				enc.Encode(answer{s.Name(), s.Port()})
			}
		}
	}
}
