// Package portsvet holds two analyzers that check service names at vet
// time against the IANA registry compiled into
// github.com/svcreg/ianaports/ports, instead of at run time:
//
//   - [Analyzer] ("portsvet") checks constant arguments of the ports
//     package's Lookup, ByName and LookupPort: names the registry does
//     not have, names without a record on the protocol asked for, and
//     networks and port numbers LookupPort rejects.
//   - [NetSvc] ("netsvc") checks constant service names in the addresses
//     and ports given to net, crypto/tls and net/http, which resolve
//     through the host's /etc/services unless Go's small built-in table
//     has them.
//
// The command github.com/svcreg/ianaports/cmd/portsvet runs both, under
// go vet -vettool, go tool or go fix -fixtool; docs/portsvet.md shows how.
package portsvet

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/ports"
)

const doc = `check service names passed to the ports package

The portsvet analyzer checks constant arguments (literals, named constants,
concatenations) of Lookup, ByName and LookupPort of a ports package built
from the same tables as the analyzer (see TablesID). It reports

  - a name the registry does not have, with up to three nearest registered
    names (Damerau-Levenshtein distance at most 2, or 1 for names of up to
    4 bytes) and a fix when exactly one is nearest: ports.Lookup("htps",
    ports.TCP) always misses;
  - a name with no record on a constant protocol or network:
    ports.LookupPort("tcp", "syslog") always fails, syslog being udp only;
  - an invalid constant network or protocol;
  - any other error LookupPort returns for two constant arguments, and a
    numeric service out of the range 0-65535.

It skips _test.go files, where unknown names are usually deliberate.`

// Analyzer checks the constant arguments of a ports package's Lookup,
// ByName and LookupPort.
var Analyzer = &analysis.Analyzer{
	Name: "portsvet",
	Doc:  doc,
	URL:  "https://pkg.go.dev/github.com/svcreg/ianaports/portsvet",
	Run:  runPortsvet,
}

func runPortsvet(pass *analysis.Pass) (any, error) {
	rec := make(recognizer)
	// Most packages import no ports package: stop before walking them.
	found := rec.api(pass.Pkg) != nil
	for _, imp := range pass.Pkg.Imports() {
		found = found || rec.api(imp) != nil
	}
	if !found {
		return nil, nil
	}
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				checkPortsCall(pass, rec, call)
			}
			return true
		})
	}
	return nil, nil
}

func checkPortsCall(pass *analysis.Pass, rec recognizer, call *ast.CallExpr) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Type().(*types.Signature).Recv() != nil {
		return
	}
	api := rec.api(fn.Pkg())
	// A call f(g()) spreads g's results over the parameters: no
	// argument to look at.
	if api == nil || len(call.Args) != fn.Type().(*types.Signature).Params().Len() {
		return
	}
	switch fn.Name() {
	case "ByName":
		if name, ok := constString(pass, call.Args[0]); ok {
			checkName(pass, call.Args[0], name)
		}
	case "Lookup":
		checkLookup(pass, api, call)
	case "LookupPort":
		checkLookupPort(pass, call)
	}
}

// didYouMean is the end of a message that suggests near, the nearest
// registered names, or "" when there are none.
func didYouMean(near []string) string {
	if len(near) == 0 {
		return ""
	}
	return "; did you mean " + quotedList(near, "or") + "?"
}

// checkName reports a name the registry does not have, with the nearest
// registered names, and returns whether the name is registered.
func checkName(pass *analysis.Pass, arg ast.Expr, name string) bool {
	if registered(name) {
		return true
	}
	near := nearestNames(name)
	msg := "unknown service name " + clip.Quote(name) + didYouMean(near)
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: msg}
	// A fix only where the choice is unambiguous, and only for a literal:
	// a named constant may be used elsewhere for other purposes.
	if lit, ok := stringLit(arg); ok && len(near) == 1 {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Replace %s with %s", clip.Quote(name), clip.Quote(near[0])),
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(near[0]))}},
		}}
	}
	pass.Report(d)
	return false
}

func checkLookup(pass *analysis.Pass, api *portsAPI, call *ast.CallExpr) {
	name, nameOK := constString(pass, call.Args[0])
	if nameOK && !checkName(pass, call.Args[0], name) {
		return
	}
	tv := pass.TypesInfo.Types[call.Args[1]]
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		return
	}
	v, exact := constant.Int64Val(tv.Value)
	p, known := api.protocols[v]
	if !exact || !known {
		label := api.protoNames[v]
		if !exact || label == "" {
			label = "Protocol(" + tv.Value.ExactString() + ")"
		}
		pass.ReportRangef(call.Args[1], "protocol %s is none of NoProtocol (any), TCP, UDP, SCTP and DCCP: Lookup always misses", label)
		return
	}
	if !nameOK {
		return
	}
	if _, ok := ports.Lookup(name, p); !ok {
		pass.ReportRangef(call.Args[0], "%s", noRecordMessage(name, []ports.Protocol{p}))
	}
}

