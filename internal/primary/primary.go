// Package primary is the one rule that picks the primary service name of
// a port and transport protocol when IANA's registry assigns several
// names there (113/tcp: ident and auth; 2049/tcp: shilp and nfs).
//
// A services(5) file can give a port only one name, the first line's, and
// that is what getservbyport, netstat, ss and tcpdump print. Registry
// order is a poor choice for it: the registry lists "ident" before
// "auth", "urd" before "submissions" and "shilp" before "nfs". IANA's own
// rows carry better signals, and the rule reads only those:
//
//  1. A row is secondary when IANA marks it as standing for another row
//     or as disputed: its note says it is a duplicate of another service
//     ("This is a duplicate of the \"http\" service"), an alias to another
//     name ("This entry is an alias to \"sge-qmaster\""), that the port is
//     in conflict ("<== NOTE Conflict on 2049 !"), or that it records an
//     unassigned but widespread use; or its description is blank, the way
//     the registry writes an alias row of an older assignment ("ident"
//     beside "auth", "comsat" beside "biff"). Secondary rows lose to any
//     other row; a secondary row alone on its port (syslog on 514/udp,
//     whose description is blank) is still the primary.
//  2. Among the rest, a row citing an RFC wins over one that cites none
//     ("submissions" [RFC8314] over "urd" on 465/tcp).
//  3. Then a single port wins over a range covering it.
//  4. Then registry order: the earliest row wins.
//
// The rule works on Row, a source-neutral summary of a record, so that the
// services(5) export (over package ports) and the change report (over the
// parsed XML, through package xmlrow) apply the very same rule. This
// package imports no parser, so the ports command does not link one.
package primary

import (
	"regexp"
	"strings"
)

// Row is what the rule knows of one registry record that assigns a name
// on the port and protocol in question.
type Row struct {
	Name        string
	Description string // as rendered for IANA's CSV; blank marks an alias row
	Note        string // the assignment note, as rendered for IANA's CSV
	HasRFC      bool   // the record cites at least one RFC
	IsRange     bool   // the record covers more than one port
}

// secondaryNote matches the notes by which IANA says a row stands for
// another row or that its port is disputed. "Conflict" is matched
// capitalised, as IANA writes its conflict remarks; lower-case
// "conflict" appears in prose about naming (the GUID note).
var secondaryNote = regexp.MustCompile(`This is a duplicate of|This entry is an alias to|\bConflict\b|This entry records an unassigned but widespread use`)

// Secondary reports whether r is a secondary row (rule 1 of the package
// doc): marked by its note as a duplicate, an alias, a conflict or an
// unassigned use, or with a blank description.
func Secondary(r Row) bool {
	return strings.TrimSpace(r.Description) == "" || secondaryNote.MatchString(r.Note)
}

// Compare orders two rows of the same port and protocol by the rule:
// negative when a makes the better primary name, positive when b does,
// and 0 when only registry order (rule 4) can tell them apart.
func Compare(a, b Row) int {
	if sa, sb := Secondary(a), Secondary(b); sa != sb {
		return boolCmp(sa, sb)
	}
	if a.HasRFC != b.HasRFC {
		return boolCmp(b.HasRFC, a.HasRFC)
	}
	return boolCmp(a.IsRange, b.IsRange)
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// Pick returns the index in rows of the primary name. rows are the rows
// that assign a name on one port and protocol, in registry order. Pick
// returns -1 for no rows.
func Pick(rows []Row) int {
	best := -1
	for i, r := range rows {
		if best < 0 || Compare(r, rows[best]) < 0 {
			best = i
		}
	}
	return best
}
