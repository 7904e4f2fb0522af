// Package b calls look-up functions the analyzer must not check: a build
// of ports with other tables, and packages that merely look like one.
package b

import (
	"example.com/vettest/lookalike"
	other "example.com/vettest/otherports"
	"example.com/vettest/wrongapi"
)

func f() {
	other.Lookup("htps", other.TCP)
	other.Lookup("syslog", other.TCP)
	other.ByName("postgresq")
	other.LookupPort("tcpx", "syslog")
	other.LookupPort("tcp", "70000")

	lookalike.Lookup("htps", lookalike.TCP)
	lookalike.ByName("postgresq")
	lookalike.LookupPort("tcp", "syslog")

	wrongapi.Lookup("htps")
	wrongapi.ByName("postgresq")
	wrongapi.LookupPort("tcp", "syslog")
}
