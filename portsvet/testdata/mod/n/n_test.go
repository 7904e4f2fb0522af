package n

import (
	"net"
	"testing"
)

// netsvc checks tests too: a test run in a minimal container resolves
// names as the program does.
func TestDial(t *testing.T) {
	net.Dial("tcp", "localhost:ldap") // want `IANA assigns it 389/tcp$`
	net.Dial("tcp", "localhost:http")
}
