package ianaports_test

import (
	"fmt"

	"github.com/svcreg/ianaports/ports"
)

// Programs import package ports; this one asks it what net.LookupPort
// would, without /etc/services.
func Example() {
	port, err := ports.LookupPort("tcp", "https")
	fmt.Println(port, err)
	s, _ := ports.Lookup("SSH", ports.TCP)
	fmt.Println(s.Name(), s.Port(), s.Description())
	// Output:
	// 443 <nil>
	// ssh 22 The Secure Shell (SSH) Protocol
}
