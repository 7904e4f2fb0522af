package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/svcreg/ianaports/internal/fixture"
	"github.com/svcreg/ianaports/internal/registry"
)

func render(t *testing.T, r *Report, f Format) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"text": Text, "md": Markdown, "markdown": Markdown, "json": JSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MD", "html", "txt"} {
		if _, err := ParseFormat(in); err == nil {
			t.Errorf("ParseFormat(%q) accepted", in)
		}
	}
	for _, f := range []Format{Text, Markdown, JSON} {
		if back, err := ParseFormat(f.String()); err != nil || back != f {
			t.Errorf("ParseFormat(%v.String()) = %v, %v", f, back, err)
		}
	}
	if err := Compare(nil, nil).Write(&bytes.Buffer{}, Format(7)); err == nil {
		t.Error("Write accepted an unknown format")
	}
}

func TestChangedAndWarnings(t *testing.T) {
	a := reg("2026-01-01", rec("http", "tcp", "80", "WWW"))
	same := reg("2026-01-01", rec("http", "tcp", "80", "WWW"))
	if r := Compare(a, same); r.Changed() || r.Warnings() != nil {
		t.Errorf("identical: Changed %v, warnings %q", r.Changed(), r.Warnings())
	}
	form := reg("2026-01-01", rec("http", "tcp", "80", "WWW"))
	form.SHA256 = "other bytes"
	if r := Compare(a, form); !r.Changed() || r.Warnings() != nil {
		t.Errorf("form only: Changed %v (want true, as diff(1)), warnings %q", r.Changed(), r.Warnings())
	}
	newer := reg("2026-02-01", rec("http", "tcp", "80", "WWW"), rec("x", "udp", "9", "X"))
	if r := Compare(a, newer); !r.Changed() || r.Warnings() != nil {
		t.Errorf("update: Changed %v, warnings %q", r.Changed(), r.Warnings())
	}
	r := Compare(newer, a)
	want := "NEW (2026-01-01) is older than OLD (2026-02-01): were the arguments swapped?"
	if w := r.Warnings(); len(w) != 1 || w[0] != want {
		t.Errorf("swapped: warnings %q, want %q", w, want)
	}
	for f, line := range map[Format]string{Text: "warning: " + want + "\n", Markdown: "> **Warning:** " + mdEscape(want) + "\n"} {
		if out := render(t, r, f); !strings.Contains(out, line) {
			t.Errorf("%v report lacks the warning line %q", f, line)
		}
	}
	edited := reg("2026-01-01", rec("http", "tcp", "80", "WWW"), rec("x", "udp", "9", "X"))
	if w := Compare(a, edited).Warnings(); len(w) != 1 || !strings.Contains(w[0], "both dated 2026-01-01") {
		t.Errorf("same date, other content: warnings %q", w)
	}
}

// TestJSONEmpty: a tool can index every list of any report.
func TestJSONEmpty(t *testing.T) {
	a := reg("2026-01-01", rec("http", "tcp", "80", "WWW"))
	out := render(t, Compare(a, a), JSON)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "null") {
		t.Errorf("null in the JSON of an empty report:\n%s", out)
	}
	for _, k := range []string{"names_removed", "ports_lost", "primary_changed", "protocols_lost", "assignments_removed",
		"assignments_added", "names_added", "registry_fields", "port_changes", "renamed", "modified", "records_added",
		"records_removed", "people_added", "people_removed", "people_changed", "warnings"} {
		if l, ok := m[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %#v, want []", k, m[k])
		}
	}
	if m["changed"] != false || m["schema"] != float64(JSONSchema) {
		t.Errorf("changed %v, schema %v", m["changed"], m["schema"])
	}
}

// TestMarkdownIsInert: registry text never becomes markup, whatever it
// holds.
func TestMarkdownIsInert(t *testing.T) {
	hostile := []string{"a`b", "``x", "p|q", "<script>", "*bold*", "_it_", "[l](u)"}
	var olds []registry.Record
	for i, n := range hostile {
		olds = append(olds, rec(n, "tcp", strconv.Itoa(100+i), ""))
	}
	desc := rec("", "udp", "7", "<b>Reserved</b> | `x` *y*")
	r := Compare(reg("2026-01-01", olds...), reg("2026-02-01", desc))
	out := render(t, r, Markdown)
	for _, n := range hostile {
		if !strings.Contains(out, mdCode(n)) {
			t.Errorf("name %q is not set as the code span %s", n, mdCode(n))
		}
	}
	// Outside code spans and fences, no raw markup characters remain.
	inFence := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
			continue
		}
		if inFence || strings.HasPrefix(line, "<details>") || line == "</details>" {
			continue
		}
		// Drop the markup the writer means: code spans, **bold** labels,
		// table pipes, <sub>.
		rest := stripCodeSpans(line)
		rest = ownBold.ReplaceAllString(rest, "")
		rest = strings.NewReplacer("<sub>", "", "</sub>", "").Replace(rest)
		if strings.HasPrefix(line, "|") {
			rest = tablePipe.ReplaceAllString(rest, "$1")
		}
		if m := rawMarkup.FindString(rest); m != "" {
			t.Errorf("unescaped markup %q in line %q", m, line)
		}
	}
	if inFence {
		t.Error("a code fence is left open")
	}
	if !strings.Contains(out, "```text\n") || !strings.Contains(out, "<b>Reserved</b> | `x` *y*") {
		t.Error("the detail is not fenced text")
	}
}

