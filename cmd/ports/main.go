// Command ports looks up IANA's Service Name and Transport Protocol Port
// Number Registry, compiled in by package ports, and exports it as IANA's
// CSV, as a services(5) file or as JSON.
//
//	ports 80                        every row covering port 80, any protocol
//	ports 80/tcp                    ... on TCP
//	ports http                      every record of a name, any case
//	ports HTTP/udp                  ... on UDP
//	ports 6000-6100 --proto tcp,udp every TCP and UDP row overlapping the range
//	ports status 4369/tcp           assigned, reserved, unassigned or dynamic
//	ports person Mark_Lottor        a person of the registry and their records
//	ports export csv                IANA's CSV, byte for byte
//	ports export services           a services(5) file that can replace /etc/services
//	ports export json               every field of every record, and the people
//	ports version                   the registry version compiled in
//
// Flags may come before or after the arguments; `ports --help` has the
// details. Exit status: 0 found, 1 not found, 2 usage error.
//
// Output is buffered and streamed: a range is walked port by port and
// printed as it goes, so memory stays flat whatever the range. Tables
// are aligned; on a terminal, the long columns are cut to its width
// ($COLUMNS, else the terminal's own), unless --wide is given; piped or
// redirected output is never cut. --script prints the same rows without
// a header, tab-separated. --json prints the schema of docs/json.md.
// Registry text that could act on a terminal or break a row is shown
// escaped, as Go escapes it in a string literal (\n, \t, \x1b, \u202e,
// and \\ for a backslash): a row is one line whatever the registry holds.
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
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/svcreg/ianaports/internal/clip"
	"github.com/svcreg/ianaports/ports"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, terminalWidth(os.Stdout)))
}

