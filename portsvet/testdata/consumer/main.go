// Command consumer is a program of another module with the mistakes
// portsvet finds: the test runs go vet, go fix and go tool over it.
package main

import (
	"fmt"
	"net"
	"slices"

	"github.com/svcreg/ianaports/ports"
)

func main() {
	s, ok := ports.Lookup("xftp", ports.TCP)
	fmt.Println(s, ok)
	fmt.Println(slices.Collect(ports.ByName("microsft-ds")))
	conn, err := net.Dial("tcp", "example.com:ldap")
	fmt.Println(conn, err)
	db, err := net.Dial("tcp", "db.example:sql-net")
	fmt.Println(db, err)
}
