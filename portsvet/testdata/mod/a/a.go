package a

import ports "example.com/vettest/fakeports"

const (
	typo      = "xftp"
	microsoft = "microsft"
)

// The names and their nearest names are well-known (0-1023), which a
// registry update leaves alone; the names of other shapes, which any
// update may withdraw, are chosen at test time (package shapes).
func names(name string, p ports.Protocol) {
	ports.Lookup("xftp", ports.TCP)   // want `^unknown service name "xftp"; did you mean "ftp", "tftp" or "sftp"\?$`
	ports.Lookup("XFTP", ports.TCP)   // want `^unknown service name "XFTP"; did you mean "ftp", "tftp" or "sftp"\?$`
	ports.Lookup(typo, p)             // want `^unknown service name "xftp"; did you mean`
	ports.ByName("microsft-ds")       // want `^unknown service name "microsft-ds"; did you mean "microsoft-ds"\?$`
	ports.ByName(("sislog"))          // want `^unknown service name "sislog"; did you mean "syslog"\?$`
	ports.ByName(microsoft + "-ds")   // want `^unknown service name "microsft-ds"; did you mean "microsoft-ds"\?$`
	ports.ByName("zzzzzzzzqqq")       // want `^unknown service name "zzzzzzzzqqq"$`
	ports.LookupPort("tcp", "pmap")   // want `^unknown service name "pmap"; did you mean "epmap", "imap" or "pdap"\?$`
	ports.LookupPort(name, "Kerbros") // want `^unknown service name "Kerbros"; did you mean "kerberos"\?$`

	ports.Lookup("HTTPS", ports.TCP)
	ports.Lookup(name, ports.TCP)
	ports.ByName("syslog")
	ports.ByName(name)
}

func protocols(name, network string, p ports.Protocol) {
	ports.Lookup("syslog", ports.TCP) // want `^syslog has no tcp record; it has udp$`
	ports.Lookup("syslog", ports.UDP)
	ports.Lookup("syslog", p)
	ports.Lookup("domain", ports.DCCP)    // want `^domain has no dccp record; it has tcp, udp$`
	ports.Lookup(name, ports.Protocol(1)) // want `^protocol Protocol\(1\) is none of NoProtocol \(any\), TCP, UDP, SCTP and DCCP: Lookup always misses$`
	ports.Lookup(name, ports.NoProtocol)  // any protocol
	ports.Lookup("syslog", ports.NoProtocol)

	ports.LookupPort("tcp", "syslog") // want `^syslog has no tcp record; it has udp$`
	ports.LookupPort("udp6", "syslog")
	ports.LookupPort(network, "syslog")
	ports.LookupPort(network, "imap2") // answered from net's built-in table, whatever IANA says of it
	ports.LookupPort("tcp", "imap2")
}

func lookupPort(network, service string) {
	ports.LookupPort("tcpx", service) // want `^unknown network "tcpx": LookupPort takes`
	ports.LookupPort("TCP", "http")   // want `^unknown network "TCP": LookupPort takes`
	ports.LookupPort("tcpx", "80")    // a number is read whatever the network
	ports.LookupPort("ip", "domain")
	ports.LookupPort("", "http")

	ports.LookupPort(network, "70000") // want `^port "70000" is out of range 0-65535: LookupPort always fails$`
	ports.LookupPort("tcp", "-1")      // want `^port "-1" is out of range 0-65535: LookupPort always fails$`
	ports.LookupPort(network, "65535")
	ports.LookupPort(network, "+")
	ports.LookupPort(network, "")
	ports.LookupPort(pair())
	ports.Lookup(nameAndProtocol())
}

func pair() (string, string)                    { return "tcp", "xftp" }
func nameAndProtocol() (string, ports.Protocol) { return "xftp", ports.TCP }
