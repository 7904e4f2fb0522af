// Command basejson is the baseline of the lookupjson probe: the base
// probe's two-row table, its answers printed through encoding/json.
package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
)

type service struct {
	Name string `json:"name"`
	Port uint16 `json:"port"`
}

var table = []service{{"http", 80}, {"https", 443}}

func main() {
	enc := json.NewEncoder(os.Stdout)
	for _, a := range os.Args[1:] {
		for _, s := range table {
			if strings.EqualFold(s.Name, a) {
				enc.Encode(s)
			}
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 0 && n <= 65535 {
			for _, s := range table {
				if int(s.Port) == n {
					enc.Encode(s)
				}
			}
		}
	}
}
