package portsvet

import (
	"fmt"
	"go/ast"
	"go/types"
	"net"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/internal/registry"
	"github.com/svcreg/ianaports/ports"
)

const netsvcDoc = `check service names in addresses given to net and crypto/tls

A Go program that dials "db:postgresql" resolves the service name at run
time through the host's /etc/services, which minimal and distroless
images do not ship; without it Go knows only the names of its small
built-in table (http, https, ssh, smtp and a few more, and domain on udp).

The netsvc analyzer checks the constant address or port arguments of
net.Dial, DialTimeout, Listen, ListenPacket, ResolveTCPAddr,
ResolveUDPAddr, LookupPort and JoinHostPort (whose port it checks as tcp),
of the net.Dialer, net.ListenConfig and net.Resolver methods, and of
crypto/tls's Dial, DialWithDialer, Listen and Dialer. Numeric ports and
names in Go's built-in table pass. For a name IANA assigns on the
network's protocol it reports the number, with a fix that writes it; for
any other name it reports that the name resolves only where the host's
/etc/services has it.`

// NetSvc checks constant service names in the addresses and ports given
// to net and crypto/tls.
var NetSvc = &analysis.Analyzer{
	Name: "netsvc",
	Doc:  netsvcDoc,
	URL:  "https://pkg.go.dev/github.com/svcreg/ianaports/portsvet",
	Run:  runNetsvc,
}

// netArgs locates the arguments of a checked call: the network (-1 when
// the function takes none and the port is checked as tcp) and the
// address, or the bare port when port is set.
type netArgs struct {
	network, addr int
	port          bool
}

// netCalls holds the checked functions and methods by types.Func.FullName.
var netCalls = map[string]netArgs{
	"net.Dial":                         {0, 1, false},
	"net.DialTimeout":                  {0, 1, false},
	"net.Listen":                       {0, 1, false},
	"net.ListenPacket":                 {0, 1, false},
	"net.ResolveTCPAddr":               {0, 1, false},
	"net.ResolveUDPAddr":               {0, 1, false},
	"net.LookupPort":                   {0, 1, true},
	"net.JoinHostPort":                 {-1, 1, true},
	"(*net.Dialer).Dial":               {0, 1, false},
	"(*net.Dialer).DialContext":        {1, 2, false},
	"(*net.ListenConfig).Listen":       {1, 2, false},
	"(*net.ListenConfig).ListenPacket": {1, 2, false},
	"(*net.Resolver).LookupPort":       {1, 2, true},
	"crypto/tls.Dial":                  {0, 1, false},
	"crypto/tls.DialWithDialer":        {1, 2, false},
	"crypto/tls.Listen":                {0, 1, false},
	"(*crypto/tls.Dialer).Dial":        {0, 1, false},
	"(*crypto/tls.Dialer).DialContext": {1, 2, false},
}

func runNetsvc(pass *analysis.Pass) (any, error) {
	uses := false
	for _, imp := range pass.Pkg.Imports() {
		uses = uses || imp.Path() == "net" || imp.Path() == "crypto/tls"
	}
	if !uses {
		return nil, nil
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				checkNetCall(pass, call)
			}
			return true
		})
	}
	return nil, nil
}

func checkNetCall(pass *analysis.Pass, call *ast.CallExpr) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	args, ok := netCalls[fn.FullName()]
	if !ok || call.Ellipsis.IsValid() || len(call.Args) <= args.addr {
		return
	}
	network := "tcp"
	if args.network >= 0 {
		var ok bool
		if network, ok = constString(pass, call.Args[args.network]); !ok {
			return
		}
	}
	addrArg := call.Args[args.addr]
	addr, ok := constString(pass, addrArg)
	if !ok {
		return
	}
	host, service := "", addr
	if !args.port {
		var err error
		if host, service, err = net.SplitHostPort(addr); err != nil {
			return
		}
	}
	protos := netProtocols(network)
	if protos == nil || isDecimal(service) || inGoTable(service, protos) {
		return
	}
	for _, p := range protos {
		s, ok := ports.Lookup(service, p)
		if !ok || !s.HasPort() {
			continue
		}
		num := strconv.Itoa(int(s.Port()))
		d := analysis.Diagnostic{
			Pos: addrArg.Pos(), End: addrArg.End(),
			Message: fmt.Sprintf("service name %s resolves through /etc/services at run time; IANA assigns it %s/%s", clip.Quote(service), num, p),
		}
		if lit, ok := stringLit(addrArg); ok {
			fixed := num
			if !args.port {
				fixed = net.JoinHostPort(host, num)
			}
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Write port %s for %s", num, clip.Bare(service)),
				TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(fixed))}},
			}}
		}
		pass.Report(d)
		return
	}
	pass.ReportRangef(addrArg, "service name %s resolves only where the host's /etc/services has it: Go's built-in table lacks it and IANA assigns it no %s port", clip.Quote(service), protocolList(protos, " or "))
}

// netProtocols lists the protocols net resolves a service name on for a
// network, in its order; nil for networks without ports.
func netProtocols(network string) []ports.Protocol {
	switch network {
	case "tcp", "tcp4", "tcp6":
		return []ports.Protocol{ports.TCP}
	case "udp", "udp4", "udp6":
		return []ports.Protocol{ports.UDP}
	case "", "ip":
		// Only LookupPort takes these, and tries tcp, then udp.
		return []ports.Protocol{ports.TCP, ports.UDP}
	}
	return nil
}

// inGoTable reports whether net's built-in table resolves the name on one
// of the protocols. Like net, it ignores ASCII case.
func inGoTable(service string, protos []ports.Protocol) bool {
	for _, p := range protos {
		if _, ok := goServices[p.String()][registry.FoldName(service)]; ok {
			return true
		}
	}
	return false
}

// protocolList writes protocols as "tcp or udp" (sep " or ").
func protocolList(protos []ports.Protocol, sep string) string {
	s := make([]string, len(protos))
	for i, p := range protos {
		s[i] = p.String()
	}
	return strings.Join(s, sep)
}

// goServices is Go's built-in service table, the services map of
// $GOROOT/src/net/lookup.go: the names net resolves without
// /etc/services, with cgo and the pure-Go resolver alike. TestGoServices
// compares it with the table of the Go running the tests.
var goServices = map[string]map[string]int{
	"udp": {
		"domain": 53,
	},
	"tcp": {
		"ftp":         21,
		"ftps":        990,
		"gopher":      70,
		"http":        80,
		"https":       443,
		"imap2":       143,
		"imap3":       220,
		"imaps":       993,
		"pop3":        110,
		"pop3s":       995,
		"smtp":        25,
		"submissions": 465,
		"ssh":         22,
		"telnet":      23,
	},
}
