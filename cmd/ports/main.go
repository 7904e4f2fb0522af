// Command ports looks up IANA's Service Name and Transport Protocol Port
// Number Registry, compiled in by package ports, and exports it as IANA's
// CSV, as a services(5) file or as JSON.
//
//	ports 80                    every row covering port 80, any protocol
//	ports 80/tcp                ... on TCP
//	ports http                  every record of a name, any case
//	ports HTTP/udp              ... on UDP
//	ports 6000-6100 --proto tcp every TCP row overlapping the range
//	ports status 4369/tcp       assigned, reserved, unassigned or dynamic
//	ports person Mark_Lottor    a person of the registry and their records
//	ports export csv            IANA's CSV, byte for byte
//	ports export services       a services(5) file (/etc/services)
//	ports export json           every field of every record, and the people
//	ports version               the registry version compiled in
//
// Flags may come before or after the arguments; `ports --help` has the
// details. Exit status: 0 found, 1 not found, 2 usage error.
//
// # services(5) export
//
// `ports export services` writes a services(5) file that can replace
// /etc/services: one line per port and protocol on which IANA assigns a
// name, sorted by port, the primary name first (chosen by the rule of
// package internal/primary, on IANA's own signals rather than registry
// order: auth, not ident, on 113/tcp) and every other name there as an
// alias. docs/services.md has the details and the comparison with Debian's
// netbase.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/svcreg/ianaports/ports"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Exit statuses.
const (
	exitOK       = 0
	exitNotFound = 1 // a query found nothing, or an export could not be written
	exitUsage    = 2
)

const usage = `usage: ports [flags] QUERY...
       ports status PORT[/PROTO]...
       ports person ID|TEXT...
       ports export csv|services|json [-o FILE]
       ports version

Looks services and ports up in IANA's Service Name and Transport Protocol
Port Number Registry of %s, compiled in (see "ports version").

Queries:
  80           every registry row covering port 80, on every protocol
  80/tcp       every row covering port 80 on one protocol (tcp, udp, sctp,
               dccp), rows that name no protocol included
  6000-6100    every row overlapping the range, each once, ordered by port
  http         every record of a service name, in any case, name-only
               (DNS-SD) records included
  HTTP/udp     the name's records on one protocol
A query that is also a command word (status, person, export, version, help)
is looked up as a service after "--": ports -- help.

Output: one aligned row per registry record: PORT/PROTO (the port column as
IANA writes it, "6000-6063/tcp"; only the number for rows naming no
protocol, which count for every protocol; "-" for name-only records),
SERVICE ("-" for reserved and unassigned rows), STATUS, DESCRIPTION (its
first line) and ASSIGNEE (the contacts when IANA lists no assignee).

Status (the STATUS column, and "ports status"):
  assigned    a service name is assigned on the port
  reserved    the port is reserved (Reserved, De-registered, Removed or
              private-use rows): not free for use
  unassigned  free for assignment: an Unassigned row, or no row at all
              below 49152 (SCTP and DCCP list only their assignments)
  dynamic     49152-65535 with no row: the Dynamic and/or Private Ports of
              RFC 6335, never assigned (only "ports status" says so; the
              registry has no row to list)
"ports status" prints PORT/PROTO, STATUS and the assigned SERVICES for
each port (a range gives one line per port) on each protocol asked for
(all four by default). A port with several rows takes the first status of
assigned, reserved, dynamic, unassigned that applies.

"ports person" finds a person or organisation of the registry by id (exact,
then any case) or by a piece of the id, name or organisation, and lists the
records they are assignee or contact of; several matches are listed.

Exports (standard output, or -o FILE):
  csv       IANA's CSV, service-names-port-numbers.csv, byte for byte
  services  a services(5) file that can replace /etc/services: one line
            "name port/proto [aliases] # description" per port and
            protocol on which IANA assigns a name, sorted by port, then
            tcp, udp, sctp, dccp. The first name is the one getservbyport
            (and ss, netstat, tcpdump) shows: IANA's duplicate, alias,
            conflict and blank-description rows come last, then a name
            citing an RFC wins, then a single port over a range, then
            registry order (auth over ident on 113/tcp). Every other name
            on the port follows as an alias. A range is listed on each of
            its ports; records naming no protocol on tcp and udp.
            Name-only records, reserved and unassigned ports are not
            listed.
  json      one JSON document: {"registry": {title, updated, sha256, url,
            records}, "records": [every field of every record, people as
            ids], "people": [...]}, deterministic, one record per line

Flags (before or after the arguments; "--" ends them):
  -p, --proto P    only protocol P: tcp, udp, sctp or dccp (like QUERY/P)
  -a, --assigned   only rows that assign a service name
  -j, --json       print a JSON array of objects with every field (records
                   with their assignees and contacts spelled out) instead
                   of the table
  -o, --output F   export: write the file F instead of standard output
  -h, --help       print this help

Exit status: 0 found; 1 not found (one message per miss on standard error,
whatever was found still printed) or an export could not be written;
2 usage error.

Examples:
  ports 80
  ports 80/tcp
  ports http
  ports HTTP/udp
  ports 6000-6100 --proto tcp
  ports --assigned 1-1023
  ports status 4369/tcp
  ports status 50000 --proto udp
  ports --json epmd
  ports person Mark_Lottor
  ports export csv > service-names-port-numbers.csv
  ports export services -o services && sudo install -m 644 services /etc/services
  ports export json | jq '.records | length'
  ports version
`