func checkLookupPort(pass *analysis.Pass, call *ast.CallExpr) {
	network, netOK := constString(pass, call.Args[0])
	service, svcOK := constString(pass, call.Args[1])
	numeric := svcOK && isDecimal(service)
	if netOK && !numeric {
		if _, err := ports.LookupPort(network, notAName); errors.Is(err, ports.ErrUnknownNetwork) {
			pass.ReportRangef(call.Args[0], "unknown network %s: LookupPort takes tcp, udp, sctp or dccp, optionally suffixed 4 or 6, or the empty string or ip", clip.Quote(network))
			return
		}
	}
	if !svcOK {
		return
	}
	if numeric {
		// A number is parsed for any network, so it fails or not alone.
		if _, err := ports.LookupPort("tcp", service); errors.Is(err, ports.ErrInvalidPort) {
			pass.ReportRangef(call.Args[1], "port %s is out of range 0-65535: LookupPort always fails", clip.Quote(service))
		}
		return
	}
	if !registered(service) {
		// net's built-in table answers whatever the registry says: a
		// name of it that IANA does not register (imap2, were IANA to
		// withdraw it) is no unknown name to LookupPort.
		lookupNet := ""
		if netOK {
			lookupNet = network
		}
		if _, err := ports.LookupPort(lookupNet, service); err == nil {
			return
		}
	}
	if !checkName(pass, call.Args[1], service) {
		return
	}
	if !netOK {
		if !answersSomewhere(service) {
			pass.ReportRangef(call.Args[1], "service %s has no port number on any protocol: LookupPort always fails", clip.Quote(service))
		}
		return
	}
	_, err := ports.LookupPort(network, service)
	switch {
	case err == nil:
	case errors.Is(err, ports.ErrUnknownService):
		pass.ReportRangef(call.Args[1], "%s", noRecordMessage(service, networkProtocols(network)))
	case errors.Is(err, ports.ErrNoPort):
		pass.ReportRangef(call.Args[1], "LookupPort always fails: %v (IANA registers %s without a port number)", err, service)
	default:
		// A *PortError spells the service whole.
		pass.ReportRangef(call.Args[1], "LookupPort always fails: %v", clip.ForeignError(err))
	}
}

// notAName is a service that is neither a number nor a registered name:
// LookupPort looks at the network only for a name, so with this one it
// fails on the network or, for a valid network, on the name. A variable,
// so that portsvet does not report its own probe.
var notAName = "\x00"

// noRecordMessage says that a registered name has no record on the
// protocols asked for, and which it has: "syslog has no tcp record; it
// has udp".
func noRecordMessage(name string, asked []ports.Protocol) string {
	msg := clip.Bare(name) + " has no " + protocolList(asked, " or ") + " record"
	if has := protocolsOf(name); len(has) > 0 {
		msg += "; it has " + protocolList(has, ", ")
	}
	return msg
}

// networkProtocols lists the protocols LookupPort tries for a valid
// network, in its order.
func networkProtocols(network string) []ports.Protocol {
	if network == "" || network == "ip" {
		return []ports.Protocol{ports.TCP, ports.UDP}
	}
	p, err := ports.ParseProtocol(strings.TrimRight(network, "46"))
	if err != nil {
		return nil
	}
	return []ports.Protocol{p}
}

// answersSomewhere reports whether LookupPort answers name on some
// network: "" tries TCP, UDP and then net's built-in table (imap2 is
// name-only at IANA, yet answers 143), sctp and dccp the others.
func answersSomewhere(name string) bool {
	for _, network := range []string{"", "sctp", "dccp"} {
		if _, err := ports.LookupPort(network, name); err == nil {
			return true
		}
	}
	return false
}

// isDecimal reports whether LookupPort and net read service as a port
// number rather than a name: "" or an optional sign followed by decimal
// digits, none at all included ("+" is port 0 to both).
func isDecimal(service string) bool {
	s := service
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// constString returns the value of a constant string expression: a
// literal, a named constant or a concatenation of them.
func constString(pass *analysis.Pass, e ast.Expr) (string, bool) {
	tv := pass.TypesInfo.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// stringLit returns e as a string literal, parentheses removed.
func stringLit(e ast.Expr) (*ast.BasicLit, bool) {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	return lit, ok && lit.Kind == token.STRING
}

// quotedList writes "a", "b" or "c".
func quotedList(xs []string, conj string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = clip.Quote(x)
	}
	return joinList(q, conj)
}

// joinList writes a, b and c (conj "and").
func joinList(xs []string, conj string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + conj + " " + xs[len(xs)-1]
}
