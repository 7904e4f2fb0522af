package emit

import (
	"testing"

	"github.com/svcreg/ianaports/internal/registry"
)

func text(s string) registry.Text { return registry.Text{{Kind: registry.SegText, Text: s}} }

// TestTrimKeepsStatus: -no-text must not turn Unassigned rows into
// Reserved ones, since a nameless row's status is read from its
// description.
func TestTrimKeepsStatus(t *testing.T) {
	reg := &registry.Registry{Records: []registry.Record{
		{Name: "http", Protocol: "tcp", HasNumber: true, Lo: 80, Hi: 80, Description: text("World Wide Web HTTP"), Note: text("n")},
		{Protocol: "tcp", HasNumber: true, Lo: 4, Hi: 4, Description: text("Unassigned")},
		{Protocol: "tcp", HasNumber: true, Lo: 2, Hi: 2, Description: text("Reserved")},
	}}
	full := make([]int, len(reg.Records))
	for i := range reg.Records {
		full[i] = statusOf(&reg.Records[i])
	}
	trimmed := Trim{NoText: true, NoPeople: true}.apply(reg)
	for i := range trimmed.Records {
		r := &trimmed.Records[i]
		if got := statusOf(r); got != full[i] {
			t.Errorf("record %d: status %d after -no-text, %d before", i, got, full[i])
		}
		if r.Name != "" && (!r.Description.IsEmpty() || !r.Note.IsEmpty()) {
			t.Errorf("record %d: -no-text kept the text of a named record", i)
		}
	}
	if full[1] != statusUnassigned || full[2] != statusReserved {
		t.Fatalf("statuses %v", full)
	}
}
