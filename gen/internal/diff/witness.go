package diff

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// CSVStatus is the outcome of comparing IANA's CSV with the new XML.
type CSVStatus int

// The outcomes of a CSVCheck.
const (
	CSVNotChecked  CSVStatus = iota // no CSV was asked for (-diff, go generate)
	CSVVerified                     // IANA's CSV equals the new XML rendered as CSV
	CSVDiffers                      // they differ; Row, IANA and Ours say where
	CSVUnavailable                  // IANA's CSV could not be fetched; Err says why
)

// String is the status as the JSON report writes it.
func (s CSVStatus) String() string {
	switch s {
	case CSVNotChecked:
		return "not checked"
	case CSVVerified:
		return "verified"
	case CSVDiffers:
		return "differs"
	case CSVUnavailable:
		return "unavailable"
	}
	return "CSVStatus(" + strconv.Itoa(int(s)) + ")"
}

// CSVCheck is -update's second witness. IANA renders the registry it
// publishes as CSV too; the new XML, rendered as CSV by internal/ianacsv,
// must give the same bytes. No peer checks an update; this one comes
// from the same source by another path.
type CSVCheck struct {
	Status     CSVStatus
	Row        int    // CSVDiffers: the first row that differs, 1 the header
	IANA, Ours string // CSVDiffers: that row in IANA's CSV and in ours ("" past the end)
	Err        string // CSVUnavailable: why
}

// What every format says of the check: the first words of the report's
// first line when the CSV differs, a line when it agrees, a warning when
// it could not be fetched.
const (
	csvDiffers     = "IANA's CSV differs from the new XML rendered as CSV"
	verifiedLine   = "verified against IANA's CSV: the new XML, rendered as CSV, equals IANA's service-names-port-numbers.csv byte for byte"
	csvUnavailable = "not verified against IANA's CSV, which could not be fetched"
)

// String is the check's outcome in one line of plain text, as the text
// report and -update's output say it.
func (c CSVCheck) String() string {
	switch c.Status {
	case CSVVerified:
		return verifiedLine
	case CSVDiffers:
		return csvDiffers + ", " + c.differsLine(func(s string) string { return s })
	case CSVUnavailable:
		return csvUnavailable + ": " + c.Err
	}
	return "not checked against IANA's CSV"
}

// differsLine names the first differing row, both texts quoted and
// clipped to a window around the first differing byte, as plain text;
// quote sets each text (as code, in Markdown).
func (c CSVCheck) differsLine(quote func(string) string) string {
	k := 0
	for k < len(c.IANA) && k < len(c.Ours) && c.IANA[k] == c.Ours[k] {
		k++
	}
	return fmt.Sprintf("first at row %d: IANA's CSV has %s, the XML gives %s", c.Row, quote(window(c.IANA, k)), quote(window(c.Ours, k)))
}

// window quotes up to 60 bytes of s from 20 before byte k, marking what
// it leaves out with "…".
func window(s string, k int) string {
	start := max(0, min(k, len(s))-20)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := min(len(s), start+60)
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	q := strconv.Quote(s[start:end])
	if start > 0 {
		q = "…" + q
	}
	if end < len(s) {
		q += "…"
	}
	return q
}
