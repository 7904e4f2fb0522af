package n

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

const ldapAddr = "example.com:ldap"

func dial(network, addr string) {
	net.Dial("tcp", "example.com:ldap")         // want `^service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp", ldapAddr)                   // want `^service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp", "example.com:"+"LDAP")      // want `^service name "LDAP" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp6", "[2001:db8::1]:ldap")      // want `IANA assigns it 389/tcp$`
	net.Dial("tcp", "news.example:nntp")        // want `IANA assigns it 119/tcp$`
	net.Dial("tcp", "example.com:domain")       // want `IANA assigns it 53/tcp$`
	net.Dial("udp", "example.com:http")         // want `IANA assigns it 80/udp$`
	net.Dial("tcp", "example.com:syslog")       // want `^service name "syslog" resolves only where the host's /etc/services has it: Go's built-in table lacks it and IANA assigns it no tcp port$`
	net.Dial("udp4", "example.com:no-such-svc") // want `^service name "no-such-svc" is not registered with IANA and not in Go's built-in table: it resolves only where the host's /etc/services has it(; did you mean .*)?$`
	net.Dial("tcp", "example.com:htps")         // want `^service name "htps" is not registered with IANA and not in Go's built-in table: it resolves only where the host's /etc/services has it; did you mean "https"`

	// A name IANA assigns several ports gets no fix: each is listed.
	// sql-net has 66 and 150, both well-known ports; the names above 1023
	// are checked against the registry in TestNetsvcEveryName.
	net.Dial("tcp", "db.example:sql-net")     // want `^service name "sql-net" resolves through /etc/services at run time; IANA assigns it 66/tcp and 150/tcp, so no single port replaces it$`
	net.ListenPacket("udp", ":sql-net")       // want `IANA assigns it 66/udp and 150/udp, so no single port replaces it$`
	net.LookupPort("", "sql-net")             // want `IANA assigns it 66/tcp and 150/tcp, so no single port replaces it$`
	net.JoinHostPort("db.example", "sql-net") // want `IANA assigns it 66/tcp and 150/tcp, so no single port replaces it$`

	// Go's built-in table, numbers and what cannot be checked.
	net.Dial("tcp", "example.com:https")
	net.Dial("tcp", "example.com:HTTPS")
	net.Dial("tcp4", "example.com:ssh")
	net.Dial("udp", "example.com:domain")
	net.Dial("tcp", "example.com:443")
	net.Dial("tcp", ":0")
	net.Dial("tcp", "example.com")
	net.Dial("unix", "/run/x:ldap")
	net.Dial("ip4:1", "example.com")
	net.Dial(network, "example.com:ldap")
	net.Dial("tcp", addr)
	net.Dial(pair())
	net.JoinHostPort(pair())
}

func pair() (string, string) { return "tcp", "example.com:ldap" }

func others(ctx context.Context, d *net.Dialer, lc *net.ListenConfig, r *net.Resolver, td *tls.Dialer) {
	net.DialTimeout("tcp4", "news.example:nntp", time.Second) // want `IANA assigns it 119/tcp$`
	net.Listen("tcp", ":ldap")                                // want `IANA assigns it 389/tcp$`
	net.ListenPacket("udp", ":snmp")                          // want `IANA assigns it 161/udp$`
	net.ResolveTCPAddr("tcp", "news.example:nntp")            // want `IANA assigns it 119/tcp$`
	net.ResolveUDPAddr("udp6", "time.example.com:ntp")        // want `IANA assigns it 123/udp$`
	net.LookupPort("tcp", "ldap")                             // want `IANA assigns it 389/tcp$`
	net.LookupPort("", "ntp")                                 // want `IANA assigns it 123/tcp$`
	net.LookupPort("ip", "domain")
	net.LookupPort("udp", "80")
	net.JoinHostPort("example.com", "ldap") // want `IANA assigns it 389/tcp$`
	net.JoinHostPort("example.com", "http")

	d.Dial("tcp", "x:ldap")                           // want `IANA assigns it 389/tcp$`
	d.DialContext(ctx, "tcp", "x:ldap")               // want `IANA assigns it 389/tcp$`
	lc.Listen(ctx, "tcp", ":ldap")                    // want `IANA assigns it 389/tcp$`
	lc.ListenPacket(ctx, "udp", ":ntp")               // want `IANA assigns it 123/udp$`
	r.LookupPort(ctx, "tcp", "ldap")                  // want `IANA assigns it 389/tcp$`
	net.DefaultResolver.LookupPort(ctx, "udp", "ntp") // want `IANA assigns it 123/udp$`
	tls.Dial("tcp", "x:ldaps", nil)                   // want `IANA assigns it 636/tcp$`
	tls.DialWithDialer(d, "tcp", "x:ldaps", nil)      // want `IANA assigns it 636/tcp$`
	tls.Listen("tcp", ":ldaps", nil)                  // want `IANA assigns it 636/tcp$`
	td.Dial("tcp", "x:ldaps")                         // want `IANA assigns it 636/tcp$`
	td.DialContext(ctx, "tcp", "x:ldaps")             // want `IANA assigns it 636/tcp$`
	tls.Dial("tcp", "x:https", nil)
}

type wrapped struct{ *http.Server }

// servers: net/http listens on tcp, from its functions' address and from
// http.Server's Addr, however the server is written.
func servers(h http.Handler, w wrapped) {
	http.ListenAndServe(":ldap", h)               // want `^service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	http.ListenAndServeTLS(":ldaps", "c", "k", h) // want `IANA assigns it 636/tcp$`
	http.ListenAndServe("localhost:sql-net", h)   // want `IANA assigns it 66/tcp and 150/tcp, so no single port replaces it$`
	http.ListenAndServe(":htps", h)               // want `is not registered with IANA`
	http.ListenAndServe(":http", h)
	http.ListenAndServeTLS(":https", "c", "k", h)
	http.ListenAndServe(":8080", h)
	http.ListenAndServe("", h)

	srv := &http.Server{Addr: ":ldap", Handler: h}          // want `IANA assigns it 389/tcp$`
	srv.Addr = ":ldaps"                                     // want `IANA assigns it 636/tcp$`
	srv.Addr, srv.ReadTimeout = ":sql-net", 0               // want `IANA assigns it 66/tcp and 150/tcp, so no single port replaces it$`
	(srv.Addr) = "[::1]:ldap"                               // want `IANA assigns it 389/tcp$`
	w.Addr = ":ldap"                                        // want `IANA assigns it 389/tcp$`
	srvs := []*http.Server{{Addr: ":ldap"}}                 // want `IANA assigns it 389/tcp$`
	byName := map[string]http.Server{"a": {Addr: ":ldaps"}} // want `IANA assigns it 636/tcp$`
	srv.Addr = ":https"
	srv.Addr += "ldap"

	// Other Addr fields are not http.Server's.
	other := struct{ Addr string }{Addr: ":ldap"}
	other.Addr = ":ldap"
	_, _, _ = srvs, byName, other
}