// Exit statuses.
const (
	exitOK       = 0
	exitNotFound = 1 // a query found nothing, or output could not be written
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
first line) and ASSIGNEE (the assignees, or the contacts when IANA lists no
assignee: a person's name, else the organisation's, else the id; "local"
for a local name compiled in with the generator's -overlay). On a
terminal, long columns are cut to its width ($COLUMNS, else the terminal's
own) and end in "…"; --wide, or output to a file or a pipe, prints them in
full. --script prints the rows without header, their fields separated by
one tab, like getent. In both, a character of the registry's text that
could act on a terminal or break a row (a line break, a tab, another
control character, a bidi control, a byte that is not UTF-8) is shown as
Go escapes it, \n, \t, \x1b, \u202e, \xff, and a backslash as \\, so a
row is always one line.

Status (the STATUS column, and "ports status"):
  assigned    a service name is assigned on the port
  reserved    the port is reserved (Reserved, De-registered, Removed or
              private-use rows): not free for use
  unassigned  free for assignment: an Unassigned row, or no row at all,
              below 49152
  dynamic     49152-65535 without an assignment or a reservation: the
              Dynamic and/or Private Ports of RFC 6335, never assigned
              (only "ports status" says so; the registry has no row to
              list)
"ports status" prints PORT/PROTO, STATUS and the assigned SERVICES for
each port (a range gives one line per port) on each protocol asked for
(all four by default). A port with several rows takes the first status of
assigned, reserved, dynamic, unassigned that applies.

"ports person" finds a person or organisation of the registry by id (exact,
else in any case when only one id matches) or by a piece of the id, name
or organisation, in any case, and lists the records they are assignee or
contact of; several matches are listed.

Exports (standard output, or -o FILE):
  csv       IANA's CSV, service-names-port-numbers.csv, byte for byte
            (local names of an -overlay build are not IANA's: left out)
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
            listed. In a build with local names (the generator's
            -overlay), the overlay's first name on a port is the primary
            one, and the names only it gives are marked [local: ...].
  json      one JSON document: {"schema", "registry", "records": [every
            field of every record], "people": [...]}, one record a line

JSON (--json, export json): every document is an object with "schema" (its
version, %d) and "registry" (title, updated, sha256, url, records,
tables_id, overlay_sha256), then "records" (look-ups), "ports" (status) or
"people" (person). A record has the same fields everywhere, null where the
registry has nothing, its assignees and contacts spelled out, "local" true
for a local name.

Flags (before or after the arguments; "--" ends them):
  -p, --proto P    only protocols P: tcp, udp, sctp, dccp or a list such
                   as tcp,udp (like QUERY/P)
  -a, --assigned   only rows that assign a service name
  -j, --json       print JSON instead of the table
  -s, --script     print the rows without header, tab-separated, in full
  -w, --wide       never cut columns to the terminal's width
  -o, --output F   export: write the file F instead of standard output
                   ("-": standard output); a regular file is replaced
                   only once complete
  -h, --help       print this help
      --version    print the registry version compiled in (as "version")

Exit status: 0 found; 1 not found (one message per miss on standard error,
whatever was found still printed) or output could not be written;
2 usage error.

Examples:
  ports 80
  ports 80/tcp
  ports http
  ports HTTP/udp
  ports 6000-6100 --proto tcp
  ports 1-1023 --proto tcp,udp --assigned
  ports --script 80/tcp
  ports status 4369/tcp
  ports status 50000 --proto udp
  ports --json ssh
  ports person Mark_Lottor
  ports export csv > service-names-port-numbers.csv
  ports export services -o services && sudo install -m 644 services /etc/services
  ports export json | jq '.records | length'
  ports version
`

func printUsage(w io.Writer) {
	fmt.Fprintf(w, usage, ports.RegistryUpdated, jsonSchema)
}

// usageError is a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// options are the parsed command line and what the command knows of its
// standard output.
type options struct {
	protos   protoSet // 0: every protocol
	json     bool
	assigned bool
	script   bool
	wide     bool
	output   string
	help     bool
	version  bool
	set      map[string]bool // long names of the flags given
	command  string          // status, person, export, version, help, or "" for look-ups
	args     []string        // positional arguments after the command word
	width    int             // the terminal's width, 0 when standard output is none
}

// commands are the words that, as the first positional argument before
// "--", name a command instead of a query.
var commands = map[string]bool{"status": true, "person": true, "export": true, "version": true, "help": true}

// flagNames maps each spelling of a flag to its long name.
var flagNames = map[string]string{
	"p": "proto", "proto": "proto",
	"j": "json", "json": "json",
	"a": "assigned", "assigned": "assigned",
	"s": "script", "script": "script",
	"w": "wide", "wide": "wide",
	"o": "output", "output": "output",
	"h": "help", "help": "help",
	"version": "version",
}

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
		long, ok := flagNames[name]
		if !ok {
			return o, usagef("unknown flag %s", clip.Bare(a))
		}
		if o.set[long] {
			return o, usagef("flag --%s given twice", long)
		}
		o.set[long] = true
		switch long {
		case "proto", "output":
			if !hasValue {
				if i+1 >= len(args) {
					return o, usagef("flag %s needs a value", clip.Bare(a))
				}
				i++
				value = args[i]
			}
			if long == "output" {
				if value == "" {
					return o, usagef("flag %s needs a file name (or - for standard output)", clip.Bare(a))
				}
				o.output = value
				break
			}
			s, err := parseProtoSet(value)
			if err != nil {
				return o, usagef("flag %s: %v", clip.Bare(a), err)
			}
			o.protos = s
		default:
			if hasValue {
				return o, usagef("flag --%s takes no value", long)
			}
			switch long {
			case "json":
				o.json = true
			case "assigned":
				o.assigned = true
			case "script":
				o.script = true
			case "wide":
				o.wide = true
			case "help":
				o.help = true
			case "version":
				o.version = true
			}
		}
	}
	o.args = pos
	if o.json && o.script {
		return o, usagef("--json and --script exclude each other")
	}
	if o.version {
		if o.command != "" || len(o.args) > 0 {
			return o, usagef("--version takes no command or arguments")
		}
		o.command = "version"
		delete(o.set, "version")
	}
	return o, nil
}

// allowed fails when a flag given does not apply to the command.
func (o options) allowed(command string, flags ...string) error {
	for f := range o.set {
		if f != "help" && !slices.Contains(flags, f) {
			return usagef("flag --%s does not apply to %s", f, command)
		}
	}
	return nil
}

// run is the command: it parses args, writes results to stdout and
// messages to stderr, and returns the exit status. width is the width of
// the terminal stdout is, or 0.
func run(args []string, stdout, stderr io.Writer, width int) int {
	o, err := parseArgs(args)
	o.width = width
	if err == nil && (o.help || o.command == "help") {
		printUsage(stdout)
		return exitOK
	}
	var code int
	if err == nil {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		code, err = dispatch(o, bw, stderr)
		if ferr := bw.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("writing the output: %w", ferr)
		}
	}
	if err != nil {
		if errors.As(err, new(usageError)) {
			clip.Fprintln(stderr, "ports: ", err.Error()+" (ports --help for usage)")
			return exitUsage
		}
		clip.Fprintln(stderr, "ports: ", clip.Error(err))
		return exitNotFound
	}
	return code
}

func dispatch(o options, stdout *bufio.Writer, stderr io.Writer) (int, error) {
	switch o.command {
	case "version":
		if err := o.allowed("version", "json", "script"); err != nil {
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
		if err := o.allowed("status", "proto", "json", "script", "wide"); err != nil {
			return 0, err
		}
		return status(o, stdout)
	case "person":
		if err := o.allowed("person", "json", "script", "wide"); err != nil {
			return 0, err
		}
		return person(o, stdout, stderr)
	}
	if err := o.allowed("look-ups", "proto", "json", "assigned", "script", "wide"); err != nil {
		return 0, err
	}
	return lookup(o, stdout, stderr)
}
