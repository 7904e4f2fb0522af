package emit

import "github.com/svcreg/ianaports/gen/internal/registry"

// plain and label are the text renderings the tables store: IANA's own
// (see registry.Text.Plain and registry.Xref.Label).
func plain(t registry.Text) string { return t.Plain() }
func label(x registry.Xref) string { return x.Label() }
