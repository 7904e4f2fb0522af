package a

import ports "example.com/vettest/fakeports"

const (
	typo     = "htps"
	postgres = "postgres"
)

func names(name string, p ports.Protocol) {
	ports.Lookup("htps", ports.TCP)     // want `^unknown service name "htps"; did you mean "https", "ftps" or "htsp"\?$`
	ports.Lookup("HTPS", ports.TCP)     // want `^unknown service name "HTPS"; did you mean "https", "ftps" or "htsp"\?$`
	ports.Lookup(typo, p)               // want `^unknown service name "htps"; did you mean`
	ports.ByName("postgresq")           // want `^unknown service name "postgresq"; did you mean "postgresql"\?$`
	ports.ByName(("sislog"))            // want `^unknown service name "sislog"; did you mean "syslog"\?$`
	ports.ByName(postgres + "q")        // want `^unknown service name "postgresq"; did you mean "postgresql"\?$`
	ports.ByName("zzzzzzzzqqq")         // want `^unknown service name "zzzzzzzzqqq"$`
	ports.LookupPort("tcp", "ldpa")     // want `^unknown service name "ldpa"; did you mean "ldap", "ldp" or "lupa"\?$`
	ports.LookupPort(name, "Postgrsql") // want `^unknown service name "Postgrsql"; did you mean "postgresql"\?$`

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
	ports.Lookup("argus", ports.SCTP) // a name-only record counts for every protocol

	ports.LookupPort("tcp", "syslog") // want `^syslog has no tcp record; it has udp$`
	ports.LookupPort("udp6", "syslog")
	ports.LookupPort("", "asap-sctp") // want `^asap-sctp has no tcp or udp record; it has sctp$`
	ports.LookupPort("sctp4", "asap-sctp")
	ports.LookupPort("udp", "acsp-server") // want `^acsp-server has no udp record; it has tcp$`
	ports.LookupPort("tcp", "acsp-server") // want `^LookupPort always fails: lookup tcp/acsp-server: unknown port \(IANA registers acsp-server without a port number\)$`
	ports.LookupPort(network, "argus")     // want `^service "argus" has no port number on any protocol: LookupPort always fails$`
	ports.LookupPort(network, "syslog")
	ports.LookupPort(network, "imap2") // name-only at IANA, answered from net's built-in table
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

func pair() (string, string)                    { return "tcp", "htps" }
func nameAndProtocol() (string, ports.Protocol) { return "htps", ports.TCP }