var (
	ownBold   = regexp.MustCompile(`\*\*[^*\\]+\*\*`)
	tablePipe = regexp.MustCompile(`(^|[^\\])\|`)
	rawMarkup = regexp.MustCompile("(^|[^\\\\])[<`|*_\\[]")
)

// stripCodeSpans drops the code spans mdCode writes.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' || i > 0 && line[i-1] == '\\' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		end := strings.Index(line[i+n:], strings.Repeat("`", n))
		if end < 0 {
			b.WriteString(line[i:])
			break
		}
		i += n + end + n
	}
	return b.String()
}

// TestMarkdownReal: the real update's Markdown leads with the breaking
// changes, names every one of them, and folds the same detail the text
// shows.
func TestMarkdownReal(t *testing.T) {
	fixture.Long(t)
	vs := realVersions(t)
	r := Compare(vs["2025-03-28"].reg, vs["2026-04-24"].reg)
	md := render(t, r, Markdown)
	breaking := md[strings.Index(md, "### Breaking changes\n"):strings.Index(md, "### New\n")]
	if !strings.HasPrefix(md, "## IANA service name and port number registry: 2025-03-28 → 2026-04-24\n") ||
		strings.Index(md, "### New\n") > strings.Index(md, "### Detail\n") {
		t.Fatalf("headings out of order:\n%s", md[:min(len(md), 2000)])
	}
	for _, n := range append(append([]string{}, r.NamesRemoved...), "netconf-beep", "netconfsoapbeep", "netconfsoaphttp") {
		if !strings.Contains(breaking, "- `"+n+"`") {
			t.Errorf("breaking section lacks %s", n)
		}
	}
	if !strings.Contains(breaking, "- `831/tcp, 831/udp`: `netconf-beep` → (no named record)") {
		t.Error("breaking section lacks 831's primary change")
	}
	// The first screen (40 lines) shows the summary and the first breaking list.
	first := strings.Join(strings.SplitN(md, "\n", 41)[:40], "\n")
	for _, s := range []string{"- **breaking:** 5 names removed, 3 names lost a port", "**Names removed (5)**", "- `pmcdproxy`"} {
		if !strings.Contains(first, s) {
			t.Errorf("first screen lacks %q", s)
		}
	}
	// Each <details> block holds the same text as the text format's section.
	txt := text(t, r)
	blocks := regexp.MustCompile("(?s)<details><summary>(.*?) \\((\\d+)\\)</summary>\n\n```text\n(.*?)```\n\n</details>").FindAllStringSubmatch(md, -1)
	if len(blocks) != len(r.details()) {
		t.Fatalf("%d <details> blocks, want %d", len(blocks), len(r.details()))
	}
	for _, b := range blocks {
		if !strings.Contains(txt, "\n== "+b[1]+" ("+b[2]+") ==\n"+b[3]+"\n") {
			t.Errorf("<details> %s differs from the text section", b[1])
		}
	}
}

