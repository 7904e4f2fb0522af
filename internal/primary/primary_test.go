package primary

import "testing"

// The cases of the issue, written as the registry writes those rows.
func TestPickCases(t *testing.T) {
	for _, c := range []struct {
		what string
		rows []Row
		want string
	}{
		{"113/tcp: ident, an alias row with a blank description, beside auth", []Row{
			{Name: "ident"},
			{Name: "auth", Description: "Authentication Service"},
		}, "auth"},
		{"512/udp: comsat, blank, beside biff", []Row{
			{Name: "comsat", Description: "  \n "},
			{Name: "biff", Description: "used by mail system to notify users of new mail received"},
		}, "biff"},
		{"514/udp: syslog alone with a blank description stays primary", []Row{
			{Name: "syslog", HasRFC: true},
		}, "syslog"},
		{"80/tcp: www and www-http are duplicates of http, listed after it", []Row{
			{Name: "http", Description: "World Wide Web HTTP", HasRFC: true},
			{Name: "www", Description: "World Wide Web HTTP", Note: `This is a duplicate of the "http" service and should not be used for discovery purposes.`, HasRFC: true},
			{Name: "www-http", Description: "World Wide Web HTTP", Note: `This is a duplicate of the "http" service and should not be used for discovery purposes.`},
		}, "http"},
		{"a duplicate listed first still loses", []Row{
			{Name: "www", Description: "World Wide Web HTTP", Note: `This is a duplicate of the "http" service`, HasRFC: true},
			{Name: "http", Description: "World Wide Web HTTP"},
		}, "http"},
		{"2049/tcp: shilp's note says Conflict", []Row{
			{Name: "shilp", Note: "<== NOTE Conflict on 2049 !"},
			{Name: "nfs", Description: "Network File System - Sun Microsystems", Note: "Defined TXT keys: path=<path to mount point>"},
		}, "nfs"},
		{"a conflict note demotes even a described row", []Row{
			{Name: "terabase", Description: "Terabase", Note: "Potential Conflict of ports"},
			{Name: "other", Description: "Other"},
		}, "other"},
		{"465/tcp: submissions cites RFC 8314, urd cites none", []Row{
			{Name: "urd", Description: "URL Rendezvous Directory for SSM"},
			{Name: "submissions", Description: "Message Submission over TLS protocol", HasRFC: true},
		}, "submissions"},
		{"legacy underscore spelling noted as an alias", []Row{
			{Name: "sge_qmaster", Description: "Grid Engine Qmaster Service", Note: "This entry is an alias to \"sge-qmaster\".\nThis entry is now historic, not usable for use with many\ncommon service discovery mechanisms."},
			{Name: "sge-qmaster", Description: "Grid Engine Qmaster Service\nIANA assigned this well-formed service name as a replacement for \"sge_qmaster\"."},
		}, "sge-qmaster"},
		{"an unassigned but widespread use loses to the assignment", []Row{
			{Name: "cddbp", Description: "CD Database Protocol", Note: "This entry records an unassigned but widespread use"},
			{Name: "accessbuilder", Description: "AccessBuilder"},
		}, "accessbuilder"},
		{"lower-case conflict in prose is no conflict remark", []Row{
			{Name: "a", Description: "A", Note: "There is no possibility of name conflict because GUIDs are globally unique."},
			{Name: "b", Description: "B"},
		}, "a"},
		{"a single port wins over a range covering it", []Row{
			{Name: "wide", Description: "a range", IsRange: true},
			{Name: "narrow", Description: "one port"},
		}, "narrow"},
		{"an RFC outranks being a single port", []Row{
			{Name: "narrow", Description: "one port"},
			{Name: "wide", Description: "a range", IsRange: true, HasRFC: true},
		}, "wide"},
		{"otherwise registry order: l2f before l2tp on 1701", []Row{
			{Name: "l2f", Description: "l2f"},
			{Name: "l2tp", Description: "l2tp"},
		}, "l2f"},
		{"all secondary: registry order among them (garcon, puprouter on 999/tcp)", []Row{
			{Name: "garcon"},
			{Name: "puprouter"},
		}, "garcon"},
		{"all secondary: the RFC still counts", []Row{
			{Name: "x"},
			{Name: "y", HasRFC: true},
		}, "y"},
	} {
		i := Pick(c.rows)
		if i < 0 || c.rows[i].Name != c.want {
			t.Errorf("%s: Pick = %d, want %s", c.what, i, c.want)
		}
	}
	if i := Pick(nil); i != -1 {
		t.Errorf("Pick(nil) = %d, want -1", i)
	}
}

// Compare is an order: antisymmetric, and transitive over every triple of
// a set that exercises each signal.
func TestCompareIsAnOrder(t *testing.T) {
	var rows []Row
	for _, desc := range []string{"", "d"} {
		for _, note := range []string{"", "Conflict", "x"} {
			for _, rfc := range []bool{false, true} {
				for _, rng := range []bool{false, true} {
					rows = append(rows, Row{Description: desc, Note: note, HasRFC: rfc, IsRange: rng})
				}
			}
		}
	}
	for _, a := range rows {
		for _, b := range rows {
			if Compare(a, b) != -Compare(b, a) {
				t.Fatalf("Compare(%+v, %+v) = %d, reversed %d", a, b, Compare(a, b), Compare(b, a))
			}
			for _, c := range rows {
				if Compare(a, b) <= 0 && Compare(b, c) <= 0 && Compare(a, c) > 0 {
					t.Fatalf("not transitive: %+v <= %+v <= %+v, but Compare(a, c) > 0", a, b, c)
				}
			}
		}
	}
}
