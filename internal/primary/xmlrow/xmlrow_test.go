package xmlrow

import (
	"fmt"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/primary"
)

// The rule on a real registry, rows built from the parsed XML: the ports
// the issue names get the names netbase's /etc/services gives them. A
// fixed version: the live one may change any of these rows.
func TestPickRegistry(t *testing.T) {
	if testing.Short() {
		t.Skip("parses the registry: not in -short mode")
	}
	reg := fixture.Registry(t, fixture.Registry20260424)
	rowsAt := func(port int, proto string) []primary.Row {
		var rows []primary.Row
		for i := range reg.Records {
			r := &reg.Records[i]
			if r.Name == "" || !r.HasNumber || r.Lo > port || port > r.Hi || (r.Protocol != proto && r.Protocol != "") {
				continue
			}
			rows = append(rows, FromRecord(r))
		}
		return rows
	}
	for _, c := range []struct {
		port          int
		proto         string
		want, against string // the primary, and a name the registry lists before it (or "")
	}{
		{113, "tcp", "auth", "ident"},
		{512, "udp", "biff", "comsat"},
		{514, "udp", "syslog", ""},
		{465, "tcp", "submissions", "urd"},
		{2049, "tcp", "nfs", "shilp"},
		{2049, "udp", "nfs", "shilp"},
		{80, "tcp", "http", ""},
		{6444, "tcp", "sge-qmaster", ""},
		{1701, "udp", "l2f", ""},
	} {
		rows := rowsAt(c.port, c.proto)
		i := primary.Pick(rows)
		if i < 0 || rows[i].Name != c.want {
			t.Errorf("%d/%s: Pick chose %v of %v, want %s", c.port, c.proto, i, names(rows), c.want)
			continue
		}
		if c.against != "" && (len(rows) < 2 || rows[0].Name != c.against) {
			t.Errorf("%d/%s: rows %v: the case no longer shows %s listed first", c.port, c.proto, names(rows), c.against)
		}
	}
}

func names(rows []primary.Row) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.Name)
	}
	return fmt.Sprint(s)
}
