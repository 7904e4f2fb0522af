// Package r calls the real ports package and two copies of it that the
// test writes beside it: svc, generated under another -out and -pkg (the
// analyzer's tables), and old, the same API with another TablesID (another
// registry version, a trimmed or an overlaid build), which the analyzer
// must leave alone.
package r

import (
	"example.com/real/old"
	"example.com/real/svc"
	"github.com/svcreg/ianaports/ports"
)

func f() {
	ports.Lookup("xftp", ports.TCP)         // want `^unknown service name "xftp"; did you mean "ftp", "tftp" or "sftp"\?$`
	ports.LookupPort("tcp", "syslog")       // want `^syslog has no tcp record; it has udp$`
	ports.Lookup("http", ports.Protocol(9)) // want `^protocol Protocol\(9\) is none of NoProtocol \(any\), TCP, UDP, SCTP and DCCP: Lookup always misses$`
	ports.Lookup("http", ports.NoProtocol)  // any protocol
	ports.Lookup("syslog", ports.UDP)
	ports.LookupPort("", "http")

	svc.Lookup("xftp", svc.TCP)   // want `^unknown service name "xftp"; did you mean "ftp", "tftp" or "sftp"\?$`
	svc.LookupPort("udp", "pmap") // want `^unknown service name "pmap"; did you mean "epmap", "imap" or "pdap"\?$`
	svc.ByName("syslog")

	old.Lookup("xftp", old.TCP)
	old.LookupPort("tcp", "syslog")
	old.ByName("microsft-ds")
}
