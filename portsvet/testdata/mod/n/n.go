package n

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

const ldapAddr = "example.com:ldap"

func dial(network, addr string) {
	net.Dial("tcp", "example.com:ldap")         // want `^service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp", ldapAddr)                   // want `^service name "ldap" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp", "example.com:"+"LDAP")      // want `^service name "LDAP" resolves through /etc/services at run time; IANA assigns it 389/tcp$`
	net.Dial("tcp6", "[2001:db8::1]:ldap")      // want `IANA assigns it 389/tcp$`
	net.Dial("tcp", "db:postgresql")            // want `IANA assigns it 5432/tcp$`
	net.Dial("tcp", "example.com:domain")       // want `IANA assigns it 53/tcp$`
	net.Dial("udp", "example.com:http")         // want `IANA assigns it 80/udp$`
	net.Dial("tcp", "example.com:syslog")       // want `^service name "syslog" resolves only where the host's /etc/services has it: Go's built-in table lacks it and IANA assigns it no tcp port$`
	net.Dial("udp4", "example.com:no-such-svc") // want `^service name "no-such-svc" resolves only where the host's /etc/services has it: Go's built-in table lacks it and IANA assigns it no udp port$`

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
	net.DialTimeout("tcp4", "db:postgresql", time.Second) // want `IANA assigns it 5432/tcp$`
	net.Listen("tcp", ":ldap")                            // want `IANA assigns it 389/tcp$`
	net.ListenPacket("udp", ":snmp")                      // want `IANA assigns it 161/udp$`
	net.ResolveTCPAddr("tcp", "db:postgresql")            // want `IANA assigns it 5432/tcp$`
	net.ResolveUDPAddr("udp6", "time.example.com:ntp")    // want `IANA assigns it 123/udp$`
	net.LookupPort("tcp", "ldap")                         // want `IANA assigns it 389/tcp$`
	net.LookupPort("", "ntp")                             // want `IANA assigns it 123/tcp$`
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
