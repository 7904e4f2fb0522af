package v

import "github.com/svcreg/ianaports/ports"

func f() {
	ports.Lookup("htps", ports.TCP)   // want `^unknown service name "htps"; did you mean "https", "ftps" or "htsp"\?$`
	ports.LookupPort("tcp", "syslog") // want `^syslog has no tcp record; it has udp$`
	ports.Lookup("syslog", ports.UDP)
}
