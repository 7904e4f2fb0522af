package portsvet

import (
	"fmt"
	"go/ast"
	"go/token"
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

const netsvcDoc = `check service names in addresses given to net, crypto/tls and net/http

A Go program that dials "db:postgresql" resolves the service name at run
time through the host's /etc/services, which minimal and distroless
images do not ship; without it Go knows only the names of its small
built-in table (http, https, ssh, smtp and a few more, and domain on udp).

The netsvc analyzer checks the constant address or port arguments of
net.Dial, DialTimeout, Listen, ListenPacket, ResolveTCPAddr,
ResolveUDPAddr, LookupPort and JoinHostPort (whose port it checks as tcp),
of the net.Dialer, net.ListenConfig and net.Resolver methods, of
crypto/tls's Dial, DialWithDialer, Listen and Dialer, and of net/http's
ListenAndServe, ListenAndServeTLS and the Addr field of http.Server
(in composite literals and assignments), all tcp. Numeric ports and names
in Go's built-in table pass. For a name IANA assigns one port on the
network's protocol (a range counting as its first port) it reports the
number, with a fix that writes it; for a name IANA assigns several ports
it lists them all and offers no fix, since only the program's author
knows which one is meant; for any other name it reports that the name
resolves only where the host's /etc/services has it, and for a name IANA
never registered it suggests the nearest registered names.`

// NetSvc checks constant service names in the addresses and ports given
// to net, crypto/tls and net/http.
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
	// net/http listens on tcp, as http.Server.ListenAndServe does.
	"net/http.ListenAndServe":    {-1, 0, false},
	"net/http.ListenAndServeTLS": {-1, 0, false},
}

func runNetsvc(pass *analysis.Pass) (any, error) {
	uses := false
	for _, imp := range pass.Pkg.Imports() {
		switch imp.Path() {
		case "net", "crypto/tls", "net/http":
			uses = true
		}
	}
	if !uses {
		return nil, nil
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				checkNetCall(pass, n)
			case *ast.CompositeLit:
				checkServerLit(pass, n)
			case *ast.AssignStmt:
				checkServerAssign(pass, n)
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
	checkAddr(pass, call.Args[args.addr], network, args.port)
}

// checkServerLit checks the Addr of an http.Server composite literal,
// with or without & and with its type elided in a slice or map literal.
func checkServerLit(pass *analysis.Pass, lit *ast.CompositeLit) {
	if !isHTTPServer(pass.TypesInfo.TypeOf(lit)) {
		return
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Addr" {
				checkAddr(pass, kv.Value, "tcp", false)
			}
		}
	}
}

// checkServerAssign checks constants assigned to the Addr field of an
// http.Server, directly or promoted from an embedded one.
func checkServerAssign(pass *analysis.Pass, as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, lhs := range as.Lhs {
		sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Addr" {
			continue
		}
		if s := pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.FieldVal && isServerAddr(s.Obj()) {
			checkAddr(pass, as.Rhs[i], "tcp", false)
		}
	}
}

// isHTTPServer reports whether t is net/http.Server or a pointer to it.
func isHTTPServer(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Server"
}

// isServerAddr reports whether the field is http.Server's Addr.
func isServerAddr(obj types.Object) bool {
	if obj.Pkg() == nil || obj.Pkg().Path() != "net/http" {
		return false
	}
	server, ok := obj.Pkg().Scope().Lookup("Server").(*types.TypeName)
	if !ok {
		return false
	}
	field, _, _ := types.LookupFieldOrMethod(server.Type(), false, obj.Pkg(), "Addr")
	return field == obj
}

// checkAddr checks a constant address (host:service), or a bare service
// when bare is set, given for network.
func checkAddr(pass *analysis.Pass, addrArg ast.Expr, network string, bare bool) {
	addr, ok := constString(pass, addrArg)
	if !ok {
		return
	}
	host, service := "", addr
	if !bare {
		var err error
		if host, service, err = net.SplitHostPort(addr); err != nil {
			return
		}
	}
	protos := netProtocols(network)
	if protos == nil || isDecimal(service) || inGoTable(service, protos) {
		return
	}
	f := judgeService(service, protos)
	d := analysis.Diagnostic{Pos: addrArg.Pos(), End: addrArg.End(), Message: f.msg}
	if lit, ok := stringLit(addrArg); ok && f.fix {
		num := strconv.Itoa(int(f.port))
		fixed := num
		if !bare {
			fixed = net.JoinHostPort(host, num)
		}
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Write port %s for %s", num, clip.Bare(service)),
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(fixed))}},
		}}
	}
	pass.Report(d)
}

// netFinding is what netsvc says about a service name that is neither a
// number nor in Go's built-in table.
type netFinding struct {
	msg  string
	port uint16 // the port a fix writes, when fix is set
	fix  bool
}

// judgeService decides what to say about a service name that resolves
// through /etc/services on protos, and whether one port can replace it.
// Every message of netsvc is written here.
//
// A fix is offered only where IANA assigns the name exactly one port on
// the first protocol that has any (a range counting as its first port):
// where it assigns several, /etc/services files pick different ones
// (Debian's lists http-alt on 8080, IANA also on 591 and 8008), and
// writing one would change the program's port by a guess.
func judgeService(service string, protos []ports.Protocol) netFinding {
	q := clip.Quote(service)
	for _, p := range protos {
		switch ps := ianaPorts(service, p); len(ps) {
		case 0:
			continue
		case 1:
			return netFinding{
				msg:  fmt.Sprintf("service name %s resolves through /etc/services at run time; IANA assigns it %d/%s", q, ps[0], p),
				port: ps[0], fix: true,
			}
		default:
			list := make([]string, len(ps))
			for i, port := range ps {
				list[i] = strconv.Itoa(int(port)) + "/" + p.String()
			}
			return netFinding{msg: fmt.Sprintf("service name %s resolves through /etc/services at run time; IANA assigns it %s, so no single port replaces it", q, joinList(list, "and"))}
		}
	}
	if !registered(service) {
		return netFinding{msg: fmt.Sprintf("service name %s is not registered with IANA and not in Go's built-in table: it resolves only where the host's /etc/services has it", q) + didYouMean(nearestNames(service))}
	}
	return netFinding{msg: fmt.Sprintf("service name %s resolves only where the host's /etc/services has it: Go's built-in table lacks it and IANA assigns it no %s port", q, protocolList(protos, " or "))}
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
