package a

import (
	"testing"

	ports "example.com/vettest/fakeports"
)

// Tests look unknown names up on purpose: portsvet skips _test.go files.
func TestMiss(t *testing.T) {
	if _, ok := ports.Lookup("htps", ports.TCP); ok {
		t.Fatal("htps found")
	}
	ports.LookupPort("tcp", "syslog")
	ports.LookupPort("tcpx", "70000")
}