func printUsage(w io.Writer) {
	fmt.Fprintf(w, usage, ports.RegistryUpdated)
}

// usageError is a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// options are the parsed command line.
type options struct {
	proto    ports.Protocol // NoProtocol: every protocol
	json     bool
	assigned bool
	output   string
	help     bool
	set      map[string]bool // long names of the flags given
	command  string          // status, person, export, version, help, or "" for look-ups
	args     []string        // positional arguments after the command word
}

// commands are the words that, as the first positional argument before
// "--", name a command instead of a query.
var commands = map[string]bool{"status": true, "person": true, "export": true, "version": true, "help": true}

// parseArgs reads flags wherever they stand among the positional
// arguments; "--" ends the flags.
func parseArgs(args []string) (options, error) {
	o := options{set: map[string]bool{}}
	var pos []string
	first := true // the next positional argument is the first
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			if first && commands[a] {
				o.command = a
			} else {
				pos = append(pos, a)
			}
			first = false
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		long, ok := map[string]string{
			"p": "proto", "proto": "proto",
			"j": "json", "json": "json",
			"a": "assigned", "assigned": "assigned",
			"o": "output", "output": "output",
			"h": "help", "help": "help",
		}[name]
		if !ok {
			return o, usagef("unknown flag %s", a)
		}
		if o.set[long] {
			return o, usagef("flag --%s given twice", long)
		}
		o.set[long] = true
		switch long {
		case "proto", "output":
			if !hasValue {
				if i+1 >= len(args) {
					return o, usagef("flag %s needs a value", a)
				}
				i++
				value = args[i]
			}
			if long == "output" {
				if value == "" {
					return o, usagef("flag %s needs a file name", a)
				}
				o.output = value
				break
			}
			p, err := ports.ParseProtocol(value)
			if err != nil {
				return o, usagef("flag %s: unknown protocol %q (want tcp, udp, sctp or dccp)", a, value)
			}
			o.proto = p
		default:
			if hasValue {
				return o, usagef("flag --%s takes no value", long)
			}
			switch long {
			case "json":
				o.json = true
			case "assigned":
				o.assigned = true
			case "help":
				o.help = true
			}
		}
	}
	o.args = pos
	return o, nil
}

// allowed fails when a flag given does not apply to the command.
func (o options) allowed(command string, flags ...string) error {
	for f := range o.set {
		if f != "help" && !contains(flags, f) {
			return usagef("flag --%s does not apply to %s", f, command)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// run is the command: it parses args, writes results to stdout and
// messages to stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args)
	if err == nil && (o.help || o.command == "help") {
		printUsage(stdout)
		return exitOK
	}
	var code int
	if err == nil {
		code, err = dispatch(o, stdout, stderr)
	}
	if err != nil {
		if _, ok := err.(usageError); ok {
			fmt.Fprintf(stderr, "ports: %v\nRun \"ports --help\" for usage.\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "ports: %v\n", err)
		return exitNotFound
	}
	return code
}

func dispatch(o options, stdout, stderr io.Writer) (int, error) {
	switch o.command {
	case "version":
		if err := o.allowed("version", "json"); err != nil {
			return 0, err
		}
		if len(o.args) > 0 {
			return 0, usagef("version takes no arguments")
		}
		return exitOK, version(o, stdout)
	case "export":
		if err := o.allowed("export", "output"); err != nil {
			return 0, err
		}
		return exitOK, exportCmd(o, stdout)
	case "status":
		if err := o.allowed("status", "proto", "json"); err != nil {
			return 0, err
		}
		return status(o, stdout)
	case "person":
		if err := o.allowed("person", "json"); err != nil {
			return 0, err
		}
		return person(o, stdout, stderr)
	}
	if err := o.allowed("look-ups", "proto", "json", "assigned"); err != nil {
		return 0, err
	}
	return lookup(o, stdout, stderr)
}
