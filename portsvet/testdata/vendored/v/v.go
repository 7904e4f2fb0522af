package v

import "github.com/svcreg/ianaports/ports"

func f() {
	ports.Lookup("xftp", ports.TCP)   // want `^unknown service name "xftp"; did you mean "ftp", "tftp" or "sftp"\?$`
	ports.LookupPort("tcp", "syslog") // want `^syslog has no tcp record; it has udp$`
	ports.Lookup("syslog", ports.UDP)
}