// TestReportDoc: REPORT.md names every key the JSON writer emits, and its
// text example is real output of 2025-03-28 → 2026-04-24.
func TestReportDoc(t *testing.T) {
	fixture.Long(t)
	doc, err := os.ReadFile("REPORT.md")
	if err != nil {
		t.Fatal(err)
	}
	vs := realVersions(t)
	r := Compare(vs["2025-03-28"].reg, vs["2026-04-24"].reg)
	var v any
	if err := json.Unmarshal([]byte(render(t, r, JSON)), &v); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				keys[k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	for k := range keys {
		if !bytes.Contains(doc, []byte("`"+k+"`")) && !bytes.Contains(doc, []byte(`"`+k+`"`)) {
			t.Errorf("REPORT.md does not document the JSON key %q", k)
		}
	}
	example := regexp.MustCompile("(?s)## text .*?```text\n(.*?)```").FindSubmatch(doc)
	if example == nil {
		t.Fatal("REPORT.md has no text example")
	}
	out := text(t, r)
	for _, line := range strings.Split(strings.TrimSuffix(string(example[1]), "\n"), "\n") {
		if line != "…" && !strings.Contains(out, line+"\n") {
			t.Errorf("REPORT.md's example line %q is not in the real report", line)
		}
	}
}

// TestCSVWitness: each outcome of -update's CSV check reads the same in
// every format: a differing CSV is the report's first line, an equal one
// is "verified against IANA's CSV", a missing one a warning.
func TestCSVWitness(t *testing.T) {
	r := Compare(reg("2026-01-01", rec("http", "tcp", "80", "WWW")), reg("2026-02-01", rec("http", "tcp", "80", "WWW"), rec("x", "udp", "9", "X")))
	long := strings.Repeat("d", 100)
	for _, tc := range []struct {
		check          CSVCheck
		text, md, json string // the first line of text and Markdown with it, or a line they hold
		first          bool
	}{
		{CSVCheck{}, "", "", `"status": "not checked"`, false},
		{CSVCheck{Status: CSVVerified}, "verified against IANA's CSV: ", "**Second witness:** verified against IANA's CSV: ", `"status": "verified"`, false},
		{CSVCheck{Status: CSVDiffers, Row: 4, IANA: "http,80,tcp," + long + "x", Ours: "http,80,tcp," + long + "y,z"},
			`IANA's CSV differs from the new XML rendered as CSV, first at row 4: IANA's CSV has …"` + strings.Repeat("d", 20) + `x", the XML gives …"` + strings.Repeat("d", 20) + `y,z"`,
			"> **IANA's CSV differs from the new XML rendered as CSV**, first at row 4: IANA's CSV has `…\"" + strings.Repeat("d", 20) + "x\"`, the XML gives `…\"" + strings.Repeat("d", 20) + "y,z\"`",
			`"row": 4`, true},
		{CSVCheck{Status: CSVUnavailable, Err: "GET https://example/x.csv: 404 Not Found"},
			"warning: not verified against IANA's CSV, which could not be fetched: GET https://example/x.csv: 404 Not Found",
			"> **Warning:** not verified against IANA's CSV, which could not be fetched: `GET https://example/x.csv: 404 Not Found`",
			`"error": "GET https://example/x.csv: 404 Not Found"`, false},
	} {
		r.CSV = tc.check
		txt, md, js := render(t, r, Text), render(t, r, Markdown), render(t, r, JSON)
		if tc.first {
			if first, _, _ := strings.Cut(txt, "\n"); first != tc.text {
				t.Errorf("%v: text starts %q, want %q", tc.check.Status, first, tc.text)
			}
			if first, _, _ := strings.Cut(md, "\n"); first != tc.md {
				t.Errorf("%v: Markdown starts %q, want %q", tc.check.Status, first, tc.md)
			}
		} else if !strings.HasPrefix(md, "## ") || !strings.Contains(txt, tc.text) || !strings.Contains(md, tc.md) {
			t.Errorf("%v: text or Markdown lacks %q / %q, or Markdown does not start with its heading:\n%s\n%s", tc.check.Status, tc.text, tc.md, txt, md)
		}
		if tc.check.Status != CSVVerified && (strings.Contains(txt, verifiedLine) || strings.Contains(md, verifiedLine)) {
			t.Errorf("%v: the report claims a verification", tc.check.Status)
		}
		if !strings.Contains(js, tc.json) {
			t.Errorf("%v: JSON lacks %s:\n%s", tc.check.Status, tc.json, js)
		}
	}
}

// TestBreakingCount: the JSON's breaking count is the sum of the counts
// the summary's breaking group shows.
func TestBreakingCount(t *testing.T) {
	r := Compare(hostilePair(t, func(i int) string { return fmt.Sprintf("name%d", i) }, func(i int) string { return "x" }))
	m := regexp.MustCompile(`breaking: ([^;]*);`).FindStringSubmatch(r.Summary())
	if m == nil {
		t.Fatalf("summary %q has no breaking group", r.Summary())
	}
	sum, parts := 0, 0
	for _, part := range strings.Split(m[1], ", ") {
		n, err := strconv.Atoi(strings.Fields(part)[0])
		if err != nil {
			t.Fatalf("summary part %q", part)
		}
		sum += n
		parts++
	}
	var j struct{ Breaking int }
	if err := json.Unmarshal([]byte(render(t, r, JSON)), &j); err != nil {
		t.Fatal(err)
	}
	if parts != 5 || j.Breaking != sum || r.Breaking() != sum {
		t.Errorf("summary %q: %d parts summing to %d; JSON breaking %d, Breaking() %d", r.Summary(), parts, sum, j.Breaking, r.Breaking())
	}
	if none := Compare(reg("2026-01-01"), reg("2026-02-01", rec("x", "udp", "9", "X"))); none.Breaking() != 0 {
		t.Errorf("an addition counts %d breaking", none.Breaking())
	}
}
